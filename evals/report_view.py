"""Render the latest eval report in Streamlit (the app's Evals page): headline metrics against thresholds
with deltas vs the committed baseline, the chart by slice, and the failing questions."""

from __future__ import annotations

import json
from pathlib import Path

from settings import REPO_ROOT, get_settings

HEADLINE = ("key_fact_recall", "refusal_recall", "false_refusal_rate", "citation_validity", "sentence_support",
            "language_match", "recall_at_5", "mrr_at_10", "latency_p50_ms", "latency_p95_ms")
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


def render_latest_report(st) -> None:
    from evals.metrics import LOWER_IS_BETTER
    from evals.report import fmt

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
    for i, name in enumerate(m for m in HEADLINE if m in metrics):
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
