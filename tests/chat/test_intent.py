"""Intent from the question's form, Chinese and English."""

import pytest

from chat.intent import Intent, classify


@pytest.mark.parametrize("question, primary", [
    # Cantonese forms, as Hong Kong borrowers type them
    ("收數公司可唔可以搵我屋企人追數？", Intent.YESNO),
    ("佢哋咁樣得唔得？", Intent.YESNO),
    ("收數公司將我身分證副本貼喺信封上面，係咪違法？", Intent.YESNO),
    ("有冇規定一日最多打幾多次？", Intent.YESNO),
    ("我應該點做？", Intent.HOWTO),
    ("點算好？佢哋日日打嚟", Intent.HOWTO),
    ("點解收數公司可以咁做？", Intent.WHY),
    ("破產咗佢哋仲可以咁做咩？我可以點做？", Intent.YESNO),  # 咩 ends a yes/no as 吗 does
    ("催收打电话给我同事合法吗？", Intent.YESNO),
    ("Can a debt collector call my boss?", Intent.YESNO),
    ("If I tell the collector to stop, does that cancel my debt?", Intent.YESNO),
    # the asking sentence opens with "Can", after the story
    ("My landlord got a call from a debt collector asking about me. I'm in Texas. Can they just tell my "
     "landlord I owe money??", Intent.YESNO),
    ("I have been paying on time for years. Then I lost my job in May. Is it legal for them to call at 6am?",
     Intent.YESNO),
    ("哪个催收渠道最难协商？", Intent.RANK),
    ("Which type of collector is hardest to negotiate with?", Intent.RANK),
    ("为什么？", Intent.WHY),
    # the other side will not comply: where to escalate
    ("他们要是不听呢", Intent.COMPLAIN),
    ("如果催收还继续打呢？", Intent.COMPLAIN),
    ("what if they ignore my letter?", Intent.COMPLAIN),
    # 凭什么 protests a demand: whether they may, not why
    ("我又不是担保人凭什么找我，紧急联系人要还钱吗", Intent.YESNO),
    ("他们凭什么天天打给我妈", Intent.YESNO),
    ("why is that?", Intent.WHY),
    ("被催收骚扰该去哪里投诉？", Intent.COMPLAIN),
    # the complaint is the plan; the clause that asks wants what to keep or prepare
    ("我想先收集证据再投诉，具体应该保存哪些东西？", Intent.HOWTO),
    ("I want to complain to the CFPB, what evidence should I keep?", Intent.HOWTO),
    ("被催收骚扰了要保存哪些证据？", Intent.HOWTO),
    # ...unless another asking sentence asks where to complain
    ("那如果他們還是一直打，要去哪裡申訴？銀行一直拖著不回怎麼辦？", Intent.COMPLAIN),
    ("Who do I go to if the lender ignores my complaint?", Intent.COMPLAIN),
    ("被催收骚扰了怎么办", Intent.HOWTO),
    # being sued (起诉我, 被起诉) is no wish to complain; suing them is
    ("网贷催收冒充律师说要起诉我，还说已经立案了，我怎么查是真是假", Intent.HOWTO),
    ("银行说要起诉我怎么办", Intent.HOWTO),
    ("他们已经起诉了我", Intent.GENERAL),
    ("我被起诉了，会不会影响孩子上学", Intent.YESNO),
    ("我想起诉这家催收公司", Intent.COMPLAIN),
    ("催收报了一个案号，我怎么核实", Intent.HOWTO),
    ("催收说晚上要找几个人过来收拾我。我现在真的很害怕，门都反锁了，我应该先做什么", Intent.HOWTO),
    ("How do I ask for a payment plan?", Intent.HOWTO),
    # asking for someone else; "what can they do to me" asks about the collector's powers, not what to do
    ("My mum in Mumbai keeps getting calls at 10pm from loan app agents. What can she do?", Intent.HOWTO),
    ("what should my husband do about these calls", Intent.HOWTO),
    ("What can they do to me if I stop paying?", Intent.GENERAL),
    ("什么是软暴力？", Intent.DEFINITION),
    ("What does time-barred debt mean?", Intent.DEFINITION),
    # "what are my rights" asks for rights, not for a term's meaning
    ("I'm a student in Manchester and the collection agency rings me before 8am. What are my rights and who can I "
     "complain to?", Intent.COMPLAIN),
    ("What is a debt buyer?", Intent.DEFINITION),
    ("黑猫投诉上暴力催收占比多少？", Intent.STATISTICS),
    # complaints counted are data (投诉有多少), not where to complain
    ("黑猫投诉上关于暴力催收的投诉有多少？", Intent.STATISTICS),
    ("2024年关于催收的投诉一共有多少？", Intent.STATISTICS),
    ("我还有多少时间可以还款？", Intent.GENERAL),
    ("How many debt collection complaints did the CFPB receive in 2024?", Intent.STATISTICS),
    ("What was the number of complaints about collectors in 2024?", Intent.STATISTICS),
    # complaints counted are data; a complaint to make is a complaint
    ("For my thesis: what evidence is there that outsourced collection agencies generate more complaints than bank "
     "in-house collection?", Intent.STATISTICS),
    ("Where can I make a complaint about a debt collector?", Intent.COMPLAIN),
    # a rule's limit, not statistics; "is there…" opens a yes/no sentence
    ("what times can they call me in the UK? is there a max number of calls", Intent.YESNO),
    ("Is there a limit on how many times a collector can call me in the UK?", Intent.YESNO),
    ("how many calls can a debt collector make in a week", Intent.GENERAL),
    ("When did Regulation F take effect?", Intent.GENERAL),
])
def test_primary_intent(question, primary):
    assert classify(question).primary == primary


