"""The Evals page: the latest eval report's headline metrics against thresholds with deltas vs the committed
baseline, the chart by slice, and the failing questions."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from evals.metrics import METRICS
from settings import REPO_ROOT, get_settings

BASELINE = REPO_ROOT / "evals" / "baseline.json"
THRESHOLDS = REPO_ROOT / "evals" / "thresholds.toml"


def latest_report_path() -> Path | None:
    for candidate in (get_settings().data_dir / "eval" / "report.json", BASELINE):
        if candidate.exists():
            return candidate
    return None


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _limits() -> dict[str, str]:
    from evals.gate import load_thresholds

    try:
        t = load_thresholds(THRESHOLDS)
    except (OSError, ValueError):
        return {}
    return {**{m: f"floor {v}" for m, v in t["floors"].items()}, **{m: f"ceiling {v}" for m, v in t["ceilings"].items()}}


def evals_page() -> None:
    from evals.metrics import LOWER_IS_BETTER
    from evals.report import fmt

    st.title("评测 / Evals")
    path = latest_report_path()
    if path is None:
        st.info("还没有评测报告。运行 `debtlens eval --gold evals/gold/dev.jsonl` 生成。 No report yet.")
        return
    report, baseline = _load(path), _load(BASELINE) if BASELINE.exists() else {}
    metrics, base = report.get("metrics", {}), baseline.get("metrics", {})
    st.caption(f"report: {path} · {report.get('n_questions', '?')} questions · {report.get('generated_at', '')}"
               + (" · deltas vs evals/baseline.json" if base and path != BASELINE else ""))
    limits = _limits()
    columns = st.columns(5)
    for i, name in enumerate(m for m in METRICS if m in metrics):
        value, before = metrics[name], base.get(name)
        delta = None
        if value is not None and before is not None and path != BASELINE:
            delta = fmt(value - before, name)
        columns[i % 5].metric(name, fmt(value, name), delta=delta, help=limits.get(name, "no threshold"),
                              delta_color="inverse" if name in LOWER_IS_BETTER else "normal")
    chart = path.with_name("chart.png")
    if chart.exists():
        st.image(str(chart), caption="metrics by slice")
    failures = [r for r in report.get("rows", []) if not r.get("passed", True)]
    st.subheader(f"未通过的问题 Failing questions ({len(failures)})")
    if failures:
        st.dataframe([{"id": r["id"], "question": r["question"], "why": r.get("why", ""),
                       "answer": r.get("answer", ""),
                       "citations": " | ".join(f"[{c['n']}] {c['source_id']}" for c in r.get("citations", []))}
                      for r in failures], width="stretch", hide_index=True)
