"""Three defects a borrower met (issue 11, session 3), on a real index: a yes/no lead with the wrong polarity, a
follow-up naming a new country refused, and a sentence that only announces what a text will discuss quoted as
evidence. Plus the pure functions behind the fixes, table-driven."""

import pytest

from chat.answer import answer_question
from chat.quotes import announces, quotable_spans
from chat.verdict import act_polarity, asked_role, verdict, yes_no_words
from tests.conftest import index_with_docs

EXTRA_DOCS = ["cn-pipl-zh.md", "uk-fca-conc7-zh.md", "guide-uk-borrower-zh.md", "guide-cn-harassment-zh.md",
              "channel-seed-three-platform-types-zh.md"]


@pytest.fixture(scope="module")
def borrower_index(tmp_path_factory):
    """The small corpus plus the documents these questions need, with the shipped embedding snapshots."""
    return index_with_docs(tmp_path_factory.mktemp("borrower"), EXTRA_DOCS)


# --- the defects, end to end -------------------------------------------------------------------------------------

def test_yes_no_lead_follows_the_quoted_rule(borrower_index):
    answer = answer_question(borrower_index, "网贷天天爆我通讯录，这合法吗？")
    assert not answer.refused
    lead = answer.text.splitlines()[1]
    assert "可以" not in lead  # the old answer said 简短回答：可以。
    if lead.startswith("简短回答"):
        assert "不合法" in lead
    assert any("通讯录" in c.quote for c in answer.citations)


def test_follow_up_naming_a_new_country_is_answered_with_its_sources(borrower_index):
    answer = answer_question(borrower_index, "那在英国呢？", history=["网贷天天爆我通讯录，这合法吗？"])
    assert not answer.refused, answer.why
    assert answer.citations and all(c.source_id.startswith(("uk-", "guide-uk-")) for c in answer.citations
                                    if not c.source_id.startswith("channel-"))
    assert not any(c.source_id.startswith("cn-") for c in answer.citations)


def test_announcements_are_never_quoted(borrower_index):
    answer = answer_question(borrower_index, "催收最难协调的平台是哪个？")
    assert not answer.refused
    assert not any("探讨" in c.quote or "探討" in c.quote or announces(c.quote) for c in answer.citations)


# --- the pure functions behind them --------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("催收人员不得向债务人以外的第三人透露债务信息。", "prohibit"),
    ('"爆通讯录"缺乏《个人信息保护法》第十三条规定的合法依据，也违反第六条的最小必要原则。', "prohibit"),
    ("虚假暗示有权进行诉讼，属于英国《2007年法律服务法》第17条规定的犯罪。", "prohibit"),
    ("A debt collector may not call before 8 a.m.", "prohibit"),
    ("Threatening arrest is illegal under the FDCPA.", "prohibit"),
    ("A borrower can point out that the RBI Digital Lending Guidelines 2022 bar apps from accessing the contact list.",
     "prohibit"),
    ("The Bar Council of India regulates lawyers who collect debts.", ""),
    ("借款人可以与银行协商个性化分期还款。", "permit"),
    ("A collector may contact your employer only to confirm your location.", ""),  # a condition: neither
    ("Collectors may call between 8 a.m. and 9 p.m.", "permit"),
    # obligations and remedies do not say whether the act is allowed
    ("《个人信息保护法》第六十九条对个人信息侵权适用过错推定。", ""),
    ("可以拨打12378投诉催收不当。", ""),
    ("催收机构应当建立投诉处理机制。", ""),
    ("You can complain to the CFPB online.", ""),
    # a permission limited to some, or denied, says nothing about an act it does not name (the guarantor: yes;
    # a colleague: no)
    ("《商业银行信用卡业务监督管理办法》第六十八条只允许向债务人和担保人催收。", ""),
    ("发卡银行只能向债务人本人及其担保人催收，不得向与债务无关的第三人催收。", ""),
    ("打电话的人往往不是有权同意还款方案的人。", ""),
    # checking who is calling is the borrower's step, and "only the registered" limits whom the rule allows: asked
    # "是不是任何討債公司都可以幫銀行催收？", neither is a yes
    ("臺灣借款人可以詢問催收人員所屬公司，再向銀行確認該公司是否為銀行委託的催收機構，因為只有登記的催收公司可以受託催收。", ""),
    ("收到律师函时，借款人可以先核实律所是否真实、是否受债权人委托。", ""),
    # ... while a prohibition that names who may start it still forbids
    ("在英国，个人不能自己启动标准喘息期：只有获FCA授权的债务咨询机构才能启动。", "prohibit"),
])
def test_rule_polarity(sentence, expected):
    assert act_polarity(sentence) == expected


