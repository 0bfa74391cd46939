"""Which words of a question weigh in the "answered?" decision: contractions are not words, and a word the corpus
lacks counts against coverage only in the sentence that asks, not in the story told around it."""

import pytest

from chat.evidence import asking_part, covered_weight, key_terms
from text.question_words import expand_contractions, without_amounts

MANCHESTER = ("I live in Manchester and I've been diagnosed with depression. The debt collectors won't leave me alone. "
              "Is there anything that stops them for a while?")


@pytest.mark.parametrize("text, expected", [
    ("I've been diagnosed", "I have been diagnosed"),
    ("they won't stop and I can't sleep", "they will not stop and I cannot sleep"),
    ("I didn't know, they're calling, I'm scared", "I did not know, they are calling, I am scared"),
    ("my lender's letter", "my lender's letter"),  # a possessive stays (the tokenizer drops the s)
    # typed without the apostrophe, as borrowers do on a phone
    ("i didnt get a letter and they wont say who, isnt that illegal", "i did not get a letter and they will not "
     "say who, is not that illegal"),
    ("im in texas, dont know what to do, whats the limit, theyre calling", "i am in texas, do not know what to do, "
     "what is the limit, they are calling"),
    ("they were calling, its my debt, i feel ill, well", "they were calling, its my debt, i feel ill, well"),  # words
])
def test_expand_contractions(text, expected):
    assert expand_contractions(text) == expected


@pytest.mark.parametrize("text, asking", [
    (MANCHESTER, "Is there anything that stops them for a while?"),
    ("My collector calls at 7 a.m. every day. Is that allowed?", "Is that allowed?"),
    ("我在一个网带借了8000，逾其两个月了。现在摧收天天打电话。这种半夜打电话到底合不合法？", "这种半夜打电话到底合不合法？"),
    ("车贷逾期两个月了，车会被拖走吗？一般多久会收车", "车贷逾期两个月了，车会被拖走吗？ 一般多久会收车"),
    ("我想申请个人破产，需要满足什么条件？", "我想申请个人破产，需要满足什么条件？"),  # one sentence: all of it
    ("Tell me about breathing space.", "Tell me about breathing space."),      # nothing asks: all of it
])
def test_asking_part(text, asking):
    assert asking_part(text) == asking


def _terms(text: str):
    corpus = {"debt", "collector", "stop", "live", "while", "breathing", "space"}
    return key_terms(text, lambda t: 3.0 if t in corpus else None, lambda t: t in corpus, 3.0, 6.0, 4.5, 0.1, 6.0)


def test_words_the_corpus_lacks_count_only_where_the_asker_asks():
    terms = _terms(MANCHESTER)
    assert "ve" not in terms.weights and "won" not in terms.unknown        # contraction pieces are gone
    assert "diagnosed" in terms.unknown                                     # the story's words: not counted against
    assert not {"diagnosed", "depression"} & set(terms.unknown_content)
    asked = _terms("Does breathing space cover gambling debts?")
    assert "gambling" in asked.unknown_content                              # asked about: the corpus lacks it
    # an everyday word the corpus names in its own words (depression -> mental health crisis breathing space)
    assert "depression" not in _terms("Does breathing space cover depression?").unknown_content


def test_a_contraction_typed_without_its_apostrophe_is_not_a_topic_the_corpus_lacks():
    terms = _terms("a debt collector calls me every day. i didnt get a letter, isnt that illegal?")
    assert not {"didnt", "isnt", "didn", "isn"} & (set(terms.unknown_content) | set(terms.weights))


def test_an_inflection_the_corpus_lacks_is_weighed_by_its_stem_not_counted_missing():
    terms = _terms("The debt collector never stopped. Why has nothing stopped them?")
    assert "stopped" in terms.weights and "stopped" not in terms.unknown_content   # the corpus says "stop"


def _zh_terms(text: str):
    corpus = {"催收", "打电话", "雇主", "同事", "单位", "协商", "协调", "合法", "平台"}
    return key_terms(text, lambda t: 3.0 if t in corpus else None, lambda t: t in corpus, 3.0, 6.0, 4.5, 0.1, 6.0)


def test_an_everyday_word_the_corpus_lacks_is_covered_by_the_corpus_wording():
    from chat.evidence import coverage

    terms = _zh_terms("催收打电话给我老板，这合法吗？")
    assert "老板" in terms.weights and "老板" not in terms.unknown  # weighed through 雇主 / 单位 / 同事
    with_colleague = coverage(["催收人员打电话给借款人的同事并说出欠款，不符合规定。"], terms)
    without = coverage(["催收人员不得在22:00至8:00打电话。"], terms)
    assert with_colleague > without
    assert coverage(["催收人员打电话给借款人的老板并说出欠款，不符合规定。"], terms) == pytest.approx(with_colleague)


