"""Fetch modes against a real local site: crawl limits and filters, conditional re-fetch, manifest, politeness."""

from __future__ import annotations

import time

import pytest

from ingest.crawl import crawl, fetch_manifest, fetch_urls, links_of, normalise_url, read_manifest
from ingest.pipeline import prepare_fetched, source_id_for_url
from tests.ingest.conftest import fetch_config
from tests.ingest.web_server import FaultServer


def site_hits(server) -> int:
    return sum(n for p, n in server.hits.items() if p.startswith("/site/"))


def test_crawl_follows_same_site_links_within_depth(server, state):
    report = crawl(server.base + "/site/p0.html", fetch_config(), state, depth=2)
    fetched = sorted(p.url.rsplit("/", 1)[-1] for p in report.pages if p.outcome == "fetched")
    # p0 links p1, p2 (depth 1), which link p3..p6 (depth 2); /private/ is robots-disallowed.
    assert fetched == [f"p{i}.html" for i in range(7)]
    assert [p.url for p in report.pages if p.outcome == "robots"] == [server.base + "/private/secret.html"]


def test_crawl_stops_at_the_page_limit(server, state):
    report = crawl(server.base + "/site/p0.html", fetch_config(), state, depth=10, max_pages=5)
    assert len(report.pages) == 5 and report.over_limit > 0


def test_crawl_include_and_exclude_patterns(server, state):
    report = crawl(server.base + "/site/p0.html", fetch_config(), state, depth=3,
                   include=[r"/site/"], exclude=[r"p[12]\.html$"])
    assert [p.url.rsplit("/", 1)[-1] for p in report.pages] == ["p0.html"]  # p1, p2 excluded: nothing beyond


def test_unchanged_recrawl_costs_one_304_per_page(server, state):
    cold = crawl(server.base + "/site/p0.html", fetch_config(), state, depth=3)
    hits_before = dict(server.hits)
    warm = crawl(server.base + "/site/p0.html", fetch_config(), state, depth=3)
    assert warm.counts["unchanged"] == cold.counts["fetched"] and warm.counts["fetched"] == 0
    assert all(p.reason == "not-modified" and p.http_status == 304 for p in warm.pages if p.outcome == "unchanged")
    assert {p: n - hits_before.get(p, 0) for p, n in server.hits.items() if p.startswith("/site/")} == \
        {p.url.removeprefix(server.base): 1 for p in warm.pages if p.outcome == "unchanged"}


def test_changed_page_is_fetched_again_and_reingested(state):
    with FaultServer(site_pages=3) as srv:
        first = fetch_urls([srv.base + "/site/p1.html"], fetch_config(), state).pages[0]
        srv.version = 2
        second = fetch_urls([srv.base + "/site/p1.html"], fetch_config(), state).pages[0]
    assert (first.outcome, second.outcome) == ("fetched", "fetched") and first.sha256 != second.sha256
    doc = prepare_fetched([second], state).docs[0]
    assert "version 2" in doc.text


def test_scripts_and_hidden_text_never_reach_the_document(server, state):
    page = fetch_urls([server.base + "/site/p4.html"], fetch_config(), state).pages[0]
    doc = prepare_fetched([page], state).docs[0]
    assert "催收第4页" in doc.text and "rule 1004" in doc.text
    assert "SCRIPT-SECRET" not in doc.text and "HIDDEN-SECRET" not in doc.text
    assert doc.source_id == source_id_for_url(page.url) and doc.meta["url"] == page.url


def test_per_host_rate_limit_spaces_requests(server, state):
    urls = [server.base + f"/site/p{i}.html?spacing" for i in range(4)]
    started = time.perf_counter()
    fetch_urls(urls, fetch_config(host_interval=0.3), state)
    assert time.perf_counter() - started >= 0.3 * 4  # robots.txt plus four pages, one start per 0.3 s


def test_manifest_urls_are_fetched_with_their_metadata(server, state, tmp_path):
    manifest = tmp_path / "sources.toml"
    manifest.write_text(f'[[source]]\nurl = "{server.base}/site/p5.html"\njurisdiction = "CN"\nlang = "zh"\n\n'
                        f'[[source]]\nurl = "{server.base}/fault/binary"\nused_by = ["x"]\n', encoding="utf-8")
    report = fetch_manifest(manifest, fetch_config(), state)
    assert sorted(p.outcome for p in report.pages) == ["failed", "fetched"]
    doc = prepare_fetched(report.pages, state).docs[0]
    assert doc.meta["jurisdiction"] == "CN" and doc.lang == "zh"


def test_manifest_without_url_is_a_clear_error(tmp_path):
    manifest = tmp_path / "sources.toml"
    manifest.write_text('[[source]]\nused_by = ["x"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"sources.toml: \[\[source\]\] entry 1 has no url"):
        read_manifest(manifest)


def test_bad_url_gets_an_outcome_without_a_request(state):
    report = fetch_urls(["ftp://example.org/x", "not a url"], fetch_config(), state)
    assert [(p.outcome, p.reason) for p in report.pages] == [("failed", "bad-url")] * 2


def test_snapshots_reingest_without_the_network(state):
    with FaultServer(site_pages=2) as srv:
        fetch_urls([srv.base + "/site/p0.html", srv.base + "/site/p1.html"], fetch_config(), state)
    # server gone: extraction re-runs from the stored snapshots
    prepared = prepare_fetched(state.ingestable(), state, extractor="trafilatura")
    assert len(prepared.docs) == 2 and not prepared.errors
    assert all(d.meta["extractor"] == "trafilatura" for d in prepared.docs)


def test_link_extraction_resolves_relative_links_and_drops_other_schemes():
    html = (b'<base href="https://ex.org/a/"><a href="b.html#top">b</a><a href="/c">c</a>'
            b'<a href="mailto:x@ex.org">m</a><a href="javascript:void(0)">j</a><a href="doc.pdf">pdf</a>'
            b'<a href="HTTPS://EX.ORG:443/c">again</a>')
    assert links_of(html, "https://ex.org/", None) == ["https://ex.org/a/b.html", "https://ex.org/c"]
    assert normalise_url("http://Ex.org:8080") == "http://ex.org:8080/"


def test_cli_bad_manifest_says_what_to_do(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBTLENS_DATA_DIR": str(tmp_path / "data"), "ANONYMIZED_TELEMETRY": "False"}
    run = subprocess.run([sys.executable, "-m", "ingest", "--sources", str(tmp_path / "none.toml")],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "none.toml: cannot read the sources manifest" in run.stderr
