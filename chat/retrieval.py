"""The answerer's retrieval: the hybrid search with the asked or assumed place's passages first (a filtered search
tops them up), help lines only for a message about self-harm, and passages swapped for their translation when
they are not in the asker's language."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from llama_index.core.schema import NodeWithScore, QueryBundle

from chat import jurisdiction as places
from chat.evidence import is_template
from chat.followup import Turn, own_terms
from chat.knowledge import Knowledge
from index.filters import Filters
from index.retrieve import IndexHandle, make_retriever
from index.twins import expand_with_twins, fill_twin_ids
from text.tokenize import tokenize


def retrieve(handle: IndexHandle, turn: Turn, filters: Filters | None, kb: Knowledge
             ) -> tuple[list[NodeWithScore], float, np.ndarray]:
    """Fused hits with the asked jurisdiction's passages first (a filtered search tops them up when fewer than
    two came back), the best dense cosine, and the query vector (for the in-domain decision)."""
    vector = np.asarray(handle.query_vector(turn.query), dtype=np.float32)
    bundle = QueryBundle(turn.query, embedding=vector.tolist())
    result = make_retriever(handle, filters).search(bundle)
    hits = own_turn_first(handle, turn, result.fused, filters)
    dense_top = max((h.score or 0.0 for h in result.dense), default=0.0)
    codes = turn.jurisdiction.leaning
    if codes and not (filters or {}).get("jurisdiction"):
        fits = [h for h in hits if kb.fits(h, codes)]
        # A comparison tops up each named place on its own (by its documents' own place), so none is missing.
        comparison = len(codes) > 1
        switched_place = turn.follow_up and turn.jurisdiction.basis == "named" and not comparison and not (
            set(codes) & set(places.named(turn.previous)))
        for group in ([(c,) for c in codes] if comparison else [codes]):
            # A template is never quoted: it neither counts as the asked place's evidence nor fills the top-up.
            # Evidence is counted by source: two chunks of one guide give at most per_source_quotes quotes.
            found = len({h.node.metadata.get("source_id") for h in fits
                         if (h.node.metadata.get("jurisdiction") in group if comparison else kb.own(h, group))
                         and not is_template(h.node.metadata)})
            if (found >= 2 and not switched_place) or not set(group) & kb.library.jurisdictions:
                continue
            extra = make_retriever(handle, {**(filters or {}), "jurisdiction": list(group)}).search(bundle).fused
            seen = {h.node.node_id for h in fits}
            room = 2 - found if comparison else max(2 - found, 3 - sum(not is_template(h.node.metadata) for h in fits))
            if switched_place:  # "那在美国呢？": the old topic's words may have found the new place's weaker passages
                room = max(room, 2)
            fits += [h for h in extra if h.node.node_id not in seen and not is_template(h.node.metadata)][: max(0, room)]
        # the place's own documents before those that only mention it (a comparison naming the UK among others)
        fits = sorted(fits, key=lambda h: not kb.own(h, codes))
        seen = {h.node.node_id for h in fits}
        hits = fits + [h for h in hits if h.node.node_id not in seen]
    if not turn.intent.crisis:  # help lines answer a message about suicide or self-harm, nothing else
        hits = [h for h in hits if h.node.metadata.get("doc_type") != "support"]
    return hits, float(dense_top or 0.0), vector


def own_turn_first(handle: IndexHandle, turn: Turn, hits: list[NodeWithScore], filters: Filters | None
                   ) -> list[NodeWithScore]:
    """A follow-up with words of its own ("what about texts?") is also searched with them (and the place it is
    about): their best passages not already near the top come second, so the new topic is not drowned by the
    earlier turn's words (settings.follow_up_own_passages)."""
    query = own_turn_query(handle, turn)
    if not query:
        return hits
    found = make_retriever(handle, filters).search(QueryBundle(query, embedding=handle.query_vector(query))).fused
    near_top = {h.node.node_id for h in hits[:4]}
    extra = [h for h in found if h.node.node_id not in near_top][:handle.settings.follow_up_own_passages]
    taken = {h.node.node_id for h in extra}
    rest = [h for h in hits if h.node.node_id not in taken]
    return rest[:1] + extra + rest[1:]


