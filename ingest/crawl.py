"""Fetch modes: single URLs, the sources manifest, a sitemap, and a same-site crawl with depth and page limits.

Each URL ends with one PageOutcome (fetched, unchanged, robots or failed, with a reason), stored in the
fetch state; fetched and unchanged pages point at a raw snapshot that ingest turns into a document.
Conditional requests make an unchanged page cost one 304.
"""

from __future__ import annotations

import asyncio
import re
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from ingest.fetch import FetchConfig, FetchFailure, HttpFetcher, gunzip_capped
from ingest.fetch_state import FAILED, FETCHED, ROBOTS, UNCHANGED, FetchState, PageOutcome
from ingest.robots import RobotsCache

SITEMAP_TYPES = ("application/xml", "text/xml", "application/x-xml", "text/plain", "application/gzip",
                 "application/x-gzip", "application/octet-stream")
_SKIP_EXTENSIONS = re.compile(r"\.(pdf|jpe?g|png|gif|webp|svg|ico|css|js|zip|rar|7z|gz|tgz|mp[34]|avi|mov|"
                              r"docx?|xlsx?|pptx?|exe|apk|dmg|woff2?|ttf)$", re.I)
MANIFEST_META = ("id", "title", "lang", "jurisdiction", "doc_type", "channels", "published")
Progress = Callable[[PageOutcome, Counter], None]


@dataclass
class CrawlReport:
    pages: list[PageOutcome] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    over_limit: int = 0  # URLs found (sitemap or links) but not fetched because of the page limit
    notes: list[str] = field(default_factory=list)  # mode-level problems, e.g. an unreadable sitemap
    seconds: float = 0.0


def normalise_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment, lower-case scheme and host, no default port; else None."""
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port and port != {"http": 80, "https": 443}[parts.scheme]:
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path or "/", parts.query, ""))


def same_site(url: str, start: str) -> bool:
    def site(u: str) -> str:
        host = urlsplit(u).netloc.lower()
        return host[4:] if host.startswith("www.") else host
    return site(url) == site(start)


def url_filter(include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Callable[[str], bool]:
    """Regexes searched in the full URL: any include must match (when given), no exclude may."""
    inc = [re.compile(p) for p in include]
    exc = [re.compile(p) for p in exclude]
    return lambda u: (not inc or any(p.search(u) for p in inc)) and not any(p.search(u) for p in exc)


def links_of(body: bytes, base: str, charset: str | None) -> list[str]:
    """Absolute, normalised http(s) links of a page, in document order, without duplicates."""
    from bs4 import BeautifulSoup

    from ingest.charset import CharsetError, decode_document

    try:
        html = decode_document(body, charset).text
    except CharsetError:
        return []
    soup = BeautifulSoup(html, "html.parser")
    base_tag = soup.find("base", href=True)
    base = normalise_url(str(base_tag.get("href")), base) or base if base_tag else base
    found = (normalise_url(str(a.get("href")), base) for a in soup.find_all("a", href=True))
    return list(dict.fromkeys(u for u in found if u and not _SKIP_EXTENSIONS.search(urlsplit(u).path)))


def sitemap_locs(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index; a text sitemap lists one URL a line."""
    import defusedxml.ElementTree as SafeET  # no entity expansion, no external DTDs

    if body[:2] == b"\x1f\x8b":
        raise ValueError("gzip-compressed sitemap arrived undecoded")
    text = body.lstrip()
    if not text.startswith(b"<"):
        return [u for line in body.decode("utf-8", "replace").splitlines() if (u := normalise_url(line))], []
    root = SafeET.fromstring(body)
    locs = [el.text.strip() for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "loc" and el.text]
    if root.tag.rsplit("}", 1)[-1] == "sitemapindex":
        return [], [u for u in map(normalise_url, locs) if u]
    return [u for u in map(normalise_url, locs) if u], []


