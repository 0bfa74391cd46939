"""The eval gate: absolute floors/ceilings from evals/thresholds.toml and a regression check against a baseline.

A higher-is-better metric fails below its floor, or below the baseline by more than
max(min_tolerance, z * SE) with SE = sqrt(p (1 - p) / n), p the baseline value and n the number of questions
the metric is computed over in this run. Lower-is-better metrics (false_refusal_rate) mirror that upwards.
Latency is never compared with the baseline (machines differ); only an optional generous ceiling applies.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from evals.metrics import LOWER_IS_BETTER

NO_BASELINE = frozenset({"latency_p50_ms", "latency_p95_ms"})


@dataclass
class Failure:
    metric: str
    kind: str  # floor | ceiling | baseline | gap | missing
    value: float | None
    limit: float | None

    @property
    def by(self) -> float | None:
        if self.value is None or self.limit is None:
            return None
        return abs(self.value - self.limit)

    def describe(self) -> str:
        if self.value is None:
            return f"FAIL {self.metric}: not measurable in this run ({self.kind} {self.limit})"
        unit = "ms" if self.metric.endswith("_ms") else ""
        fmt = (lambda v: f"{v:.0f}{unit}") if unit else (lambda v: f"{v:.3f}")
        word = {"floor": "below its floor", "ceiling": "above its ceiling",
                "gap": "(tune - test) above the allowed gap"}.get(self.kind, "")
        if self.kind == "baseline":
            word = "above the baseline limit" if self.metric in LOWER_IS_BETTER else "below the baseline limit"
        return f"FAIL {self.metric} = {fmt(self.value)}: {word} {fmt(self.limit)} by {fmt(self.by)}"


def load_thresholds(path: Path) -> dict:
    """{"floors": {...}, "ceilings": {...}, "tolerance": {"min": 0.02, "z": 1.96}}, directions checked."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    floors, ceilings = data.get("floors", {}), data.get("ceilings", {})
    wrong = [m for m in floors if m in LOWER_IS_BETTER] + [m for m in ceilings if m not in LOWER_IS_BETTER]
    if wrong:
        raise ValueError(f"{path}: wrong direction for {wrong} (floors are for higher-is-better metrics, "
                         f"ceilings for {sorted(LOWER_IS_BETTER)})")
    return {"floors": floors, "ceilings": ceilings, "tolerance": data.get("tolerance", {}), "gap": data.get("gap", {})}


def tolerance(p: float, n: int, min_tolerance: float = 0.02, z: float = 1.96) -> float:
    """Allowed drop: max(min_tolerance, z * sqrt(p (1 - p) / n)); p is clipped to [0, 1]."""
    p = min(1.0, max(0.0, p))
    se = math.sqrt(p * (1 - p) / n) if n > 0 else 0.0
    return max(min_tolerance, z * se)


def check(report: dict, thresholds: dict | None = None, baseline: dict | None = None) -> list[Failure]:
    """Every failed floor, ceiling and baseline comparison of `report`'s overall metrics."""
    thresholds = thresholds or {}
    metrics, counts = report.get("metrics", {}), report.get("counts", {})
    failures = []
    for name, floor in thresholds.get("floors", {}).items():
        value = metrics.get(name)
        if value is None or value < floor:
            failures.append(Failure(name, "floor", value, floor))
    for name, ceiling in thresholds.get("ceilings", {}).items():
        value = metrics.get(name)
        if value is None or value > ceiling:
            failures.append(Failure(name, "ceiling", value, ceiling))
    if baseline:
        tol = thresholds.get("tolerance", {})
        min_tol, z = tol.get("min", 0.02), tol.get("z", 1.96)
        for name, base in baseline.get("metrics", {}).items():
            value = metrics.get(name)
            if name in NO_BASELINE or base is None:
                continue
            if value is None:
                failures.append(Failure(name, "baseline", None, base))
                continue
            n = counts.get(name) or baseline.get("counts", {}).get(name) or 0
            allowed = tolerance(base, n, min_tol, z)
            if name in LOWER_IS_BETTER and value > base + allowed:
                failures.append(Failure(name, "baseline", value, base + allowed))
            elif name not in LOWER_IS_BETTER and value < base - allowed:
                failures.append(Failure(name, "baseline", value, base - allowed))
    return failures


def describe(failures: list[Failure], baseline_path: Path | str | None = None) -> str:
    against = f" and baseline {baseline_path}" if baseline_path else ""
    if not failures:
        return f"gate: PASS (thresholds{against})"
    return "\n".join([f"gate: FAIL ({len(failures)} checks, thresholds{against})"]
                     + [f"  {f.describe()}" for f in failures])


def baseline_for(baseline: dict | None, split: str) -> dict | None:
    """A split's baseline: `{"splits": {name: report}}` files hold one per split; a plain report is the baseline
    of whatever split is run against it."""
    if not baseline:
        return None
    if "splits" in baseline:
        return baseline["splits"].get(split)
    return baseline


def prefixed(failures: list[Failure], split: str) -> list[Failure]:
    if not split:
        return failures
    return [Failure(f"{split}:{f.metric}", f.kind, f.value, f.limit) for f in failures]


def check_gap(results: dict[str, dict], thresholds: dict) -> list[Failure]:
    """The generalisation gate: key-fact recall on tune minus that on test may not exceed [gap] max (0.05)."""
    limit = (thresholds.get("gap") or {}).get("key_fact_recall")
    if limit is None or "tune" not in results or "test" not in results:
        return []
    tune = results["tune"]["metrics"].get("key_fact_recall")
    test = results["test"]["metrics"].get("key_fact_recall")
    if tune is None or test is None:
        return [Failure("gap:key_fact_recall", "gap", None, limit)]
    gap = tune - test
    return [Failure("gap:key_fact_recall", "gap", gap, limit)] if gap > limit else []