def own_turn_query(handle: IndexHandle, turn: Turn) -> str:
    """A follow-up's own words and the place it is about ('' when it is not searched on its own)."""
    if not handle.settings.follow_up_own_passages or not turn.follow_up or not own_terms(turn.question):
        return ""
    return " ".join([turn.question, *(places.label(c, turn.lang) for c in turn.jurisdiction.codes)])


def offered_template_first(handle: IndexHandle, turn: Turn, kb: Knowledge, hits: list[NodeWithScore],
                           vector: np.ndarray) -> tuple[list[NodeWithScore], str]:
    """A borrower asking for a letter ("有没有向银行申请分期的模板") is answered by the template the answer offers
    (Knowledge.offered_template): its passage closest to the question leads the sources; with the template's
    source id ('' when none is offered). Its letter lines stay unquotable (chat.evidence.sentences), and the
    refusal check reads the passages as searched, without it."""
    def closest(source_id: str) -> NodeWithScore | None:
        return handle.best_chunk(source_id, vector.tolist())

    offered = kb.offered_template(turn, closest, title_words(handle, turn.query)) if turn.intent.asks_letter else ""
    lead = closest(offered) if offered else None
    if lead is None:
        return hits, ""
    return [lead, *(h for h in hits if h.node.node_id != lead.node.node_id)], offered


def title_words(handle: IndexHandle, question: str) -> Callable[[str], float]:
    """How well a title matches the question: the BM25 weight of the words they share, the question read in both
    languages (its glossary translation), so "a repayment plan" matches 协商还款申请书. A template's title says what
    the letter is for; measured on 16 letter requests written for it (session 19): the right template 14 times,
    13 by the passage vectors alone."""
    translated = handle.query_tools().plan(question, translate=True).translation.text
    words = set(tokenize(question)) | set(tokenize(translated))
    return lambda title: sum(handle.bm25.idf(w) or 0.0 for w in words & set(tokenize(title)))


def with_translations(handle: IndexHandle, hits: list[NodeWithScore], vector: np.ndarray,
                      filters: Filters | None) -> list[NodeWithScore]:
    """The ranking with the translations (twins) of its first documents brought in after the first few
    (settings.twin_sources, twins_after): a bilingual library answers with both versions of a rule, and a
    question in one language often finds only one of them. Each translation is its passage closest to the question."""
    sources = handle.settings.twin_sources
    if not sources:
        return hits
    return expand_with_twins(fill_twin_ids(hits, handle.source_ids()),
                             lambda source: handle.best_chunk(source, vector.tolist(), filters),
                             sources, handle.settings.twins_after)


def in_askers_language(handle: IndexHandle, hits: list[NodeWithScore], lang: str,
                       filters: Filters | None) -> list[NodeWithScore]:
    """Passages in another language than the asker's (a follow-up that switches language, "催收能打电话给我同事吗"
    -> "what about India?", is searched with the earlier turn's words; e5 may rank a translation first) are each
    replaced by the closest passage of their translation (the document's twin) when there is one, so the answer
    quotes the asker's language."""
    out, seen = [], set()
    hits = fill_twin_ids(hits, handle.source_ids())
    ids = list(dict.fromkeys(h.node.node_id for h in hits))  # a hook may hand in a passage twice
    stored = dict(zip(ids, handle.stored_vectors(ids)))
    for hit in hits:
        twin = hit.node.metadata.get("twin_id") if hit.node.metadata.get("lang") not in (lang, None) else ""
        # the twin's chunk closest to this chunk, i.e. its translation (e5 is multilingual)
        swapped = handle.best_chunk(twin, stored[hit.node.node_id].tolist(), filters) if twin else None
        chosen = swapped or hit
        if chosen.node.node_id not in seen:
            seen.add(chosen.node.node_id)
            out.append(chosen)
    return out