@pytest.mark.parametrize("question, lang, words", [
    ("这合法吗？", "zh", ("合法", "不合法")),
    ("催收爆通讯录违法吗？", "zh", ("不违法", "违法")),
    ("他们可以找我同事吗？", "zh", ("可以", "不可以")),
    ("Is it legal for them to call my boss?", "en", ("yes", "no")),
    ("Is it illegal for a collector to call my boss?", "en", ("no", "yes")),
    # only the clause that asks: 是 in "我欠的是…" does not make it a 是不是 question
    ("我欠的是正规银行的信用卡，催收一直骚扰我，我能告他们催收非法债务罪吗？", "zh", ("可以", "不可以")),
])
def test_yes_no_words_fit_the_question(question, lang, words):
    assert yes_no_words(question, lang) == words


class _Q:
    def __init__(self, quote: str, overlap: float = 1.0, labels: tuple[str, ...] = ()):
        self.quote, self.overlap, self.labels = quote, overlap, labels


@pytest.mark.parametrize("name, quotes, expected", [
    ("a prohibition answers no", [_Q("催收人员不得向第三人透露债务。")], ("不可以", False)),
    ("a permission of the asked party answers yes", [_Q("催收人员可以联系担保人。")], ("可以", False)),
    ("the borrower's permission does not answer a question about them", [_Q("借款人可以与银行协商分期还款。")],
     ("", False)),
    ("a clause about the asked party counts, the borrower's does not",
     [_Q("借款人可以投诉，但催收人员不得联系与债务无关的第三人。")], ("不可以", False)),
    ("no polarity: no lead", [_Q("第六十九条对个人信息侵权适用过错推定。")], ("", False)),
    ("quotes that disagree: no lead", [_Q("催收人员不得联系第三人。"), _Q("催收人员可以联系担保人。")], ("", False)),
    ("a quote too far from the question does not count", [_Q("催收人员可以联系担保人。", 0.1)], ("", False)),
    ("only unverified quotes: said so", [_Q("催收人员不得联系第三人。", labels=("unverified",))], ("不可以", True)),
])
def test_verdict(name, quotes, expected):
    assert verdict("他们这样可以吗？", "zh", quotes, 0.3) == expected, name  # names no act: any rule's polarity


