"""Charset: BOM, header, meta, then detection; a wrong Western label on Chinese bytes is caught."""

from __future__ import annotations

import codecs

from ingest.charset import decode_document, normalise_label

ZH = "借款人被频繁催收电话骚扰时，可以向金融监管部门投诉，并保存通话录音等证据。"
ZH_TRAD = "借款人被頻繁催收電話騷擾時，可以向金融監管部門投訴，並保存通話錄音等證據。"
FR = "Les créanciers doivent être polis ; à noter : le délai légal est de trente jours, même à Noël."


def page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


def test_gbk_bytes_labelled_iso_8859_1_are_detected_as_chinese():
    decoded = decode_document(page(ZH).encode("gbk"), "iso-8859-1")
    assert ZH in decoded.text and decoded.encoding == "gb18030"
    assert "mojibake" in decoded.warnings[0]


def test_big5_bytes_labelled_latin1_are_detected_as_big5():
    decoded = decode_document(page(ZH_TRAD).encode("big5"), "latin-1")
    assert ZH_TRAD in decoded.text and decoded.encoding.startswith("big5")


def test_real_latin1_french_stays_latin1():
    decoded = decode_document(page(FR).encode("latin-1"), "iso-8859-1")
    assert FR in decoded.text and decoded.warnings == []


def test_meta_charset_is_used_when_the_header_is_silent():
    raw = page(ZH, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")
    assert ZH in decode_document(raw).text


def test_gb2312_label_decodes_gbk_only_characters():
    text = "朱镕基总理强调，金融机构催收不得采用暴力手段。"  # 镕 is outside GB2312, inside GBK
    assert text in decode_document(page(text, '<meta charset="gb2312">').encode("gbk")).text


def test_utf8_bytes_win_over_a_wrong_gbk_label():
    decoded = decode_document(page(ZH).encode("utf-8"), "gbk")
    assert ZH in decoded.text and decoded.encoding == "utf-8" and "does not match" in decoded.warnings[0]


def test_utf8_bom_wins_over_everything():
    decoded = decode_document(codecs.BOM_UTF8 + page(ZH).encode("utf-8"), "iso-8859-1")
    assert ZH in decoded.text and not decoded.text.startswith("\ufeff")


def test_undeclared_gbk_is_detected():
    assert ZH in decode_document(page(ZH * 3).encode("gb18030")).text


def test_labels_map_to_browser_supersets():
    assert normalise_label("GB2312") == "gb18030" and normalise_label("big5") == "big5hkscs"
    assert normalise_label("ISO-8859-1") == "cp1252" and normalise_label("no-such-charset") is None
