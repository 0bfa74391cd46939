"""A real, misbehaving HTTP server on 127.0.0.1 for fetcher tests and the fetch bench.

/site/ is a small, well-behaved site (ETag and Last-Modified, 304s) whose pages link to each other;
/fault/ holds one misbehaviour per path; /sitemap-big.xml lists 10,000 pages. Every request is counted
by path so tests can assert what was (and was not) asked for.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections import Counter
from email.utils import formatdate
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GBK_PAGE = ("<html><head><title>催收投诉指南</title></head><body><article><h1>被催收骚扰怎么办</h1>"
            "<p>借款人遇到暴力催收时，可以保存通话录音，并向金融监管部门和互联网金融协会投诉。</p>"
            "<p>催收人员不得在晚上十点至早上八点之间拨打电话，也不得联系借款人的亲友。</p>"
            "</article></body></html>")
ROBOTS = "User-agent: *\nDisallow: /private/\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def site_page(n: int, pages: int, version: int = 1) -> str:
    links = "".join(f'<li><a href="/site/p{m}.html">page {m}</a></li>' for m in (2 * n + 1, 2 * n + 2) if m < pages)
    return (f"<html><head><title>Collection rules {n}</title></head><body><nav><a href='/site/p0.html'>home</a>"
            f"<a href='/private/secret.html'>secret</a></nav><article><h1>Debt collection notes {n}</h1>"
            f"<p>Page {n} version {version}: a collector may not call a borrower before 8 a.m. or after 9 p.m., "
            f"and must stop contacting a borrower who asks in writing, under rule {1000 + n}.</p>"
            f"<p>催收第{n}页：催收人员不得向借款人的亲友透露债务信息，违者可向监管部门投诉。</p>"
            f"<script>var leaked = 'SCRIPT-SECRET-{n}';</script><div style='display:none'>HIDDEN-SECRET-{n}</div>"
            f"</article><ul>{links}</ul></body></html>")


class FaultServer:
    def __init__(self, site_pages: int = 15, page_delay: float = 0.0):
        self.site_pages, self.page_delay = site_pages, page_delay
        self.version = 1
        self.hits: Counter = Counter()
        self.stop = threading.Event()
        self.robots = ROBOTS
        self._once: Counter = Counter()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                outer.hits[self.path] += 1
                try:
                    outer.route(self)
                except OSError:  # the client gave up (timeouts, caps): expected here
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FaultServer:
        bomb()  # built before serving, so the first request is not slow for the wrong reason
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- responses -----------------------------------------------------------------------------------------
    @staticmethod
    def send(h, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            h.send_header(key.replace("_", "-"), value)
        h.end_headers()
        h.wfile.write(body)

    def first_time(self, key: str) -> bool:
        self._once[key] += 1
        return self._once[key] == 1

    def route(self, h) -> None:
        path = h.path.split("?")[0]
        if path == "/robots.txt":
            return self.send(h, 200, self.robots.encode(), "text/plain")
        if path.startswith("/site/p") or path.startswith("/gen/"):
            return self.site(h, path)
        handler = getattr(self, "fault_" + path.removeprefix("/fault/").replace("-", "_"), None)
        if path.startswith("/fault/") and handler:
            return handler(h)
        if path == "/sitemap-big.xml":
            urls = "".join(f"<url><loc>{self.base}/gen/{i}.html</loc></url>" for i in range(10_000))
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return self.send(h, 200, body.encode(), "application/xml")
        if path.startswith("/private/"):
            return self.send(h, 200, b"<p>should never be fetched</p>")
        return self.send(h, 404, b"<p>not found</p>")

    def site(self, h, path: str) -> None:
        """Well-behaved pages with validators: a matching If-None-Match gets a 304."""
        n = int(path.rsplit("/", 1)[-1].removeprefix("p").removesuffix(".html"))
        if path.startswith("/site/") and n >= self.site_pages:
            return self.send(h, 404, b"<p>not found</p>")
        if self.page_delay:
            time.sleep(self.page_delay)
        etag = f'"v{self.version}-{n}"'
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        body = site_page(n, self.site_pages, self.version).encode()
        return self.send(h, 200, body, ETag=etag, Last_Modified=formatdate(1_700_000_000 + self.version, usegmt=True))

    # -- one misbehaviour per path ------------------------------------------------------------------------
    def fault_hang(self, h) -> None:
        self.stop.wait(30)  # accept, read the request, never answer

    def fault_drip(self, h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(100_000):
            if self.stop.wait(0.2):
                return
            h.wfile.write(b"x")
            h.wfile.flush()

    def fault_rate_limited(self, h) -> None:
        if self.first_time("429"):
            return self.send(h, 429, b"slow down", Retry_After="1")
        return self.send(h, 200, site_page(90, 0).encode())

    def fault_rate_limited_long(self, h) -> None:
        return self.send(h, 429, b"slow down", Retry_After="3600")

    def fault_flaky(self, h) -> None:
        if self.first_time("500"):
            return self.send(h, 500, b"oops")
        return self.send(h, 200, site_page(91, 0).encode())

    def fault_always_500(self, h) -> None:
        return self.send(h, 500, b"oops")

    def fault_loop_a(self, h) -> None:
        return self.send(h, 302, Location="/fault/loop-b")

    def fault_loop_b(self, h) -> None:
        return self.send(h, 302, Location="/fault/loop-a")

    def fault_to_private(self, h) -> None:
        return self.send(h, 302, Location="http://10.0.0.1/internal")

    def fault_to_metadata(self, h) -> None:
        return self.send(h, 302, Location="http://169.254.169.254/latest/meta-data/")

    def fault_huge(self, h) -> None:
        """50 MB, announced: refused from the header."""
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50_000_000))
        h.end_headers()
        self._stream(h, 50_000_000)

    def fault_huge_unannounced(self, h) -> None:
        """50 MB without Content-Length (close-delimited): only the running count can stop it."""
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        self._stream(h, 50_000_000)
        h.close_connection = True

    def _stream(self, h, size: int) -> None:
        chunk = b"<p>" + b"a" * 65_529 + b"</p>"
        sent = 0
        while sent < size and not self.stop.is_set():
            h.wfile.write(chunk)
            sent += len(chunk)

    def fault_bomb(self, h) -> None:
        return self.send(h, 200, bomb(), Content_Encoding="gzip")

    def fault_gzipped(self, h) -> None:
        """Not a fault: a normal gzip-encoded page."""
        return self.send(h, 200, gzip.compress(site_page(92, 0).encode()), Content_Encoding="gzip")

    def fault_raw_deflate(self, h) -> None:
        """Headerless deflate, which some servers send for Content-Encoding: deflate."""
        z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return self.send(h, 200, z.compress(site_page(93, 0).encode()) + z.flush(), Content_Encoding="deflate")

    def fault_wrong_charset(self, h) -> None:
        return self.send(h, 200, GBK_PAGE.encode("gbk"), "text/html; charset=iso-8859-1")

    def fault_binary(self, h) -> None:
        return self.send(h, 200, PNG, "text/html")

    def fault_pdf(self, h) -> None:
        return self.send(h, 200, b"%PDF-1.4 ...", "application/pdf")


@lru_cache(maxsize=1)
def bomb() -> bytes:
    """~100 KB of gzip that inflates to 100 MB of zeros."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * 1_000_000
    return z.compress(b"<p>") + b"".join(z.compress(zeros) for _ in range(100)) + z.flush()
