"""The answer path on the real small index, by gate branch and by failure class (issue 11)."""

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from chat import jurisdiction as places
from chat.answer import answer_question, resolve_query
from chat.domain import DomainCall
from chat.evidence import TermWeights, sentences
from chat.followup import resolve
from chat.gate import Gate, decide
from chat.intent import classify
from chat.quotes import quotable_spans
from settings import AnswerSettings

S = AnswerSettings(min_domain_margin=0.0, min_domain_margin_cue=0.05, min_coverage=0.4, min_dense_cross=0.85)
TERMS = TermWeights({"催收": 1.0})
IN, OUT = DomainCall(0.90, 0.80, "x"), DomainCall(0.80, 0.85, "写一首诗")


# --- every branch of the refusal decision ------------------------------------------------------------------------

@pytest.mark.parametrize("name, question, domain, refs, uncovered, asked, cover, cross, dense, chosen, place_ok, kind", [
    ("out of domain", "帮我写一首诗", OUT, [], [], [], 0.9, False, 0.8, [1], True, "ood"),
    ("off-topic cue needs a wider margin", "帮我写一首诗", DomainCall(0.86, 0.84, "x"), [], [], [], 0.9, False, 0.86,
     [1], True, "ood"),
    ("unverifiable reference", "《江苏催收办法》规定了什么？", IN, ["《江苏催收办法》"], [], [], 0.9, False, 0.9, [1], True,
     "reference"),
    ("place the corpus lacks", "日本的催收规定？", IN, [], ["JP"], ["JP"], 0.9, False, 0.9, [1], True, "place"),
    ("no quotable evidence", "催收规定？", IN, [], [], [], 0.9, False, 0.9, [], True, "evidence"),
    ("no quote from the asked place", "英国的催收规定？", IN, [], [], ["UK"], 0.9, False, 0.9, [1], False,
     "place-evidence"),
    ("coverage below the line", "催收规定？", IN, [], [], [], 0.3, False, 0.9, [1], True, "evidence"),
    ("answered on coverage", "催收规定？", IN, [], [], [], 0.5, False, 0.9, [1], True, ""),
    ("answered across languages on a close dense match", "催收规定？", IN, [], [], [], 0.1, True, 0.9, [1], True, ""),
    ("refused across languages on a weak dense match", "催收规定？", IN, [], [], [], 0.1, True, 0.8, [1], True,
     "evidence"),
    ("one covered place of two is enough", "韩国和日本的催收规定？", IN, [], ["JP"], ["KR", "JP"], 0.9, False, 0.9, [1],
     True, ""),
])
def test_gate_branches(name, question, domain, refs, uncovered, asked, cover, cross, dense, chosen, place_ok, kind):
    gate = decide(resolve(question), domain, refs, uncovered, asked, cover, cross, dense, chosen, TERMS, place_ok, S)
    assert isinstance(gate, Gate) and gate.kind == kind and gate.refuse is bool(kind), name


# Evidence that survives paraphrase: the e5 match of the question to the quoted passages, and the wider in-domain
# margin for a question about debt (emotional phrasing sits near small talk in e5 space).
S2 = S.model_copy(update={"min_evidence_sim": 0.88, "min_domain_margin": 0.03, "min_domain_margin_debt": -0.05})


@pytest.mark.parametrize("name, question, domain, cover, evidence_sim, kind", [
    ("low word coverage, close e5 match to the quoted passages: answered",
     "我欠网贷好几个月了 他们天天打我妈电话 这样搞合法吗", IN, 0.1, 0.90, ""),
    ("low word coverage, weak e5 match: refused", "我欠网贷好几个月了 他们天天打我妈电话 这样搞合法吗", IN, 0.1, 0.85,
     "evidence"),
    ("a debt question near small talk is in domain", "我欠了花呗三千块 他们说要上门 我好害怕 怎么办啊",
     DomainCall(0.88, 0.88, "给我讲个笑话"), 0.5, 0.0, ""),
    ("small talk without debt is not", "我好害怕 怎么办啊 给我讲个笑话吧", DomainCall(0.88, 0.88, "给我讲个笑话"), 0.5,
     0.0, "ood"),
    ("an off-topic task about money is not rescued by the debt cue", "帮我写一首关于欠债的诗",
     DomainCall(0.86, 0.85, "写一首诗"), 0.9, 0.95, "ood"),
])
def test_gate_branches_that_survive_paraphrase(name, question, domain, cover, evidence_sim, kind):
    gate = decide(resolve(question), domain, [], [], [], cover, False, 0.9, [1], TERMS, True, S2, evidence_sim)
    assert gate.kind == kind and gate.refuse is bool(kind), (name, gate.reason)


