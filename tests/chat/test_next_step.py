"""The step an answer ends with names the contact for the asker's situation (next_steps.toml `when` cues): the
RBI's Sachet portal for an unregistered app, 1930 for threats and morphed photos, the Ombudsman otherwise; a quote
naming a contact for another situation does not stand in for it."""

import pytest

from chat.followup import resolve
from chat.knowledge import knowledge_for
from tests.conftest import index_with_docs

DOCS = ["in-complaint-routes-en.md", "in-complaint-routes-zh.md", "guide-in-borrower-en.md", "guide-cn-harassment-zh.md",
        "guide-hk-borrower-zh.md", "guide-hk-borrower-en.md", "guide-tw-borrower-zh.md", "guide-tw-borrower-en.md"]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return knowledge_for(index_with_docs(tmp_path_factory.mktemp("steps"), DOCS))


@pytest.mark.parametrize("question, contact", [
    ("The loan app that's harassing me in India isn't registered with the RBI at all. Where do I report it?", "Sachet"),
    ("In India the recovery agents sent morphed photos of me to my contacts. Where can I complain?", "1930"),
    ("My bank's recovery agent in Delhi calls me at 7am every day. Where can I complain?", "Ombudsman"),
    # the Ombudsman with a way to file: its online portal
    ("My bank's recovery agent in Delhi calls me at 7am every day. Where can I complain?", "cms.rbi.org.in"),
    ("印度的银行催收员每天早上七点打电话给我，可以去哪里投诉？", "cms.rbi.org.in"),
    # 暴力催收 is the common name for abusive collection, not a report of violence for the police
    ("在黑猫投诉上投诉暴力催收有用吗？能不能代替打12378", "12378"),
    ("催收威胁说要找人来收拾我，我该怎么办", "110"),
    # Hong Kong: misused personal data goes to the Privacy Commissioner (form OPS001), the rest to the HKMA
    ("收數公司寄信嚟我屋企，個信封仲貼住我身份證副本，成棟樓都睇到。可以點投訴？", "OPS001"),
    ("The agency in Hong Kong put a copy of my HKID card on the envelope. Who do I complain to?", "OPS001"),
    ("香港嘅收數公司日日打嚟，半夜都打，我可以去邊度投訴？", "2878 1378"),
])
def test_the_step_fits_the_situation(kb, question, contact):
    step = kb.next_step(resolve(question, None), [])
    assert step is not None and contact in step.quote, step


def test_a_quote_naming_the_ombudsman_without_a_way_to_reach_it_leaves_the_number_as_the_step(kb):
    """Taiwan, like Hong Kong: "應先向銀行申訴，再向金融消費評議中心反映" names the body but gives no number, so the
    answer still ends with the ombudsman's free line."""
    named = "臺灣借款人對銀行委外催收人員有不滿時，應先向銀行申訴，再向金融消費評議中心或金管會反映。"
    for question, chosen in [("台灣的討債公司一直打給我媽，我可以去哪裡申訴？", [named]),
                             ("I'm in Taipei and the bank's collector keeps calling my office. Where can I complain?", [])]:
        step = kb.next_step(resolve(question, None), chosen)
        assert step is not None and "0800-789-885" in step.quote, step
    with_number = "金融消費評議中心的金融消費爭議免費服務專線是0800-789-885。"
    assert kb.next_step(resolve("台灣的討債公司一直打給我媽，我可以去哪裡申訴？", None), [with_number]) is None


def test_a_quote_for_another_situation_does_not_replace_the_step(kb):
    turn = resolve("A loan app in India is messaging everyone in my contacts saying I'm a fraud. Where do I complain?",
                   None)
    police = ("A borrower who receives threats from a recovery agent or a loan app should report them to the police, "
              "and can also use 1930 or cybercrime.gov.in.")
    step = kb.next_step(turn, [police])
    assert step is not None and "Ombudsman" in step.quote