@pytest.mark.parametrize("question, lang, quotes, expected", [
    # the permission is the borrower's, the question asks about anti-collection agents
    ("反催收代理能帮我解决债务吗？", "zh", [_Q("借款人可以自己直接联系债权人协商，也可以自己使用12378等官方投诉渠道。")],
     ("", False)),
    ("我可以自己和银行协商吗？", "zh", [_Q("借款人可以与银行协商个性化分期还款。")], ("可以", False)),
    ("Can a debt collector call my employer?", "en", [_Q("A debt collector may not call your employer if you ask.")],
     ("no", False)),
    ("Can debt settlement companies really fix my debt?", "en", [_Q("You can negotiate with the creditor yourself.")],
     ("", False)),
    ("这合法吗？", "zh", [_Q("催收人员不得向第三人透露债务。")], ("不合法", False)),   # no subject: the rule decides
    # "is that allowed" after a story about the collector asks about the collector: the borrower's own option is
    # no answer
    ("collector texts me every single day and there's no way to unsubscribe, is that allowed?", "en",
     [_Q("A borrower can opt out of collection texts or emails under Regulation F by replying \"stop\".")],
     ("", False)),
    ("I'm in Texas and a debt collector keeps calling me at 6am before work. Is that even legal?", "en",
     [_Q("Under Regulation F, a person may tell a debt collector not to use a particular medium, for example "
         "\"stop calling\".")], ("", False)),
    ("Is mass-contacting my phone contacts allowed under China's PIPL?", "en",
     [_Q("Address-book blasting lacks a lawful basis under PIPL Art. 13.")], ("no", False)),
    # "does not comply with the rules" forbids; "借款人可以据此投诉" is a remedy, not a permission of the act
    ("催收打电话给我老板，说我欠钱不还，这合法吗？", "zh",
     [_Q("催收人员打电话给借款人的同事或朋友并说出欠款，不符合信用卡办法第六十八条、GB/T 45251—2025和银行业协会2026年"
         "指引的规定，借款人可以据此投诉。")], ("不合法", False)),
    # a "no legal obligation" clause does not turn a prohibition into a permission
    ("Can a Taiwanese bank's collector call my co-workers?", "en",
     [_Q("A Taiwanese bank's collector must not pursue family members, co-workers or emergency contacts who have no "
         "legal obligation for the debt.")], ("no", False)),
    # what is reported ("the position that such contact is unlawful") has its own subject
    ("Is it lawful under GDPR for a debt collector to contact my neighbours?", "en",
     [_Q("An EU borrower whose neighbours are contacted about a debt can raise the Hungarian DPA position that such "
         "contact is unlawful.")], ("no", False)),
    # a quote binding another party (here the CBA rule, whose clause is about the debtor being unreachable) does
    # not veto the rule that binds the asked one
    ("催收打电话给我同事，还跟他说我欠钱不还，这合法吗？", "zh",
     [_Q("催收人员打电话给借款人的同事或朋友并说出欠款，不符合信用卡办法第六十八条、GB/T 45251—2025和银行业协会2026年"
         "指引的规定，借款人可以据此投诉。"),
      _Q("按照银行业协会2026年催收指引，只有债务人失联时，才可以为获取债务人联系方式联系债务无关第三人，不得向其透露债务，"
         "对方拒绝的应停止联系。")], ("不合法", False)),
    # the yes/no is asked first and where to complain last: the lead answers the yes/no
    ("催收说今天不还钱就去我单位闹，还要打电话给我们老板，这合法吗？我该去哪投诉？", "zh",
     [_Q("催收人员打电话给借款人的同事或朋友并说出欠款，不符合信用卡办法第六十八条、GB/T 45251—2025和银行业协会2026年"
         "指引的规定，借款人可以据此投诉。")], ("不合法", False)),
    ("HK bank's debt collector keeps calling my referee, is that allowed? who do I complain to", "en",
     [_Q("Under HKMA guidance, a bank's debt collector must not try to recover a debt from referees who have not "
         "signed a guarantee.")], ("no", False)),
    # "幾點到幾點才能打嗎" has 能 in it but asks for hours: the yes/no is the clause before it
    ("在台中被討債公司晚上十一點還打來，這樣可以嗎？台灣有規定幾點到幾點才能打嗎", "zh",
     [_Q("臺灣的討債公司（銀行委外催收人員）晚上十點以後不能再打電話催收，早上七點以前也不行，除非債務人同意。")],
     ("不可以", False)),
    # the party filter only vetoes a lead: it never turns quotes that disagree into a lone 是
    ("我欠的是正规银行的信用卡，催收一直骚扰我，我能告他们催收非法债务罪吗？", "zh",
     [_Q("用暴力或骚扰手段催收银行信用卡欠款等合法债务，不构成催收非法债务罪。"),
      _Q("信用卡欠款超出还款能力的，可以申请个性化分期还款协议。")], ("", False)),
    # the act is what follows the modal ("还能继续催"); "分期协议签了以后" only says when: a rule allowing the
    # instalment agreement says nothing about further collection
    ("那分期协议签了以后他们还能继续催吗", "zh",
     [_Q("信用卡欠款超出还款能力但仍愿意还款的，可以依据《商业银行信用卡业务监督管理办法》第七十条申请个性化分期还款协议，最长5年。")],
     ("", False)),
])
def test_verdict_needs_the_asked_party(question, lang, quotes, expected):
    assert verdict(question, lang, quotes, 0.3) == expected