# Quotes all from the place the question names: a lower e5 line (a long story around the question lowers the cosine).
S3 = S.model_copy(update={"min_evidence_sim": 0.87, "min_evidence_sim_place": 0.84, "min_coverage": 0.5})
MANCHESTER = ("I live in Manchester and I've been diagnosed with depression. The debt collectors won't leave me alone. "
              "Is there anything that stops them for a while?")


@pytest.mark.parametrize("name, place_confirmed, evidence_sim, kind", [
    ("own-place quotes, e5 above the place line: answered", True, 0.863, ""),
    ("own-place quotes, e5 below the place line: refused", True, 0.83, "evidence"),
    ("quotes from elsewhere need the general line", False, 0.863, "evidence"),
    ("the general line still answers", False, 0.88, ""),
])
def test_gate_place_confirmed_evidence_line(name, place_confirmed, evidence_sim, kind):
    gate = decide(resolve(MANCHESTER), IN, [], [], ["UK"], 0.2, False, 0.9, [1], TERMS, True, S3, evidence_sim,
                  place_confirmed)
    assert gate.kind == kind and gate.refuse is bool(kind), (name, gate.reason)


# --- failure classes end to end ------------------------------------------------------------------------------------

def test_every_citation_quotes_its_chunk_verbatim_and_whole(small_index):
    _, handle = small_index
    answer = answer_question(handle, "信用卡个性化分期还款协议最长多少年？")
    assert not answer.refused and answer.citations
    for c in answer.citations:
        chunk = handle.node(c.chunk_id).get_content()
        assert c.quote in chunk and f"[{c.n}]" in answer.text
        assert any(span.text == c.quote for span in quotable_spans(chunk, False) + quotable_spans(chunk, True))
    assert any("5年" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question, lang", [("帮我写一首关于秋天的诗吧", "zh"), ("Write me a haiku about the sea.", "en"),
                                            ("推荐一款拍照好的手机", "zh")])
def test_out_of_domain_requests_are_refused_without_quotes(small_index, question, lang):
    _, handle = small_index
    answer = answer_question(handle, question)
    assert answer.refused and not answer.citations and answer.lang == lang


def test_a_refusal_names_the_closest_page(small_index):
    settings, handle = small_index
    answer = answer_question(handle, "日本的催收公司每天最多可以打几次电话？")
    assert answer.refused and "日本" in answer.text and "《" in answer.text
    assert str(settings.corpus_dir) not in answer.text and ".md" not in answer.text  # a title, never a file path


def test_wrong_country_guard(small_index):
    """The small corpus has no UK document, only sentences that name the UK: a UK question is refused or answered
    from those sentences, never from a US or Chinese rule."""
    from chat.knowledge import Knowledge

    _, handle = small_index
    answer = answer_question(handle, "What hours can a debt collector call me in the UK?")
    for c in answer.citations:
        assert Knowledge.sentence_fits(c.quote, handle.node(c.chunk_id).metadata, ("UK",)), c.quote


def test_a_follow_up_that_switches_country_is_answered_for_the_new_one(small_index):
    _, handle = small_index
    answer = answer_question(handle, "那在美国呢？", history=["信用卡中心可以找我的同事催收吗？"])
    if not answer.refused:
        assert all(c.source_id.startswith(("us-", "channel-")) for c in answer.citations)
        assert not any(c.source_id.startswith("cn-") for c in answer.citations)


