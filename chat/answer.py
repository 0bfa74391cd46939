"""The answer path, top to bottom: resolve follow-up -> retrieve -> select evidence -> gate -> compose.

Every step is a plain function with typed input and output so an eval can inspect any of them.
The default answerer needs no LLM: each claim in the answer is a quoted source sentence with its citation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from llama_index.core.schema import NodeWithScore, QueryBundle

from chat.texts import fixed_text
from index.filters import Filters
from index.retrieve import IndexHandle, RetrievalResult, make_retriever
from ingest.markers import sentence_flags
from settings import AnswerSettings
from text.lang import detect_lang
from text.script import search_form, to_simplified
from text.sentences import split_sentences
from text.tokenize import jieba_with_user_dict, tokenize


@dataclass
class Citation:
    n: int
    chunk_id: str
    source_id: str
    title: str
    url: str
    quote: str


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    refused: bool
    lang: str
    evidence: list[NodeWithScore] = field(default_factory=list)
    why: str = ""
    latency_ms: float = 0.0


@dataclass
class Candidate:
    sentence: str
    hit: NodeWithScore
    rank: int
    coverage: float


@dataclass
class Gate:
    refuse: bool
    reason: str
    coverage: float
    unknown_share: float
    dense_top: float


def resolve_query(question: str, history: list[str] | None) -> str:
    """A follow-up ("那可以分期多久？") is searched together with the turn before it."""
    history = [h for h in (history or []) if h.strip()]
    return f"{history[-1]} {question}" if history else question


@dataclass
class TermWeights:
    weights: dict[str, float]  # query term -> IDF weight, for terms the corpus can match
    unknown: list[str]         # content terms the corpus never uses
    unknown_entities: list[str]  # names (places, organisations, people) the corpus never mentions


_ENTITY_FLAGS = ("ns", "nr", "nt")  # not nz: jieba tags ordinary phrases (重新安排) with it


def entity_terms(question: str) -> set[str]:
    """Names in the question: jieba's place/person/organisation tags, and capitalised English words mid-sentence."""
    import jieba.posseg as pseg

    jieba_with_user_dict()  # posseg shares jieba's dictionary: load ours first
    form = search_form(question)
    names = {w.word for w in pseg.cut(to_simplified(question)) if w.flag.startswith(_ENTITY_FLAGS) and len(w.word) > 1}
    for match in re.finditer(r"(?<=[\w,;:] )([A-Z][a-z]{2,})", question):
        names.add(match.group(1).lower())
    forms = {search_form(n) for n in names}
    return {f for f in forms if f in form}


def weigh_terms(handle: IndexHandle, query: str, question: str, answer: AnswerSettings) -> TermWeights:
    """IDF weight per query term. Unknown names mean the corpus cannot cover the question; other unknown
    words (often function words jieba glued together) are dropped unless their characters are foreign too."""
    weights: dict[str, float] = {}
    unknown: list[str] = []
    for token in dict.fromkeys(tokenize(query)):
        idf = handle.bm25.idf(token)
        if idf is not None:
            weights[token] = idf
        elif handle.corpus_contains(token):  # segmented differently in the corpus, but present
            weights[token] = answer.substring_term_weight
        elif token.isascii() or not all(handle.corpus_contains(ch) for ch in token):
            unknown.append(token)
    entities = [t for t in sorted(entity_terms(question)) if not handle.corpus_contains(t)]  # sorted: stable reasons
    entities += [t for t in unknown if t.isdigit() and len(t) >= answer.min_unknown_number_digits]  # a year or figure
    return TermWeights(weights, unknown, entities)


def _informative(sentence: str, answer: AnswerSettings) -> bool:
    """Skip headings and the question-shaped titles SEO pages repeat."""
    sentence = sentence.rstrip()
    if sentence.endswith(("?", "？")) or len(tokenize(sentence)) < answer.min_sentence_tokens:
        return False
    return (sentence.endswith(("。", "！", "；", ".", "!", ";", "”", "\"", "）", ")"))
            or len(sentence) >= answer.min_unpunctuated_chars)


def quotable_hits(hits: list[NodeWithScore]) -> list[NodeWithScore]:
    """Letter templates are offered to fill in, never quoted as evidence."""
    return [h for h in hits if h.node.metadata.get("doc_type") != "template"]


def candidates(hits: list[NodeWithScore], weights: dict[str, float], answer: AnswerSettings) -> list[Candidate]:
    """Score each sentence of the retrieved chunks by the IDF-weighted share of query terms it contains."""
    total = sum(weights.values()) or 1.0
    out = []
    for rank, hit in enumerate(hits):
        for sentence in split_sentences(hit.node.get_content()):
            if not _informative(sentence, answer):
                continue
            form = search_form(sentence)  # substring match: immune to differing jieba segmentations
            coverage = sum(w for t, w in weights.items() if t in form) / total
            out.append(Candidate(sentence, hit, rank, coverage))
    return out


