"""The Evals page's data: the latest local `debtlens eval --out` report per split (tune, test, ...), the gate's
verdict on it (thresholds, the committed per-split baseline, the tune - test gap), and paths shown relative to
the project. The shipped baseline is shown only when no local report exists. No Streamlit here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from settings import REPO_ROOT

BASELINE = REPO_ROOT / "evals" / "baseline.json"
THRESHOLDS = REPO_ROOT / "evals" / "thresholds.toml"


@dataclass(frozen=True)
class SplitReport:
    split: str
    report: dict
    path: Path | None  # None for the shipped baseline
    mtime: float = 0.0


@dataclass
class Verdict:
    passed: bool
    lines: list[str] = field(default_factory=list)  # one line per failed check, as the CLI prints them


def shown_path(path: Path | None, root: Path = REPO_ROOT) -> str:
    """A path relative to the project (or to the working folder), never an absolute one when avoidable."""
    if path is None:
        return "evals/baseline.json"
    path = Path(path).resolve()
    for base in (root.resolve(), Path.cwd().resolve()):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return path.name if len(path.parts) < 2 else str(Path(*path.parts[-3:]))


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and "metrics" in data else {}


def find_reports(eval_dirs: list[Path]) -> dict[str, SplitReport]:
    """The newest report.json per split under the given `--out` folders: <out>/report.json (one split; named by
    its "split" field or its gold file) and <out>/<split>/report.json (several splits)."""
    found: dict[str, SplitReport] = {}
    for out in eval_dirs:
        if not out.is_dir():
            continue
        for path in [out / "report.json", *sorted(out.glob("*/report.json"))]:
            report = _load(path) if path.is_file() else {}
            if not report:
                continue
            split = str(report.get("split") or (Path(report["gold"]).stem if report.get("gold") else "")
                        or (path.parent.name if path.parent != out else "dev"))
            candidate = SplitReport(split, report, path, path.stat().st_mtime)
            if split not in found or candidate.mtime > found[split].mtime:
                found[split] = candidate
    return dict(sorted(found.items(), key=lambda kv: (kv[0] not in ("tune", "test"), kv[0] != "tune", kv[0])))


def shipped_baseline(path: Path = BASELINE) -> dict[str, SplitReport]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    splits = data.get("splits") or ({"baseline": data} if "metrics" in data else {})
    return {name: SplitReport(name, report, None) for name, report in splits.items()}


def latest_reports(data_dir: Path) -> tuple[dict[str, SplitReport], bool]:
    """(reports per split, whether they are fresh local ones). Local reports come from <data dir>/eval, the
    default `--out`; without any, the shipped baseline is returned and marked as such."""
    fresh = find_reports([Path(data_dir) / "eval"])
    return (fresh, True) if fresh else (shipped_baseline(), False)


def gate_verdict(reports: dict[str, SplitReport], thresholds_path: Path = THRESHOLDS,
                 baseline_path: Path = BASELINE) -> Verdict:
    """The same checks as `debtlens eval --baseline evals/baseline.json`: floors and ceilings, no regression
    beyond tolerance against the split's baseline, and the tune - test gap."""
    from evals import gate

    try:
        thresholds = gate.load_thresholds(thresholds_path)
    except (OSError, ValueError):
        thresholds = {}
    try:
        baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        baseline = None
    failures = []
    for name, split in reports.items():
        base = gate.baseline_for(baseline, name) if split.path is not None else None
        failures += gate.prefixed(gate.check(split.report, thresholds, base), name if len(reports) > 1 else "")
    failures += gate.check_gap({n: s.report for n, s in reports.items()}, thresholds)
    return Verdict(not failures, [f.describe() for f in failures])


def limits() -> dict[str, str]:
    """Metric -> 'floor 0.42' / 'ceiling 0.33' for the metric tiles' help."""
    from evals.gate import load_thresholds

    try:
        t = load_thresholds(THRESHOLDS)
    except (OSError, ValueError):
        return {}
    return {**{m: f"floor {v}" for m, v in t["floors"].items()}, **{m: f"ceiling {v}" for m, v in t["ceilings"].items()}}


def failing_rows(report: dict) -> list[dict]:
    """The failed questions as table rows: the cited source ids, never their file paths."""
    return [{"id": r.get("id", ""), "question": r.get("question", ""), "why": r.get("why", ""),
             "answer": r.get("answer", ""),
             "citations": " | ".join(f"[{c.get('n')}] {c.get('source_id', '')}" for c in r.get("citations", []))}
            for r in report.get("rows", []) if not r.get("passed", True)]