def test_a_cantonese_follow_on_route_question_is_a_how_to():
    call = classify("金管局可唔可以叫銀行賠償？如果唔得，仲有咩途徑？")
    assert call.primary == Intent.YESNO and call.has(Intent.HOWTO)


def test_several_asks_keep_the_others_as_secondary():
    call = classify("他们这样做合法吗？我能去哪里投诉他们？")
    assert call.primary == Intent.YESNO and call.has(Intent.COMPLAIN)


@pytest.mark.parametrize("question, primary", [
    ("网贷催收天天打电话骂我，还骂我家人，这种能报警吗？打哪个电话投诉有用", Intent.COMPLAIN),
    ("收到骚扰短信和骚扰电话可以打12321举报吗？", Intent.COMPLAIN),
    ("陌生号码天天打，能不能举报？打哪个电话", Intent.COMPLAIN),
    ("Can I report them to the CFPB?", Intent.COMPLAIN),
    # a second yes/no asks for the rule's verdict as well: that stays first
    ("这个算不算违法啊？我能报警吗", Intent.YESNO),
    ("can they call my referee? who do I complain to", Intent.YESNO),
    ("我能告他们催收非法债务罪吗", Intent.YESNO),  # whether a crime applies, not where to go
])
def test_a_yes_no_about_complaining_asks_where_to_complain(question, primary):
    call = classify(question)
    assert call.primary == primary and call.has(Intent.COMPLAIN)


@pytest.mark.parametrize("question", ["听说刑法修正案十一把骚扰写进了寻衅滋事罪，是真的吗？",
                                      "Is it true that the NIFA convention allows only 3 calls a day?",
                                      "网上说的《江苏省债务催收行业管理办法》可信吗？",
                                      "朋友说现在暴力催收已经算寻衅滋事罪了，真的假的？",
                                      "催收说不还就要抓我去坐牢，他们真的能这样吗？",
                                      "催收跟我说不还钱就要坐牢，是这样吗？",
                                      "看到好多帖子说互金协会的公约规定一天不超过3次，我能拿这条去投诉吗？",
                                      "小红书上都说逾期三个月就会被起诉",
                                      "I saw a TikTok video saying collectors can't call after 8pm, can I use that?"])
def test_claim_checks(question):
    assert classify(question).claim_check