@pytest.mark.parametrize("question, lang, party", [
    ("反催收代理能帮我解决债务吗？", "zh", "other"),
    ("他们可以找我同事吗？", "zh", "other"),
    ("我可以不接催收电话吗？", "zh", "borrower"),
    ("网贷天天爆我通讯录，这合法吗？", "zh", "other"),  # 这 is what the lender did
    ("收到一封律师涵说要起诉我，他们还把律师函贴在我家小区门口的公告栏上，这样合法吗", "zh", "other"),
    ("collector texts me every single day and there's no way to unsubscribe, is that allowed?", "en", "other"),
    ("Is it legal for them to call my boss?", "en", "other"),
    ("Can I stop paying while I sort this out?", "en", "borrower"),
    ("Is that even legal?", "en", ""),
])
def test_asked_role(question, lang, party):
    assert asked_role(question, lang) == party


@pytest.mark.parametrize("question, lang", [
    ("收到一封律师函，说要起诉我，这个是真的吗？", "zh"),
    ("听说互金协会出了新规定，催收不能打给家人了，是真的吗？", "zh"),
    ("Is it true that collectors can never call after 9 p.m.?", "en"),
])
def test_a_claim_to_check_gets_no_lead_from_a_rules_polarity(question, lang):
    quotes = [_Q("律师函本身不等于起诉，借款人可以先核实律所是否真实。"), _Q("催收人员不得在22点后打电话。")]
    assert verdict(question, lang, quotes, 0.3, claim=True) == ("", False)


@pytest.mark.parametrize("sentence, expected", [
    ("本站將探討這一問,從多個維度分析各大催收平臺的特點、優勢與劣勢,并最終揭示最難協調的平臺。", True),
    ("In this article we will look at which collectors are hardest to deal with.", True),
    ("下面我们来聊聊催收的几种方式。", True),
    ("网贷与助贷渠道同时具备三个难点：多方共管一笔贷款。", False),
    ("以下情形属于违法催收。", False),
    ("The CFPB will investigate complaints about collectors.", False),
])
def test_announcements(sentence, expected):
    assert announces(sentence) is expected
    assert (not quotable_spans(sentence)) if expected else True


@pytest.mark.parametrize("question, asks", [
    # Whether an act is allowed: a rule's polarity answers it.
    ("催收可以打电话给我同事吗？", True),
    ("催收一直打給我的同事，說我欠錢不還，這樣合法嗎？我很怕被公司開除", True),
    ("Can a debt collector contact me through Facebook in the US?", True),
    ("collector keeps emailing my work email address, everyone at work can see my inbox. allowed?", True),
    ("Can a debt collector call me before 8 a.m. under the FDCPA?", True),  # "a.m." does not end a clause
    ("I live in Texas. A collector calls my boss. Is that legal?", True),
    # What is the case, or how much: a rule permitting or forbidding something does not answer it.
    ("If I tell a debt collector to stop contacting me, does that cancel my debt?", False),
    ("跟信用卡中心签了个性化分期协议以后，催收还会不会继续打电话来？", False),
    ("催收人员在我家门口摆花圈、拉横幅，算不算“软暴力”？", False),
    ("律师函是不是就等于已经把我告上法院了？", False),
    ("Does South Korea's night-time collection ban start earlier than the China Banking Association's?", False),
    ("最长能分几年？", False),
    ("If a collector harasses me over an ordinary credit-card debt, is that the crime of collecting illegal debts?",
     False),  # "illegal debts" names the crime, it does not ask whether an act is illegal
])
def test_only_a_question_whether_an_act_is_allowed_gets_a_yes_no_lead(question, asks):
    from chat.verdict import asks_permission

    assert asks_permission(question) is asks


def test_a_factual_yes_no_question_gets_no_lead_from_a_rule():
    quotes = [_Q("Under FDCPA §805(c), a collector must stop contacting a consumer who asks in writing, "
                 "but the consumer may still be sued.")]
    assert verdict("If I tell a debt collector to stop contacting me, does that cancel my debt?", "en", quotes,
                   0.0) == ("", False)


# --- the contact an answer ends with (session 6) ------------------------------------------------------------------

POLICE = "110"


