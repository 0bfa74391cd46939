"""Each cleaning function on real Chinese and English strings, most of them from the seed page."""

from ingest.clean import (
    drop_boilerplate_lines,
    normalise_whitespace,
    redact_personal_data,
    strip_pinyin_glosses,
)


def test_pinyin_gloss_removed_and_word_restored():
    assert strip_pinyin_glosses("催收最難協(xié)調(diào)的平臺") == "催收最難協調的平臺"


def test_fullwidth_parenthesis_gloss_variant_removed():
    assert strip_pinyin_glosses("數據隱私問（wèn）題，協(xie2)調") == "數據隱私問題，協調"


def test_english_parentheses_are_not_glosses():
    text = "the Consumer Financial Protection Bureau (cfpb), 協商 (negotiation) and 代偿 (paid)"
    assert strip_pinyin_glosses(text) == text


def test_editor_line_and_takedown_contact_dropped():
    text = "標題\n編輯:刁菁韶 2024-12-12 14:45:56\n正文第一段。\n語音朗讀:\n內容侵權、刪帖舉報聯系方式:15070879527"
    assert drop_boilerplate_lines(text) == "標題\n正文第一段。"


def test_related_and_latest_tail_cut():
    text = "正文最後一段。\n相關推薦\n網貸逾期了會被爆通訊錄嗎\n最新文章\n隨機看看"
    assert drop_boilerplate_lines(text) == "正文最後一段。"


def test_phone_email_and_id_redacted():
    text = "聯系方式:15070879527 3590931873@qq.com 身份证 110101199003071234"
    out = redact_personal_data(text)
    assert "15070879527" not in out and "@qq.com" not in out and "110101199003071234" not in out
    assert out.startswith("聯系方式:")


def test_public_hotlines_not_redacted():
    text = "向12378投诉，或拨打010-12321；CFPB: (855) 411-2372"
    assert redact_personal_data(text) == text


def test_whitespace_normalised():
    assert normalise_whitespace("第一段\u3000 多余  空格\n\n\n\n第二段 ") == "第一段 多余 空格\n\n第二段"