@pytest.mark.parametrize("question", ["催收说要起诉我，我该怎么办？", "我朋友说可以协商分期，怎么申请？",
                                      # 真的 says how the asker feels, not that they doubt what was said
                                      "催收说这周不还就要上门找我父母，还要去村委会贴告示，我该怎么办？真的好怕",
                                      "催收说要去我单位闹，我真的很崩溃，怎么办"])
def test_reporting_what_someone_said_is_not_a_claim_check_unless_the_asker_doubts_it(question):
    assert not classify(question).claim_check


def test_a_claim_check_leads_with_the_correction():
    from chat.evidence import lead_with_intent

    call, chosen = _ranked("朋友说暴力催收已经算寻衅滋事罪了，真的假的？", [
        "寻衅滋事罪基本犯的最高刑是五年有期徒刑。",
        "个性化分期还款协议不是借款人能强制银行同意的权利。",  # "不是" is no correction of the claim
        "“骚扰催收已纳入寻衅滋事罪”的说法是错的：《刑法修正案（十一）》新增的是催收非法债务罪。"])
    assert lead_with_intent(chosen, call)[0].text.startswith("“骚扰催收")


def test_a_correction_of_another_rumour_does_not_lead_a_claim_check():
    from chat.evidence import lead_with_intent

    call, chosen = _ranked("网上说催收打爆通讯录可以判三年，真的假的", [
        "“爆通讯录”缺乏《个人信息保护法》第十三条规定的合法依据。",
        "网上流传的这些时段和次数说法，在2018年NIFA公约中都找不到出处，属于没有依据的说法。"])
    chosen[0].overlap, chosen[1].overlap = 0.25, 0.17  # the correction shares little of this claim
    assert lead_with_intent(chosen, call, min_overlap=0.3)[0] is chosen[0]
    chosen[1].overlap = 0.45                             # ... unless it is about it
    assert lead_with_intent(chosen, call, min_overlap=0.3)[0] is chosen[1]


@pytest.mark.parametrize("question, ood", [
    ("帮我写一首关于大海的诗", True),
    ("帮我写一首关于欠债还不上、被催收折磨的诗，要押韵", True),  # a debt subject does not make a poem in scope
    ("编个顺口溜骂骂催收", True),
    ("我在币安上借了USDT，抵押的币被强平了还倒欠平台钱，怎么办", True),
    ("催收说要把我的事写进投诉信里", False),
    ("推荐一款两千块的耳机", True),
    ("Give me a recipe for banana bread", True),
    ("Write a poem about my cat", True),
    ("帮我写一封给银行的协商还款申请", False),  # letters about a debt are in scope
    ("Write a letter disputing a debt", False),
    ("香港《银行营运守则》对收数有什么要求？", False),  # "Code" is not programming
    # shopping for a card or a loan is not owing on one
    ("what's the best credit card for cashback?", True),
    ("哪张信用卡返现最多，值得办吗", True),
    ("推荐一个下款快的网贷", True),
    ("哪家银行的信用卡催收最难协商？", False),
    ("what is the best way to negotiate a payment plan on my credit card", False),
    ("Which loans have the lowest interest rate cap in China?", False),
    # loan arithmetic is not a collection question; a plan's length is
    ("房贷100万、30年、等额本息，提前还20万能省多少利息？", True),
    ("can you make me an amortization schedule for my car loan", True),
    ("信用卡个性化分期最长可以分几年？", False),
])
def test_out_of_domain_cues(question, ood):
    assert classify(question).ood_cue is ood


@pytest.mark.parametrize("question, asks", [
    ("最长能分几年？", True), ("How long do I have to dispute?", True), ("催收可以上门吗？", False),
    # a number in the story is not a number asked for; the unpunctuated last sentence still asks
    ("催收说晚上要找几个人过来收拾我。我现在真的很害怕，我应该先做什么", False),
    ("车贷逾期两个月了，车会被拖走吗？一般多久会收车", True),
    ("I got 3 letters in 2 days. They say I owe 500 dollars. Is that legal?", False),
    ("I owe on 3 cards. How many calls a day can they make?", True),
])
def test_asks_for_a_number(question, asks):
    assert classify(question).asks_number is asks