@pytest.mark.parametrize("question", [
    # asks whether to call the police, in the last of two questions
    "我爸妈在农村老家。催收说要去村里贴告示、拉横幅让全村人都知道我欠钱。这个算不算违法啊？我能报警吗",
    # a threat of violence, asking what to do first (no question mark; "几个人" in the story is not a number asked)
    "催收今天在电话里威胁我，说知道我家住哪，晚上要找几个人过来收拾我。我现在很害怕，我应该先做什么",
    # a claim to check, made with a threat of arrest by someone posing as the court
    "有人打电话说自己是法院的，明天就带人来抓我，让我今天把钱转到他给的账户就能撤案。是真的吗？",
    # a threat to publish private information, the guide's own fifth situation for 110
    "催收说如果我不还钱就要把我的照片和身份证发到网上，还说要P成通缉令，这种情况怎么办？",
])
def test_a_threat_or_a_question_about_the_police_ends_with_the_police_contact(borrower_index, question):
    answer = answer_question(borrower_index, question)
    assert not answer.refused, answer.why
    assert any(POLICE in c.quote for c in answer.citations), answer.text


def test_a_claim_check_without_such_a_situation_names_no_contact(borrower_index):
    answer = answer_question(borrower_index, "听说催收一天只能给我打三次电话，是真的吗？")
    assert not any(line.startswith("下一步") for line in answer.text.splitlines()), answer.text


@pytest.mark.parametrize("sentence, contact, offers", [
    ("No: under HKMA guidance, a bank's debt collector must not recover a debt from referees.", "HKMA", False),
    ("A Hong Kong borrower can complain to the HKMA Complaint Processing Centre on (852) 2878 1378.", "HKMA", True),
    ("12378是国家金融监督管理总局的投诉举报热线。", "12378", True),
    ("借款人可以自己使用12378等官方投诉渠道。", "12378", True),
    ("香港金融管理局於1996年4月22日開設收數公司投訴熱線。", "金管局", False),  # names another body's full name
    # history of a hotline is not where to turn
    ("香港金融管理局（金管局）在1996年4月22日開設收數公司投訴熱線後，於1996年5月發出關於收數公司的指引第3.4.1號。", "金管局",
     False),
    ("借款人可以通过consumerfinance.gov/complaint或电话(855) 411-2372向美国消费者金融保护局（CFPB）投诉债务催收人。",
     "CFPB", True),
    ("12378 is the complaint and reporting hotline of the National Financial Regulatory Administration.", "12378",
     True),
    # Applying to the ombudsman is where to turn: Taiwan's step 2 is the next step, not an analysis sentence.
    ("第二步：銀行30日內未回覆或借款人不滿意處理結果，可在60日內向金融消費評議中心申請評議。", "金融消费评议中心", True),
    ("Step 2: the borrower can apply to the Financial Ombudsman Institution within 60 days.",
     "Financial Ombudsman Institution", True),
])
def test_a_quote_offers_a_contact_only_when_it_tells_where_to_turn(sentence, contact, offers):
    """An answer that already quotes where to complain needs no "next step" line; one that only names the
    regulator ("under HKMA guidance") still gets it."""
    from chat.library import offers_contact

    assert offers_contact(sentence, contact) is offers


# --- where the asker is: an amount's currency; evidence only from the asked place (session 8) ------------------

def test_an_amount_in_dollars_gets_the_us_rules_and_says_why(borrower_index):
    answer = answer_question(borrower_index, "a collector says I owe $2,000 and keeps calling me before 7am, "
                                             "is that even allowed??")
    assert not answer.refused, answer.why
    assert "currency suggests the US" in answer.text
    assert all(c.source_id.startswith("us-") or c.source_id.startswith("channel-") for c in answer.citations)


@pytest.mark.parametrize("asked, counted", [
    (("CN",), "《商业银行信用卡业务监督管理办法》第七十条允许个性化分期还款。"),  # the US line is not China's evidence
    (("US",), "美国Regulation F禁止就已过诉讼时效的债务起诉或威胁起诉。"),
    ((), "美国Regulation F禁止就已过诉讼时效的债务起诉或威胁起诉。 《商业银行信用卡业务监督管理办法》第七十条允许个性化分期还款。"),
])
def test_coverage_counts_only_the_lines_about_the_asked_place(asked, counted):
    from llama_index.core.schema import NodeWithScore, TextNode

    from chat.knowledge import Knowledge, place_part

    text = "美国Regulation F禁止就已过诉讼时效的债务起诉或威胁起诉。 《商业银行信用卡业务监督管理办法》第七十条允许个性化分期还款。"
    hit = NodeWithScore(node=TextNode(text=text, metadata={"jurisdiction": "CN"}), score=1.0)
    assert place_part(hit, asked, Knowledge) == counted