def select_evidence(cands: list[Candidate], answer: AnswerSettings, per_source: int) -> list[Candidate]:
    """Best-covered sentences first (ties to better-ranked chunks), diverse, at most `per_source` per source."""
    chosen: list[Candidate] = []
    used: dict[str, int] = {}
    for cand in sorted(cands, key=lambda c: (-(c.coverage + answer.rank_bonus / (1 + c.rank)), c.rank)):
        source = cand.hit.node.metadata.get("source_id", "")
        if used.get(source, 0) >= per_source:
            continue
        tokens = set(tokenize(cand.sentence))
        if any(len(tokens & set(tokenize(c.sentence))) > answer.max_quote_overlap * max(1, len(tokens)) for c in chosen):
            continue
        chosen.append(cand)
        used[source] = used.get(source, 0) + 1
        if len(chosen) == answer.max_quotes:
            break
    return chosen


def gate(chosen: list[Candidate], terms: TermWeights, dense_top: float, cross_lingual: bool,
         answer: AnswerSettings) -> Gate:
    """Refuse unless the evidence covers the question: enough query terms found, or (across languages,
    where terms cannot match) a close dense match. Names the corpus never mentions always refuse."""
    coverage = max((c.coverage for c in chosen), default=0.0)
    unknown_share = len(terms.unknown) / max(1, len(terms.unknown) + len(terms.weights))
    if terms.unknown_entities:
        return Gate(True, f"the corpus never mentions {', '.join(terms.unknown_entities)}", coverage,
                    unknown_share, dense_top)
    if not chosen or not terms.weights:
        return Gate(True, "no usable evidence retrieved", coverage, unknown_share, dense_top)
    if unknown_share > answer.max_unknown_share:
        return Gate(True, f"unknown terms: {', '.join(terms.unknown)}", coverage, unknown_share, dense_top)
    if coverage >= answer.min_term_coverage:
        return Gate(False, "term coverage", coverage, unknown_share, dense_top)
    if cross_lingual and dense_top >= answer.min_dense_score and not terms.unknown:
        return Gate(False, "dense match", coverage, unknown_share, dense_top)
    return Gate(True, f"evidence covers {coverage:.0%} of the question (need {answer.min_term_coverage:.0%})",
                coverage, unknown_share, dense_top)


def compose(chosen: list[Candidate], lang: str) -> tuple[str, list[Citation]]:
    """Framing in the question's language; each claim is a quote carrying its citation number."""
    citations: list[Citation] = []
    lines = [fixed_text("framing", lang)]
    for n, cand in enumerate(chosen, start=1):
        meta = cand.hit.node.metadata
        citations.append(Citation(n, cand.hit.node.node_id, meta.get("source_id", ""), meta.get("title", ""),
                                  meta.get("url", ""), cand.sentence))
        labels = "".join(("" if lang == "zh" else " ") + fixed_text(f"label-{kind}", lang)
                         for kind in sentence_flags(meta, cand.sentence))  # said in our words, never quoted
        lines.append(f"{n}. {cand.sentence}{labels} [{n}]")
    lines.append("\n" + fixed_text("disclaimer", lang))  # blank line: not part of the last list item
    return "\n".join(lines), citations


def answer_question(handle: IndexHandle, question: str, history: list[str] | None = None,
                    filters: Filters | None = None,
                    hits_hook: Callable[[list[NodeWithScore]], list[NodeWithScore]] | None = None) -> Answer:
    """`hits_hook` lets robustness evals alter the retrieved passages (distractors, injected errors)."""
    started = time.perf_counter()
    settings = handle.settings
    answer = settings.answer
    lang = detect_lang(question)
    query = resolve_query(question, history)
    result = make_retriever(handle, filters).search(QueryBundle(query))
    hits = hits_hook(result.fused) if hits_hook is not None else result.fused
    terms = weigh_terms(handle, question, question, answer)
    if len(terms.weights) < answer.follow_up_min_terms and query != question:  # elliptical follow-up: add context
        terms = weigh_terms(handle, query, question, answer)
    quotable = quotable_hits(hits)
    chosen = select_evidence(candidates(quotable, terms.weights, answer), answer, settings.per_source_cap)
    dense_top, cross_lingual = dense_evidence(result, lang)
    verdict = gate(chosen, terms, dense_top, cross_lingual, answer)
    if not verdict.refuse and verdict.reason == "dense match":
        chosen = _dense_fallback(quotable, result.dense, answer)
    if verdict.refuse:
        text, citations = fixed_text("refusal", lang), []
    else:
        text, citations = compose(chosen, lang)
    return Answer(text, citations, verdict.refuse, lang, hits, verdict.reason,
                  (time.perf_counter() - started) * 1000)


def dense_evidence(result: RetrievalResult, lang: str) -> tuple[float, bool]:
    """The best dense cosine, and whether that chunk is in another language than the question."""
    if not result.dense:
        return 0.0, False
    top = result.dense[0]
    return top.score or 0.0, top.node.metadata.get("lang") != lang


def _dense_fallback(hits: list[NodeWithScore], dense: list[NodeWithScore], answer: AnswerSettings) -> list[Candidate]:
    """Cross-lingual questions share no terms with the source: quote the lead sentences of the closest chunks."""
    top_ids = {h.node.node_id for h in dense[: answer.dense_fallback_chunks]}
    out = []
    for rank, hit in enumerate(hits):
        if hit.node.node_id not in top_ids:
            continue
        for sentence in split_sentences(hit.node.get_content()):
            if _informative(sentence, answer):
                out.append(Candidate(sentence, hit, rank, 0.0))
                break
    return out[: answer.max_quotes]
