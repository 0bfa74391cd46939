"""The Evals page: the latest local report per split (tune and test) with the gate's verdict, metric tiles with
deltas against the committed baseline, a native chart of the splits side by side, and the failing questions."""

from __future__ import annotations

import streamlit as st

from evals.metrics import LOWER_IS_BETTER, METRICS
from settings import get_settings
from ui.eval_reports import failing_rows, gate_verdict, latest_reports, limits, shipped_baseline, shown_path
from ui.safe_text import escape_markdown

RATES = [m for m in METRICS if not m.endswith("_ms")]


def _tiles(split, base: dict) -> None:
    from evals.report import fmt

    metrics, help_for = split.report.get("metrics", {}), limits()
    columns = st.columns(5)
    for i, name in enumerate(m for m in METRICS if m in metrics):
        value, before = metrics[name], base.get(name)
        delta = fmt(value - before, name) if value is not None and before is not None else None
        columns[i % 5].metric(name, fmt(value, name), delta=delta, help=help_for.get(name, "no threshold"),
                              delta_color="inverse" if name in LOWER_IS_BETTER else "normal")


def _chart(reports: dict) -> None:
    import pandas as pd

    data = pd.DataFrame({name: {m: s.report.get("metrics", {}).get(m) for m in RATES} for name, s in reports.items()})
    st.bar_chart(data.dropna(how="all"), horizontal=True, stack=False, height=320,
                 y_label="value (↑ better, except false_refusal_rate)")  # horizontal: y is the value axis


def evals_page() -> None:
    st.title("评测 / Evals")
    reports, fresh = latest_reports(get_settings().data_dir)
    if not reports:
        st.info("还没有评测报告。运行 `debtlens eval --gold evals/gold/tune.jsonl --gold evals/gold/test.jsonl` "
                "生成。 No report yet: run the command above.")
        return
    if not fresh:
        st.warning("还没有本地评测报告，下面是随项目发布的基线。 No local report yet — showing the shipped baseline "
                   "(evals/baseline.json). Run `debtlens eval --gold evals/gold/tune.jsonl --gold "
                   "evals/gold/test.jsonl` for a fresh one.")
    verdict = gate_verdict(reports)
    if fresh and verdict.passed:
        st.success("门槛：通过 / gate: PASS (thresholds and evals/baseline.json)")
    elif fresh:
        st.error("门槛：未通过 / gate: FAIL  \n" + "  \n".join(escape_markdown(line) for line in verdict.lines))
    baseline = shipped_baseline()
    _chart(reports)
    tabs = st.tabs([f"{name} ({s.report.get('n_questions', '?')})" for name, s in reports.items()])
    for tab, (name, split) in zip(tabs, reports.items(), strict=True):
        with tab:
            st.caption(escape_markdown(f"report: {shown_path(split.path)} · {split.report.get('n_questions', '?')} "
                                       f"questions · {split.report.get('generated_at', '')}"
                                       + (" · deltas vs evals/baseline.json" if fresh and name in baseline else "")))
            _tiles(split, baseline[name].report.get("metrics", {}) if fresh and name in baseline else {})
            if split.path is not None and split.path.with_name("chart.png").exists():
                with st.expander("按切片 / metrics by slice"):
                    st.image(str(split.path.with_name("chart.png")))
            if split.path is None:
                st.caption("基线不含逐题结果 / the baseline holds no per-question rows")
                continue
            failures = failing_rows(split.report)
            st.subheader(f"未通过的问题 Failing questions ({len(failures)})")
            if failures:
                st.dataframe(failures, width="stretch", hide_index=True,
                             column_config={"question": st.column_config.TextColumn(width="large"),
                                            "answer": st.column_config.TextColumn(width="large")})