class WebFetcher:
    """Runs fetches with robots, politeness and the fetch state; one instance per run."""

    def __init__(self, config: FetchConfig, state: FetchState, progress: Progress | None = None):
        self.config, self.state, self.progress = config, state, progress
        self.counts: Counter = Counter()

    async def __aenter__(self) -> WebFetcher:
        self.http = HttpFetcher(self.config)
        self.robots = RobotsCache(self.http)
        self.workers = asyncio.Semaphore(self.config.workers)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.http.aclose()

    async def page(self, url: str, meta: dict | None = None) -> PageOutcome:
        """Fetch one page (conditionally, when a snapshot exists) and record its outcome."""
        async with self.workers:
            started = time.perf_counter()
            outcome = await self._page(url, meta or {})
            outcome.seconds = time.perf_counter() - started
        self.state.record(outcome)
        self.counts[outcome.outcome] += 1
        if self.progress:
            self.progress(outcome, self.counts)
        return outcome

    async def _page(self, url: str, meta: dict) -> PageOutcome:
        previous = self.state.previous(url)
        headers = {}
        if previous and previous["etag"]:
            headers["If-None-Match"] = previous["etag"]
        if previous and previous["last_modified"]:
            headers["If-Modified-Since"] = previous["last_modified"]
        try:
            await self.robots.check(url)
            response = await self.http.get(url, headers=headers, robots=self.robots.check)
        except FetchFailure as exc:
            return PageOutcome(url=url, outcome=ROBOTS if exc.reason == "robots" else FAILED, reason=exc.reason,
                               message=str(exc), http_status=exc.status, attempts=exc.attempts, meta=meta)
        common = dict(url=url, http_status=response.status, final_url=response.final_url,
                      attempts=response.attempts, meta=meta, etag=response.headers.get("etag"),
                      last_modified=response.headers.get("last-modified"))
        if response.status == 304 and previous:
            return PageOutcome(outcome=UNCHANGED, reason="not-modified", content_type=previous["content_type"],
                               charset=previous["charset"], snapshot=previous["snapshot"], sha256=previous["sha256"],
                               **{**common, "etag": common["etag"] or previous["etag"],
                                  "last_modified": common["last_modified"] or previous["last_modified"]})
        if not response.body.strip():
            return PageOutcome(outcome=FAILED, reason="empty", message="empty response body", **common)
        snapshot, digest = self.state.write_snapshot(response.body)
        same = previous is not None and previous["sha256"] == digest
        return PageOutcome(outcome=UNCHANGED if same else FETCHED, reason="same-content" if same else "",
                           content_type=response.mime, charset=response.charset, snapshot=snapshot, sha256=digest,
                           **common)

    async def many(self, urls: list[tuple[str, dict]]) -> list[PageOutcome]:
        return list(await asyncio.gather(*(self.page(u, m) for u, m in urls)))

    async def document(self, url: str, accept: tuple[str, ...]) -> bytes:
        """A non-page resource (a sitemap): robots-checked, capped, not stored."""
        await self.robots.check(url)
        response = await self.http.get(url, accept=accept, robots=self.robots.check)
        if response.body[:2] == b"\x1f\x8b":  # a .xml.gz file served as-is: inflate it under the same cap
            return gunzip_capped(response.body, self.config.max_bytes)
        return response.body


def _run(config: FetchConfig, state: FetchState, progress: Progress | None, job) -> CrawlReport:
    started = time.perf_counter()

    async def main() -> CrawlReport:
        async with WebFetcher(config, state, progress) as fetcher:
            report = CrawlReport()
            await job(fetcher, report)
            report.counts = fetcher.counts
            return report

    report = asyncio.run(main())
    report.seconds = time.perf_counter() - started
    return report