def test_follow_up_why_gives_reasons_not_the_verdict(small_index):
    _, handle = small_index
    answer = answer_question(handle, "为什么？", history=["哪种催收渠道最难协商？"])
    assert not answer.refused
    assert answer.text.splitlines()[1].startswith("原因")
    assert any(cue in c.quote for c in answer.citations for cue in ("因为", "难点", "无权", "多方", "分析"))


def test_a_templates_letter_is_never_quoted_and_its_instructions_only_for_a_letter_request():
    text = "投诉信只写自己能用证据证明的事实。投诉信中【】内为需要自行填写的内容。模板正文 投诉人：【姓名】。本人愿意协商还款，请安排分期。"
    template = NodeWithScore(node=TextNode(id_="t#1", text=text,
                                           metadata={"doc_type": "template", "source_id": "template-x"}), score=1.0)
    letter = sentences([template], TERMS, classify("怎么写投诉信？"), lambda _id: False)
    assert letter == []  # without the library's instructions, nothing of a template
    before_letter = text[: text.index("模板正文")]
    quoted = sentences([template], TERMS, classify("怎么写投诉信？"), lambda _id: False, lambda _id: before_letter)
    assert [c.text for c in quoted] == ["投诉信只写自己能用证据证明的事实。"]  # the blanks' instruction has 【】
    assert sentences([template], TERMS, classify("催收能打我同事电话吗？"), lambda _id: False,
                     lambda _id: before_letter) == []  # no letter asked: no template sentence


def test_simplified_question_states_the_assumed_jurisdiction(small_index):
    _, handle = small_index
    answer = answer_question(handle, "信用卡中心可以找我的同事催收吗？")
    assert not answer.refused and "中国内地" in answer.text.splitlines()[0]
    assert any("第三人" in c.quote for c in answer.citations)


def test_traditional_question_gets_a_traditional_answer(small_index):
    _, handle = small_index
    answer = answer_question(handle, "信用卡欠款可以跟銀行談分期嗎？最長幾年？")
    assert not answer.refused
    from text.script import detect_script

    assert detect_script(answer.text) == "hant"
    assert all(c.quote in handle.node(c.chunk_id).get_content() for c in answer.citations)  # verbatim kept


def test_english_question_gets_english_framing(small_index):
    _, handle = small_index
    answer = answer_question(handle, "Can a debt collector call me before 8 a.m. under the FDCPA?")
    assert not answer.refused and answer.text.startswith("Short answer: no.")


def test_follow_up_is_searched_with_the_previous_turn():
    assert resolve_query("那可以分期多久？", ["信用卡中心催收受什么规定约束？"]).startswith("信用卡中心")
    assert resolve_query("What about the UK?", []) == "What about the UK?"


def test_select_evidence_honours_the_per_source_cap():
    from chat.choose import select
    from chat.evidence import Sentence
    from chat.quotes import Span

    def cand(source: str, sentence: str, score: float) -> Sentence:
        node = TextNode(id_=f"{source}#{len(sentence)}", text=sentence, metadata={"source_id": source})
        return Sentence(Span(0, len(sentence), sentence), NodeWithScore(node=node, score=1.0), 0, score, 0.0, score)

    ranked = [cand("us-fdcpa-en", "A collector may not call before 8 a.m. local time.", 0.9),
              cand("us-fdcpa-en", "Disputes must be sent in writing within thirty days of the notice.", 0.8),
              cand("us-fdcpa-en", "Calls to a workplace are barred if the employer forbids them.", 0.7),
              cand("us-regulation-f-en", "Seven calls within seven days are presumed to harass.", 0.6)]
    assert [c.meta["source_id"] for c in select(ranked, 3, 2, 0.7)] == ["us-fdcpa-en", "us-fdcpa-en",
                                                                        "us-regulation-f-en"]
    assert [c.meta["source_id"] for c in select(ranked, 3, 1, 0.7)] == ["us-fdcpa-en", "us-regulation-f-en"]
    # With a margin, the cap holds a strong third line out only for another source's line within the margin of it.
    weak = [*ranked[:3], cand("us-regulation-f-en", "Seven calls within seven days are presumed to harass.", 0.2)]
    assert [c.score for c in select(weak, 3, 2, 0.7, margin=0.4)] == [0.9, 0.8, 0.7]   # 0.2 is far below 0.7
    assert [c.score for c in select(ranked, 3, 2, 0.7, margin=0.4)] == [0.9, 0.8, 0.6]  # 0.6 is within 0.4 of 0.7
    assert [c.score for c in select(weak, 4, 2, 0.7, margin=0.4)] == [0.9, 0.8, 0.7, 0.2]  # room for both
    assert [c.score for c in select(weak, 3, 2, 0.7)] == [0.9, 0.8, 0.2]                 # no margin: a hard cap