@pytest.mark.parametrize("question, sentence, expected", [
    # A complaint count is not where to complain; the hotline sentence is.
    ("催收天天给我妈打电话，我该去哪投诉？", "在这10,986件信用卡投诉中，协商还款类5,340件（48.63%），催收类3,442件（31.33%）。", -1.0),
    ("催收天天给我妈打电话，我该去哪投诉？", "12378是国家金融监督管理总局的投诉举报热线，范围明确包括催收不当。", 1.0),
    ("Where can I complain about a collector in the US?", "The CFPB received 109,900 complaints about debt collection.", -1.0),
    # An article number is not a statistic.
    ("催收打电话给我同事合法吗？", "信用卡办法第68条规定不得向与债务无关的第三人透露欠款。", 1.0),
    # Asked for a number, the statistic is the answer.
    ("黑猫投诉上暴力催收的投诉占多少？", "暴力催收23万条，占49.3%。", 1.0),
    # Which channel is hardest answers "which is hardest" or "why", not what to do or whether it is allowed.
    ("我真的不知道该怎么办了，求求谁告诉我一下", "〔分析〕各催收渠道中，网贷与助贷平台最难协商。", -1.0),
    ("Can a collector call my boss?", "Online lending platforms are the hardest to negotiate with.", -1.0),
    ("催收最难协调的平台是哪个？", "各催收渠道中，网贷与助贷平台最难协商。", 1.0),
    # A rumour the corpus reports, without its correction, answers only a claim check.
    ("催收一天打二十多个电话，有没有规定一天最多打几次？", "还有网页称2018年NIFA公约规定每天最多打3次电话。", -1.0),
    ("Is there a limit on collection calls a day in China?",
     "Other pages say the 2018 NIFA convention allows at most 3 calls a day.", -1.0),
    # One end of the ranking does not answer a question about the other.
    ("那最容易的呢？", "各催收渠道中，网贷与助贷平台最难协商。", -1.0),
    ("Which collection channel is easiest to negotiate with?",
     "Of the collection channels, online lending platforms are the hardest to negotiate with.", -1.0),
    ("哪个渠道最难协商？", "银行自催相对最容易协商。", -1.0),
    ("哪个渠道最难协商？", "各催收渠道中，网贷与助贷平台最难协商。", 1.0),
    # A rule's absence answers "is there a limit?" as a rule's presence does.
    ("Is there a limit on how many times a collector can call me in the UK?",
     "CONC 7 sets no fixed calling hours and no numeric call cap.", 1.0),
    ("台灣的討債公司一天可以打幾通電話，有上限嗎？", "臺灣的規範沒有訂出每天催收電話的次數上限。", 1.0),
    # When a hotline opened is history, no step for "where do I complain"; asked when, it is the answer.
    ("收數佬成日打嚟我公司，我可唔可以投訴佢哋？", "香港金融管理局於1996年4月22日開通債務催收投訴熱線。", -1.0),
    ("Where can I complain about a debt collector in Hong Kong?",
     "The HKMA opened a debt-collection complaints hotline on 22 April 1996.", -1.0),
    ("香港的催收投诉热线是什么时候开通的？", "香港金融管理局于1996年4月22日开通债务催收投诉热线。", 1.0),
    # A definition defines ("defines X as"); "means" as a noun ("similar means") defines nothing.
    ('What does "soft violence" mean in Chinese debt collection?',
     "The soft-violence opinion defines soft violence as harassing, pestering, making a scene or massing people.", 1.0),
    ('What does "soft violence" mean in Chinese debt collection?',
     "The draft called for punishing collection by violence, soft violence and similar means.", 0.0),
    ("What is time-barred debt?", "Collectors may not use unfair means of contact.", 0.0),
    ("什么是软暴力？", "该意见把软暴力定义为滋扰、纠缠、哄闹、聚众造势等行为。", 1.0),
    # "no need" answers "do they need a licence?" as a ban answers "may they?"
    # A how-to is answered by what the borrower can do, not by what a rule requires of the lender.
    ("催收说要上门找我父母，我该怎么办？", "《商业银行信用卡业务监督管理办法》第六十九条要求催收函件写明持卡人姓名和欠款余额。", 0.0),
    ("催收说要上门找我父母，我该怎么办？", "借款人可以要求催收人员出示证件，并保存通话录音。", 1.0),
    ("香港啲收數公司使唔使領牌㗎？", "香港的收數公司不受發牌規管，只需辦理商業登記。", 1.0),
    ("Do debt collection agencies need a licence in Hong Kong?",
     "Debt collection agencies in Hong Kong are not licensed; they only need a business registration.", 1.0),
])
def test_intent_cue_puts_statistics_and_rankings_last_unless_asked_for(question, sentence, expected):
    from chat.evidence import intent_cue

    assert intent_cue(sentence, classify(question)) == expected