@pytest.mark.parametrize("question, quotes, expected", [
    # a card issuer is the other side, and "may collect only from…" limits a permission: no "no" for the borrower
    ("Can I record the calls with the debt collector as evidence?",
     [_Q("Art. 68: a card issuer may collect only from the debtor and the guarantor, must not collect from third "
         "parties unrelated to the debt, and must record the collection process.")], ("", False)),
    # what the borrower must be told ("that the data may be passed") is a notice's content, not a permission
    ("my bank in hong kong passed my debt to an agency without telling me first, is that ok",
     [_Q("Under Data Protection Principle 1(3) of Hong Kong's PDPO, a borrower must be told on or before the "
         "collection of his or her data that the data may be passed to a debt collection agent.")], ("", False)),
    ("Can a collector tell my boss about my debt?",
     [_Q("A collector may not tell the employer about the debt.")], ("no", False)),
    # a report of one case rules on that act, not on the one asked about
    ("Can my bank give my details to a debt collection agency in Hong Kong?",
     [_Q("Hong Kong's Privacy Commissioner found that a finance company that passed a copy of a debtor's identity "
         "card to a collection agency, which stuck it on an envelope, breached Data Protection Principle 3.")],
     ("", False)),
])
def test_no_lead_from_a_limited_permission_or_a_notices_content(question, quotes, expected):
    assert verdict(question, "en", quotes, 0.3) == expected


@pytest.mark.parametrize("question, lang, quotes, expected", [
    # "unreasonable times" leaves 9pm to judgement: no "no"
    ("I'm in Manchester and a debt collector turned up at my door at 9pm. Is that allowed?", "en",
     [_Q("Under CONC 7.9, a firm must not contact customers at unreasonable times and must respect reasonable "
         "requests about when, where and how to be contacted.")], ("", False)),
    ("香港收數公司半夜兩點打嚟，咁樣得唔得？", "zh",
     [_Q("香港《銀行營運守則》禁止在不合理時間致電及不斷致電，但沒有訂明具體鐘點或致電次數上限。")], ("", False)),
    # a rule that names the hours judges the time asked about
    ("催收晚上11点还打电话给我，这样合法吗？", "zh", [_Q("《互联网金融贷后催收业务指引》规定：无约定时22:00至次日8:00不得催收。")],
     ("不合法", False)),
    # no value asked: the standard is the answer
    ("Can a collector in the UK call me at unreasonable times?", "en",
     [_Q("Under CONC 7.9, a firm must not contact customers at unreasonable times.")], ("no", False)),
])
def test_a_rule_by_a_standard_does_not_judge_the_asked_time(question, lang, quotes, expected):
    assert verdict(question, lang, quotes, 0.3) == expected



def test_a_quote_cut_after_a_guides_yes_is_shown_capitalised():
    from chat.compose import ExtractiveComposer

    english = type("Request", (), {"lang": "en", "script": None})()
    assert ExtractiveComposer.show("a Taiwanese bank must notify you.", english) == "A Taiwanese bank must notify you."


@pytest.mark.parametrize("sentence, meta_place, tier", [
    ("Under FDCPA §805(a)(1), a collector may not call before 8 a.m.", "US", 0),
    ("South Korea's collection ban runs from 9 p.m. to 8 a.m., the same hours that US federal rules treat as "
     "inconvenient.", "KR", 1),   # another place's rule that only compares it with the asked one
    ("A collector with no authority to agree a plan is hard to negotiate with.", "INTL", 0),
    ("China's GB/T 45251—2025 bans collection between 22:00 and 8:00.", "CN", 2),
])
def test_the_asked_places_own_sentences_rank_before_comparisons(sentence, meta_place, tier):
    from chat.knowledge import Knowledge, place_tier

    def fits(text, meta):
        return Knowledge.sentence_fits(text, meta, ("US",))

    assert place_tier(sentence, {"jurisdiction": meta_place}, ("US",), fits) == tier