@pytest.mark.parametrize("scores, gap, kept", [
    ([7.8, 7.7, 7.5, 6.0], 1.2, [7.8, 7.7, 7.5]),   # filler far below the best is left out
    ([7.8, 7.7, 7.5, 6.7], 1.2, [7.8, 7.7, 7.5, 6.7]),  # within reach: kept
    ([6.0, 7.8], 1.2, [7.8]),                       # measured from the best, wherever it stands
    ([7.8, 6.0], 0.0, [7.8, 6.0]),                  # 0 = off
    ([], 1.2, []),
])
def test_quotes_far_below_the_best_are_left_out(scores, gap, kept):
    from chat.choose import within_reach
    from chat.evidence import Sentence
    from chat.quotes import Span

    def cand(score: float) -> Sentence:
        text = f"Sentence scored {score}."
        node = TextNode(id_=text, text=text, metadata={"source_id": "s"})
        return Sentence(Span(0, len(text), text), NodeWithScore(node=node, score=1.0), 0, 0.5, 0.0, score)

    assert [c.score for c in within_reach([cand(x) for x in scores], gap)] == kept


def test_room_left_goes_to_close_lines_of_the_same_source_past_the_cap():
    """Two UK-guide lines were chosen (the cap per source) and a Hong Kong one dropped: the guide's third line,
    within reach of the best, fills the room; a far-off line or another place's does not."""
    from chat.choose import filled_up
    from chat.evidence import Sentence
    from chat.quotes import Span

    def cand(source: str, place: str, text: str, score: float) -> Sentence:
        node = TextNode(id_=text, text=text, metadata={"source_id": source, "jurisdiction": place})
        return Sentence(Span(0, len(text), text), NodeWithScore(node=node, score=1.0), 0, 0.5, 0.0, score)

    complain = cand("guide-uk", "UK", "A customer can make a written complaint to the firm.", 7.6)
    ombudsman = cand("guide-uk", "UK", "The Financial Ombudsman Service is free to use.", 7.2)
    hours = cand("guide-uk", "UK", "Under CONC 7.9 a firm must not contact customers at unreasonable times.", 6.9)
    hong_kong = cand("guide-hk", "HK", "Hong Kong's code bans calls at unreasonable hours.", 7.7)
    far = cand("guide-uk", "UK", "Breathing Space lasts 60 days.", 6.0)
    uk = lambda text, meta: meta["jurisdiction"] == "UK"  # noqa: E731
    ranked = [hong_kong, complain, ombudsman, hours, far]
    assert filled_up([complain, ombudsman], ranked, 4, uk, 1.2, 0.7) == [complain, ombudsman, hours]
    assert filled_up([complain, ombudsman, hours, far], ranked, 4, uk, 1.2, 0.7) == [complain, ombudsman, hours, far]
    assert filled_up([], ranked, 4, uk, 1.2, 0.7) == []


