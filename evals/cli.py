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
    p = argparse.ArgumentParser(prog="debtlens eval", description="Run gold splits through the answerer; write "
                                "report.json, report.md and chart.png per split; gate each split on thresholds and a "
                                "baseline, and the key-fact recall gap between the tune and test splits.")
    p.add_argument("--gold", required=True, type=Path, action="append",
                   help="gold JSONL (see DESIGN.md, Evals); repeat for several splits, e.g. tune and test")
    p.add_argument("--out", type=Path, help="output directory (default: <data_dir>/eval); one subfolder per split "
                   "when several are given")
    p.add_argument("--k", type=int, default=5, help="k for source-level recall@k (default 5)")
    p.add_argument("--baseline", type=Path, help="a previous report.json, or a {'splits': {name: report}} file")
    p.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="floors/ceilings TOML")
    p.add_argument("--distractors", action="store_true", help="also measure key-fact recall with distractors")
    p.add_argument("--inject-false", action="store_true", help="also falsify a number in one passage")
    p.add_argument("--limit", type=int, help="only the first N questions (for quick checks)")
    return p


def split_name(path: Path) -> str:
    return path.stem


def main(argv: list[str] | None = None, handle=None) -> int:
    """`handle` lets tests run against an index they built; otherwise the settings' index is opened."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:  # `debtlens eval -- --gold ...`: the separator argparse.REMAINDER keeps
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    if handle is None:
        from index.retrieve import open_index
        from index.store import IndexMismatchError, IndexMissingError
        from settings import get_settings

        settings = get_settings()
        try:
            handle = open_index(settings)
        except (IndexMissingError, IndexMismatchError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    settings = handle.settings
    thresholds = gate.load_thresholds(args.thresholds) if args.thresholds and args.thresholds.exists() else {}
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    out = args.out or settings.data_dir / "eval"
    several = len(args.gold) > 1
    results: dict[str, dict] = {}
    failures: list[gate.Failure] = []
    for gold in args.gold:
        items = load_gold(gold)[: args.limit] if args.limit else load_gold(gold)
        name = split_name(gold)
        result = run(items, handle, args.k, args.distractors, args.inject_false)
        result["gold"], result["split"] = str(gold), name
        paths = report.write_all(result, out / name if several else out)
        print(f"== {name}" if several else "", report.stdout_table(result), sep="\n" if several else "")
        print("wrote " + ", ".join(str(p) for p in paths))
        split_base = gate.baseline_for(baseline, name)
        failures += gate.prefixed(gate.check(result, thresholds, split_base), name if several else "")
        results[name] = result
    failures += gate.check_gap(results, thresholds)
    if several:
        summary = report.summary(results, thresholds)
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        print(report.gap_line(summary))
    print(gate.describe(failures, baseline_path=args.baseline))
    return 1 if failures else 0