def test_a_corpus_word_with_an_everyday_synonym_is_covered_by_either():
    from chat.evidence import coverage

    terms = _zh_terms("催收最难协调的平台是哪个？")
    assert coverage(["网贷平台最难协商。"], terms) == pytest.approx(coverage(["网贷平台最难协调。"], terms))


def test_an_inflected_english_word_is_covered_by_the_passages_form_of_it():
    """'calling' is covered by a passage that says 'calls' when the refusal gate measures the passages; a
    sentence's own overlap (the quote ranking) still needs the word itself."""
    from chat.evidence import TermWeights, covered_weight, english_stem

    terms = TermWeights({"stop": 1.0, "calling": 2.0})
    passage = ["Under FDCPA 805(c), a collector must stop calls once the consumer asks in writing."]
    assert covered_weight(passage, terms) == 1.0
    assert covered_weight(passage, terms, inflected=True) == 3.0
    assert english_stem("harassing") == "harass" and english_stem("催收") == "催收" and english_stem("call") == "call"
    assert covered_weight(["A person may file for bankruptcy relief."], TermWeights({"garnished": 1.0}),
                          inflected=True) == 0.0  # a word the passage does not use in any form


@pytest.mark.parametrize("text, kept", [
    ("collection agency says I owe $3,400 from an old medical bill", "collection agency says I owe money from an old medical bill"),
    ("欠了HK$20,000，收数公司天天打电话", "欠了 钱 ，收数公司天天打电话"),
    ("a £900 overdraft and a ₹50k app loan", "a money overdraft and a money app loan"),
    ("Rs. 20,000 from an app", "money from an app"),
    ("Reg F allows 7 calls in 7 days", "Reg F allows 7 calls in 7 days"),   # a number that is not a sum stays
    ("12378投诉后多久答复", "12378投诉后多久答复"),
    ("now they want 3000 dollars from me", "now they want money from me"),
    ("I owe like 2k bucks on a card", "I owe like money on a card"),
    ("在网贷借了8000块，信用卡欠了五万，还有两千多刀", "在网贷借了 钱 ，信用卡欠了 钱 ，还有 钱"),
    ("欠了十几万网贷", "欠了 钱 网贷"),
    ("暴力催收投诉有46.6万条吗", "暴力催收投诉有46.6万条吗"),  # a count of complaints, not a sum
    ("欠款5年内还清", "欠款5年内还清"),
    # a count of instalments is the asker's too: "60" matched 银监发〔2009〕60号
    ("银行说可以给我分60期，最多分几期", "银行说可以给我 分期 ，最多 分期"),
    ("they offered me 36 monthly payments", "they offered me instalments"),
    ("逾期期间会怎样", "逾期期间会怎样"),
    # an age is the asker's circumstance: "16", "year" and "old" found a time-barred-debt line
    ("Collector called my 16 year old daughter's phone", "Collector called my daughter's phone"),
    ("my 70-year-old mum and I am 72 years old, aged 65", "my mum and I , "),
    ("催收打给我70岁的妈妈，我爸六十多岁了", "催收打给我 妈妈，我爸 了"),
    ("the debt is 7 years old, is 3 calls a day allowed", "the debt is 7 years old, is 3 calls a day allowed"),
    ("a 7 year old debt from 2015", "a 7 year old debt from 2015"),  # the age of a debt is what is asked
])
def test_a_sum_the_asker_owes_is_money_not_its_figure(text, kept):
    assert " ".join(without_amounts(text).split()) == " ".join(kept.split())


def test_padding_words_are_not_terms_to_find():
    def idf(token):
        return 3.0  # every word is in the corpus: only the padding filter can drop one

    weights = key_terms("Honestly, what does CONC 7.3 actually say about arrears? 说实话，其实我就想知道分期 "
                        "so I don't owe it anymore?", idf,
                        lambda t: True, 1.0, 6.0, 4.5, 0.1).weights
    assert not {"honestly", "actually", "说实话", "其实", "anymore"} & set(weights)
    assert {"conc", "arrear", "分期"} <= set(weights)  # (terms are stemmed)


def test_a_researchers_framing_and_comparison_words_are_not_terms_to_find():
    weights = key_terms("For my thesis: how does the UK approach to forbearance differ from the US FDCPA approach? "
                        "我在写论文，中国和印度的规定有什么区别", lambda t: 3.0, lambda t: True, 1.0, 6.0, 4.5, 0.1).weights
    assert not {"thesis", "differ", "论文", "区别"} & set(weights)
    assert {"forbearance", "fdcpa", "规定"} <= set(weights)


def test_a_phd_students_comparison_keeps_only_the_topic():
    # "I'm a PhD student comparing … What are the main differences?" was refused at 50%: no passage says
    # "comparing", "main" or "differences"
    weights = key_terms("I'm a PhD student comparing how the US and UK regulate the frequency of collection calls. "
                        "What are the main differences? 我是研究生，中国和美国的规定有什么差异",
                        lambda t: 3.0, lambda t: True, 1.0, 6.0, 4.5, 0.1).weights
    assert not {"phd", "student", "comparing", "main", "difference", "differences", "研究生", "差异"} & set(weights)
    assert {"regulate", "frequency", "规定"} <= set(weights)


