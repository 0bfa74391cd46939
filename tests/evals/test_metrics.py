"""Each metric function on real Chinese and English strings."""

from __future__ import annotations

import pytest

from evals import metrics as m

ZH_ANSWER = (
    "根据资料库中的来源：\n"
    "1. 個性化分期還款協議的最長期限是５年。 [1]\n"
    "2. 发卡银行只能向债务人和担保人催收，不得向与债务无关的第三人催收。 [2]\n"
    "\n以上内容摘自所引来源，仅为信息整理，不构成法律意见。"
)
EN_ANSWER = (
    "According to the sources in the knowledge base:\n"
    "1. A convenient time is after 8 a.m. and before 9 p.m. local time at the consumer's location. [1]\n"
    "2. 《商业银行信用卡业务监督管理办法》第六十八条规定，发卡银行只能向债务人本人及其担保人催收，不得向与债务无关的第三人催收。 [2]\n"
    "\nThe lines above are quoted from the cited sources; this is information, not legal advice."
)


def test_source_family_folds_translations():
    assert m.source_family("cn-pipl-zh") == "cn-pipl"
    assert m.source_family("us-fdcpa-en") == "us-fdcpa"
    assert m.source_family("seed-cuishou-nanxietiao") == "seed-cuishou-nanxietiao"
    assert m.ranked_families(["us-fdcpa-en", "us-fdcpa-zh", "us-regulation-f-en"]) == ["us-fdcpa", "us-regulation-f"]


def test_recall_at_k_counts_gold_documents_in_either_language():
    retrieved = ["channel-bank-inhouse-zh", "channel-bank-inhouse-en", "template-x-zh", "cn-pipl-zh"]
    gold = ["channel-bank-inhouse-en", "cn-credit-card-measures-2011-zh"]
    assert m.recall_at_k(retrieved, gold, 5) == 0.5
    assert m.recall_at_k(retrieved, ["cn-pipl-en"], 2) == 0.0  # third distinct document: outside top 2
    assert m.recall_at_k(retrieved, ["cn-pipl-en"], 3) == 1.0
    assert m.recall_at_k(retrieved, [], 5) is None


def test_reciprocal_rank_of_first_gold_document():
    retrieved = ["guide-cn-harassment-zh", "guide-cn-harassment-en", "cn-pipl-zh", "us-fdcpa-en"]
    assert m.reciprocal_rank(retrieved, ["cn-pipl-en", "us-fdcpa-en"]) == pytest.approx(1 / 2)
    assert m.reciprocal_rank(retrieved, ["guide-cn-harassment-en"]) == 1.0
    assert m.reciprocal_rank(retrieved, ["eu-gdpr-collection-en"]) == 0.0
    assert m.reciprocal_rank(retrieved, ["us-fdcpa-en"], k=2) == 0.0
    assert m.reciprocal_rank(retrieved, []) is None


def test_key_facts_match_traditional_answer_and_full_width_digits():
    facts = [["个性化分期"], ["5年", "5 years"], ["与债务无关的第三人", "unrelated third party"]]
    assert m.fact_groups_matched(ZH_ANSWER, facts) == [True, True, True]
    assert m.key_facts_hit(ZH_ANSWER, facts, refused=False)


def test_key_facts_simplified_fact_matches_traditional_text_and_the_reverse():
    assert m.fact_groups_matched("資料庫：催收記錄至少保存2年。", [["催收记录"], ["2年"]]) == [True, True]
    assert m.fact_groups_matched("催收记录至少保存2年。", [["催收記錄"]]) == [True]


def test_key_facts_are_case_insensitive_and_need_every_group():
    answer = "Complain to the FINANCIAL OMBUDSMAN Service after eight weeks."
    assert m.fact_groups_matched(answer, [["financial ombudsman", "FOS"], ["8 weeks", "eight weeks"]]) == [True, True]
    assert m.fact_groups_matched(answer, [["Financial Ombudsman"], ["FCA"]]) == [True, False]
    assert not m.key_facts_hit(answer, [["Financial Ombudsman"], ["FCA"]], refused=False)


@pytest.mark.parametrize("answer, atom, hit", [
    ("Breathing Space gives a standard 60-day moratorium.", "60 days", True),
    ("It pauses enforcement for 60 days.", "60-day", True),
    ("You have 30 days to dispute it.", "30-day", True),
    ("A 2-year record is kept.", "2 years", True),
    ("It lasts 6 days.", "60 days", False),  # another number is no match
    ("60 daily calls were logged.", "60 days", False),  # not the unit
])
def test_a_number_and_its_unit_match_hyphenated_or_plural(answer, atom, hit):
    assert m.fact_groups_matched(answer, [[atom]]) == [hit]


def test_refused_answerable_question_scores_zero_even_if_text_matches():
    assert not m.key_facts_hit("资料库中没有足够的证据回答这个问题。", [["证据"]], refused=True)


def test_citation_problems_require_retrieved_chunk_and_verbatim_quote():
    evidence = {"a#1": "第六十八条：发卡银行只能向债务人和担保人催收。", "b#2": "A convenient time is after 8 a.m."}
    ok = [(1, "a#1", "发卡银行只能向债务人和担保人催收。"), (2, "b#2", "A convenient time is after 8 a.m.")]
    assert m.citation_problems(ok, evidence) == []
    problems = m.citation_problems([(1, "c#9", "x"), (2, "a#1", "发卡银行可以向任何人催收。")], evidence)
    assert len(problems) == 2
    assert "not retrieved" in problems[0] and "[2]" in problems[1]


