"""After a real ingest, no personal value from a source is anywhere under the data dir: journal, Chroma's
SQLite and segment files, BM25 files, caches. Every file is read as bytes and searched for each value in the
form written, its ASCII-digit form and (10 digits or more) its bare digits."""

from pathlib import Path

import pytest

from index.build import apply_sources
from ingest.pipeline import prepare
from tests.conftest import settings_for

PII_DOC = """---
id: pii-probe-zh
title: 催收录音整理
lang: zh
jurisdiction: CN
channels: [third_party_agency]
doc_type: article
---
# 催收录音整理

催收员要求借款人提供社会安全号 123-45-6789，并称已经掌握其全部信息。
英国的催收公司从 +44 20 7946 0958 打来电话，随后又用 07700 900123 发短信。
催收员让借款人加QQ 3590931873 私聊还款方案。
借款人的银行卡号 6222 0212 3456 7890 123 被催收员在群里公开。
催收员反复拨打借款人的手机１３８１２３４５６７８，每天超过二十次。
催收员在通讯录群发中公开了借款人的老身份证号 110105491231002。
他还公开了新身份证号 11010519491231002X 和手机 15070879527。
催收员的工作邮箱是 cuishou.zhang@example.com，借款人可以保留邮件证据。
The agent read out the borrower's Indian mobile +91 98765 43210 and card 4111 1111 1111 1111.
借款人遭遇暴力催收时可以拨打12378热线投诉，也可以向当地金融监管部门反映。
"""
VALUES = ["123-45-6789", "+44 20 7946 0958", "07700 900123", "3590931873", "6222 0212 3456 7890 123",
          "１３８１２３４５６７８", "110105491231002", "11010519491231002X", "15070879527",
          "cuishou.zhang@example.com", "+91 98765 43210", "4111 1111 1111 1111"]


def forms(value: str) -> set[bytes]:
    from ingest.redact import fold_width

    ascii_form = fold_width(value)
    digits = "".join(c for c in ascii_form if c.isdigit() or c in "Xx")
    # bare digits only from 10 on: Chroma's own SQL holds '123456789ABCDEF'
    return {f.encode("utf-8") for f in (value, ascii_form, digits if len(digits) >= 10 else "") if f}


def leaks(data_dir: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            for value in VALUES:
                if any(form in blob for form in forms(value)):
                    found.setdefault(value, []).append(str(path.relative_to(data_dir)))
    return found


@pytest.fixture(scope="module")
def pii_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("pii")
    docs = root / "docs"
    docs.mkdir()
    (docs / "pii-probe-zh.md").write_text(PII_DOC, encoding="utf-8")
    settings = settings_for(root / "data", root / "corpus")
    prepared = prepare([docs])
    assert not prepared.errors, prepared.errors
    apply_sources(prepared.docs, settings)
    return settings, docs


def test_no_personal_value_reaches_any_file_after_ingest(pii_index):
    settings, _ = pii_index
    assert any(settings.data_dir.rglob("*.sqlite3"))  # Chroma really wrote its store
    assert leaks(settings.data_dir) == {}


def test_public_hotline_and_text_around_the_values_are_kept(pii_index):
    from index.journal import Journal

    settings, _ = pii_index
    journal = Journal(settings.data_dir / "journal.sqlite")
    text = "\n".join(c["text"] for c in journal.all_chunks())
    journal.close()
    assert "12378" in text and "社会安全号" in text and "［卡号已隐去］" in text and "［QQ号已隐去］" in text