def _placed(source: str, place: str, sentence: str):
    """A candidate sentence of `source`, a document about `place`, all scores equal."""
    from chat.evidence import Sentence
    from chat.quotes import Span

    node = TextNode(id_=f"{source}#{len(sentence)}", text=sentence, metadata={"source_id": source,
                                                                             "jurisdiction": place})
    return Sentence(Span(0, len(sentence), sentence), NodeWithScore(node=node, score=1.0), 0, 0.5, 0.0, 0.5)


def test_a_question_about_several_places_quotes_one_per_place_first():
    from chat.choose import select

    cand = _placed
    ranked = [cand("intl-hk-kr-en", "KR", "South Korea bans collection calls between 9 p.m. and 8 a.m."),
              cand("intl-hk-kr-en", "KR", "The Korean night-time ban also covers visits to the home."),
              cand("cn-gbt-45251-2025-en", "CN", "GB/T 45251-2025 bans collection from 22:00 to 08:00."),
              cand("misinformation-notes-en", "CN", "NIFA's 2024 guideline bans collection from 22:00 to 08:00 too."),
              cand("guide-tw-borrower-en", "TW", "Taiwan's collectors may not call after 10 p.m. or before 7 a.m.")]
    spread = select(ranked, 3, 2, 0.7, one_per_place=True)
    assert [c.meta["jurisdiction"] for c in spread] == ["KR", "CN", "TW"]
    assert [c.meta["jurisdiction"] for c in select(ranked, 3, 2, 0.7)] == ["KR", "KR", "CN"]
    # With fewer places than quotes, the rest follow in rank order.
    assert [c.meta["jurisdiction"] for c in select(ranked[:4], 3, 2, 0.7, one_per_place=True)] == ["KR", "CN", "KR"]


def test_a_comparison_of_named_places_leads_with_each_named_place_in_order():
    from chat.choose import spread_over
    from chat.knowledge import sentence_jurisdiction

    cand = _placed
    ranked = [cand("intl-hk-kr-en", "INTL", "South Korea bans collection calls between 9 p.m. and 8 a.m."),
              cand("us-regulation-f-en", "US", "Seven calls within seven days are presumed to harass."),
              cand("us-fdcpa-en", "US", "A collector may not call before 8 a.m. or after 9 p.m."),
              cand("in-rbi-recovery-agents-en", "IN", "Recovery agents may call only between 8 a.m. and 7 p.m."),
              cand("uk-fca-conc7-en", "UK", "CONC 7.9 bars contact at unreasonable times.")]
    order = spread_over(ranked, ("US", "UK", "IN"), lambda c: sentence_jurisdiction(c.text, c.meta),
                        lambda text, code: code in places.named(text))
    assert [sentence_jurisdiction(c.text, c.meta) for c in order[:3]] == ["US", "UK", "IN"]
    assert order[0] is ranked[1] and len(order) == len(ranked)   # each place's best-ranked; nothing lost
    assert order[3:] == [ranked[0], ranked[2]]                    # the rest keep their rank order


def test_a_comparison_quotes_a_line_that_states_the_places_rule():
    """The seed article's "各国…法律法规不同" is China's only by its document; the GB/T 45251 line, a little lower,
    names the rule, so it is China's sentence in a China / US comparison, unless it is too far below."""
    from chat.choose import spread_over
    from chat.knowledge import sentence_jurisdiction

    cand = _placed
    ranked = [cand("seed-cuishou-nanxietiao", "CN", "各国对于催收行业的法律法规不同，催收平台需要在法律框架内进行操作。"),
              cand("us-regulation-f-zh", "US", "美国《F条例》：连续7天内拨打超过7次，推定构成骚扰。"),
              cand("channel-ai-voice-zh", "CN", "国家标准GB/T 45251—2025规定每天主动有效通话不超过3次。")]
    for c, score in zip(ranked, (7.3, 7.2, 7.1)):
        c.score = score
    def order(gap):
        return spread_over(ranked, ("CN", "US"), lambda c: sentence_jurisdiction(c.text, c.meta),
                           lambda text, code: code in places.named(text), gap)
    assert order(1.2)[:2] == [ranked[2], ranked[1]]
    assert order(0.1)[:2] == [ranked[0], ranked[1]]  # 0.2 below the document's best: too far


