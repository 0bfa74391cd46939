"""A question's key terms render in the other language for a cross-lingual query."""

from pathlib import Path

from index.query.glossary import all_pairs, channel_pairs, translate_terms

CHANNELS = Path(__file__).resolve().parents[3] / "corpus" / "channels.toml"


def test_chinese_question_gets_english_terms_and_keeps_latin_names():
    t = translate_terms("美国FDCPA里的“消费者”包括债务人的配偶吗？", all_pairs(CHANNELS))
    assert t.target_lang == "en"
    words = t.text.split()
    assert "fdcpa" in words and "spouse" in words and "debtor" in words


def test_longest_chinese_term_wins_over_its_parts():
    t = translate_terms("信用卡个性化分期还款协议里要写明哪些内容？", all_pairs(CHANNELS))
    assert "个性化分期还款协议" in t.matched and "分期" not in t.matched
    assert "personalised instalment agreement" in t.text


def test_english_question_gets_chinese_terms():
    t = translate_terms("Is there a Chinese template for asking a bank for a repayment plan?", all_pairs(CHANNELS))
    assert t.target_lang == "zh"
    assert "模板" in t.text and "还款计划" in t.text and "银行" in t.text


def test_english_plural_matches_singular_entry():
    t = translate_terms("What do collectors say in lawyer's letters?", all_pairs(CHANNELS))
    assert "律师函" in t.text


def test_channel_aliases_translate_both_ways():
    pairs = dict(channel_pairs(CHANNELS))
    assert "outsourced collection" in pairs["委外催收"]
    t = translate_terms("Can an outsourced collection agency waive interest?", all_pairs(CHANNELS))
    assert "委外催收" in t.text.split() or "催收外包" in t.text.split()


def test_question_without_known_terms_translates_to_nothing():
    assert translate_terms("今天天气怎么样？", all_pairs(CHANNELS)).text == ""
