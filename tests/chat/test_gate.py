"""Every branch of the refusal gate, table-driven, on real question terms and evidence sentences."""

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from chat.answer import Candidate, TermWeights, gate
from settings import AnswerSettings

ANSWER = AnswerSettings()
HIT = NodeWithScore(node=TextNode(id_="cn-credit-card-measures-2011-zh#0003", text="x",
                                  metadata={"source_id": "cn-credit-card-measures-2011-zh", "lang": "zh"}), score=1.0)


def evidence(coverage: float) -> list[Candidate]:
    return [Candidate("个性化分期还款协议的最长期限不超过5年。", HIT, 0, coverage)]


TERMS = TermWeights({"个性化": 5.1, "分期": 3.2, "最长": 2.4}, [], [])
# 1 unknown of 4 terms: a quarter, under the 0.5 limit
ONE_UNKNOWN = TermWeights({"fdcpa": 4.0, "collector": 2.0, "call": 1.5}, ["weekend"], [])
MOSTLY_UNKNOWN = TermWeights({"催收": 1.2}, ["巴西", "法律"], [])
ENTITY = TermWeights({"催收": 1.2, "公司": 2.0}, [], ["日本"])
NO_TERMS = TermWeights({}, [], [])

CASES = [
    # (name, chosen, terms, dense_top, cross_lingual, refuse, reason starts with)
    ("a name the corpus never mentions refuses first", evidence(0.9), ENTITY, 0.95, False, True,
     "the corpus never mentions 日本"),
    ("no evidence sentence", [], TERMS, 0.95, False, True, "no usable evidence retrieved"),
    ("no usable query term", evidence(0.9), NO_TERMS, 0.95, False, True, "no usable evidence retrieved"),
    ("most terms unknown", evidence(0.9), MOSTLY_UNKNOWN, 0.95, False, True, "unknown terms: 巴西, 法律"),
    ("coverage above the threshold answers", evidence(0.80), TERMS, 0.10, False, False, "term coverage"),
    ("coverage exactly at the threshold answers", evidence(ANSWER.min_term_coverage), TERMS, 0.0, False, False,
     "term coverage"),
    ("coverage with a few unknown terms still answers", evidence(0.6), ONE_UNKNOWN, 0.0, False, False,
     "term coverage"),
    ("low coverage, same language: the dense score does not help", evidence(0.2), TERMS, 0.95, False, True,
     "evidence covers 20% of the question (need 45%)"),
    ("low coverage across languages with a close dense match answers", evidence(0.0), TERMS,
     ANSWER.min_dense_score, True, False, "dense match"),
    ("across languages but the dense match is not close enough", evidence(0.0), TERMS,
     ANSWER.min_dense_score - 0.01, True, True, "evidence covers 0%"),
    ("across languages, close, but with unknown terms", evidence(0.1), ONE_UNKNOWN, 0.95, True, True,
     "evidence covers 10%"),
]


@pytest.mark.parametrize("name, chosen, terms, dense_top, cross_lingual, refuse, reason", CASES,
                         ids=[c[0] for c in CASES])
def test_gate_branch(name, chosen, terms, dense_top, cross_lingual, refuse, reason):
    verdict = gate(chosen, terms, dense_top, cross_lingual, ANSWER)
    assert verdict.refuse is refuse
    assert verdict.reason.startswith(reason)
    assert verdict.dense_top == dense_top


def test_thresholds_come_from_the_settings_group():
    strict = AnswerSettings(min_term_coverage=0.9, max_unknown_share=0.2)
    assert gate(evidence(0.8), TERMS, 0.0, False, ANSWER).refuse is False
    assert gate(evidence(0.8), TERMS, 0.0, False, strict).refuse is True
    assert gate(evidence(0.9), ONE_UNKNOWN, 0.0, False, strict).reason.startswith("unknown terms")


def test_thresholds_are_overridable_by_nested_environment_variables(monkeypatch):
    from settings import Settings

    monkeypatch.setenv("DEBTLENS_ANSWER__MIN_TERM_COVERAGE", "0.6")
    monkeypatch.setenv("DEBTLENS_ANSWER__MAX_QUOTES", "2")
    settings = Settings()
    assert settings.answer.min_term_coverage == 0.6 and settings.answer.max_quotes == 2
    assert settings.answer.min_dense_score == ANSWER.min_dense_score
