"""End to end: the runner over the session's small index writes the three files; a broken retriever fails the gate."""

from __future__ import annotations

import dataclasses
import json

import pytest

from evals import cli as eval_cli
from evals.robust import answer_with_hits

GOLD = [
    {"id": "e-01", "question": "银行信用卡中心能跟我协商个性化分期吗？最长能分多久？", "lang": "zh", "answerable": True,
     "key_facts": [["5年"]], "sources": ["channel-bank-inhouse-zh", "cn-credit-card-measures-2011-zh"],
     "tags": ["cn", "bank_inhouse"]},
    {"id": "e-02", "question": "信用卡中心可以向与债务无关的第三人催收吗？", "lang": "zh", "answerable": True,
     "key_facts": [["第三人", "third party"]], "sources": ["cn-credit-card-measures-2011-zh", "channel-bank-inhouse-zh"],
     "tags": ["cn"]},
    {"id": "e-03", "question": "Under the FDCPA, between what hours may a debt collector call me?", "lang": "en",
     "answerable": True, "key_facts": [["8 a.m."], ["9 p.m."]], "sources": ["us-fdcpa-en"], "tags": ["us"]},
    {"id": "e-04", "question": "How many days do I have to dispute a debt under the FDCPA?", "lang": "en",
     "answerable": True, "key_facts": [["30 days"]], "sources": ["us-fdcpa-en"], "tags": ["us"]},
    {"id": "e-05", "question": "那签了个性化分期协议以后，还会被催收吗？", "lang": "zh", "answerable": True,
     "key_facts": [["停止催收"]], "sources": ["cn-credit-card-measures-2011-zh", "channel-bank-inhouse-zh"],
     "tags": ["cn", "follow-up"], "history": ["银行信用卡中心催收受什么规定约束？"]},
    {"id": "e-06", "question": "网贷平台晚上几点以后不能催收？", "lang": "zh", "answerable": True,
     "key_facts": [["22:00"]], "sources": ["channel-online-lending-zhudai-zh"], "tags": ["cn", "online_lending"]},
    {"id": "e-07", "question": "日本的催收公司每天最多可以给债务人打几次电话？", "lang": "zh", "answerable": False,
     "key_facts": [], "sources": [], "tags": ["refusal"]},
    {"id": "e-08", "question": "What are Brazil's legal limits on debt-collection calls?", "lang": "en",
     "answerable": False, "key_facts": [], "sources": [], "tags": ["refusal"]},
]


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), encoding="utf-8")
    return path


@pytest.fixture
def no_thresholds(tmp_path):
    path = tmp_path / "none.toml"
    path.write_text("")
    return path


def test_runner_writes_report_json_md_and_chart(small_index, gold_file, no_thresholds, tmp_path, capsys):
    _, handle = small_index
    out = tmp_path / "eval"
    code = eval_cli.main(["--gold", str(gold_file), "--out", str(out), "--thresholds", str(no_thresholds)],
                       handle=handle)
    assert code == 0
    assert {p.name for p in out.iterdir()} >= {"report.json", "report.md", "chart.png"}
    assert (out / "chart.png").read_bytes()[:4] == b"\x89PNG"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report["metrics"]) == {"key_fact_recall", "refusal_recall", "false_refusal_rate", "citation_validity",
                                      "sentence_support", "language_match", "recall_at_5", "mrr_at_10",
                                      "latency_p50_ms", "latency_p95_ms"}
    assert {"zh", "en", "follow-up", "tag:refusal"} <= set(report["slices"])
    assert report["slice_counts"]["follow-up"]["questions"] == 1
    assert len(report["rows"]) == len(GOLD)
    row = report["rows"][0]
    for key in ("id", "question", "answer", "refused", "lang", "citations", "retrieved_source_ids", "latency_ms",
                "passed", "why"):
        assert key in row
    assert report["metrics"]["citation_validity"] == 1.0
    assert report["metrics"]["key_fact_recall"] >= 0.5
    assert all(r["why"] for r in report["rows"] if not r["passed"])
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Metrics by slice" in md and "key_fact_recall" in md
    printed = capsys.readouterr().out
    assert "key_fact_recall" in printed and "gate: PASS" in printed


