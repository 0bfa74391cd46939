"""The seed page through ingest: glosses, boilerplate and personal data gone, every body paragraph kept."""

import re

import pytest

from ingest.clean import strip_pinyin_glosses
from ingest.load import load_source
from settings import Settings
from tests.conftest import SEED_HTML, SEED_TXT


@pytest.fixture(scope="module")
def seed_doc():
    return load_source(SEED_HTML, Settings().max_page_bytes)


def test_no_pinyin_gloss_remains(seed_doc):
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", seed_doc.text)
    assert "協調" in seed_doc.text and "協(xié)" not in seed_doc.text


def test_contact_line_personal_data_gone(seed_doc):
    assert "15070879527" not in seed_doc.text
    assert "3590931873" not in seed_doc.text and "qq.com" not in seed_doc.text


def test_tail_and_editor_boilerplate_gone(seed_doc):
    for junk in ("相關推薦", "最新文章", "隨機看看", "語音朗讀", "刁菁韶", "分享到", "網貸逾期了會被爆通訊錄嗎"):
        assert junk not in seed_doc.text


def test_every_body_paragraph_is_kept(seed_doc):
    lines = [line.strip() for line in SEED_TXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[lines.index(next(x for x in lines if x.startswith("編輯"))) + 1: lines.index("語音朗讀:")]
    assert len(body) > 40
    for paragraph in body:
        assert strip_pinyin_glosses(paragraph) in seed_doc.text


def test_title_and_metadata(seed_doc):
    assert seed_doc.title == "催收最難協調的平臺是哪個?"
    assert seed_doc.source_id == "seed-cuishou-nanxietiao"
    assert seed_doc.meta["published"] == "2024-12-12"
    assert seed_doc.meta["jurisdiction"] == "CN"
