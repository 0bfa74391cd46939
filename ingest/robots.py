"""robots.txt, fetched once per origin and parsed by Protego (Scrapy's parser), following RFC 9309.

A 4xx robots.txt means no rules; a 5xx or an unreachable server means "assume everything is disallowed"
for this run. Crawl-delay slows the host's request rate (capped, so one file cannot stall a run).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from protego import Protego

from ingest.fetch import FetchFailure, HttpFetcher

MAX_ROBOTS_BYTES = 500_000  # Google's documented limit; the rest of a bigger file is ignored by them too
MAX_CRAWL_DELAY = 30.0


class RobotsCache:
    def __init__(self, http: HttpFetcher):
        self.http = http
        # origin -> rules; None: no rules apply; str: why all is denied; FetchFailure: the host did not answer
        self.rules: dict[str, Protego | str | FetchFailure | None] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str) -> None:
        """Raise FetchFailure('robots') when robots.txt disallows `url` for our user agent."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = await self._rules(origin)
        if rules is None:
            return
        if isinstance(rules, FetchFailure):
            raise rules  # the host did not answer at all: the page fails the same way, say why
        if isinstance(rules, str):
            raise FetchFailure("robots-unreachable", f"{origin}/robots.txt could not be read ({rules}); "
                               "treated as disallow-all per RFC 9309, try again later")
        if not rules.can_fetch(url, self.http.config.user_agent):
            raise FetchFailure("robots", f"disallowed by {origin}/robots.txt for our user agent")

    async def _rules(self, origin: str) -> Protego | str | FetchFailure | None:
        lock = self.locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch per origin even when many pages of it start at once
            if origin not in self.rules:
                self.rules[origin] = await self._load(origin)
            return self.rules[origin]

    async def _load(self, origin: str) -> Protego | str | FetchFailure | None:
        try:
            response = await self.http.get(f"{origin}/robots.txt", accept=None, max_bytes=MAX_ROBOTS_BYTES)
        except FetchFailure as exc:
            if exc.status is None:  # no HTTP answer (refused address, DNS, connection, timeout)
                return exc
            if 400 <= exc.status < 500 and exc.status != 429:
                return None  # "unavailable": no rules apply
            return str(exc)
        rules = Protego.parse(response.body.decode("utf-8", errors="replace"))
        delay = rules.crawl_delay(self.http.config.user_agent)
        if delay:
            host = urlsplit(origin).hostname or ""
            slot = self.http.slot(host)
            slot.interval = max(slot.interval, min(float(delay), MAX_CRAWL_DELAY))
        return rules
