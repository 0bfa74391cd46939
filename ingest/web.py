"""One call for the CLI: fetch what the flags name (URLs, manifest, sitemap, crawl) and prepare documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.crawl import CrawlReport, Progress, crawl, fetch_manifest, fetch_sitemap, fetch_urls
from ingest.fetch import FetchConfig
from ingest.fetch_state import FETCHED, UNCHANGED, FetchState
from ingest.pipeline import Prepared, prepare_fetched


@dataclass
class WebRequest:
    urls: list[str] = field(default_factory=list)
    sources: Path | None = None
    sitemap: str | None = None
    crawl: str | None = None
    depth: int = 2
    max_pages: int = 100
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    from_snapshots: bool = False  # re-extract every stored snapshot; no network

    @property
    def wanted(self) -> bool:
        return bool(self.urls or self.sources or self.sitemap or self.crawl or self.from_snapshots)


def fetch_and_prepare(request: WebRequest, settings, progress: Progress | None = None) -> tuple[list[CrawlReport], Prepared]:
    """Run every fetch mode the request names; fetched and unchanged pages become SourceDocs."""
    config = FetchConfig.from_settings(settings)
    state = FetchState(settings.data_dir)
    reports: list[CrawlReport] = []
    try:
        if request.urls:
            reports.append(fetch_urls(request.urls, config, state, progress))
        if request.sources:
            reports.append(fetch_manifest(request.sources, config, state, progress))
        if request.sitemap:
            reports.append(fetch_sitemap(request.sitemap, config, state, request.max_pages, request.include,
                                         request.exclude, progress))
        if request.crawl:
            reports.append(crawl(request.crawl, config, state, request.depth, request.max_pages, request.include,
                                 request.exclude, progress))
        pages = [p for r in reports for p in r.pages if p.outcome in (FETCHED, UNCHANGED)]
        if request.from_snapshots:
            fetched = {p.url for p in pages}
            pages += [p for p in state.ingestable() if p.url not in fetched]
        unique = list({p.url: p for p in pages}.values())
        return reports, prepare_fetched(unique, state, settings.extractor, settings.chunk_tokens,
                                        settings.max_chunks_per_source)
    finally:
        state.close()
