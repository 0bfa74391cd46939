"""The answer path, top to bottom:

    resolve the turn -> retrieve (jurisdiction-aware) -> in domain? -> answerable? -> select evidence
    -> compose -> support check -> answer

Every step is a plain function with typed input and output; `plan` runs everything up to the refusal
decision and returns it as `Steps`, so the evals and the threshold sweep inspect exactly what the app does.
Refusal is two decisions: in domain (closeness to the corpus against off-topic requests) and answerable
(references the corpus holds, a covered jurisdiction, evidence across the top passages). Nothing is shown
that is neither refused nor cited.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np
from llama_index.core.schema import NodeWithScore

from chat import jurisdiction as places
from chat import references
from chat.asked_parts import each_part_answered, parts_to_answer, with_story_facts
from chat.choose import filled_up, select, spread_over, within_reach
from chat.compose import (
    Citation,
    Composer,
    ComposeRequest,
    Draft,
    Evidence,
    ExtractiveComposer,
    ShownSentence,
)
from chat.domain import DomainCall, judge
from chat.evidence import (
    Sentence,
    TermWeights,
    covered_weight,
    key_terms,
    lead_with_intent,
    rank_sentences,
    sentences,
    with_asked_number,
)
from chat.followup import Turn, judged_on_own_words, resolve
from chat.gate import Gate, asked_coverage, cross_lingual, decide, evidence_similarity
from chat.intent import Intent, question_sentences
from chat.knowledge import knowledge_for, place_part, place_tier, sentence_jurisdiction
from chat.question import check_question
from chat.refusal import refusal_text
from chat.retrieval import (
    in_askers_language,
    offered_template_first,
    own_turn_query,
    retrieve,
    with_translations,
)
from chat.support import check_lines, claims
from chat.topics import TopicCall
from index.evidence import sentence_similarities
from index.filters import Filters
from index.retrieve import IndexHandle
from text.lang import detect_lang

__all__ = ["Answer", "Citation", "Gate", "Steps", "answer_question", "plan", "resolve_query", "stream_answer"]


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    refused: bool
    lang: str
    evidence: list[NodeWithScore] = field(default_factory=list)
    why: str = ""
    latency_ms: float = 0.0
    composer: str = "extractive"  # extractive | generative | extractive-fallback
    dropped: list[dict] = field(default_factory=list)  # what the checks removed: {"sentence", "check", "reason"}
    steps: Steps | None = None


@dataclass
class Steps:
    """Everything between the question and the refusal decision."""

    turn: Turn
    hits: list[NodeWithScore]
    domain: DomainCall
    terms: TermWeights
    unverifiable: list[str]
    uncovered: list[str]
    found_weight: float      # weight of the key terms the top passages contain
    cross_lingual: bool
    chosen: list[Sentence]
    next_step: Evidence | None
    asked: list[str]
    dense_top: float
    place_ok: bool
    evidence_sim: float = 0.0  # best e5 cosine of the question to a passage the chosen quotes come from
    place_confirmed: bool = False  # the question names covered places (or its currency does) and every quote is from their documents
    gate: Gate | None = None
    candidates: list[Sentence] = field(default_factory=list)  # every quotable sentence of the hits
    vector: np.ndarray | None = None                          # the query's e5 vector
    crisis_line: Evidence | None = None                       # suicide or self-harm: shown before anything
    topic: TopicCall | None = None                            # nearest covered question vs uncovered topic
    letter: str = ""                                          # the template offered to a letter request
    asked_coverage: float = 0.0  # the same over the sentences that ask alone, when they name enough to find

    def coverage(self, unknown_weight: float) -> float:
        """Share of the question's weighted key terms the top passages contain; ordinary words the corpus
        lacks (破产, bankruptcy) count against it with `unknown_weight`."""
        total = self.terms.total + unknown_weight * sum(self.terms.unknown_content.values())
        whole = self.found_weight / total if total else 0.0
        return max(whole, self.asked_coverage)

    def decide(self, s) -> Gate:
        """The refusal decision under answer settings `s` (the sweep re-decides with other thresholds). A message
        about suicide or self-harm is never refused while there is a crisis line to give."""
        if self.crisis_line is not None:
            return Gate(False, "", "a message about suicide or self-harm: the crisis line comes first")
        return decide(self.turn, self.domain, self.unverifiable, self.uncovered, self.asked,
                      self.coverage(s.unknown_weight), self.cross_lingual, self.dense_top, self.chosen, self.terms,
                      self.place_ok, s, self.evidence_sim, self.place_confirmed, self.topic)


_ASKS_FOR_TEMPLATE = re.compile(r"现成|現成|格式|模板|范本|範本|范文|範文|样本|樣本|参考|參考|\b(templates?|samples?|formats?|"
                                r"examples?)\b", re.I)


def resolve_query(question: str, history: list[str] | None) -> str:
    """What retrieval searches for this turn (a follow-up is searched with the turn it leans on)."""
    return resolve(question, history).query


def plan(handle: IndexHandle, question: str, history: list[str] | None = None, filters: Filters | None = None,
         hits_hook: Callable[[list[NodeWithScore]], list[NodeWithScore]] | None = None,
         sentence_vectors: bool = False) -> Steps:
    """Everything up to the refusal decision. `sentence_vectors` scores every candidate sentence with e5 even
    when the ranking does not use it (the sweep re-ranks with several weights)."""
    s = handle.settings.answer
    kb = knowledge_for(handle)
    turn = resolve(question, history)
    # every query vector this answer needs is known from the text: embedded on a worker while the words are weighed
    handle.prefetch_query_vectors([turn.query, own_turn_query(handle, turn), *parts_to_answer(turn.question)])
    # Judge the question on its own words; an elliptical follow-up on the turn it leans on as well.
    own = places.strip_names(question, places.known_codes())
    text = own if judged_on_own_words(turn) else places.strip_names(
        turn.query, places.known_codes())
    if turn.intent.asks_letter:  # "有没有现成的格式/模板可以参考" is answered by the template the answer offers
        text = _ASKS_FOR_TEMPLATE.sub(" ", text)
    def weigh(words: str) -> TermWeights:
        # typed as the corpus spells it (网带 -> 网贷, 摧收 -> 催收): a slip is not a term the corpus lacks
        words = handle.query_tools().with_fixes(words)
        return key_terms(words, handle.bm25.idf, handle.corpus_contains, s.substring_term_weight, s.zipf_common,
                         s.zipf_rare, s.damping_floor, kb.max_idf, s.asked_term_boost)

    terms = weigh(text)
    unverifiable = references.unverifiable(question, handle.corpus_contains, kb.articles) + \
        references.unknown_firms_policy(question, terms.unknown, handle.corpus_contains)
    asked = places.named(question)
    hits, dense_top, vector = retrieve(handle, turn, filters, kb)
    if hits_hook is not None:
        hits = hits_hook(hits)
    searched = hits  # the evidence as found, in the language of the words it was found with
    hits, letter = offered_template_first(handle, turn, kb, with_translations(handle, hits, vector, filters), vector)
    switched = turn.follow_up and detect_lang(turn.previous) != turn.lang
    if switched or any(h.node.metadata.get("lang") not in (turn.lang, None) for h in hits):
        hits = in_askers_language(handle, hits, turn.lang, filters)
    domain = judge(dense_top, vector, kb.ood)
    top = searched[: s.coverage_passages]
    uncovered = [c for c in asked if c not in kb.library.jurisdictions and not any(kb.mentions(h, c) for h in top)]
    cross = cross_lingual(turn.lang, top)
    top_parts = [place_part(h, turn.jurisdiction.codes, kb) for h in top]
    found = covered_weight(top_parts, terms, inflected=True)
    # Quotes in the asker's new language are ranked on the earlier turn's key terms in that language too.
    rank_terms = weigh(f"{text} {handle.query_tools().plan(text, translate=True).translation.text}") \
        if switched else terms
    cands = sentences(hits, rank_terms, turn.intent, kb.library.starts_mid_sentence, kb.library.template_instructions)
    if (s.sentence_dense_weight or sentence_vectors) and cands:
        dense = sentence_similarities([c.text for c in cands], vector, handle.embed, kb.sentence_cache)
        for c, d in zip(cands, dense):
            c.dense = float(d)
    asked_cover = asked_coverage(question_sentences(text), text, weigh, top_parts, s)
    steps = Steps(turn, hits, domain, terms, unverifiable, uncovered, found, cross, [], None, asked, dense_top,
                  True, candidates=cands, vector=vector,
                  topic=kb.topics.judge(vector, [h.node.metadata.get("source_id", "") for h in top],
                                        turn.jurisdiction.codes, turn.jurisdiction.basis == "named"),
                  letter=letter, asked_coverage=asked_cover)
    return reselect(handle, steps, s)


def reselect(handle: IndexHandle, steps: Steps, s) -> Steps:
    """Rank and select the quotes from the recorded candidate sentences under answer settings `s`, and decide;
    the sweep calls it with other ranking weights without retrieving again."""
    kb, turn = knowledge_for(handle), steps.turn
    codes = turn.jurisdiction.codes
    fits = (lambda text, meta: kb.sentence_fits(text, meta, codes)) if codes else (lambda text, meta: True)
    # A Traditional-script question naming no place is from Taiwan, Hong Kong or the mainland: their rules first.
    # A hint (Cantonese -> HK, 卡債 -> TW) narrows that to the hinted place.
    likely = (turn.jurisdiction.leaning or TRADITIONAL_PLACES) if turn.jurisdiction.basis == "traditional-unstated" \
        else ()
    # the asked place, or (a Traditional question naming none, whose codes are empty) the likely one
    place_fits = (lambda text, meta: kb.sentence_fits(text, meta, likely)) if likely else fits
    ranked = rank_sentences(steps.candidates, s.cue_weight, s.rank_weight, place_fits, s.sentence_dense_weight)
    if codes:
        ranked = sorted(ranked, key=lambda c: place_tier(c.text, c.meta, codes, fits))
    across = turn.jurisdiction.basis == "across"
    quotes = s.max_quotes if turn.intent.questions < 2 else s.max_quotes_several_questions
    if turn.jurisdiction.basis == "named" and len(codes) > 1:  # a comparison: each named place gets its quote
        ranked = spread_over(ranked, codes, lambda c: sentence_jurisdiction(c.text, c.meta),
                             lambda text, code: code in places.named(text), s.max_quote_gap)
        quotes = max(quotes, min(len(codes), s.max_quotes + 1))
    chosen = lead_with_intent(select(ranked, quotes, s.per_source_quotes, s.max_quote_overlap, across,
                                     s.per_source_margin),
                              turn.intent, s.min_direct_overlap, s.min_lead_overlap)
    if codes and any(fits(c.text, c.meta) for c in chosen):
        chosen = [c for c in chosen if fits(c.text, c.meta)]  # never mix in another place's rule silently
    elif likely and any(place_fits(c.text, c.meta) for c in chosen):
        chosen = [c for c in chosen if place_fits(c.text, c.meta)]
    # The answered? decision reads the quotes as ranked, before a number quote is brought in, and only as many as
    # its thresholds were swept with (a fourth quote from elsewhere must not unconfirm the named place).
    judged = chosen[: s.gate_quotes]
    chosen = filled_up(within_reach(chosen, s.max_quote_gap), ranked, quotes, place_fits, s.max_quote_gap,
                       s.max_quote_overlap)
    if turn.intent.questions >= 2 and not (turn.jurisdiction.basis == "named" and len(codes) > 1):
        # each part's quote fits the asked (or likely) place like the others
        pool = [c for c in ranked if place_fits(c.text, c.meta)]
        chosen = each_part_answered(handle, turn.question, chosen, pool or ranked, quotes, kb.sentence_cache)
    chosen = with_asked_number(chosen, ranked, turn.intent, quotes, s.number_quote_depth, fits)
    chosen = with_story_facts(chosen, ranked, turn.intent, quotes, s.number_quote_depth, place_fits)
    step = kb.step_sentence(turn)
    if step and turn.intent.primary != Intent.COMPLAIN and any(step in c.text for c in chosen[1:]):
        # a question that also asks where to complain ends with the contact as its next step, not among the quotes
        chosen = [chosen[0], *(c for c in chosen[1:] if step not in c.text)]
    named = turn.jurisdiction.basis in ("named", "currency") and set(codes) <= kb.library.jurisdictions
    steps = replace(steps, chosen=chosen, next_step=kb.next_step(turn, [c.text for c in chosen]),
                    crisis_line=kb.crisis_line(turn),
                    place_ok=not codes or any(fits(c.text, c.meta) for c in judged),
                    place_confirmed=bool(named and judged and all(c.meta.get("jurisdiction") in codes for c in judged)),
                    evidence_sim=evidence_similarity(handle, steps.vector, judged))
    steps.gate = steps.decide(s)
    return steps


TRADITIONAL_PLACES = ("TW", "HK", "CN")


def answer_question(handle: IndexHandle, question: str, history: list[str] | None = None,
                    filters: Filters | None = None,
                    hits_hook: Callable[[list[NodeWithScore]], list[NodeWithScore]] | None = None,
                    composer: Composer | None = None) -> Answer:
    """`hits_hook` lets robustness evals alter the retrieved passages (distractors, injected errors).
    Raises QuestionError (with the fix in its message) for an over-long, empty or invalid question."""
    started = time.perf_counter()
    steps, history = _decided(handle, question, history, filters, hits_hook)
    gate = steps.gate
    assert gate is not None  # plan() always decides
    if gate.refuse:
        return refusal(handle, steps, gate.kind, gate.reason, started)
    return compose_checked(handle, steps, composer, started)


def stream_answer(handle: IndexHandle, question: str, history: list[str] | None = None,
                  filters: Filters | None = None, composer: Composer | None = None
                  ) -> Iterator[ShownSentence | Answer]:
    """Like answer_question, but a streaming composer's sentences are yielded as each passes its post-check;
    the last item is always the Answer. A refused question never reaches the composer."""
    started = time.perf_counter()
    steps, history = _decided(handle, question, history, filters, None)
    gate = steps.gate
    assert gate is not None
    if gate.refuse:
        yield refusal(handle, steps, gate.kind, gate.reason, started)
        return
    stream = getattr(composer, "stream", None)
    if stream is None or not steps.chosen or steps.turn.intent.crisis:
        yield compose_checked(handle, steps, composer, started)
        return
    request = compose_request(handle, steps)
    for event in stream(request):
        yield finish(handle, steps, request, event, started) if isinstance(event, Draft) else event


def _decided(handle: IndexHandle, question: str, history: list[str] | None, filters: Filters | None,
             hits_hook) -> tuple[Steps, list[str]]:
    limit = handle.settings.max_question_chars
    question = check_question(question, limit)
    history = [check_question(h, limit) for h in history or [] if h.strip()]
    handle.refresh_if_stale()
    return plan(handle, question, history, filters, hits_hook), history


def refusal(handle: IndexHandle, steps: Steps, kind: str, reason: str, started: float,
            dropped: list[dict] | None = None) -> Answer:
    turn, kb = steps.turn, knowledge_for(handle)
    topic = steps.topic.topic.label(turn.lang) if kind == "topic" and steps.topic and steps.topic.topic else ""
    text = refusal_text(kind, turn, steps.unverifiable, steps.uncovered, steps.hits, kb, topic)
    return Answer(text, [], True, turn.lang, steps.hits, reason, _ms(started), dropped=dropped or [], steps=steps)


def compose_request(handle: IndexHandle, steps: Steps) -> ComposeRequest:
    turn, kb = steps.turn, knowledge_for(handle)
    evidence = [kb.evidence(c, turn.question) for c in steps.chosen]
    template = kb.template_evidence(steps.letter, frozenset(e.quote for e in evidence)) if steps.letter else None
    return ComposeRequest(turn.question, turn.lang, turn.script, turn.intent, turn.jurisdiction, evidence,
                          steps.next_step, turn.previous, handle.settings.answer.min_direct_overlap, template,
                          steps.crisis_line, kb.letter_parts(template, turn.lang) if template else [])


def compose_checked(handle: IndexHandle, steps: Steps, composer: Composer | None = None,
                    started: float | None = None) -> Answer:
    """Compose from the selected evidence, then check support (see `finish`)."""
    started = time.perf_counter() if started is None else started
    if not steps.chosen and steps.crisis_line is None:
        return refusal(handle, steps, "evidence", "no quotable evidence retrieved", started)
    request = compose_request(handle, steps)
    if steps.turn.intent.crisis or composer is None:  # a crisis line is quoted as it stands, never rewritten
        composer = ExtractiveComposer()
    return finish(handle, steps, request, composer.compose(request), started)


def finish(handle: IndexHandle, steps: Steps, request: ComposeRequest, draft: Draft, started: float) -> Answer:
    """The support check: unsupported claim lines are dropped (and their citations); when no claim survives,
    the answer is a refusal. A draft whose composer checked every sentence itself (the generative one, whose
    post-check also reads paraphrases and other languages) keeps its lines."""
    turn, kb = steps.turn, knowledge_for(handle)
    by_n = {c.n: c for c in draft.citations}
    extra = [e for e in (request.crisis, request.next_step, request.template) if e is not None] + \
        [part for part, _ in request.template_parts]
    passages = {e.chunk_id: e.passage for e in [*request.evidence, *extra]}
    dropped = list(draft.dropped)
    kept = draft.text
    if not draft.checked:
        checked = check_lines(draft.text, lambda n: passages.get(by_n[n].chunk_id) if n in by_n else None)
        dropped += [{"sentence": c.line, "check": "support", "reason": c.reason} for c in checked if not c.supported]
        kept = "\n".join(c.line for c in checked if c.supported)
    claims_left = [n for _, ns in claims(kept) for n in ns]
    if not claims_left:
        return refusal(handle, steps, "evidence", "the support check dropped every claim", started, dropped)
    citations = [c for c in draft.citations if c.n in claims_left]
    retrieved = {h.node.node_id for h in steps.hits}
    hits = steps.hits + [kb.node(c.chunk_id) for c in citations if c.chunk_id not in retrieved]
    return Answer(kept, citations, False, turn.lang, hits, steps.gate.reason if steps.gate else "", _ms(started),
                  draft.composer, dropped, steps)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


