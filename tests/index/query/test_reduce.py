"""Long, emotional questions reduce to their information need; short ones pass through."""

from pathlib import Path

import pytest

from index.query.lexicon import domain_terms
from index.query.reduce import reduce_question, split_clauses
from text.script import search_form

CHANNELS = Path(__file__).resolve().parents[3] / "corpus" / "channels.toml"

ZH_HANS = ("我真的快崩溃了，去年失业以后在好几个网贷平台借了钱，现在逾期三个月了。催收天天打电话给我爸妈和同事，"
           "还说要爆我通讯录，我晚上整夜整夜睡不着。我想问一下，他们这样联系我的家人和同事合法吗？我可以去哪里投诉？")
ZH_HANT = ("說實話我現在每天都很焦慮，信用卡欠了八萬多，銀行的催收一天打十幾通電話，連我公司座機都打，"
           "我老婆都快要跟我離婚了。請問銀行一天可以打這麼多電話嗎？有沒有什麼規定？")
EN = ("I'm honestly at the end of my rope. I lost my job last spring and fell behind on my credit card, and now a "
      "debt collector calls me five or six times a day, even at work, and yesterday they called my mother. "
      "I'm in Texas. Is this even legal under the FDCPA, and who can I complain to?")
MIXED = ("我在英国读书，之前用信用卡消费，现在还不上了，collection agency 一直发邮件和打电话，我很害怕会影响签证，"
         "压力大到吃不下饭。UK 这边对催收有什么规定？可以向 FCA 投诉吗？")
EN_UK = ("My partner and I have been fighting constantly about money and I feel so ashamed. A collection agency keeps "
         "turning up at our flat in London and knocking on the door late at night. What do the FCA rules say about "
         "doorstep visits?")


@pytest.fixture(scope="module")
def domain():
    return domain_terms(CHANNELS)


def test_simplified_question_keeps_channel_terms_and_the_ask(domain):
    r = reduce_question(ZH_HANS, domain)
    assert r.reduced and len(r.text) < len(search_form(ZH_HANS))
    for kept in ("网贷平台", "逾期", "通讯录", "合法吗", "投诉"):
        assert kept in r.text
    for dropped in ("崩溃", "睡不着", "我想问一下"):
        assert dropped not in r.text


def test_traditional_question_drops_feelings_and_family_story(domain):
    r = reduce_question(ZH_HANT, domain)
    assert r.reduced
    for kept in ("信用卡", "催收", "公司座机", "规定"):
        assert kept in r.text
    for dropped in ("焦虑", "离婚", "说实话"):
        assert dropped not in r.text


def test_english_question_keeps_who_did_what_where_and_the_ask(domain):
    r = reduce_question(EN, domain)
    assert r.reduced and r.jurisdictions == ["US"]
    assert "end of my rope" not in r.text and "honestly" not in r.text
    for kept in ("debt collector", "at work", "called my mother", "fdcpa", "complain"):
        assert kept in r.text
    assert "fdcpa" in r.terms and "debt collector" in r.terms


def test_mixed_language_question_keeps_english_terms_inside_chinese_clauses(domain):
    r = reduce_question(MIXED, domain)
    assert r.reduced and "UK" in r.jurisdictions
    assert "collection agency" in r.text and "fca" in r.text and "规定" in r.text
    assert "害怕" not in r.text and "吃不下饭" not in r.text


def test_english_uk_question_drops_the_quarrel_keeps_the_visits(domain):
    r = reduce_question(EN_UK, domain)
    assert r.reduced and r.jurisdictions == ["UK"]
    assert "ashamed" not in r.text and "fighting" not in r.text
    assert "collection agency" in r.text and "doorstep" in r.text


@pytest.mark.parametrize("question", ["花呗逾期了会上征信吗？", "Can a debt collector call my boss?"])
def test_short_question_passes_through(domain, question):
    r = reduce_question(question, domain)
    assert not r.reduced and r.text == search_form(question)


def test_story_without_any_ask_or_term_is_left_whole(domain):
    story = "我今天心情特别不好，早上起来就下雨，公交车也晚点了，到了单位又被领导说了一顿，回家路上还把手机丢了。"
    r = reduce_question(story, domain)
    assert r.text == search_form(story) or "单位" in r.text


def test_clauses_keep_their_punctuation():
    assert split_clauses("催收打电话，合法吗？Is it legal? yes") == ["催收打电话，", "合法吗？", "Is it legal?", "yes"]