def test_the_asking_formula_is_not_a_term_to_find():
    # "is that even allowed" asks; it names nothing a passage must hold (a follow-up "and in the UK?" was refused
    # because UK passages do not say "allowed")
    weights = key_terms("they keep calling me at 11pm, is that even allowed? 催收天天打电话，这样合法吗",
                        lambda t: 3.0, lambda t: True, 1.0, 6.0, 4.5, 0.1).weights
    assert not {"allowed", "even", "合法"} & set(weights)
    assert {"calling", "打电话"} <= set(weights)
    weights = key_terms("a collector called my sister four times asking where i live. are they even allowed to keep "
                        "calling her?", lambda t: 3.0, lambda t: True, 1.0, 6.0, 4.5, 0.1).weights
    assert not {"allowed", "even"} & set(weights)
    assert {"sister", "calling"} <= set(weights)


def test_a_word_inside_an_everyday_phrase_is_found_by_the_corpus_words_for_the_phrase():
    # "at my door" is the table's phrase for a visit: a passage saying "visit" covers "door"
    terms = key_terms("a debt collector keeps turning up at my door", lambda t: 3.0, lambda t: True, 1.0, 6.0, 4.5,
                      0.1)
    assert "visit" in terms.alternatives.get("door", ())
    assert covered_weight(["On a visit, a firm must not enter without consent."], terms) >= terms.weights["door"]


def test_a_compound_the_corpus_never_joins_is_weighed_by_its_words():
    """"申诉电话" is one word to jieba; a corpus that writes 申诉 and 电话 apart still holds what it asks for. A
    compound with a part the corpus lacks stays unknown (the part left out may be what it names)."""
    from chat.evidence import compound_parts, coverage

    corpus = {"申诉", "电话", "台湾", "催收"}
    idf = lambda t: 3.0 if t in corpus else None  # noqa: E731
    assert compound_parts("申诉电话", idf) == ("申诉", "电话")
    assert compound_parts("申诉电话", lambda t: 3.0 if t == "电话" else None) == ()
    assert compound_parts("电话", idf) == () and compound_parts("hotline", idf) == ()
    terms = key_terms("有沒有台灣的申訴電話？", idf, lambda t: t in corpus, 3.0, 6.0, 4.5, 0.1, 6.0)
    assert {"申诉", "电话"} <= set(terms.weights) and "申诉电话" not in terms.unknown
    assert "有没有" not in terms.weights  # an A-not-A question word names nothing to find
    assert coverage(["臺灣借款人可以打電話向銀行申訴。"], terms) > coverage(["臺灣的催收時段是上午七時至晚上十時。"], terms)


def test_a_clock_time_is_not_found_in_any_passage_holding_its_digit():
    """"9pm" is found where the corpus says it in its words (inconvenient, unreasonable hours), not in "section 8
    notice" or "2018": the table's "8 a.m. 9 p.m." gives no bare number to match."""
    from chat.evidence import coverage

    corpus = {"8", "9", "inconvenient", "unreasonable", "time", "hours", "collector", "door", "section", "notice"}
    idf = lambda t: 3.0 if t in corpus else None  # noqa: E731
    terms = key_terms("a debt collector came to my door at 9pm, is that allowed?", idf, lambda t: t in corpus,
                      3.0, 6.0, 4.5, 0.1, 6.0)
    assert "9pm" in terms.weights and not {"8", "9"} & set(terms.alternatives.get("9pm", ()))
    rule = coverage(["A firm must not contact customers at unreasonable times."], terms)
    landlord = coverage(["A landlord cannot serve a section 8 notice during a breathing space."], terms)
    assert rule > landlord


@pytest.mark.parametrize("text, asked_word, story_word", [
    (MANCHESTER, "stop", "live"),
    ("催收说再不还就通知我单位领导，我刚找到工作。他们可以找我单位吗？", "单位", "工作"),
])
def test_the_words_of_the_sentence_that_asks_weigh_more_than_the_storys(text, asked_word, story_word):
    corpus = {"debt", "collector", "stop", "live", "单位", "工作", "领导", "催收"}

    def terms(boost: float):
        return key_terms(text, lambda t: 3.0 if t in corpus else None, lambda t: t in corpus, 3.0, 9.0, 8.5, 0.1,
                         6.0, boost).weights

    plain, boosted = terms(1.0), terms(2.0)
    assert boosted[asked_word] == pytest.approx(2 * plain[asked_word])
    assert boosted[story_word] == pytest.approx(plain[story_word])
    # one sentence is all question: nothing is boosted
    assert key_terms("Is there anything that stops them?", lambda t: 3.0 if t in corpus else None,
                     lambda t: t in corpus, 3.0, 9.0, 8.5, 0.1, 6.0, 2.0).weights["stop"] == pytest.approx(3.0)
