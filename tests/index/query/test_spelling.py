"""Spelling/alias table: each hand entry corrects in a real sentence; generated variants obey their rules."""

import random
from pathlib import Path

import pytest

from index.query import spelling as sp
from index.query.lexicon import domain_terms
from text.script import search_form

REPO = Path(__file__).resolve().parents[3]
CHANNELS = REPO / "corpus" / "channels.toml"

# One sentence per hand-listed entry in index/query/colloquial.tsv, as a borrower would type it.
HAND_CASES = [
    ("摧收", "催收", "最近摧收天天打电话给我，怎么办？"),
    ("通信录", "通讯录", "网贷逾期后他们能不能打我通信录里的人？"),
    ("网带", "网贷", "网带逾期三个月了会被起诉吗？"),
    ("爆通信录", "爆通讯录", "催收说明天就爆通信录，这样合法吗？"),
    ("暴通讯录", "爆通讯录", "他们暴通讯录了，我可以报警吗？"),
    ("炸通讯录", "爆通讯录", "被炸通讯录以后应该去哪投诉？"),
    ("轰炸通讯录", "爆通讯录", "催收轰炸通讯录算不算违法？"),
    ("爆讯录", "爆通讯录", "平台威胁要爆讯录怎么处理？"),
    ("通迅录", "通讯录", "借款时授权了通迅录，他们就能随便打吗？"),
    ("停息挂帐", "停息挂账", "信用卡可以申请停息挂帐吗？"),
    ("挂帐", "挂账", "银行同意挂帐以后还要还利息吗？"),
    ("花被", "花呗", "花被逾期一个月会上征信吗？"),
    ("借被", "借呗", "借被的催收是哪家公司打来的？"),
    ("微利贷", "微粒贷", "微利贷逾期了能协商分期吗？"),
    ("律师涵", "律师函", "收到律师涵是不是马上要被起诉了？"),
    ("网代", "网贷", "网代逾期了打电话给我单位合法吗？"),
    ("征性", "征信", "逾期多久会影响征性？"),
    ("委外催", "委外催收", "银行把我的账交给委外催了吗？"),
    ("暴催", "暴力催收", "遇到暴催应该找哪个部门？"),
    ("个性分期", "个性化分期", "信用卡个性分期最长几年？"),
    ("harrass", "harass", "can a collector harrass my family at work?"),
    ("harrassment", "harassment", "where do I report debt collection harrassment in the UK?"),
    ("harrassing", "harassing", "a collector keeps harrassing me by text"),
    ("collecter", "collector", "can a debt collecter call my boss?"),
    ("collecters", "collectors", "are debt collecters allowed to visit my home?"),
    ("txting", "texting", "what about txting? they send like 10 a day"),
    ("txts", "texts", "the agency keeps sending me txts at night"),
]


@pytest.fixture(scope="module")
def terms():
    return domain_terms(CHANNELS)


@pytest.fixture(scope="module")
def table(terms):
    return sp.build_table(terms, sp.jieba_is_word)


@pytest.fixture(scope="module")
def en_index(terms):
    return sp.english_index(w for t in terms for w in t.split())


def _correct(text, table, en_index):
    return sp.correct_query(text, table, sp.jieba_is_word, en_index, known=lambda w: False)


def test_every_hand_entry_has_a_case():
    assert {(v, c) for v, c, _ in HAND_CASES} == set(sp.colloquial_table().items())


@pytest.mark.parametrize("typed,meant,sentence", HAND_CASES, ids=[c[0] for c in HAND_CASES])
def test_hand_entry_corrects_in_a_sentence(typed, meant, sentence, table, en_index):
    fixed = _correct(sentence, table, en_index)
    assert (typed, meant) in fixed.fixes
    assert fixed.text == search_form(sentence).replace(typed, meant)


@pytest.mark.parametrize("typed,meant", [("网贷平抬", "网贷平台"), ("崔收", "催收"), ("协伤还款", "协商还款"),
                                         ("正信", "征信"), ("律师寒", "律师函"), ("委外崔收", "委外催收")])
def test_generated_sound_and_shape_slips_are_corrected(typed, meant, table):
    assert table.get(typed) == meant


def test_variant_straddling_a_real_word_is_left_alone(table):
    # 网带 is in the table, but here 带走 ("taken away") is the word.
    assert sp.correct_zh("被网带走了", table, sp.jieba_is_word).fixes == []