def test_a_message_asking_two_questions_can_get_more_quotes(small_index):
    import dataclasses

    _, handle = small_index
    answer = handle.settings.answer.model_copy(update={"max_quotes": 3, "max_quotes_several_questions": 4})
    handle = dataclasses.replace(handle, settings=handle.settings.model_copy(update={"answer": answer}))
    one = answer_question(handle, "信用卡个性化分期还款协议最长可以签几年？")
    two = answer_question(handle, "我信用卡还不上了。个性化分期还款协议最长可以签几年？签了以后催收还会打电话吗？")
    items = lambda a: [line for line in a.text.splitlines() if line[:2] in ("1.", "2.", "3.", "4.", "5.")]  # noqa: E731
    assert not one.refused and not two.refused
    assert len(items(one)) <= 3
    assert len(items(two)) == 4, two.text


@pytest.fixture(scope="module")
def india_index(tmp_path_factory):
    from tests.conftest import index_with_docs

    docs = ["in-rbi-recovery-agents-en.md", "in-digital-lending-en.md", "guide-in-borrower-en.md",
            "in-complaint-routes-en.md", "guide-cn-harassment-en.md", "us-fdcpa-en.md"]
    return index_with_docs(tmp_path_factory.mktemp("india"), docs)


def test_more_quotes_do_not_change_the_refusal_decision(india_index):
    """The answered? decision reads the first `gate_quotes` quotes, whatever the answer shows: its thresholds were
    swept with three, and a fourth quote must neither lift the e5 evidence line nor unconfirm the named place."""
    from chat.answer import plan, reselect

    steps = plan(india_index, "In India, can a recovery agent call my relatives?")
    settings = india_index.settings.answer
    three = reselect(india_index, steps, settings.model_copy(update={"max_quotes": 3, "gate_quotes": 3}))
    five = reselect(india_index, steps, settings.model_copy(update={"max_quotes": 5, "gate_quotes": 3}))
    five_judged = reselect(india_index, steps, settings.model_copy(update={"max_quotes": 5, "gate_quotes": 5}))
    assert len(five.chosen) > len(three.chosen)
    assert five_judged.evidence_sim != three.evidence_sim  # the later quotes would move the decision's input
    assert (five.gate, five.evidence_sim, five.place_confirmed) == (three.gate, three.evidence_sim,
                                                                     three.place_confirmed)


@pytest.mark.parametrize("question", [
    "我信用卡还不上了，银行能给我分期吗？催收天天打电话到我单位，这样合法吗？",
    "催收说要去我老家贴告示，这算软暴力吗？我该去哪里投诉？",
])
def test_each_question_of_a_message_gets_its_closest_quote(small_index, question):
    """A message asking two things: for each asked sentence, the candidate e5 finds closest to it is quoted (or,
    for where to complain, is the next step the answer ends with), so the quotes do not all serve the first
    question."""
    import numpy as np

    from chat.answer import plan
    from chat.intent import asked_questions
    from chat.knowledge import knowledge_for
    from index.evidence import sentence_similarities

    _, handle = small_index
    steps = plan(handle, question)
    assert not steps.gate.refuse and len(asked_questions(question)) == 2
    quoted = {c.text for c in steps.chosen} | ({steps.next_step.quote} if steps.next_step else set())
    ranked = sorted(steps.candidates, key=lambda c: -c.score)[:12]  # the best-ranked candidates a part chooses from
    for part in asked_questions(question):
        vector = np.asarray(handle.query_vector(part), dtype=np.float32)
        sims = sentence_similarities([c.text for c in ranked], vector, handle.embed, knowledge_for(handle).sentence_cache)
        assert ranked[int(np.argmax(sims))].text in quoted, (part, [c.text for c in steps.chosen])


