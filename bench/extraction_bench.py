"""Extraction quality on 20 saved real-world pages: boilerplate kept and body lost, per extractor.

    debtlens bench extraction [--pages tests/fixtures/pages]   (or python -m bench.extraction_bench)

Each page's extracted text (after DebtLens cleaning) is compared with hand-made ground truth as a bag of
tokens (CJK characters one by one, Latin words lower-cased):
  boilerplate kept = share of extracted tokens that are not in the ground truth (1 - precision)
  body lost        = share of ground-truth tokens missing from the extraction (1 - recall)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

from ingest.charset import decode_document
from ingest.clean import clean_text
from ingest.extract import EXTRACTORS, ExtractError, extract_html

_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")


def tokens(text: str) -> Counter:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def score(extracted: str, truth: str) -> tuple[float, float]:
    got, want = tokens(extracted), tokens(truth)
    common = sum((got & want).values())
    kept = 1 - common / sum(got.values()) if got else 0.0
    lost = 1 - common / sum(want.values()) if want else 0.0
    return kept, lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=Path(__file__).resolve().parents[1] / "tests/fixtures/pages")
    args = parser.parse_args(argv)
    truth = json.loads((args.pages / "ground-truth.json").read_text(encoding="utf-8"))
    rows: dict[str, list[tuple[str, str, float, float, float]]] = {e: [] for e in EXTRACTORS}
    for page_id, item in truth.items():
        html = decode_document(gzip.decompress((args.pages / f"{page_id}.html.gz").read_bytes())).text
        for extractor in EXTRACTORS:
            started = time.perf_counter()
            try:
                text = clean_text(extract_html(html, extractor).text)
            except ExtractError:
                text = ""
            ms = (time.perf_counter() - started) * 1000
            rows[extractor].append((page_id, item["lang"], *score(text, item["text"]), ms))
    print(f"{len(truth)} pages ({sum(v['lang'] == 'zh' for v in truth.values())} zh, "
          f"{sum(v['lang'] == 'en' for v in truth.values())} en); token bags, mean over pages\n")
    print("| extractor | boilerplate kept (all) | body lost (all) | kept zh | lost zh | kept en | lost en "
          "| pages losing >50% | ms/page |")
    print("|---|---|---|---|---|---|---|---|---|")
    for extractor, results in rows.items():
        def mean(values):
            values = list(values)
            return sum(values) / len(values) if values else float("nan")
        by = {lang: [r for r in results if r[1] == lang] for lang in ("zh", "en")}
        print(f"| {extractor} | {mean(r[2] for r in results):.3f} | {mean(r[3] for r in results):.3f} "
              f"| {mean(r[2] for r in by['zh']):.3f} | {mean(r[3] for r in by['zh']):.3f} "
              f"| {mean(r[2] for r in by['en']):.3f} | {mean(r[3] for r in by['en']):.3f} "
              f"| {sum(r[3] > 0.5 for r in results)} | {mean(r[4] for r in results):.0f} |")
    print("\nper page (kept / lost):")
    print("| page | " + " | ".join(EXTRACTORS) + " |")
    print("|---|" + "---|" * len(EXTRACTORS))
    for i, (page_id, item) in enumerate(truth.items()):
        cells = [f"{rows[e][i][2]:.2f} / {rows[e][i][3]:.2f}" for e in EXTRACTORS]
        print(f"| {page_id} ({item['kind']}) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