def test_claims_parses_numbered_cited_lines_only():
    claims = m.claims(ZH_ANSWER)
    assert claims == [("個性化分期還款協議的最長期限是５年。", [1]),
                      ("发卡银行只能向债务人和担保人催收，不得向与债务无关的第三人催收。", [2])]
    assert m.claims("Two sources agree on this. [1, 3]") == [("Two sources agree on this.", [1, 3])]
    assert m.claims("According to the sources in the knowledge base:") == []


def test_sentence_supported_by_substring_across_scripts():
    passage = "第七十条：个性化分期还款协议的最长期限是5年，口头协议应当录音。"
    assert m.sentence_supported("個性化分期還款協議的最長期限是５年。", [passage])


def test_sentence_supported_by_token_recall_and_rejected_when_passage_differs():
    passage = ("§805(a)(1): Without consent, an FDCPA debt collector must not communicate at an unusual time; "
               "a convenient time is after 8 a.m. and before 9 p.m. local time.")
    paraphrase = "An FDCPA debt collector must communicate only after 8 a.m. and before 9 p.m. local time."
    assert m.token_recall(paraphrase, passage) >= 0.8
    assert m.sentence_supported(paraphrase, ["unrelated text about GDPR", passage])
    assert not m.sentence_supported("A collector may call at midnight on Sundays in Ireland.", [passage])
    assert not m.sentence_supported("催收人可以随时联系债务人的同事。", [passage])


def test_support_share():
    passage = "个性化分期还款协议的最长期限是5年。"
    assert m.support_share([("个性化分期还款协议的最长期限是5年。", [passage]),
                            ("催收人可以在凌晨打电话。", [passage])]) == 0.5
    assert m.support_share([]) is None


def test_language_match_ignores_quoted_spans():
    quotes = ["A convenient time is after 8 a.m. and before 9 p.m. local time at the consumer's location.",
              "《商业银行信用卡业务监督管理办法》第六十八条规定，发卡银行只能向债务人本人及其担保人催收，不得向与债务无关的第三人催收。"]
    assert m.language_matches(EN_ANSWER, quotes, "en")
    assert not m.language_matches(EN_ANSWER, quotes, "zh")
    # without removing the Chinese quote, the long quote would make the English framing look Chinese
    assert m.detect_lang(m.framing_text(EN_ANSWER, quotes[:1])) == "zh"
    zh_quotes = ["個性化分期還款協議的最長期限是５年。"]
    assert m.language_matches(ZH_ANSWER, zh_quotes, "zh")


def test_language_match_english_quotes_inside_chinese_framing():
    answer = ("根据资料库中的来源：\n1. Under the FDCPA, a debt collector must not call before 8 a.m. or after "
              "9 p.m. at the consumer's location. [1]\n\n以上内容摘自所引来源，仅为信息整理，不构成法律意见。")
    quote = "Under the FDCPA, a debt collector must not call before 8 a.m. or after 9 p.m. at the consumer's location."
    assert m.language_matches(answer, [quote], "zh")


def test_language_match_fails_a_single_line_in_the_other_script():
    """A Traditional refusal naming the closest guide by its Simplified title mixes scripts."""
    refusal = ("資料庫沒有新加坡的催收規則資料，因此不作回答，以免用別處的規定誤導您。\n"
               "資料庫裏最接近的資料是《被网贷或信用卡催收骚扰怎么办：保存证据、投诉渠道、协商还款》。\n"
               "您可以換一種問法，或詢問催收規則、催收渠道、投訴途徑相關的問題。")
    question = "那如果在新加坡呢？"
    assert not m.language_matches(refusal, [], "zh", "收數佬成日打去我公司，點算好？" + question)
    converted = refusal.replace("《被网贷或信用卡催收骚扰怎么办：保存证据、投诉渠道、协商还款》",
                                "《被網貸或信用卡催收騷擾怎麼辦：保存證據、投訴渠道、協商還款》")
    assert m.language_matches(converted, [], "zh", "收數佬成日打去我公司，點算好？" + question)


def test_percentile():
    assert m.percentile([10, 20, 30, 40], 50) == 25
    assert m.percentile([5.0], 95) == 5.0
    assert m.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == pytest.approx(9.55)
    assert m.percentile([], 50) is None


def test_aggregate_counts_only_questions_a_metric_applies_to():
    def row(**scores):
        base = dict.fromkeys(("key_facts", "refused_unanswerable", "refused_answerable", "citations_valid",
                              "support", "lang_match", "recall_at_k", "rr", "latency_ms"))
        return {"scores": {**base, **scores}}

    rows = [row(key_facts=1.0, refused_answerable=0.0, citations_valid=1.0, support=1.0, lang_match=1.0,
                recall_at_k=1.0, rr=1.0, latency_ms=40),
            row(key_facts=0.0, refused_answerable=1.0, lang_match=1.0, recall_at_k=0.5, rr=0.5, latency_ms=60),
            row(refused_unanswerable=1.0, lang_match=0.0, latency_ms=50)]
    values, counts = m.aggregate(rows)
    assert values["key_fact_recall"] == 0.5 and counts["key_fact_recall"] == 2
    assert values["false_refusal_rate"] == 0.5
    assert values["refusal_recall"] == 1.0 and counts["refusal_recall"] == 1
    assert values["citation_validity"] == 1.0 and counts["citation_validity"] == 1
    assert values["language_match"] == pytest.approx(2 / 3)
    assert values["recall_at_5"] == 0.75 and values["mrr_at_10"] == 0.75
    assert values["latency_p50_ms"] == 50
    assert set(values) == set(m.METRICS)