def test_the_built_table_knows_its_lengths_and_corrects_as_a_plain_dict_does(table):
    assert table.lengths == sorted({len(v) for v in table}, reverse=True) and table.lengths[-1] >= 1
    for text in ("在网带平抬借了钱，崔收天天打电话", "委外崔收找我同事", "被网带走了"):
        assert sp.correct_zh(text, table, sp.jieba_is_word) == sp.correct_zh(text, dict(table), sp.jieba_is_word)


def test_bundled_corpus_text_needs_no_correction(table):
    """Correct text is left alone: not one correction over every bundled document."""
    fixes = []
    for path in sorted((REPO / "corpus" / "docs").glob("*-zh.md")):
        fixes += sp.correct_zh(search_form(path.read_text(encoding="utf-8")), table, sp.jieba_is_word).fixes
    assert fixes == []


def test_english_word_known_to_the_corpus_is_never_changed(en_index):
    # "collectors" is one edit from "collector" but a real word the corpus uses
    assert sp.correct_en("collectors", en_index, known=lambda w: w == "collectors").fixes == []


def test_everyday_english_word_near_a_domain_word_is_left_alone(en_index):
    # "sending" is one letter from the domain's "lending" and the corpus never uses it
    assert sp.correct_en("they keep sending me texts", en_index, known=lambda w: False).fixes == []


def test_english_word_two_edits_away_is_left_alone(en_index):
    assert sp.correct_en("colectr", en_index, known=lambda w: False).fixes == []


# ---------------------------------------------------------------- properties of the generator

def _sample(table, n=400):
    return random.Random(16).sample(sorted(table.items()), min(n, len(table)))


def test_each_variant_is_its_term_with_one_character_changed(table):
    for variant, term in _sample(table):
        assert len(variant) == len(term)
        assert sum(a != b for a, b in zip(variant, term)) == 1, (variant, term)


def test_each_changed_character_sounds_or_looks_alike(table):
    chars = sp.common_chars()
    shapes = sp.look_alike_index(chars, sp.decompositions)
    for variant, term in _sample(table):
        if sp.colloquial_table().get(variant) == term:
            continue
        i = next(i for i, (a, b) in enumerate(zip(variant, term)) if a != b)
        same_sound = set(sp.toneless_readings(variant[i])) & set(sp.toneless_readings(term[i]))
        same_frame = variant[i] in sp.substitutes(term[i], lambda c: (), {}, sp.decompositions, shapes)
        assert same_sound or same_frame, (variant, term)


def test_no_variant_is_a_real_word_or_a_term(table, terms):
    hand = sp.colloquial_table()
    for variant in table:
        if variant in hand:
            continue
        assert not sp.jieba_is_word(variant), variant
        assert variant not in terms, variant


def test_a_variant_two_terms_share_is_dropped():
    def substitute(char):
        return {"乙"} if char in "甲丙" else set()

    table = sp.generate_variants(["甲丁", "丙丁"], substitute, is_word=lambda w: False)
    assert "乙丁" not in table


def test_variants_that_are_words_are_dropped():
    table = sp.generate_variants(["催收"], lambda c: {"吹"} if c == "催" else set(), is_word=lambda w: w == "吹收")
    assert table == {}


def test_correcting_a_term_changes_nothing(table, terms):
    for term in sorted(t for t in terms if not t.isascii())[:200]:
        assert sp.correct_zh(term, table, sp.jieba_is_word).text == term


def test_each_sampled_variant_alone_corrects_to_its_term(table):
    for variant, term in _sample(table, 200):
        assert sp.correct_zh(variant, table, sp.jieba_is_word).text == term


def test_english_slips_are_fixed_toward_any_word_the_corpus_uses():
    """Not only domain terms: "recieved" is one edit from the corpus's "received"; an inflection of a corpus word
    ("misusing" of "misuse", one edit from "missing") is the word itself, not a slip."""
    from index.query.plan import QueryTools

    tools = QueryTools.build(CHANNELS, ["received", "missing", "misuse", "punished", "punish", "letter"])
    assert tools.plan("I recieved a letter", reduce=False, translate=False).fixes == [("recieved", "received")]
    assert tools.plan("they are misusing my data", reduce=False, translate=False).fixes == []
    assert tools.plan("which law punishes it", reduce=False, translate=False).fixes == []
