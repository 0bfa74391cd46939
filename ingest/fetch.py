"""Polite, defensive HTTP GET on httpx: every hop SSRF-checked, bodies capped while streaming, retries with backoff.

Redirects are followed here, not by httpx, so each hop's host is resolved and checked before it is contacted.
Bodies are read raw and decompressed here with a running cap, so a compression bomb stops at the limit
instead of inflating in memory. One deadline covers a whole attempt (every hop, headers included, but not
the wait for a polite slot), so a server that drips bytes slower than the read timeout still ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import random
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from ingest.netguard import AddressPolicy, BlockedAddress, resolve_public

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}
# Magic numbers of formats that are sometimes served as text/html by mistake.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"MZ",
                 b"Rar!", b"7z\xbc\xaf", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"RIFF")


class FetchFailure(Exception):
    """One URL could not be fetched; `reason` is a short code, the message one line for a person."""

    def __init__(self, reason: str, message: str, status: int | None = None, retry: bool = False,
                 retry_after: float | None = None):
        super().__init__(message)
        self.reason, self.status, self.retry, self.retry_after = reason, status, retry, retry_after
        self.attempts = 1


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = "DebtLens/0.1"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 60.0
    host_interval: float = 1.0
    per_host: int = 2
    workers: int = 8
    policy: AddressPolicy = field(default_factory=AddressPolicy)

    @classmethod
    def from_settings(cls, settings) -> FetchConfig:
        f = settings.fetch
        return cls(user_agent=f.user_agent, connect_timeout=f.connect_timeout, read_timeout=f.read_timeout,
                   deadline=f.deadline, max_bytes=settings.max_page_bytes, max_redirects=f.max_redirects,
                   retries=max(1, f.retries), backoff=f.backoff, max_retry_after=f.max_retry_after,
                   host_interval=f.host_interval, per_host=max(1, f.per_host), workers=max(1, f.workers),
                   policy=AddressPolicy.parse(f.allow_addresses))


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""
    attempts: int = 1

    @property
    def mime(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class _HostSlot:
    """Per-host politeness: at most `per_host` requests at once, starts spaced by `interval` seconds."""

    def __init__(self, per_host: int, interval: float):
        self.sem = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.interval = interval
        self.next_start = 0.0

    async def __aenter__(self):
        await self.sem.acquire()
        async with self.lock:
            wait = self.next_start - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.next_start = time.monotonic() + self.interval

    async def __aexit__(self, *exc):
        self.sem.release()


class _Budget:
    """The deadline of one attempt, spent only while resolving or talking to a server (not while queued)."""

    def __init__(self, seconds: float):
        self.left = seconds

    @contextlib.asynccontextmanager
    async def spend(self):
        started = time.monotonic()
        try:
            async with asyncio.timeout(max(self.left, 0.0)):
                yield
        finally:
            self.left -= time.monotonic() - started


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than `limit` bytes."""

    def __init__(self, encoding: str | None, limit: int):
        self.encoding = (encoding or "identity").strip().lower()
        self.limit, self.size, self.parts = limit, 0, []
        self.raw_deflate = False
        if self.encoding in ("identity", ""):
            self.z = None
        elif self.encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self.z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchFailure("content-encoding", f"unsupported content-encoding {self.encoding!r}")

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            what = "decompressed body" if self.z else "body"
            raise FetchFailure("decompression-cap" if self.z else "too-large",
                               f"{what} exceeds the {self.limit:,}-byte page limit (DEBTLENS_MAX_PAGE_BYTES)")
        self.parts.append(data)

    def feed(self, data: bytes) -> None:
        if self.z is None:
            return self._add(data)
        try:
            while data:
                self._add(self.z.decompress(data, self.limit - self.size + 1))
                data = self.z.unconsumed_tail
        except zlib.error as exc:
            if self.encoding == "deflate" and not self.raw_deflate and self.size == 0:
                self.raw_deflate, self.z = True, zlib.decompressobj(-zlib.MAX_WBITS)  # headerless deflate
                return self.feed(data)
            raise FetchFailure("bad-encoding", f"corrupt {self.encoding} body ({exc})") from exc

    def body(self) -> bytes:
        if self.z is not None:
            self._add(self.z.flush(self.limit - self.size + 1))
        return b"".join(self.parts)


def gunzip_capped(body: bytes, limit: int) -> bytes:
    inflater = _Inflater("gzip", limit)
    inflater.feed(body)
    return inflater.body()


def looks_binary(body: bytes) -> bool:
    head = body[:8192]
    return b"\x00" in head or head.lstrip().startswith(_BINARY_MAGIC)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as delta-seconds or an HTTP date -> seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


RobotsCheck = Callable[[str], Awaitable[None]]  # raises FetchFailure('robots', ...) when a hop is disallowed


