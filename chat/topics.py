"""Covered or not: a debt question the corpus cannot answer ("信用卡欠款的诉讼时效是几年？", "How long does a paid
collection stay on my credit report?") sounds like one it can, and its best passages match it about as well. What
tells them apart is which example questions it is closest to: those the corpus answers (corpus/covered_questions.toml,
several per document) or those about neighbouring topics it lacks (corpus/uncovered_topics.toml: limitation periods,
bankruptcy, credit reports, court enforcement, other countries…). Both sets were written from the corpus alone, by
writers who saw no evaluation question.

margin = best cosine to an uncovered-topic example - best cosine to a covered example (e5 query vectors both). The
threshold on it lives in the answer settings and is chosen by the risk-coverage sweep on the tuning splits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.example_vectors import ExampleSet, query_form
from ingest.coverage_map import coverage_tables, examples_of
from ingest.twins import source_family


@dataclass(frozen=True)
class Topic:
    name: str
    label_zh: str
    label_en: str
    places: tuple[str, ...] = ()  # the jurisdictions the topic is about; () = any

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class TopicCall:
    uncovered_sim: float   # best cosine to an example of a topic the corpus lacks
    covered_sim: float     # best cosine to an example question the corpus answers
    topic: Topic | None    # the uncovered topic of that example
    covered_doc: str = ""  # the document the nearest covered example is about (for the eval report's "why")

    @property
    def margin(self) -> float:
        return self.uncovered_sim - self.covered_sim


class CoverageMap:
    """The two example sets of a corpus directory; without its files the map is empty and judges nothing."""

    def __init__(self, corpus_dir: Path, embed, cache_dir: Path | None = None):
        covered, uncovered = coverage_tables(corpus_dir)
        self.topics = [Topic(t["name"], t.get("label_zh", t["name"]), t.get("label_en", t["name"]),
                             tuple(t.get("places", ())))
                       for t in uncovered for _ in t["examples"]]
        self.docs = [d["id"] for d in covered for _ in d["examples"]]
        self._families = set(self.docs)
        # Embedded as questions are, in the order of self.topics and self.docs (the shipped vectors' order too).
        self.uncovered = ExampleSet(examples_of(uncovered), "uncovered", embed, cache_dir, query_form)
        self.covered = ExampleSet(examples_of(covered), "covered", embed, cache_dir, query_form)

    def knows(self, source_id: str) -> bool:
        """The document (either language of it) has example questions in the map."""
        return source_family(source_id) in self._families

    def judge(self, query_vector, top_sources: list[str] | None = None,
              places: tuple[str, ...] = (), named: bool = False) -> TopicCall | None:
        """None when the map is empty (a corpus without the two files), or when a top passage is from a document
        the map does not know (a page the user added may cover an 'uncovered' topic). The margin is the nearest
        example's; a question that `named` its `places` is only weighed against topics about them or about no
        place (an India loan-app question is not about Indonesia's lending apps). The topic named is the nearest
        fitting the question's `places` (a mainland question near "limitation periods in Taiwan, Hong Kong…" is
        told about the mainland's)."""
        if not self.topics or not self.docs or query_vector is None:
            return None
        if top_sources and not all(self.knows(s) for s in top_sources):
            return None
        sims = self.uncovered.similarities(query_vector)
        fitting = [i for i, t in enumerate(self.topics) if not t.places or set(places) & set(t.places)]
        weighed = fitting if named and places and fitting else range(len(self.topics))
        u = max(weighed, key=lambda i: sims[i])
        c_sim, c = self.covered.nearest(query_vector)
        topic = self.topics[u]
        if places and topic.places and not set(places) & set(topic.places) and fitting:
            topic = self.topics[max(fitting, key=lambda i: sims[i])]
        return TopicCall(float(sims[u]), c_sim, topic, self.docs[c])