@pytest.fixture(scope="module")
def lending_index(tmp_path_factory):
    from tests.conftest import index_with_docs

    docs = ["guide-cn-harassment-zh.md", "channel-online-lending-zhudai-zh.md", "cn-cba-2026-guideline-zh.md",
            "cn-credit-card-measures-2011-zh.md", "cn-gbt-45251-2025-zh.md"]
    return index_with_docs(tmp_path_factory.mktemp("lending"), docs)


def test_a_part_asking_where_to_complain_is_left_to_the_next_step(lending_index):
    """"这样合法吗？我能去哪里投诉？": the complaint part is answered by the next-step line (the place's hotline), so its
    closest sentence (one that only mentions a hotline, "12378热线受理小额贷款公司…的投诉") is not forced into the
    quotes, where it would stand in for that line."""
    import numpy as np

    from chat.answer import plan
    from chat.asked_parts import POOL, each_part_answered
    from chat.knowledge import knowledge_for
    from index.evidence import sentence_similarities

    handle = lending_index
    question = "我在一个网贷借了八千，逾期两个月，催收天天打我单位电话还跟同事说我欠钱。这样合法吗？我能去哪里投诉？"
    steps = plan(handle, question)
    cache = knowledge_for(handle).sentence_cache
    ranked = sorted(steps.candidates, key=lambda c: -c.score)
    complaint_vector = np.asarray(handle.query_vector("我能去哪里投诉？"), dtype=np.float32)
    pool = ranked[:POOL]
    closest = pool[int(np.argmax(sentence_similarities([c.text for c in pool], complaint_vector, handle.embed, cache)))]
    chosen = [c for c in ranked if c.text != closest.text][:4]
    out = each_part_answered(handle, question, chosen, ranked, 4, cache)
    assert closest.text not in {c.text for c in out}
    answer = answer_question(handle, question)
    assert any(line.startswith("下一步") and "12378" in line for line in answer.text.splitlines()), answer.text


def test_a_typed_slip_weighs_as_the_word_it_stands_for(small_index):
    """网带 / 逾其 / 摧收 are weighed as 网贷 / 逾期 / 催收, the words the passages use, in either script; before, a slip
    was a word the corpus lacks and its topic counted for nothing."""
    from chat.answer import plan

    _, handle = small_index
    for question in ("网带逾其了，摧收天天打电话给我同事，合法吗", "網帶逾其了，摧收天天打電話給我同事，合法嗎"):
        weights = plan(handle, question).terms.weights
        assert {"网贷", "逾期", "催收"} <= set(weights) and not {"网带", "摧收"} & set(weights), weights



@pytest.fixture(scope="module")
def uk_index(tmp_path_factory):
    from tests.conftest import index_with_docs

    docs = ["uk-fca-conc7-en.md", "guide-uk-borrower-en.md", "us-regf-electronic-contact-en.md",
            "eu-ccd2-2023-2225-en.md", "template-us-stop-contact-en.md"]
    return index_with_docs(tmp_path_factory.mktemp("uk"), docs)


GLASGOW = ("I work two jobs and I'm barely keeping up. The agency calls my mobile while I'm on shift at the hospital and "
           "my supervisor has already warned me. I live in Glasgow. Can I make them stop calling me at work?")


def test_a_story_around_the_question_does_not_refuse_what_the_passages_answer(uk_index):
    """The story's words (warned, shift, mobile, keeping up) are in no passage; the question it ends with is: the
    asked sentence's own coverage lets the answer through, and it quotes CONC 7.9's reasonable requests."""
    from chat.answer import answer_question, plan

    steps = plan(uk_index, GLASGOW)
    assert steps.coverage(uk_index.settings.answer.unknown_weight) == steps.asked_coverage > 0.6
    answer = answer_question(uk_index, GLASGOW)
    assert not answer.refused and "CONC 7.9" in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "Can I make them stop calling me at work?",                              # nothing told around it
    "My supervisor already warned me about the calls. Can they do that?",    # the question names too little
])
def test_the_asked_sentences_count_alone_only_after_a_story_and_when_they_name_enough(uk_index, question):
    from chat.answer import plan

    assert plan(uk_index, question).asked_coverage == 0.0
