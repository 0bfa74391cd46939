"""Jurisdiction from the question and the conversation, and follow-ups that switch country."""

import pytest

from chat.followup import resolve
from chat.jurisdiction import covered_labels, infer, label, named, strip_names


@pytest.mark.parametrize("text, codes", [
    ("我在日本留学时欠了消费者金融的钱", ["JP"]),
    ("印度尼西亚的网贷催收", ["ID"]),           # the longest name wins: not India
    ("Recovery agent from my bank in Mumbai called me", ["IN"]),
    ("A collector keeps calling my work. I'm in Texas.", ["US"]),
    ("let us talk about it", []),              # "us" is a word; only "US" is the country
    ("I live in the US", ["US"]),
    ("im in the uk and behind on my credit card", ["UK"]),   # typed in lower case
    ("a collector in hk keeps calling my office", ["HK"]),
    ("I play the ukulele", []),
    ("What does Regulation F say about texts?", ["US"]),
    ("12378投诉后多久答复？", ["CN"]),
    ("金管局对收数公司有什么要求？", ["HK"]),
    ("韩国和中国银行业协会的夜间禁止时段哪个更早？", ["KR", "CN"]),
    ("美国消费者可以向消费者金融保护局（CFPB）投诉", ["US"]),  # not Japan's 消费者金融
    ("澳門的收數公司受什麼法例規管？", ["MO"]),             # 收數 is vocabulary: the named place wins
    ("收数公司可以打给我家人吗？", ["HK"]),                 # ... and still places a question that names none
    ("我在加拿大欠了5000美元", ["CA"]),
    ("What does MAS say about debt collection calls?", ["SG"]),
    ("Does BaFin cap Inkasso fees?", ["DE"]),
    ("我喺紐西蘭借咗私人貸款，紐西蘭有咩法例保障欠債人？", ["NZ"]),  # Taiwan/HK spelling; not HK for its Cantonese
    ("義大利的討債公司可以打給我家人嗎", ["IT"]),
    ("南韓晚上幾點以後不能催收？", ["KR"]),
    ("2025年上半年投诉最多的40家网贷平台中", []),   # 平台中 is "on the platform", not Taichung (台中)
    ("我在臺中工作，網貸平臺中有一家一直打電話", ["TW"]),
    ("后台南边的柜台", []),
    ("I'm helping my cousin in Shenzhen write to his card issuer", ["CN"]),  # Chinese cities in pinyin
    ("a bank in Taipei keeps calling", ["TW"]),
    ("the agency came to my flat in Kowloon", ["HK"]),
    # English names of mainland laws and bodies: a line in an INTL note on Art. 293-1 is not a US or UK rule
    ("Abusive collection of a lawful debt is not covered by Art. 293-1, although it may break other laws.", ["CN"]),
    ("The China Banking Association's guideline bans calls after 22:00.", ["CN"]),
])
def test_named(text, codes):
    assert named(text) == codes


@pytest.mark.parametrize("question, history, script, codes, basis", [
    ("催收可以打给我同事吗？", [], "hans", ("CN",), "simplified-default"),
    ("催收可以打給我同事嗎？", [], "hant", (), "traditional-unstated"),
    ("Can a collector call my boss?", [], None, (), "none"),
    ("那在英国呢？", ["美国FDCPA对催收电话的时间有什么规定？"], "hans", ("UK",), "named"),
    ("为什么？", ["美国FDCPA对催收电话的时间有什么规定？"], "hans", ("US",), "conversation"),
    # A question about several places has no default place, in either script or language.
    ("哪些法域要求银行把债务交给催收机构前书面通知借款人？", [], "hans", (), "across"),
    ("其他國家對催收時間有規定嗎", [], "hant", (), "across"),
    ("Which countries ban collection calls at night?", [], None, (), "across"),
    ("哪个渠道最难协商？", [], "hans", ("CN",), "simplified-default"),
    # The place named where the asker asks wins over one in the story; the story's places count when the asking
    # sentence names none, or only by a dialect word (收数公司).
    ("我被派到印度工作。App把通讯录里的人都骚扰了，连国内的家人都收到信息了。这在印度合法吗？", [], "hans", ("IN",), "named"),
    ("我在深圳上班，借了香港银行的钱。收数公司打电话给我同事，合法吗？", [], "hans", ("CN", "HK"), "named"),
    ("I moved from Texas to London last year. Can a UK collector call me at work?", [], None, ("UK",), "named"),
    # An amount's currency places a question that names nothing else; a named place still wins.
    ("collection agency says I owe $3,400 from an old medical bill, do I have to pay?", [], None, ("US",), "currency"),
    ("I'm £900 over my overdraft and they keep ringing", [], None, ("UK",), "currency"),
    ("the app lent me Rs. 20,000 and now calls my relatives", [], None, ("IN",), "currency"),
    ("欠了银行HK$20,000，收数公司打给我阿妈", [], "hans", ("HK",), "named"),
    ("欠了NT$5萬，催收打到公司", [], "hant", ("TW",), "currency"),
    ("I owe $5,000 to a bank in Toronto", [], None, ("CA",), "named"),
    ("I owe 3,400 on a card and they call at night", [], None, (), "none"),
    # A member state is read as its union, whose rules apply there (the call keeps which state was named).
    ("德国的催收公司能不能给我发邮件催债？", [], "hans", ("EU",), "named"),
    ("Under GDPR, can a French agency call my neighbours?", [], None, ("EU",), "named"),
    ("那在法国呢？", ["催收可以把我的欠款告诉我的邻居吗？"], "hans", ("EU",), "named"),
])
def test_infer(question, history, script, codes, basis):
    call = infer(question, history, script)
    assert (call.codes, call.basis) == (codes, basis)
    assert call.member == ({"德国": "DE", "French": "FR", "法国": "FR"}.get(next(
        (w for w in ("德国", "French", "法国") if w in question), "")))


