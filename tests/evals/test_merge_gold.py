"""Gold-set merge and validation."""

from __future__ import annotations

import json

from evals import merge_gold

GOOD = {"id": "x-1", "question": "催收电话可以几点打？", "lang": "zh", "answerable": True,
        "key_facts": [["22:00"]], "sources": ["channel-bank-inhouse-zh"], "tags": ["cn"]}


def write_parts(tmp_path, *lines):
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "a.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return parts


def test_merge_writes_valid_parts(tmp_path):
    follow = {**GOOD, "id": "x-2", "question": "那可以分期多久？", "history": ["银行信用卡中心能协商分期吗？"],
              "tags": ["follow-up"]}
    refusal = {**GOOD, "id": "x-3", "answerable": False, "key_facts": [], "sources": [], "lang": "en",
               "question": "What are Brazil's limits on collection calls?", "tags": ["refusal", "cross-lingual"]}
    parts = write_parts(tmp_path, GOOD, follow, refusal)
    out = tmp_path / "dev.jsonl"
    assert merge_gold.main(["--parts", str(parts), "--out", str(out)]) == 0
    items = merge_gold.load_gold(out)
    assert [i["id"] for i in items] == ["x-1", "x-2", "x-3"]
    assert merge_gold.counts(items) == {"total": 3, "zh": 2, "en": 1, "refusals": 1, "follow_ups": 1,
                                        "cross_lingual": 1}


def test_merge_rejects_bad_lines(tmp_path, capsys):
    bad = [
        {**GOOD, "id": "x-1"},
        {**GOOD, "id": "x-1"},                                   # duplicate id
        {**GOOD, "id": "x-3", "lang": "fr"},                     # bad lang
        {**GOOD, "id": "x-4", "answerable": "yes"},              # not a bool
        {**GOOD, "id": "x-5", "key_facts": ["22:00"]},           # not a list of lists
        {**GOOD, "id": "x-6", "sources": ["no-such-doc-zh"]},    # unknown source
        {**GOOD, "id": "x-7", "history": "earlier question"},    # history not a list
        {k: v for k, v in GOOD.items() if k != "question"} | {"id": "x-8"},
    ]
    out = tmp_path / "dev.jsonl"
    assert merge_gold.main(["--parts", str(write_parts(tmp_path, *bad)), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    for needle in ("duplicate id 'x-1'", "lang 'fr'", "not a bool", "key_facts", "unknown source 'no-such-doc-zh'",
                   "history", "missing field 'question'"):
        assert needle in err
    assert not out.exists()


def test_doc_ids_include_front_matter_ids_and_the_seed_page():
    ids = merge_gold.doc_ids(merge_gold.REPO / "corpus" / "docs")
    assert {"us-fdcpa-en", "cn-pipl-zh", "seed-cuishou-nanxietiao"} <= ids


def test_committed_gold_parts_are_valid():
    items, errors = merge_gold.merge(merge_gold.HERE / "gold" / "parts", merge_gold.REPO / "corpus" / "docs")
    assert errors == []
    c = merge_gold.counts(items)
    assert c["total"] >= 150 and c["refusals"] >= 35
