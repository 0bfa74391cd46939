"""The runtime support check: verbatim quotes pass; paraphrases need the passage's content, figures and polarity."""

import pytest

from chat.support import check_lines, claims, parse_claim, support_reason

PASSAGE = ("第七十条：《商业银行信用卡业务监督管理办法》第七十条规定，持卡人欠款超出还款能力、但仍有还款意愿的，发卡银行可以与持卡人"
           "平等协商，签订个性化分期还款协议，最长期限不超过5年。第六十八条规定，发卡银行不得向与债务无关的第三人催收。")
EN = "Under FDCPA §805(a)(1), a collector may not contact a consumer before 8 a.m. or after 9 p.m. local time."


@pytest.mark.parametrize("sentence, reason", [
    ("发卡银行不得向与债务无关的第三人催收。", ""),                                     # verbatim
    ("發卡銀行不得向與債務無關的第三人催收。", ""),                                     # other script
    ("个性化分期还款协议最长期限不超过5年。", ""),                                       # paraphrase, figure kept
    ("个性化分期还款协议最长期限不超过8年。", "figure not in the passage: 8"),             # figure changed
    ("发卡银行可以向与债务无关的第三人催收。", "polarity flipped"),                      # must not -> may
    ("催收公司可以上门催收并张贴律师函。", "content not in the passage"),
])
def test_support_reason_zh(sentence, reason):
    assert support_reason(sentence, PASSAGE) == reason


@pytest.mark.parametrize("sentence, ok", [
    (EN, True),
    ("Under FDCPA §805(a)(1), a collector may contact a consumer before 8 a.m. local time.", False),
    ("Under FDCPA §807, a collector may not contact a consumer before 8 a.m. or after 9 p.m.", False),
])
def test_support_reason_en(sentence, ok):
    assert (support_reason(sentence, EN) == "") is ok


@pytest.mark.parametrize("line, parsed", [
    ("1. 发卡银行不得向第三人催收。 [1]", ("发卡银行不得向第三人催收。", [1])),
    ("2. 〔美国〕〔分析〕催收人不得在晚上9点后打电话。 [2]", ("催收人不得在晚上9点后打电话。", [2])),
    ("3. [the US · analysis] Collectors may not call after 9 p.m. [3, 4]", ("Collectors may not call after 9 p.m.", [3, 4])),
    ("下一步：可以拨打12378投诉。 [5]", ("可以拨打12378投诉。", [5])),
    ("简短回答：不可以。", None),
])
def test_claim_lines_and_their_labels(line, parsed):
    assert parse_claim(line) == parsed


@pytest.mark.parametrize("lang, script", [("en", None), ("zh", None), ("zh", "hant")])
@pytest.mark.parametrize("lead", ["next_step", "template"])
def test_every_lead_the_composer_writes_before_a_quote_is_not_part_of_the_claim(lang, script, lead):
    from chat.texts import phrases

    quote = "Under CONC 7.9, a firm must not contact customers at unreasonable times." if lang == "en" \
        else "发卡银行不得向与债务无关的第三人催收。"
    assert parse_claim(f"{phrases(lang, script)[lead]}{quote} [2]") == (quote, [2])


def test_check_lines_drops_unsupported_and_unresolved_claims():
    text = "简短回答：不可以。\n1. 发卡银行不得向与债务无关的第三人催收。 [1]\n2. 发卡银行可以向第三人催收。 [1]\n3. 另一句。 [9]"
    checked = check_lines(text, lambda n: PASSAGE if n == 1 else None)
    assert [c.supported for c in checked] == [True, True, False, False]
    assert checked[3].reason == "citation does not resolve"
    assert len(claims(text)) == 3