def test_cantonese_hints_hong_kong_without_assuming_it():
    call = infer("佢哋成日打俾我屋企人，咁樣得唔得？", [], "hant")
    assert call.codes == () and call.hint == "HK"


@pytest.mark.parametrize("question, script, hint", [
    ("卡債欠了快五十萬 討債公司一直打到我公司 還跟我主管說我欠錢 這樣合法嗎", "hant", "TW"),
    ("我是卡奴，銀行說要把債權賣掉", "hant", "TW"),
    ("討債的人打來說再不還錢就告我，這樣算恐嚇嗎？", "hant", "TW"),  # 討債 without 公司
    ("催收公司把我的個資外洩給我同事，這樣違法嗎？", "hant", "TW"),  # 個資: Taiwan's short form of 個人資料
    ("我向銀行申訴催收騷擾一個多月了都沒回覆，接下來怎麼辦？", "hant", "TW"),  # Hong Kong says 投訴
    ("銀行委外的催收人員晚上幾點以後就不能打電話了？", "hant", None),  # nothing Taiwanese in it
    ("我欠了卡债，讨债公司天天打电话", "hans", None),  # Simplified: the mainland default stands
])
def test_taiwanese_debt_words_hint_taiwan_without_assuming_it(question, script, hint):
    call = infer(question, [], script)
    assert call.codes == (() if script == "hant" else ("CN",)) and call.hint == hint


def test_strip_names_keeps_regulators_and_laws():
    assert "fdcpa" in strip_names("美国FDCPA对催收电话的时间有什么规定？", {"US"})
    assert "美国" not in strip_names("美国FDCPA对催收电话的时间有什么规定？", {"US"})


def test_a_stripped_place_leaves_the_sentences_apart():
    """The story's "I live in Glasgow." stays a sentence of its own, so its words are not read as the question's."""
    from chat.intent import asking_part

    text = strip_names("My supervisor warned me. I live in Glasgow. Can I make them stop calling me at work?", {"UK"})
    assert "glasgow" not in text
    assert asking_part(text) == "can i make them stop calling me at work?"


@pytest.mark.parametrize("code, lang, text", [("CN", "zh", "中国内地"), ("UK", "en", "the UK"), ("JP", "zh", "日本"),
                                              ("BR", "en", "Brazil")])
def test_labels(code, lang, text):
    assert label(code, lang) == text


def test_covered_places_are_named_in_label_order_without_intl():
    assert covered_labels({"US", "INTL", "CN", "UK"}, "zh") == ["中国内地", "美国", "英国"]
    assert covered_labels({"HK", "EU"}, "en") == ["the EU", "Hong Kong"]


# --- follow-ups ------------------------------------------------------------------------------------------------

def test_a_follow_up_that_names_another_country_replaces_the_earlier_one():
    turn = resolve("那在英国呢？", ["美国FDCPA对催收电话的时间有什么规定？"])
    assert turn.follow_up and turn.jurisdiction.codes == ("UK",)
    assert "美国" not in turn.query and "催收电话" in turn.query and "fdcpa" in turn.query.lower()


def test_an_english_follow_up_drops_the_earlier_country_and_keeps_the_ask():
    turn = resolve("And in India?", ["Where can I complain about a debt collector in the UK?"])
    assert turn.jurisdiction.codes == ("IN",) and turn.intent.primary.value == "complain"
    assert " uk" not in turn.query.lower().replace("uk?", "")


def test_why_after_which_is_hardest_asks_for_reasons_about_the_earlier_topic():
    turn = resolve("为什么？", ["哪种催收渠道最难协商？"])
    assert turn.follow_up and turn.intent.primary.value == "why" and turn.query.startswith("哪种催收渠道最难协商")