@pytest.mark.parametrize("question, sentence", [
    # The asker is checking the claim: the report of it is relevant.
    ("听说2018年NIFA公约规定每天最多打3次电话，是真的吗？", "还有网页称2018年NIFA公约规定每天最多打3次电话。"),
    # The correction itself stays quotable.
    ("催收一天打几次算违规？", "网上流传的这些时段和次数说法，在新闻报道的2018年NIFA公约内容中都找不到出处，属于没有依据的说法。"),
])
def test_reported_rumours_are_not_demoted_for_a_claim_check_or_with_their_correction(question, sentence):
    from chat.evidence import intent_cue

    assert intent_cue(sentence, classify(question)) > -1.0


def _ranked(question: str, texts: list[str]):
    from llama_index.core.schema import NodeWithScore, TextNode

    from chat.evidence import Sentence, intent_cue
    from chat.quotes import Span

    call = classify(question)
    hit = NodeWithScore(node=TextNode(text="".join(texts)), score=1.0)
    return call, [Sentence(Span(0, len(t), t), hit, 0, 1.0, intent_cue(t, call)) for t in texts]


@pytest.mark.parametrize("question, texts, first", [
    ("为什么？", ["各催收渠道中，网贷与助贷平台最难协商。",
                "网贷与助贷渠道同时具备三个难点：多方共管一笔贷款，打电话的可能是无权同意方案的外包催收。"], 1),
    ("Where do I complain about a collector in the UK?",
     ["A collector must not pretend to be a bailiff.", "Complain to the Financial Ombudsman Service if the firm does not help."], 1),
    # A yes/no answer keeps the ranker's order: its lead is read from the first quote.
    ("催收可以打给我同事吗？", ["催收人员不得向与债务无关的第三人透露欠款。", "因为同事不是债务人，所以不得催收。"], 0),
])
def test_reasons_steps_and_contacts_lead_their_answer(question, texts, first):
    from chat.evidence import lead_with_intent

    call, chosen = _ranked(question, texts)
    assert lead_with_intent(chosen, call)[0].text == texts[first]


def test_a_step_sharing_none_of_the_questions_words_does_not_lead():
    """"个别实例不能说明每一起投诉都会得到同样的处理结果" names 投诉 (a complaint cue) and nothing the borrower asked:
    it must not open an answer on whether the police can act on threatening texts."""
    from chat.evidence import lead_with_intent
    from settings import AnswerSettings

    floor = AnswerSettings().min_lead_overlap
    question = "催收发短信威胁我全家，我能报警吗？警察依据哪部法律处罚他们？"
    caveat, rule = "个别实例不能说明每一起投诉都会得到同样的处理结果。", "《治安管理处罚法》规定，多次发送恐吓信息的，可以处拘留或者罚款。"
    call, (rule_first, caveat_second) = _ranked(question, [rule, caveat])
    assert call.primary is Intent.COMPLAIN and caveat_second.cue == 1.0 and rule_first.cue < 1.0
    caveat_second.overlap = 0.01
    assert lead_with_intent([rule_first, caveat_second], call, min_lead_overlap=floor)[0].text == rule
    caveat_second.overlap = 0.3  # a step that shares the question's words still leads
    assert lead_with_intent([rule_first, caveat_second], call, min_lead_overlap=floor)[0].text == caveat