def fetch_urls(urls: list[str], config: FetchConfig, state: FetchState, progress: Progress | None = None,
               meta: dict[str, dict] | None = None) -> CrawlReport:
    """Fetch the given URLs (invalid ones get a 'failed' outcome without any request)."""
    async def job(fetcher: WebFetcher, report: CrawlReport) -> None:
        todo = []
        for raw in dict.fromkeys(urls):
            url = normalise_url(raw)
            if url is None:
                bad = PageOutcome(url=raw, outcome=FAILED, reason="bad-url", message=f"{raw!r} is not an http(s) URL")
                fetcher.state.record(bad)
                fetcher.counts[FAILED] += 1
                report.pages.append(bad)
            else:
                todo.append((url, (meta or {}).get(raw, {})))
        report.pages += await fetcher.many(todo)
    return _run(config, state, progress, job)


def read_manifest(path: Path) -> dict[str, dict]:
    """corpus/sources.toml -> {url: metadata}; every [[source]] needs a url."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the sources manifest ({exc})") from exc
    entries = {}
    for i, source in enumerate(data.get("source", []), 1):
        if not isinstance(source, dict) or not source.get("url"):
            raise ValueError(f"{path}: [[source]] entry {i} has no url; add url = \"https://...\"")
        entries[str(source["url"])] = {k: source[k] for k in MANIFEST_META if k in source}
    return entries


def fetch_manifest(path: Path, config: FetchConfig, state: FetchState, progress: Progress | None = None) -> CrawlReport:
    entries = read_manifest(path)
    return fetch_urls(list(entries), config, state, progress, meta=entries)


def fetch_sitemap(url: str, config: FetchConfig, state: FetchState, max_pages: int = 100,
                  include: Iterable[str] = (), exclude: Iterable[str] = (),
                  progress: Progress | None = None) -> CrawlReport:
    """Pages listed by a sitemap or a sitemap index (at most 50 sitemaps read), up to `max_pages` of them."""
    wanted = url_filter(include, exclude)

    async def job(fetcher: WebFetcher, report: CrawlReport) -> None:
        pages: list[str] = []
        listed = 0
        queue, seen = [normalise_url(url) or url], set()
        while queue and len(seen) < 50:
            sitemap = queue.pop(0)
            if sitemap in seen:
                continue
            seen.add(sitemap)
            try:
                found, nested = sitemap_locs(await fetcher.document(sitemap, SITEMAP_TYPES))
            except (FetchFailure, ValueError, SyntaxError) as exc:  # defusedxml raises ParseError (a SyntaxError)
                report.notes.append(f"sitemap {sitemap}: {exc}")
                continue
            queue += nested
            listed += len(found)
            pages += [u for u in found if wanted(u) and u not in pages][: max(0, max_pages - len(pages))]
        report.over_limit = max(0, listed - len(pages))
        report.pages += await fetcher.many([(u, {}) for u in pages])
    return _run(config, state, progress, job)


def crawl(start: str, config: FetchConfig, state: FetchState, depth: int = 2, max_pages: int = 100,
          include: Iterable[str] = (), exclude: Iterable[str] = (), progress: Progress | None = None) -> CrawlReport:
    """Breadth-first same-site crawl: the start page is depth 0; at most `max_pages` URLs are requested."""
    first = normalise_url(start)
    if first is None:
        raise ValueError(f"{start!r} is not an http(s) URL; give the crawl a full address like https://example.org/")
    wanted = url_filter(include, exclude)

    async def job(fetcher: WebFetcher, report: CrawlReport) -> None:
        seen = {first}
        level = [first]
        for d in range(depth + 1):
            room = max_pages - len(report.pages)
            report.over_limit += max(0, len(level) - room)
            outcomes = await fetcher.many([(u, {}) for u in level[:room]])
            report.pages += outcomes
            if d == depth or len(report.pages) >= max_pages:
                break
            level = []
            for page in outcomes:
                if page.has_snapshot and page.snapshot and page.content_type != "text/plain":
                    body = fetcher.state.read_snapshot(page.snapshot)
                    for link in links_of(body, page.final_url or page.url, page.charset):
                        if link not in seen and same_site(link, first) and wanted(link):
                            seen.add(link)
                            level.append(link)
    return _run(config, state, progress, job)
