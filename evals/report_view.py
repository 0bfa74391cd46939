"""Render the latest eval report in Streamlit (the app's Evals page)."""

from __future__ import annotations

import json
from pathlib import Path

from settings import REPO_ROOT, get_settings


def latest_report_path() -> Path | None:
    for candidate in (get_settings().data_dir / "eval" / "report.json", REPO_ROOT / "evals" / "baseline.json"):
        if candidate.exists():
            return candidate
    return None


def render_latest_report(st) -> None:
    path = latest_report_path()
    if path is None:
        st.info("还没有评测报告。运行 `debtlens eval --gold evals/gold/dev.jsonl` 生成。 No report yet.")
        return
    report = json.loads(path.read_text(encoding="utf-8"))
    st.caption(f"report: {path}")
    st.json(report.get("metrics", {}))