def test_a_comparison_quotes_each_named_place_under_a_place_by_place_lead(borrower_index):
    answer = answer_question(borrower_index, "我在写论文，想问中国和英国对催收联系第三人的规定有什么区别")
    assert not answer.refused, answer.why
    assert "分地区来看" in answer.text
    places = {c.source_id.split("-")[0] if not c.source_id.startswith("guide-") else c.source_id.split("-")[1]
              for c in answer.citations}
    assert {"cn", "uk"} <= places, [c.source_id for c in answer.citations]


@pytest.mark.parametrize("question, quotes, expected", [
    # whether the borrower may use a remedy: a rule forbidding the collector's act does not answer it
    ("催收员骂我全家，还说知道我住哪，我录了音，能告他吗", [_Q("第六十六条：发卡银行不得把催收回款金额作为催收员的单一考核指标。")],
     ("", False)),
    ("Can I report them to the CFPB?", [_Q("A collector must not threaten arrest.")], ("", False)),
    # ... a quote that opens the remedy does
    ("平台的催收特别狠，我投诉的时候能不能把银行也一起投诉？",
     [_Q("借款人遇到平台催收恐吓威胁时，可以考虑把出资银行也列为投诉对象。")], ("可以", False)),
    ("Can they sue me?", [_Q("A collector must not threaten to sue on a time-barred debt.")], ("no", False)),
])
def test_a_question_about_the_borrowers_remedy_gets_no_no_from_a_collectors_prohibition(question, quotes, expected):
    lang = "en" if question.isascii() else "zh"
    assert verdict(question, lang, quotes, 0.3) == expected


@pytest.mark.parametrize("question, quotes, expected", [
    # a prohibition of another act does not answer the asked one
    ("银行可以把我的欠款交给外包公司催收吗", [_Q("2009年通知第十三条：银行外包催收要有书面制度，佣金不得单纯按回款金额的比例支付。")], ("", False)),
    ("Can a collector in the US text me?",
     [_Q("Under FDCPA §805(b), a collector may not discuss the debt with the consumer's employer without consent.")],
     ("", False)),
    ("Can a Hong Kong collection agency call my mother?",
     [_Q("The lender remains accountable for the agency's misconduct and cannot disclaim it.")], ("", False)),
    # ... one that names it does, and a rule about third parties answers for any of them
    ("Can a US debt collector call my employer?",
     [_Q("Under FDCPA §805(b), a collector may not discuss the debt with the consumer's employer without consent.")],
     ("no", False)),
    ("他们可以找我同事吗？", [_Q("催收人员不得向与债务无关的第三人催收。")], ("不可以", False)),
    # a question that names no act ("这样合规吗") is answered by the rule whatever act it names
    ("催收让我去别的网贷借钱来还这一笔，这样合规吗", [_Q("催收人员不得诱导借款人借新还旧。")], ("不合法", False)),
    # a rule forbidding another act (the buyer's resale) does not answer whether the sale is allowed
    ("台湾的银行可以把我的信用卡债权卖给资产管理公司吗？",
     [_Q("依《信用卡业务机构管理办法》第30条，信用卡不良债权出售给资产管理公司的契约，应约定买方不得再转售该债权。")],
     ("", False)),
    ("Can a bank in Taiwan sell my credit card debt to an asset management company?",
     [_Q("A contract selling credit-card non-performing debts to an asset management company must forbid resale of "
         "the debts.")], ("", False)),
    ("Can a bank in Taiwan let its collectors take my payments?",
     [_Q("Taiwan's FSC prohibits outsourced collection agencies from taking debt payments or charging any fee.")],
     ("no", False)),
    # a rule naming the family answers a question about a parent or a spouse (everyday words: father -> family)
    ("台灣的討債公司可以去找我爸媽要錢嗎？",
     [_Q("臺灣銀行的催收人員不得向與債務無關、沒有法律上清償義務的家人、同事或緊急聯絡人催討。")], ("不可以", False)),
    ("Can a recovery agent in India contact my father?",
     [_Q("Recovery agents must not humiliate publicly or intrude on the privacy of the borrower's family members.")],
     ("no", False)),
    # a permission of something else ("the presumption can be rebutted") is no permission of the asked act
    ("美國的催收可以打電話到我公司嗎？",
     [_Q("F條例規定，就同一筆債務7天內打電話超過7次，推定構成騷擾，但這一推定可以被推翻。")], ("", False)),
    ("在香港，收數公司可以打電話俾我嗎？",
     [_Q("香港的收數公司可以在早上7時至晚上9時之間打電話給債務人。")], ("可以", False)),
    # a prohibition narrowed by a condition the question does not state is no answer to it; one it states is
    ("Can a debt buyer in the US sue me?",
     [_Q("Regulation F prohibits suing or threatening to sue on a debt whose statute of limitations has expired.")],
     ("", False)),
    ("Can a collector sue me on a debt whose statute of limitations has expired?",
     [_Q("Regulation F prohibits suing or threatening to sue on a debt whose statute of limitations has expired.")],
     ("no", False)),
    ("Can a debt collector in the US call me at work?",
     [_Q("An FDCPA debt collector must not contact the consumer at work if the employer prohibits such contacts.")],
     ("", False)),
    # ... and it vetoes a plain yes from another quote: the answer depends on what the asker left open
    ("My debt is 8 years old. Can the collector still sue me in the US?",
     [_Q("Regulation F forbids a collector to sue, or threaten to sue, on a debt whose statute of limitations has "
         "expired."),
      _Q("Stopping contact does not cancel the debt, and the creditor or collector may still sue or report the debt "
         "to credit bureaus.")], ("", False)),
    ("Can a debt collector sue me?",
     [_Q("Stopping contact does not cancel the debt, and the creditor or collector may still sue or report the debt "
         "to credit bureaus.")], ("yes", False)),
    ("My employer told them not to. Can a debt collector still call me at work?",
     [_Q("An FDCPA debt collector must not contact the consumer at work if the employer prohibits such contacts.")],
     ("no", False)),
    # several questions: a quote sharing no word with the yes/no one answers another part ("分期吗？" -> 可以…分期)
    ("我信用卡还不上了，银行能给我分期吗？最长几年？催收天天打电话到我单位，这样合法吗？",
     [_Q("信用卡欠款超出还款能力但仍愿意还款的，可以依据第七十条申请个性化分期还款协议，最长5年。")], ("", False)),
    # ... while one that shares a word with it still leads
    ("在台中被討債公司晚上十一點還打來，這樣可以嗎？台灣有規定幾點到幾點才能打嗎",
     [_Q("臺灣的討債公司（銀行委外催收人員）晚上十點以後不能再打電話催收，早上七點以前也不行，除非債務人同意。")],
     ("不可以", False)),
])
def test_a_rule_leads_only_when_it_names_the_asked_act(question, quotes, expected):
    lang = "en" if question.isascii() else "zh"
    assert verdict(question, lang, quotes, 0.3) == expected


