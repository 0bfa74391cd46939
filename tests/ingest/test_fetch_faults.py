"""Each misbehaviour of a real server on 127.0.0.1 ends in one clear per-URL outcome; nothing half-written."""

from __future__ import annotations

import ipaddress
import re

import pytest

from ingest.crawl import fetch_sitemap, fetch_urls
from ingest.netguard import AddressPolicy
from ingest.pipeline import prepare_fetched
from tests.ingest.conftest import fetch_config


def fetch_one(server, state, path, **config):
    report = fetch_urls([server.base + path], fetch_config(**config), state)
    (page,) = report.pages
    return page


def snapshot_files(state):
    return sorted(p for p in state.snapshot_dir.rglob("*") if p.is_file())


@pytest.mark.parametrize("path, reason, words", [
    ("/fault/hang", "read-timeout", "no data for 1s"),
    ("/fault/drip", "deadline", "no complete response within 3s"),
    ("/fault/loop-a", "redirect-loop", "redirect loop"),
    ("/fault/huge", "too-large", "Content-Length 50,000,000 exceeds"),
    ("/fault/huge-unannounced", "too-large", "body exceeds the 5,000,000-byte page limit"),
    ("/fault/bomb", "decompression-cap", "decompressed body exceeds"),
    ("/fault/binary", "binary", "binary content served as text/html"),
    ("/fault/pdf", "content-type", "served as application/pdf"),
    ("/fault/always-500", "http-500", "HTTP 500"),
    ("/fault/rate-limited-long", "http-429", "retry asked after 3600s"),
])
def test_fault_fails_with_a_clear_reason_and_stores_nothing(server, state, path, reason, words):
    page = fetch_one(server, state, path)
    assert (page.outcome, page.reason) == ("failed", reason)
    assert words in page.message
    assert snapshot_files(state) == []
    assert state.outcomes()[0]["outcome"] == "failed" and state.outcomes()[0]["reason"] == reason


def test_429_is_retried_after_the_servers_retry_after(server, state):
    page = fetch_one(server, state, "/fault/rate-limited")
    assert page.outcome == "fetched" and page.attempts == 2
    assert page.seconds >= 0.95  # waited the Retry-After: 1 it was given


@pytest.mark.parametrize("path, marker", [("/fault/gzipped", "rule 1092"), ("/fault/raw-deflate", "rule 1093")])
def test_compressed_pages_are_inflated(server, state, path, marker):
    page = fetch_one(server, state, path)
    assert page.outcome == "fetched"
    assert marker in prepare_fetched([page], state).docs[0].text


def test_500_then_success_is_retried(server, state):
    page = fetch_one(server, state, "/fault/flaky")
    assert page.outcome == "fetched" and page.attempts == 2


def test_persistent_500_gives_up_after_the_retry_budget(server, state):
    before = server.hits["/fault/always-500"]
    page = fetch_one(server, state, "/fault/always-500", retries=3)
    assert page.attempts == 3 and server.hits["/fault/always-500"] - before == 3


@pytest.mark.parametrize("path, target", [("/fault/to-private", "10.0.0.1"),
                                          ("/fault/to-metadata", "169.254.169.254")])
def test_redirect_to_internal_address_is_refused_before_connecting(server, state, connects, path, target):
    page = fetch_one(server, state, path)
    assert (page.outcome, page.reason) == ("failed", "blocked-address")
    assert target in page.message and "refused before connecting" in page.message
    contacted = {str(ipaddress.ip_address(addr[0])) for addr in connects if isinstance(addr, tuple)}
    assert "127.0.0.1" in contacted  # the audit hook does see real connections
    assert target not in contacted


def test_loopback_is_refused_without_the_allow_setting(server, state, connects):
    page = fetch_one(server, state, "/site/p0.html", policy=AddressPolicy())
    assert page.reason == "blocked-address" and "127.0.0.1 is a loopback address" in page.message
    assert connects == []


def test_hostname_is_checked_by_what_it_resolves_to(server, state, connects):
    url = server.base.replace("127.0.0.1", "localhost") + "/site/p0.html"
    (page,) = fetch_urls([url], fetch_config(policy=AddressPolicy()), state).pages
    assert page.reason == "blocked-address"
    assert re.search(r"localhost \((127\.0\.0\.1|::1)\) is a loopback address", page.message)
    assert connects == []


def test_wrong_charset_header_is_detected_and_decoded(server, state):
    page = fetch_one(server, state, "/fault/wrong-charset")
    assert page.outcome == "fetched" and page.charset == "iso-8859-1"
    prepared = prepare_fetched([page], state)
    (doc,) = prepared.docs
    assert "借款人遇到暴力催收时" in doc.text
    assert any("mojibake" in w and "gb18030" in w for w in prepared.warnings)


def test_robots_disallow_is_never_requested(server, state):
    page = fetch_one(server, state, "/private/secret.html")
    assert (page.outcome, page.reason) == ("robots", "robots")
    assert server.hits["/private/secret.html"] == 0


def test_sitemap_with_10000_urls_is_bounded_by_the_page_limit(server, state):
    before = sum(n for p, n in server.hits.items() if p.startswith("/gen/"))
    report = fetch_sitemap(server.base + "/sitemap-big.xml", fetch_config(), state, max_pages=25)
    assert len(report.pages) == 25 and report.over_limit == 10_000 - 25
    assert report.counts["fetched"] == 25
    assert sum(n for p, n in server.hits.items() if p.startswith("/gen/")) - before == 25


def test_failure_after_success_keeps_the_stored_snapshot(server, state):
    good = fetch_one(server, state, "/site/p3.html")
    pages, server.site_pages = server.site_pages, 0  # now every /site/ page is a 404
    try:
        bad = fetch_one(server, state, "/site/p3.html")
    finally:
        server.site_pages = pages
    assert bad.outcome == "failed" and bad.reason == "http-404"
    (kept,) = state.ingestable()
    assert kept.snapshot == good.snapshot and (state.data_dir / kept.snapshot).exists()
