"""Script and width forms on real Simplified, Traditional and English strings."""

import pytest

from text.script import detect_script, search_form, to_halfwidth, to_simplified, to_traditional


def test_search_form_is_simplified_halfwidth_lowercase():
    assert search_form("網絡催收平臺 ＦＤＣＰＡ １２３") == "网络催收平台 fdcpa 123"


def test_traditional_and_simplified_round_trip_on_the_seed_title():
    assert to_simplified("催收最難協調的平臺是哪個？") == "催收最难协调的平台是哪个？"
    assert to_traditional("催收最难协调的平台是哪个？") == "催收最難協調的平臺是哪個？"


@pytest.mark.parametrize("simplified, traditional", [
    ("银行自催：债权人和打电话的都是发卡银行", "銀行自催：債權人和打電話的都是發卡銀行"),
    ("发卡机构应当与持卡人平等协商", "發卡機構應當與持卡人平等協商"),
    ("信用卡发卡量逐年增加", "信用卡發卡量逐年增加"),
])
def test_card_issuing_is_not_converted_to_a_hair_clip(simplified, traditional):
    """OpenCC's phrase table turns 发卡 into 髮卡 (a hair clip); a Traditional answer says 發卡銀行."""
    assert to_traditional(simplified) == traditional


def test_conversion_leaves_english_and_digits_alone():
    text = "Regulation F limits calls to 7 in 7 days."
    assert to_simplified(text) == text and to_traditional(text) == text


def test_halfwidth_folds_fullwidth_letters_digits_and_punctuation():
    assert to_halfwidth("ＦＤＣＰＡ第８０５條（ｃ）") == "FDCPA第805條(c)"


@pytest.mark.parametrize("text, script", [
    ("个人信息保护法禁止向无关第三人披露债务", "hans"),
    ("個人資料私隱條例禁止向無關第三者披露債務", "hant"),
    ("催收最難協調的平臺是哪個？", "hant"),
    ("What does the FCA say about arrears?", None),
    ("中文", None),  # characters shared by both scripts say nothing
    ("台灣呢？", "hant"),  # 台 is written in Taiwan and Hong Kong too: only 灣 tells
    ("台湾呢？", "hans"),
])
def test_detect_script(text, script):
    assert detect_script(text) == script