@pytest.mark.parametrize("question, terms", [
    ("Can a collector in the US text me?", ["text"]),
    ("Can a Hong Kong collection agency call my mother?", ["call", "mother"]),
    ("银行可以把我的欠款交给外包公司催收吗", ["交给"]),
    ("网贷天天爆我通讯录，这合法吗？", []),
    ("I'm in Texas and a collector keeps calling me at 6am. Is that even legal?", []),
    ("催收说要把我欠钱的事告诉我所有通讯录里的人，这算不算违法？", []),   # the asking words name no act
    ("催收员骂我全家，这属于违法吗", []),
])
def test_act_terms(question, terms):
    from chat.verdict import act_terms

    assert act_terms(question) == terms


@pytest.mark.parametrize("sentence, case", [
    ("香港私隱專員曾裁定，一間財務公司把債務人的身分證副本交給收數公司，違反保障資料第3原則。", True),
    ("2025年6月11日，香港收數公司被裁定觸犯兩項直接促銷罪行，合共被罰款5,000港元。", True),
    ("The Privacy Commissioner found that a finance company breached Data Protection Principle 3.", True),
    # a rule's penalty is not a report of one case
    ("《治安管理处罚法》规定，多次发送恐吓、侮辱、骚扰信息，干扰他人正常生活的，可以处拘留或者罚款。", False),
    ("违反本办法的，由监管部门给予警告，并处罚款。", False),
])
def test_a_report_of_one_case_is_told_from_a_rules_penalty(sentence, case):
    from chat.verdict import _CASE_REPORT
    from text.script import search_form

    assert bool(_CASE_REPORT.search(search_form(sentence))) is case
