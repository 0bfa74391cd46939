"""The app's Evals page renders metrics, the chart and the failing questions from a report on disk."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


def _page():
    from ui.evals_page import evals_page

    evals_page()


def _run_page(data_dir, monkeypatch) -> AppTest:
    from settings import get_settings

    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    try:
        return AppTest.from_function(_page, default_timeout=60).run()
    finally:
        get_settings.cache_clear()


def test_evals_page_shows_metrics_and_failures(tmp_path, monkeypatch):
    from evals import report as report_mod

    rows = [{"id": "q1", "question": "催收电话可以几点打？", "answer": "资料库中没有足够的证据。", "refused": True,
             "lang": "zh", "citations": [], "retrieved_source_ids": [], "latency_ms": 40.0, "passed": False,
             "why": "refused an answerable question", "tags": []}]
    metrics = {"key_fact_recall": 0.5, "false_refusal_rate": 0.5, "latency_p50_ms": 40.0}
    report = {"metrics": metrics, "slices": {}, "slice_counts": {}, "rows": rows, "n_questions": 1}
    out = tmp_path / "eval"
    out.mkdir()
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    report_mod.chart(report, out / "chart.png")
    at = _run_page(tmp_path, monkeypatch)
    assert not at.exception
    assert [m.label for m in at.metric][:2] == ["key_fact_recall", "false_refusal_rate"]
    assert at.metric[0].value == "0.500"
    assert len(at.dataframe) == 1
    assert "q1" in at.dataframe[0].value["id"].tolist()


def _split(split: str, recall: float, failed: int) -> dict:
    rows = [{"id": f"{split}-{i}", "question": f"问题 {i}", "answer": "资料库中没有足够的证据。", "passed": i >= failed,
             "why": "refused an answerable question" if i < failed else "", "citations": []} for i in range(4)]
    from settings import REPO_ROOT

    shipped = json.loads((REPO_ROOT / "evals" / "baseline.json").read_text(encoding="utf-8"))["splits"][split]
    metrics = {**shipped["metrics"], "key_fact_recall": recall}  # the baseline's figures but for key-fact recall
    return {"split": split, "gold": f"evals/gold/{split}.jsonl", "generated_at": "2026-11-30T03:00:00+00:00",
            "metrics": metrics, "counts": {m: 100 for m in metrics}, "n_questions": 4, "rows": rows,
            "slices": {}, "slice_counts": {}}


def test_evals_page_shows_the_fresh_tune_and_test_reports_not_the_baseline(tmp_path, monkeypatch):
    """`debtlens eval --gold tune --gold test` writes <out>/tune and <out>/test: both are shown with the gate's
    verdict (here the tune - test gap of 0.5 fails it), relative paths, and each split's failing questions."""

    for split, recall, failed in (("tune", 0.95, 1), ("test", 0.40, 3)):
        (tmp_path / "eval" / split).mkdir(parents=True)
        (tmp_path / "eval" / split / "report.json").write_text(json.dumps(_split(split, recall, failed)))
    at = _run_page(tmp_path, monkeypatch)
    assert not at.exception, at.exception
    assert not at.warning  # the shipped-baseline notice is for when no local report exists
    assert [t.label for t in at.tabs] == ["tune (4)", "test (4)"]
    verdict = at.error[0].value.replace("\\", "")
    assert "gate: FAIL" in verdict and "gap:key_fact_recall" in verdict and "test:key_fact_recall" in verdict
    assert "tune:" not in verdict  # tune itself passes
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "eval/tune/report.json" in captions and "eval/test/report.json" in captions
    assert str(tmp_path) not in captions  # relative, never the absolute path
    assert [len(df.value) for df in at.dataframe] == [1, 3]
    assert at.metric[0].value == "0.950" and at.metric[0].delta  # delta against evals/baseline.json's tune


def test_evals_page_falls_back_to_the_shipped_baseline_and_says_so(tmp_path, monkeypatch):
    at = _run_page(tmp_path, monkeypatch)
    assert not at.exception, at.exception
    assert "shipped baseline" in at.warning[0].value
    shipped = json.loads((REPO / "evals" / "baseline.json").read_text(encoding="utf-8"))["splits"]
    assert [t.label.split(" ")[0] for t in at.tabs] == list(shipped)  # one tab per split the baseline holds
    assert not at.error and not at.success  # no verdict on the baseline itself
    assert not at.subheader and not at.dataframe  # no "0 failing questions": the baseline has no rows
