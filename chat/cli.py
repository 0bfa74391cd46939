"""The `debtlens` command: ingest, ask, serve, eval, corpus check, models build, bench."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _progress_bar(desc: str):
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit="doc", file=sys.stderr, disable=None)  # quiet when not a terminal

    def update(stage: str, done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(f"{desc} ({stage})")
        bar.refresh()

    return bar, update


def cmd_ingest(args) -> int:
    from index.build import apply_sources
    from index.store import IndexMismatchError
    from ingest.pipeline import prepare
    from settings import get_settings

    settings = get_settings()
    prepared = prepare([Path(p) for p in args.paths], settings.max_page_bytes)
    for warning in prepared.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in prepared.errors:
        print(f"error: {error}", file=sys.stderr)
    if prepared.docs:
        bar, update = _progress_bar("indexing")
        try:
            report = apply_sources(prepared.docs, settings, rebuild=args.rebuild, progress=update)
        except IndexMismatchError as exc:
            bar.close()
            print(f"error: {exc}", file=sys.stderr)
            return 2
        bar.close()
        print(f"{len(report.added)} sources indexed, {len(report.unchanged)} unchanged; "
              f"{report.chunks_written} chunks written, {report.chunks_total} in the index; "
              f"{report.embed_computed} embeddings computed, {report.embed_cache_hits} from cache; "
              f"{report.seconds:.1f}s")
    return 1 if prepared.errors else 0


def render_answer(answer) -> str:
    lines = [answer.text]
    for c in answer.citations:
        lines.append(f"  [{c.n}] {c.title} ({c.source_id}) {c.url}\n      \u201c{c.quote}\u201d")
    return "\n".join(lines)


def cmd_ask(args) -> int:
    from chat.answer import answer_question
    from index.retrieve import open_index
    from index.store import IndexMismatchError, IndexMissingError
    from settings import get_settings

    try:
        handle = open_index(get_settings())
    except (IndexMissingError, IndexMismatchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    filters = {k: v for k, v in {"jurisdiction": args.jurisdiction, "channel": args.channel}.items() if v}
    answer = answer_question(handle, args.question, history=args.history, filters=filters or None)
    print(render_answer(answer))
    return 0


def app_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("app")
    if spec is None or spec.origin is None:
        raise SystemExit("app.py not found; install the project with: pip install -e .")
    return Path(spec.origin)


def cmd_serve(args) -> int:
    from ui.process import port_problem, run_until_stopped

    problem = port_problem(args.host, args.port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.address", args.host,
               "--server.port", str(args.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    print(f"DebtLens: http://{args.host}:{args.port}  (Ctrl+C stops it)", file=sys.stderr)
    return run_until_stopped(command)


def cmd_eval(args) -> int:
    from evals.runner import main as eval_main

    return eval_main(args.rest)


def cmd_corpus(args) -> int:
    from ingest.corpus import main as check_main

    return check_main(args.rest)


def cmd_models(args) -> int:
    from index.e5_rebuild import main as build_main
    from settings import get_settings

    out = args.out or str(get_settings().data_dir / "models" / "e5-small-st")
    return build_main([out])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="debtlens", description="DebtLens: cited answers about debt collection.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="ingest files or folders into the index (idempotent)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--rebuild", action="store_true", help="build a fresh collection, then switch to it atomically")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--history", action="append", help="an earlier user turn (repeatable)")
    p.add_argument("--jurisdiction")
    p.add_argument("--channel")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("serve", help="start the Streamlit app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=cmd_serve)
    for name, func, help_text in (("eval", cmd_eval, "run answer-quality evals (see: debtlens eval --help)"),
                                  ("corpus", cmd_corpus, "corpus tools: debtlens corpus check|sources|compare")):
        p = sub.add_parser(name, help=help_text, add_help=False)
        p.add_argument("rest", nargs=argparse.REMAINDER)
        p.set_defaults(func=func)
    p = sub.add_parser("models", help="models build: rebuild multilingual-e5-small for sentence-transformers")
    p.add_argument("action", choices=["build"])
    p.add_argument("--out")
    p.set_defaults(func=cmd_models)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # eval/corpus own their flags; argparse.REMAINDER would not pass on a leading '--gold'.
    if argv[:1] in (["eval"], ["corpus"]):
        return {"eval": cmd_eval, "corpus": cmd_corpus}[argv[0]](argparse.Namespace(rest=argv[1:]))
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