def test_a_chain_of_short_follow_ups_leans_on_what_the_last_one_meant():
    turn = resolve("为什么？", ["信用卡逾期", "那在台湾呢？"])
    assert turn.follow_up and turn.intent.primary.value == "why"
    assert "信用卡逾期" in turn.query and "台湾" in turn.query and turn.jurisdiction.codes == ("TW",)
    assert turn.intent.debt_topic  # in a conversation about debt, "why?" is about debt (the in-domain decision)


def test_why_in_a_conversation_about_debt_is_about_debt():
    assert resolve("why?", ["Can a collector call my boss in the US?"]).intent.debt_topic
    assert not resolve("why?", ["写一首关于秋天的诗"]).intent.debt_topic


@pytest.mark.parametrize("question", [
    "收數佬成日打去我公司，點算好？",   # Hong Kong: a debt collector
    "張卡數還唔到，佢哋會唔會告我？",    # Hong Kong: card debt
    "銀行一直催繳，我該怎麼辦？",        # Taiwan: pressing for payment
])
def test_cantonese_and_taiwan_words_for_debt_name_the_debt_topic(question):
    assert resolve(question, []).intent.debt_topic
    # so a short follow-up in that conversation is about debt too (the in-domain decision)
    assert resolve("那如果在新加坡呢？", [question]).intent.debt_topic


@pytest.mark.parametrize("question, history, leans", [
    # names no debt topic and no place: about the conversation's topic
    ("can I apply online myself?", ["What is breathing space?", "how long does it last?"], True),
    ("Does that 7-in-7 limit also cover text messages?", ["How many times a week can a US debt collector call me?"],
     True),
    # a question about what was just said, though it names a debt topic ("owe", 还)
    ("does that mean i dont owe it anymore?", ["How do I get a collection agency in the US to stop calling me?"],
     True),
    ("这样是不是就不用还了？", ["怎么让催收不再打电话？"], True),
    # a new question names its own topic
    ("Can a debt collector in the UK charge me extra fees?", ["What is breathing space?"], False),
    ("Is it legal for a collector to call my boss in Texas?", ["What is breathing space?"], False),
    ("网贷催收可以打给我的紧急联系人吗？", ["信用卡协商分期一般能分几期？"], False),
])
def test_a_short_turn_naming_no_debt_topic_or_place_leans_on_the_conversation(question, history, leans):
    assert resolve(question, history).follow_up is leans


def test_a_full_new_question_stands_on_its_own():
    turn = resolve("欧盟对债务咨询有什么要求？", ["美国FDCPA对催收电话的时间有什么规定？"])
    assert not turn.follow_up and turn.query == "欧盟对债务咨询有什么要求？" and turn.jurisdiction.codes == ("EU",)


def test_a_question_in_shared_characters_takes_the_conversations_script():
    assert resolve("那可以分期多久？", ["信用卡中心催收受什麼規定約束？"]).script == "hant"
    assert resolve("那可以分期多久？", []).script == "hans"


@pytest.mark.parametrize("sentence, meta_place, asked, fits", [
    # A place named in the sentence outweighs an authority name shared with another place (刑法 alone is CN's).
    ("臺灣刑法第305條恐嚇危害安全罪處罰以加害生命、身體、自由、名譽或財產的事恫嚇他人的行為。", "TW", ("CN",), False),
    ("臺灣刑法第305條恐嚇危害安全罪處罰以加害生命、身體、自由、名譽或財產的事恫嚇他人的行為。", "TW", ("TW",), True),
    ("《刑法》第二百九十三条之一规定了催收非法债务罪。", "CN", ("CN",), True),
    ("美国FDCPA第805(b)条禁止催收人向雇主透露债务。", "US", ("CN",), False),
    ("香港金管局禁止向未担保的第三方追讨欠款，与中国内地行业规则原则上不得向无关第三方催收的思路相近。", "HK", ("CN",), True),
    # A sentence of a cross-jurisdiction document that names only a mainland rule is mainland China's.
    ("银行自催：《商业银行信用卡业务监督管理办法》第六十八条只允许向债务人和担保人催收。", "INTL", ("UK",), False),
    ("银行自催：《商业银行信用卡业务监督管理办法》第六十八条只允许向债务人和担保人催收。", "INTL", ("CN",), True),
    ("依《信用卡業務機構管理辦法》第30條，買方不得再轉售該債權。", "TW", ("TW",), True),  # Taiwan's own rule
])
def test_a_sentence_fits_the_places_it_names(sentence, meta_place, asked, fits):
    from chat.knowledge import Knowledge

    assert Knowledge.sentence_fits(sentence, {"jurisdiction": meta_place}, asked) is fits
