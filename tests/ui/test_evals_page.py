"""The app's Evals page renders metrics, the chart and the failing questions from a report on disk."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _page():
    from ui.evals_page import evals_page

    evals_page()


def test_evals_page_shows_metrics_and_failures(tmp_path, monkeypatch):
    from evals import report as report_mod
    from settings import get_settings

    rows = [{"id": "q1", "question": "催收电话可以几点打？", "answer": "资料库中没有足够的证据。", "refused": True,
             "lang": "zh", "citations": [], "retrieved_source_ids": [], "latency_ms": 40.0, "passed": False,
             "why": "refused an answerable question", "tags": []}]
    metrics = {"key_fact_recall": 0.5, "false_refusal_rate": 0.5, "latency_p50_ms": 40.0}
    report = {"metrics": metrics, "slices": {}, "slice_counts": {}, "rows": rows, "n_questions": 1}
    out = tmp_path / "eval"
    out.mkdir()
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    report_mod.chart(report, out / "chart.png")
    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        at = AppTest.from_function(_page, default_timeout=60).run()
    finally:
        get_settings.cache_clear()
    assert not at.exception
    assert [m.label for m in at.metric][:2] == ["key_fact_recall", "false_refusal_rate"]
    assert at.metric[0].value == "0.500"
    assert len(at.dataframe) == 1
    assert "q1" in at.dataframe[0].value["id"].tolist()
