"""Fetcher figures against the local misbehaving server (tests/ingest/web_server.py) on 127.0.0.1.

    debtlens bench fetch [--pages 200] [--read-timeout 2] [--deadline 5]   (or python -m bench.fetch_bench)

Prints: pages/s for a clean same-site crawl; pages/s for the same crawl with every fault URL mixed in;
an unchanged re-crawl (conditional requests, all 304) against the cold crawl, fetch and extraction
separately; and each fault's per-URL outcome. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ingest.crawl import crawl, fetch_urls
from ingest.fetch import FetchConfig
from ingest.fetch_state import FetchState
from ingest.netguard import AddressPolicy
from ingest.pipeline import prepare_fetched
from tests.ingest.web_server import FaultServer

FAULTS = ["hang", "drip", "rate-limited", "rate-limited-long", "flaky", "always-500", "loop-a", "to-private",
          "to-metadata", "huge", "huge-unannounced", "bomb", "wrong-charset", "binary", "pdf"]


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--read-timeout", type=float, default=2.0)
    parser.add_argument("--deadline", type=float, default=5.0)
    parser.add_argument("--per-host", type=int, default=2)
    args = parser.parse_args(argv)
    config = FetchConfig(host_interval=0.0, read_timeout=args.read_timeout, connect_timeout=args.read_timeout,
                         deadline=args.deadline, backoff=0.2, per_host=args.per_host,
                         policy=AddressPolicy.parse("127.0.0.1"))
    print(f"config: per-host {config.per_host}, workers {config.workers}, host interval 0 s (politeness off for "
          f"throughput), read timeout {config.read_timeout:g} s, deadline {config.deadline:g} s; fault seconds "
          "include waiting for a free slot on the (single) host\n")
    with FaultServer(site_pages=args.pages) as srv, tempfile.TemporaryDirectory() as tmp:
        start = f"{srv.base}/site/p0.html"
        state = FetchState(Path(tmp) / "clean")
        cold, cold_s = timed(lambda: crawl(start, config, state, depth=20, max_pages=args.pages + 10))
        prep_cold, prep_cold_s = timed(lambda: prepare_fetched(cold.pages, state))
        warm, warm_s = timed(lambda: crawl(start, config, state, depth=20, max_pages=args.pages + 10))
        prep_warm, prep_warm_s = timed(lambda: prepare_fetched(warm.pages, state))
        n = cold.counts["fetched"]
        print("| run | pages | outcomes | fetch s | pages/s | extract+clean s |")
        print("|---|---|---|---|---|---|")
        print(f"| cold crawl | {len(cold.pages)} | {dict(cold.counts)} | {cold_s:.2f} | {n / cold_s:.1f} | {prep_cold_s:.2f} |")
        print(f"| unchanged re-crawl | {len(warm.pages)} | {dict(warm.counts)} | {warm_s:.2f} | "
              f"{warm.counts['unchanged'] / warm_s:.1f} | {prep_warm_s:.2f} |")
        print(f"\nunchanged re-crawl / cold crawl: fetch {warm_s / cold_s:.2f}x, "
              f"fetch+extract {(warm_s + prep_warm_s) / (cold_s + prep_cold_s):.2f}x; "
              f"{len(prep_warm.docs)} docs re-prepared from snapshots (the index then skips them by hash)\n")

        site_urls = [f"{srv.base}/site/p{i}.html" for i in range(args.pages)]
        fault_urls = [f"{srv.base}/fault/{f}" for f in FAULTS] + [f"{srv.base}/private/x.html"]
        step = max(1, len(site_urls) // len(fault_urls))
        mixed = [u for i, site_url in enumerate(site_urls)
                 for u in ([site_url] + ([fault_urls[i // step]] if i % step == 0 and i // step < len(fault_urls) else []))]
        clean_list, clean_s = timed(lambda: fetch_urls(site_urls, config, FetchState(Path(tmp) / "list")))
        faulty, faulty_s = timed(lambda: fetch_urls(mixed, config, FetchState(Path(tmp) / "faulty")))
        print("| URL list (cold) | URLs | outcomes | s | good pages/s |")
        print("|---|---|---|---|---|")
        print(f"| site pages only | {len(site_urls)} | {dict(clean_list.counts)} | {clean_s:.2f} "
              f"| {clean_list.counts['fetched'] / clean_s:.1f} |")
        print(f"| same, {len(fault_urls)} fault URLs mixed in | {len(mixed)} | {dict(faulty.counts)} | {faulty_s:.2f} "
              f"| {faulty.counts['fetched'] / faulty_s:.1f} |\n")
        faults = type(faulty)(pages=[p for p in faulty.pages if "/site/" not in p.url])
        print("| fault | outcome | reason | attempts | seconds | message |")
        print("|---|---|---|---|---|---|")
        for page in faults.pages:
            print(f"| {page.url.removeprefix(srv.base)} | {page.outcome} | {page.reason or '-'} | {page.attempts} "
                  f"| {page.seconds:.2f} | {page.message[:90]} |")
        state.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