def test_a_sentence_about_the_article_titled_as_the_question_does_not_answer_it():
    from llama_index.core.schema import NodeWithScore, TextNode

    from chat.evidence import TermWeights, sentences

    text = ("种子文章《催收最难协调的平台是哪个？》没有引用来源，证据价值低。"
            "各催收渠道中，网贷与助贷平台最难协调。")
    hit = NodeWithScore(node=TextNode(text=text, id_="c1"), score=1.0)
    terms = TermWeights({"催收": 0.9, "最": 0.3, "难": 1.7, "协调": 2.8, "平台": 1.6})
    about_title, answer = sentences([hit], terms, classify("催收最难协调的平台是哪个？"), lambda _id: False)
    assert about_title.cue == -1.0 and about_title.overlap < answer.overlap
    assert answer.cue == 1.0 and answer.overlap == 1.0
    # A law's name is not the question: a sentence citing it keeps its words.
    law, = sentences([NodeWithScore(node=TextNode(text="《个人信息保护法》第十三条规定了处理个人信息的合法依据。", id_="c2"),
                                    score=1.0)], TermWeights({"个人信息": 2.0, "合法": 1.0, "通讯录": 3.0}),
                     classify("爆通讯录合法吗？"), lambda _id: False)
    assert law.overlap == 1.0 - 3.0 / 6.0 and law.cue >= 0


@pytest.mark.parametrize("question, kind", [
    ("Does the new EU Consumer Credit Directive force forbearance? And from when does it apply?", "year"),
    ("When does the new directive take effect?", "year"),
    ("这个指引从什么时候开始适用？", "year"),
    ("催收半夜打電話來，到底幾點以後不能打？", "time"),
    ("what times are debt collectors allowed to call in the UK?", "time"),
    ("一天最多能打几次电话？", "count"),
    ("他们一天打十几个电话。美国对催收打电话的次数有没有规定？", "count"),  # 次数 asks; 十几个 is the story
    ("How often can they text me?", "count"),
    ("最长能分几年？", "duration"),
    ("How long do I have to dispute the debt?", "duration"),
    ("这个催收指引是哪一年出台的？", "year"),
    ("他们说要收多少钱的服务费才停催？", "money"),
    ("催收可以上门吗？", ""),
    ("畀收數公司滋擾可以去邊度投訴？有冇電話？", "phone"),
    ("收到一堆骚扰短信，还有陌生号码天天打，能不能举报？打哪个电话", "phone"),
    ("is there a hotline I can call about a recovery agent in India?", "phone"),
    ("有沒有台灣的申訴電話？", "phone"),  # the place between "有沒有" and the phone it asks for
    ("12378投诉电话一般多久答复？", "duration"),  # the hotline is the topic; how long is asked
    ("他们一天打了多少个电话才算违规？", "count"),  # calls counted, not a number to dial
    ("香港金管局1996年的催收投诉热线，早期投诉多数来自谁？", ""),  # the hotline is the topic, not asked for
    # the law or article a rule rests on
    ("我能不能要求他们告诉我手上有我哪些个人数据？依据是GDPR哪一条？", "law"),
    ("這種我能報警嗎？警察依據哪部法律處罰他們？", "law"),
    ("They call my mom every day about my loan. Which regulation say they cannot do this?", "law"),
    ("那是第几条？", "law"),
    ("如果我想走消債條例的更生程序，要去哪個法院聲請？", ""),  # a court to go to, not a law
    ("Is there a template? What sections and requests should my complaint include?", ""),  # a letter's parts
])
def test_which_kind_of_number_is_asked(question, kind):
    assert classify(question).number_kind == kind


