"""The evals command: `debtlens eval --gold FILE ...` (also `python -m evals ...`): run the gold set through the
answerer, write report.json, report.md and chart.png, and gate on thresholds and a baseline."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from evals import gate, report
from evals.merge_gold import load_gold
from evals.runner import run

DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.toml")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="debtlens eval", description="Run the gold set through the answerer; "
                                "write report.json, report.md and chart.png; gate on thresholds and a baseline.")
    p.add_argument("--gold", required=True, type=Path, help="gold JSONL (see DESIGN.md, Evals)")
    p.add_argument("--out", type=Path, help="output directory (default: <data_dir>/eval)")
    p.add_argument("--k", type=int, default=5, help="k for source-level recall@k (default 5)")
    p.add_argument("--baseline", type=Path, help="a previous report.json to compare against")
    p.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS,
                   help="floors/ceilings TOML (default: evals/thresholds.toml)")
    p.add_argument("--distractors", action="store_true", help="also measure key-fact recall with distractors")
    p.add_argument("--inject-false", action="store_true", help="also falsify a number in one passage")
    p.add_argument("--limit", type=int, help="only the first N questions (for quick checks)")
    return p


def main(argv: list[str] | None = None, handle=None) -> int:
    """`handle` lets tests run against an index they built; otherwise the settings' index is opened."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:  # `debtlens eval -- --gold ...`
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    items = load_gold(args.gold)[: args.limit] if args.limit else load_gold(args.gold)
    if handle is None:
        from index.retrieve import open_index
        from index.store import IndexMismatchError, IndexMissingError
        from settings import get_settings

        try:
            handle = open_index(get_settings())
        except (IndexMissingError, IndexMismatchError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    result = run(items, handle, args.k, args.distractors, args.inject_false)
    result["gold"] = str(args.gold)
    out = args.out or handle.settings.data_dir / "eval"
    paths = report.write_all(result, out)
    print(report.stdout_table(result))
    print("wrote " + ", ".join(str(p) for p in paths))
    thresholds = gate.load_thresholds(args.thresholds) if args.thresholds and args.thresholds.exists() else {}
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    failures = gate.check(result, thresholds, baseline)
    print(gate.describe(failures, baseline_path=args.baseline))
    return 1 if failures else 0