def test_broken_retriever_fails_the_gate_against_a_normal_baseline(small_index, gold_file, no_thresholds, tmp_path,
                                                                   capsys):
    settings, handle = small_index
    base_dir = tmp_path / "base"
    assert eval_cli.main(["--gold", str(gold_file), "--out", str(base_dir), "--thresholds", str(no_thresholds)],
                       handle=handle) == 0
    baseline = base_dir / "report.json"
    args = ["--gold", str(gold_file), "--thresholds", str(no_thresholds), "--baseline", str(baseline)]
    assert eval_cli.main(args + ["--out", str(tmp_path / "again")], handle=handle) == 0  # deterministic: same run passes
    capsys.readouterr()
    broken = dataclasses.replace(handle, settings=settings.model_copy(update={"retriever_override": "random"}))
    assert eval_cli.main(args + ["--out", str(tmp_path / "broken")], handle=broken) == 1
    printed = capsys.readouterr().out
    assert "gate: FAIL" in printed and "below the baseline limit" in printed


def test_robustness_options(small_index, gold_file, no_thresholds, tmp_path):
    _, handle = small_index
    out = tmp_path / "robust"
    assert eval_cli.main(["--gold", str(gold_file), "--out", str(out), "--thresholds", str(no_thresholds),
                        "--distractors", "--inject-false"], handle=handle) == 0
    robustness = json.loads((out / "report.json").read_text(encoding="utf-8"))["robustness"]
    d = robustness["distractors"]
    assert d["questions"] >= 1 and d["drop"] == pytest.approx(d["key_fact_recall_plain"] - d["key_fact_recall_distracted"])
    f = robustness["inject_false"]
    assert f["questions"] >= 1
    for row in f["rows"]:
        assert row["true"] != row["false"]
    assert "## Robustness" in (out / "report.md").read_text(encoding="utf-8")


def test_mutation_wrapper_leaves_the_answer_path_unchanged(small_index):
    _, handle = small_index
    from chat.answer import answer_question

    for item in GOLD[:3] + GOLD[4:5]:
        plain = answer_question(handle, item["question"], item.get("history"))
        wrapped = answer_with_hits(handle, item["question"], item.get("history"), mutate=lambda hits: hits)
        assert wrapped.text == plain.text and wrapped.refused == plain.refused
        assert [h.node.node_id for h in wrapped.evidence] == [h.node.node_id for h in plain.evidence]


def test_inject_false_corrupts_one_passage_when_another_contradicts_it():
    from llama_index.core.schema import NodeWithScore, TextNode

    from evals import robust

    hits = [NodeWithScore(node=TextNode(id_=f"c{i}", text=t, metadata={}), score=1.0) for i, t in
            enumerate(["个性化分期还款协议的最长期限是5年。", "2025年发布的规定。", "第七十条：最长期限不超过5年。"])]
    record: dict = {}
    mutated = robust.inject_false([["5年", "5 years"]], record)(hits)
    assert record["plan"] == ("5年", "9年", "c0")
    assert mutated[0].node.get_content() == "个性化分期还款协议的最长期限是9年。"
    assert mutated[1].node.get_content() == "2025年发布的规定。" and mutated[2].node.get_content().endswith("5年。")
    assert robust.false_number_verdict("最长期限是9年。", "5年", "9年") == {
        "false_repeated": True, "true_kept": False, "conflict_shown": False}
    assert robust.plan_injection(hits[:2], [["5年"]]) is None  # only one passage states it: no contradiction


@pytest.mark.parametrize("separator", [
    [],
    ["--"],
])
def test_cli_forwards_to_the_runner(small_index, gold_file, no_thresholds, tmp_path, monkeypatch, separator):
    settings, _ = small_index
    import cli

    monkeypatch.setattr("settings.get_settings", lambda: settings)
    code = cli.main(["eval", *separator, "--gold", str(gold_file), "--out", str(tmp_path / "cli"), "--thresholds",
                     str(no_thresholds), "--limit", "2"])
    assert code == 0 and (tmp_path / "cli" / "report.json").exists()