@pytest.mark.parametrize("question, sentence, fits", [
    # Asked for a clock time, "7 calls in 7 days" is not the answer; a time of day is, in any script or form.
    ("催收半夜打電話來，到底幾點以後不能打？", "第1006.14(b)(2)條：催收人在連續7天內給同一人打電話超過7次，即推定違反騷擾禁令。", False),
    ("催收半夜打電話來，到底幾點以後不能打？", "臺灣的討債公司晚上十點以後不能再打電話催收，早上七點以前也不行。", True),
    ("催收半夜打電話來，到底幾點以後不能打？", "国家标准规定22:00至次日8:00不得催收。", True),
    ("What hours can a collector call me?", "A collector may not call before 8 a.m. or after 9 p.m. your local time.", True),
    ("What hours can a collector call me?", "A collector who calls more than 7 times within 7 days is presumed to harass.", False),
    # A rule can state the hours without a clock time.
    ("what times are debt collectors allowed to call in the UK?",
     "Under CONC 7.9, a firm must not contact customers at unreasonable times.", True),
    ("香港呢？在台灣討債公司幾點以後不能打？", "香港《銀行營運守則》禁止在不合理時間致電及不斷致電。", True),
    # Asked how many times, the frequency rule is the answer.
    ("一天最多能打几次电话？", "每天主动有效通话不超过3次。", True),
    ("一天最多能打几次电话？", "22:00至8:00不得催收。", False),
    # Asked how long, a period is the answer; a year of issue is not.
    ("最长能分几年？", "发卡银行可以与持卡人签订个性化分期还款协议，最长期限不超过5年。", True),
    ("最长能分几年？", "《商业银行信用卡业务监督管理办法》于2011年发布。", False),
    # Asked which article, a sentence citing one answers; one stating the rule alone does not.
    ("依据是GDPR哪一条？", "GDPR赋予个人查阅本人数据的权利（第15条）。", True),
    ("依据是GDPR哪一条？", "欧盟《通用数据保护条例》是有约束力的欧盟数据保护法律。", False),
    ("Which rule says they must stop?", "Under FDCPA §805(c), a collector told in writing to stop must stop.", True),
    ("Which section covers calls at work?", "S.46: a creditor must not call a consumer at work without consent.", True),
    ("Which section covers calls at work?", "The bank's 4 calls a week were not unlawful.", False),
    ("那是第几条？", "修订后骚扰信息条款的条文序号可能已经变化。", True),  # the caveat on the numbering answers too
])
def test_a_sentence_stating_the_kind_of_number_asked_fits(question, sentence, fits):
    from chat.evidence import intent_cue

    assert (intent_cue(sentence, classify(question)) == 1.0) is fits


@pytest.mark.parametrize("history, question, kind", [
    # An elliptical follow-up asks what the turn before asked, even when that turn had no named form.
    (["在台灣討債公司幾點以後不能打？"], "香港呢？", "time"),
    (["what times are debt collectors allowed to call in the UK?"], "and in the US?", "time"),
    (["最长能分几年？"], "那香港呢？", "duration"),
    (["催收能打电话给我同事吗"], "what about India?", ""),
    # A follow-up that asks its own number keeps its own form: "最多能分几年？" is not "how do I…" again.
    (["我想跟银行直接谈分期，应该怎么做？"], "最多能分几年？", "duration"),
])
def test_an_elliptical_follow_up_asks_for_the_same_kind_of_answer(history, question, kind):
    from chat.followup import resolve

    turn = resolve(question, history)
    assert turn.intent.number_kind == kind
    assert turn.intent.asks_number is bool(kind)
    if history == ["我想跟银行直接谈分期，应该怎么做？"]:
        assert turn.intent.primary != Intent.HOWTO


