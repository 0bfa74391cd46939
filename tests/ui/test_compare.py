"""Compare data: heatmap cells per jurisdiction, a cell's rationale and evidence, and the CSV exports."""

import csv
import io

from ui.compare import cell_detail, evidence_csv, heatmap_cells, jurisdictions, matrix_csv


def _record(channel, dimension, jurisdiction, rating, quotes=(), zh="理由", en="why"):
    names = {"online_collection_platform": ("网络催收平台", "Online collection platforms"),
             "traditional_collection_company": ("传统催收公司", "Traditional collection companies"),
             "data_privacy": ("数据隐私", "Data privacy"), "legal_constraint": ("法律法规约束", "Legal constraint")}
    return {"channel": channel, "channel_zh": names[channel][0], "channel_en": names[channel][1],
            "dimension": dimension, "dimension_zh": names[dimension][0], "dimension_en": names[dimension][1],
            "jurisdiction": jurisdiction, "rating": rating, "rationale_zh": zh, "rationale_en": en,
            "evidence": [{"doc": d, "quote": q, "flags": []} for d, q in quotes]}


RECORDS = [
    _record("online_collection_platform", "data_privacy", "CN", 5,
            [("seed-cuishou-nanxietiao", "網絡催收平臺在處理數據時必須嚴格遵守相關法律法規,確保借款人的隱私不被泄露。")],
            zh="通讯录催收风险高", en="Contact-list collection is a high risk"),
    _record("online_collection_platform", "legal_constraint", "CN", 4),
    _record("traditional_collection_company", "data_privacy", "CN", None, zh="资料库中没有证据。"),
    _record("traditional_collection_company", "legal_constraint", "CN", 3,
            [("channel-seed-three-platform-types-en", "=HYPERLINK(\"http://evil\")")]),
    _record("online_collection_platform", "legal_constraint", "US", 2),
]


def test_jurisdictions_put_the_primary_one_first():
    assert jurisdictions(RECORDS) == ["CN", "US"]


def test_heatmap_cells_follow_the_channel_order_and_mark_missing_evidence():
    cells = heatmap_cells(RECORDS, "CN", "zh", ["traditional_collection_company", "online_collection_platform"])
    assert [c["channel"] for c in cells] == ["traditional_collection_company"] * 2 + ["online_collection_platform"] * 2
    missing = next(c for c in cells if c["rating"] is None)
    assert missing["rating_text"] == "无证据" and missing["evidence_count"] == 0
    assert cells[2]["channel_label"] == "网络催收平台 · Online collection platforms"
    assert {c["channel"] for c in heatmap_cells(RECORDS, "US", "en")} == {"online_collection_platform"}


def test_cell_detail_gives_the_rationale_and_linked_evidence():
    sources = {"seed-cuishou-nanxietiao": {"title": "催收最難協調的平臺是哪個?", "links": ()}}
    detail = cell_detail(RECORDS, "online_collection_platform", "data_privacy", "CN", "en", sources)
    assert detail.rating == 5 and detail.rationale == "Contact-list collection is a high risk"
    (evidence,) = detail.evidence
    assert evidence.title == "催收最難協調的平臺是哪個?" and evidence.quote.startswith("網絡催收平臺")
    assert cell_detail(RECORDS, "online_collection_platform", "data_privacy", "UK", "en") is None


def _rows(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())  # spreadsheet programs then read the Chinese correctly
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_matrix_csv_has_one_line_per_cell():
    rows = _rows(matrix_csv(RECORDS, "CN"))
    assert len(rows) == 4
    assert rows[0]["channel_zh"] == "网络催收平台" and rows[0]["rating"] == "5" and rows[0]["evidence_count"] == "1"
    assert rows[2]["rating"] == ""
    assert len(_rows(matrix_csv(RECORDS))) == 5


def test_evidence_csv_lists_every_quote_and_defuses_formulas():
    sources = {"channel-seed-three-platform-types-en": {"title": "Seed's three types", "links": ("https://163.com",)}}
    rows = _rows(evidence_csv(RECORDS, "CN", sources))
    assert [r["doc"] for r in rows] == ["seed-cuishou-nanxietiao", "channel-seed-three-platform-types-en"]
    assert rows[1]["quote"] == "'=HYPERLINK(\"http://evil\")" and rows[1]["source_links"] == "https://163.com"


def test_bundled_dataset_shows_the_seed_s_three_platform_types():
    import tomllib

    from ingest.comparison import load_comparison, records
    from tests.conftest import REPO

    channels = tomllib.loads((REPO / "corpus" / "channels.toml").read_text(encoding="utf-8"))
    rows = records(load_comparison(REPO / "corpus"), channels)
    cells = heatmap_cells(rows, "CN", "zh", list(channels["channels"]))
    for seed_type in ("traditional_collection_company", "online_collection_platform", "third_party_payment_platform"):
        own = [c for c in cells if c["channel"] == seed_type]
        assert len(own) == len(channels["dimensions"]) and any(c["evidence_count"] for c in own), seed_type
    detail = cell_detail(rows, "online_collection_platform", "data_privacy", "CN", "zh")
    assert detail.rating is not None and detail.rationale and detail.evidence
    assert len(_rows(matrix_csv(rows, "CN"))) == len(cells)
    assert len(_rows(evidence_csv(rows, "CN"))) == sum(c["evidence_count"] for c in cells)

