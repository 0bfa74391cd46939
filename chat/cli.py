"""The `debtlens` command: ingest, ask, serve, eval, corpus check, models build, bench."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def say(text: str, err: bool = False, one_line: bool = False) -> None:
    """Print text that may come from documents or file names: escape sequences and controls removed."""
    from ui.safe_text import for_terminal

    print(for_terminal(text, one_line), file=sys.stderr if err else sys.stdout)


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
    from index.store import IndexMismatchError, IndexMissingError, IndexUnavailableError
    from ingest.pipeline import prepare
    from settings import get_settings

    settings = get_settings()
    prepared = prepare([Path(p) for p in args.paths], settings.max_page_bytes,
                       settings.chunk_tokens, settings.max_chunks_per_source)
    for warning in prepared.warnings:
        say(f"warning: {warning}", err=True, one_line=True)
    for error in prepared.errors:
        say(f"error: {error}", err=True, one_line=True)
    if prepared.docs:
        bar, update = _progress_bar("indexing")
        try:
            report = apply_sources(prepared.docs, settings, rebuild=args.rebuild, progress=update,
                                   replace=args.replace)
        except (IndexMismatchError, IndexMissingError, IndexUnavailableError) as exc:
            bar.close()
            say(f"error: {exc}", err=True, one_line=True)
            return 2
        bar.close()
        for error in report.errors:
            say(f"error: {error}", err=True, one_line=True)
        prepared.errors.extend(report.errors)
        say(f"{len(report.added)} sources indexed, {len(report.unchanged)} unchanged; "
              f"{report.chunks_written} chunks written, {report.chunks_total} in the index; "
              f"{report.embed_computed} embeddings computed, {report.embed_cache_hits} from cache; "
              f"{report.seconds:.1f}s")
    return 1 if prepared.errors else 0


def cmd_forget(args) -> int:
    """Remove sources by id or path, then purge their text from every store (see README: what it guarantees)."""
    from index.build import apply_sources
    from index.journal import Journal
    from settings import get_settings

    settings = get_settings()
    journal = Journal(settings.data_dir / "journal.sqlite")
    known = {s["source_id"] for s in journal.sources()}
    ids, unknown = [], []
    for item in args.sources:
        source_id = item if item in known else journal.source_of_path(item)
        (ids if source_id else unknown).append(source_id or item)
    journal.close()
    for item in unknown:
        say(f"error: {item}: no indexed source has this id or path; list them on the Sources page", err=True,
            one_line=True)
    if ids:
        report = apply_sources([], settings, forget=tuple(ids))
        say(f"forgot {', '.join(ids)}; {report.chunks_total} chunks remain; previous builds dropped, stores vacuumed",
            one_line=True)
    return 1 if unknown else 0


def cmd_doctor(args) -> int:
    """Report journal = Chroma = BM25; unless --check, repair by writing a fresh build from the journal."""
    from index.build import apply_sources
    from index.consistency import check
    from index.journal import Journal
    from settings import get_settings

    settings = get_settings()
    journal = Journal(settings.data_dir / "journal.sqlite")
    health = check(settings, journal.chunk_ids())
    journal.close()
    say(("ok: " if health.ok else "inconsistent: ") + health.summary(), one_line=True)
    if health.ok or args.check:
        return 0 if health.ok else 1
    apply_sources([], settings)
    journal = Journal(settings.data_dir / "journal.sqlite")
    after = check(settings, journal.chunk_ids())
    journal.close()
    say(("repaired: " if after.ok else "still inconsistent: ") + after.summary(), one_line=True)
    return 0 if after.ok else 1


def render_answer(answer) -> str:
    """Plain text for the terminal; titles, ids, URLs and quotes come from documents, so each is one clean line."""
    from ui.safe_text import for_terminal

    lines = [for_terminal(answer.text)]
    for c in answer.citations:
        title, source, url, quote = (for_terminal(v, one_line=True) for v in (c.title, c.source_id, c.url, c.quote))
        lines.append(f"  [{c.n}] {title} ({source}) {url}\n      \u201c{quote}\u201d")
    return "\n".join(lines)


def cmd_ask(args) -> int:
    from chat.answer import answer_question
    from chat.question import QuestionError, check_question
    from index.retrieve import open_index
    from index.store import IndexMismatchError, IndexMissingError, IndexUnavailableError
    from settings import get_settings

    settings = get_settings()
    try:  # before loading anything: a bad question costs nothing
        for text in [args.question, *(args.history or [])]:
            check_question(text, settings.max_question_chars)
        handle = open_index(settings)
        filters = {k: v for k, v in {"jurisdiction": args.jurisdiction, "channel": args.channel}.items() if v}
        answer = answer_question(handle, args.question, history=args.history, filters=filters or None)
    except (QuestionError, IndexMissingError, IndexMismatchError, IndexUnavailableError) as exc:
        say(f"error: {exc}", err=True, one_line=True)
        return 2
    say(render_answer(answer))
    return 0


def app_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("app")
    if spec is None or spec.origin is None:
        raise SystemExit("app.py not found; install the project with: pip install -e .")
    return Path(spec.origin)


def cmd_serve(args) -> int:
    command = [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.address", args.host,
               "--server.port", str(args.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return subprocess.call(command)


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
    p.add_argument("--replace", action="store_true", help="let a file take over an id another path owns")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("forget", help="remove sources (by id or path) and purge their text from every store")
    p.add_argument("sources", nargs="+")
    p.set_defaults(func=cmd_forget)
    p = sub.add_parser("doctor", help="check journal = Chroma = BM25 and repair any difference")
    p.add_argument("--check", action="store_true", help="report only; exit 1 when inconsistent")
    p.set_defaults(func=cmd_doctor)
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