def test_a_number_question_whose_quotes_state_no_such_number_gets_one():
    from chat.evidence import with_asked_number

    call, (third_party, creditor, hours, daily) = _ranked("香港呢？在台灣討債公司幾點以後不能打？", [
        "香港的收數公司只可以向債務人或擔保人追收。",
        "香港的收數人員亦不得為打聽債務人下落而滋擾其諮詢人、家人或朋友。",
        "香港《銀行營運守則》禁止在不合理時間致電及不斷致電。",
        "國家標準規定每天主動有效通話不超過3次。",
    ])
    ranked = [third_party, creditor, daily, hours]
    chosen = with_asked_number([third_party, creditor], ranked, call, max_quotes=2, depth=10)
    assert chosen == [hours, third_party]                  # the hours lead; the last quote makes room
    assert with_asked_number([third_party, creditor], ranked, call, 2, depth=3) == [third_party, creditor]  # too far
    assert with_asked_number([hours, creditor], ranked, call, 2, depth=10) == [hours, creditor]  # already stated
    no_place = with_asked_number([third_party, creditor], ranked, call, 2, 10, fits=lambda text, meta: "香港" not in text)
    assert no_place == [third_party, creditor]             # only a candidate from the asked place may come in


@pytest.mark.parametrize("question, end", [
    ("那最容易的呢？", "easy"),
    ("银行信用卡中心和第三方催收公司，哪个更好谈？", "easy"),
    ("哪个催收渠道最难协商？", "hard"),
    ("and the hardest?", "hard"),
    ("Which channel is easiest to negotiate with, and which is hardest?", ""),
    ("Rank the channels by how hard they are to negotiate with", ""),
])
def test_which_end_of_the_ranking_is_asked(question, end):
    assert classify(question).end == end



@pytest.mark.parametrize("sentence, dialable", [
    ("香港借款人可向金管局銀行投訴處理中心投訴：電話(852) 2878 1378，傳真(852) 2509 3990。", True),
    ("金融糾紛調解中心的熱線是3199 5199。", True),
    ("12378是国家金融监督管理总局的投诉举报热线，受理范围包括\"催收不当\"。", True),
    ("評議中心的申訴專線是0800-789-885。", True),
    ("A consumer can call the CFPB at 1-855-411-2372.", True),
    ("The RBI's toll-free help line for the Integrated Ombudsman Scheme is 14448, open from 9:30 a.m. on working days.",
     True),
    ("可拨打12378，受理范围包括催收不当。", True),  # the comma after a number (search form makes it ',')
    ("The HKMA's hotline opened in 1996.", False),
    ("the hotline got 1,200 calls in its first year", False),
    ("香港法律改革委員會在2002年建議訂立滋擾債務人的刑事罪行。", False),  # a year
    ("GB/T 45251—2025规定22:00至8:00不得催收。", False),
    ("违反《个人信息保护法》的，最高可处5,000 000元罚款。", False),
])
def test_a_question_asking_for_a_phone_number_is_answered_by_a_sentence_that_gives_one(sentence, dialable):
    from chat.evidence import states_asked_number

    assert states_asked_number(sentence, classify("遇到不當催收要打什麼電話申訴？")) is dialable


@pytest.mark.parametrize("question, n", [
    ("信用卡欠了6万多，失业了。听说最多能分5年？银行是不是必须同意我的申请啊", 2),
    ("催收可以打电话给我同事吗", 1),
    ("My collector calls my boss. Can they do that? Where do I complain?", 2),
    ("I owe money to a bank. I lost my job.", 1),  # no question asked: the message counts as one
])
def test_the_questions_a_message_asks_are_counted(question, n):
    assert classify(question).questions == n


@pytest.mark.parametrize("message, asked", [
    ("我信用卡逾期三个月了。催收天天打我单位电话，这合法吗？我能去哪里投诉？", ["催收天天打我单位电话，这合法吗？", "我能去哪里投诉？"]),
    ("My bank sold my debt. Can the buyer sue me? Who do I complain to", ["Can the buyer sue me?", "Who do I complain to"]),
    ("催收说明天要上门，我好害怕。", []),
])
def test_asked_questions_are_the_messages_questions_one_by_one(message, asked):
    from chat.intent import asked_questions

    assert asked_questions(message) == asked
