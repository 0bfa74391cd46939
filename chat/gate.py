"""The refusal decision (answerable?) and the measurements it reads: key-term coverage of the top passages (of the
whole message, and of the sentences that ask when a story is told around them), the e5 match of question and
quoted passages, the cross-lingual case. `decide` takes the measurements, so the threshold sweep re-decides
without retrieving again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import NodeWithScore

from chat.domain import DomainCall
from chat.evidence import Sentence, TermWeights, coverage
from chat.followup import Turn
from chat.topics import TopicCall
from index.evidence import cosine
from index.retrieve import IndexHandle


@dataclass
class Gate:
    refuse: bool
    kind: str     # ood | reference | place | evidence | "" (answered)
    reason: str


def asked_coverage(asked: str, text: str, weigh, passages: list[str], s) -> float:
    """Coverage of the sentences that ask, read alone, when the message also tells a story and they name at least
    `min_asked_terms` key terms: "…my supervisor has already warned me. I live in Glasgow. Can I make them stop
    calling me at work?" was refused at 45% for the story's words (warned, shift, mobile) while the passages
    answer what it asks. 0 when nothing is told around the question."""
    if asked == text:
        return 0.0
    terms = weigh(asked)
    if len(terms.weights) < s.min_asked_terms:
        return 0.0
    return coverage(passages, terms, s.unknown_weight, inflected=True)


def evidence_similarity(handle: IndexHandle, vector: np.ndarray | None, chosen: list[Sentence]) -> float:
    """Best cosine of the question to the passages the chosen quotes come from, with the vectors the index stores.
    Unlike term coverage it survives paraphrase, typos, slang and a follow-up's borrowed words. Passages the index
    does not hold (an eval's injected distractor) do not count."""
    ids = list(dict.fromkeys(c.hit.node.node_id for c in chosen))
    if not ids or vector is None:
        return 0.0
    found, vectors = handle.vectors_of(ids)
    if not found:
        return 0.0
    return float(np.max(cosine(vectors, vector)))


def decide(turn: Turn, domain: DomainCall, unverifiable: list[str], uncovered: list[str], asked: list[str],
           cover: float, cross: bool, dense_top: float, chosen: list[Sentence], terms: TermWeights,
           place_ok: bool, s, evidence_sim: float = 0.0, place_confirmed: bool = False,
           topic: TopicCall | None = None) -> Gate:
    """The refusal decision, in order: out of domain, an unverifiable reference, a place the corpus lacks, a topic
    the corpus lacks (closer to its examples than to any question the corpus answers), too little evidence.
    Enough evidence is either enough of the question's key terms in the top passages, or a close e5 match between
    the question and the passages quoted (which survives paraphrase; a lower line when every quote is from the
    place the question names). Each branch names its measurement."""
    margin_needed = s.min_domain_margin_cue if turn.intent.ood_cue else \
        s.min_domain_margin_debt if turn.intent.debt_topic else s.min_domain_margin
    if domain.margin < margin_needed:
        return Gate(True, "ood", f"out of domain: margin {domain.margin:.3f} < {margin_needed:.3f} "
                                 f"(nearest off-topic request: {domain.nearest_ood})")
    if unverifiable:
        return Gate(True, "reference", f"the corpus never mentions {', '.join(unverifiable)}")
    if asked and len(uncovered) == len(asked):
        return Gate(True, "place", f"no documents for {', '.join(uncovered)}")
    if topic is not None and topic.topic is not None and topic.margin > s.min_uncovered_margin:
        return Gate(True, "topic", f"an uncovered topic ({topic.topic.name}): closer to its examples "
                                   f"({topic.uncovered_sim:.3f}) than to any covered question ({topic.covered_sim:.3f}, "
                                   f"{topic.covered_doc}) by {topic.margin:.3f} > {s.min_uncovered_margin:.3f}")
    if not chosen or not terms.weights:
        return Gate(True, "evidence", "no quotable evidence retrieved")
    if not place_ok and s.refuse_other_place:
        return Gate(True, "place-evidence", "no evidence from the asked jurisdiction "
                                            f"({', '.join(turn.jurisdiction.codes)})")
    if cover >= s.min_coverage:
        return Gate(False, "", f"coverage {cover:.2f} >= {s.min_coverage:.2f}")
    if evidence_sim >= s.min_evidence_sim:
        return Gate(False, "", f"the quoted passages match the question: e5 cosine {evidence_sim:.3f} >= "
                               f"{s.min_evidence_sim:.3f} (coverage {cover:.2f})")
    if place_confirmed and evidence_sim >= s.min_evidence_sim_place:
        return Gate(False, "", f"the quotes are all from the named place and match the question: e5 cosine "
                               f"{evidence_sim:.3f} >= {s.min_evidence_sim_place:.3f} (coverage {cover:.2f})")
    if cross and dense_top >= s.min_dense_cross:
        return Gate(False, "", f"cross-lingual dense match {dense_top:.3f} >= {s.min_dense_cross:.3f}")
    return Gate(True, "evidence", f"the top passages cover {cover:.0%} of the question (need {s.min_coverage:.0%})")


def cross_lingual(lang: str, hits: list[NodeWithScore]) -> bool:
    """Most top passages are in the other language, so the question's terms cannot match them."""
    other = sum(h.node.metadata.get("lang") not in (lang, None) for h in hits)
    return bool(hits) and other * 2 > len(hits)