class HttpFetcher:
    def __init__(self, config: FetchConfig):
        self.config = config
        timeout = httpx.Timeout(connect=config.connect_timeout, read=config.read_timeout,
                                write=config.read_timeout, pool=config.deadline)
        # trust_env=False: a proxy from the environment would bypass the address guard.
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False, headers={
            "User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"})
        self.slots: dict[str, _HostSlot] = {}

    async def aclose(self) -> None:
        await self.client.aclose()

    def slot(self, host: str) -> _HostSlot:
        if host not in self.slots:
            self.slots[host] = _HostSlot(self.config.per_host, self.config.host_interval)
        return self.slots[host]

    async def get(self, url: str, accept: tuple[str, ...] | None = HTML_TYPES, headers: dict | None = None,
                  max_bytes: int | None = None, robots: RobotsCheck | None = None) -> Response:
        """GET with retries on 429/5xx/connection errors; raises FetchFailure with the attempts made."""
        cfg = self.config
        for attempt in range(1, cfg.retries + 1):
            try:
                response = await self._follow(url, accept, headers or {}, max_bytes or cfg.max_bytes, robots,
                                              _Budget(cfg.deadline))
                response.attempts = attempt
                return response
            except TimeoutError:
                failure = FetchFailure("deadline", f"no complete response within {cfg.deadline:g}s "
                                       "(stalled or dripping server; DEBTLENS_FETCH__DEADLINE)")
            except FetchFailure as exc:
                failure = exc
            failure.attempts = attempt
            if not failure.retry or attempt == cfg.retries:
                raise failure
            delay = failure.retry_after
            if delay is None:
                delay = cfg.backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)  # exponential, jittered
            elif delay > cfg.max_retry_after:
                failure.args = (f"{failure}, retry asked after {delay:.0f}s (over the {cfg.max_retry_after:g}s "
                                "cap, DEBTLENS_FETCH__MAX_RETRY_AFTER); try again later",)
                raise failure
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _follow(self, url: str, accept, headers: dict, max_bytes: int, robots: RobotsCheck | None,
                      budget: _Budget) -> Response:
        seen = [url]
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if robots and current != url:
                await robots(current)
            response = await self._one_hop(url, current, accept, headers, max_bytes, budget)
            if not isinstance(response, str):
                return response
            target = urljoin(current, response).split("#")[0]
            if target in seen:
                raise FetchFailure("redirect-loop", f"redirect loop: {' -> '.join(seen + [target])}")
            seen.append(target)
            current = target
        raise FetchFailure("too-many-redirects", f"more than {self.config.max_redirects} redirects "
                           f"(last: {current}); DEBTLENS_FETCH__MAX_REDIRECTS")

    async def _one_hop(self, url: str, current: str, accept, headers: dict, max_bytes: int,
                       budget: _Budget) -> Response | str:
        """One request: the Response, or the Location to follow."""
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchFailure("bad-url", f"{current!r} is not an http(s) URL")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            async with budget.spend():
                address = await resolve_public(parts.hostname, port, self.config.policy)
        except BlockedAddress as exc:
            raise FetchFailure("blocked-address", str(exc)) from exc
        except OSError as exc:
            raise FetchFailure("dns", str(exc)) from exc
        request_url, extra = httpx.URL(current), {}
        if parts.scheme == "http" and address != parts.hostname:
            # Connect to the address just checked, so a second DNS answer cannot swap in a private one.
            # (https keeps the name: the certificate check binds it.)
            request_url, extra = request_url.copy_with(host=address), {"Host": parts.netloc.rpartition("@")[2]}
        try:
            async with self.slot(parts.hostname), budget.spend():  # waiting for the slot is not the server's time
                request = self.client.build_request("GET", request_url, headers={**headers, **extra})
                response = await self.client.send(request, stream=True)
                try:
                    return await self._read(url, current, response, accept, max_bytes)
                finally:
                    await response.aclose()
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise FetchFailure("connect", f"cannot connect ({type(exc).__name__}: {exc})", retry=True) from exc
        except httpx.ReadTimeout as exc:
            raise FetchFailure("read-timeout", f"no data for {self.config.read_timeout:g}s "
                               "(DEBTLENS_FETCH__READ_TIMEOUT)") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise FetchFailure("connection", f"connection broken ({type(exc).__name__}: {exc})", retry=True) from exc
        except httpx.HTTPError as exc:
            raise FetchFailure("http-error", f"{type(exc).__name__}: {exc}") from exc

    async def _read(self, url: str, current: str, response: httpx.Response, accept, max_bytes: int) -> Response | str:
        status = response.status_code
        if status in _REDIRECTS and response.headers.get("location"):
            return response.headers["location"]
        result = Response(url=url, final_url=current, status=status, headers=response.headers)
        if status == 304:
            return result
        if status >= 400 or status in _REDIRECTS:
            retry_after = parse_retry_after(response.headers.get("retry-after")) if status in (429, 503) else None
            raise FetchFailure(f"http-{status}", f"HTTP {status} {response.reason_phrase}".strip(), status=status,
                               retry=status in _RETRY_STATUS, retry_after=retry_after)
        if accept and result.mime not in accept:
            raise FetchFailure("content-type", f"served as {result.mime or 'no content type'}; "
                               f"only {', '.join(accept)} are ingested", status=status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailure("too-large", f"Content-Length {int(declared):,} exceeds the {max_bytes:,}-byte page "
                               "limit (DEBTLENS_MAX_PAGE_BYTES)", status=status)
        inflater = _Inflater(response.headers.get("content-encoding"), max_bytes)
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > max_bytes:
                raise FetchFailure("too-large", f"body exceeds the {max_bytes:,}-byte page limit "
                                   "(DEBTLENS_MAX_PAGE_BYTES)", status=status)
            inflater.feed(chunk)
        result.body = inflater.body()
        if result.mime in HTML_TYPES and looks_binary(result.body):
            raise FetchFailure("binary", f"binary content served as {result.mime}; not a text page", status=status)
        return result
