"""Robustness probes in the spirit of RGB (Chen et al. 2024): noise (distractor passages) and counterfactual
(a falsified number in one passage), run through the app's own chat.answer.answer_question.

The passages are altered through answer_question's `hits_hook`, between retrieval and evidence selection;
everything after retrieval (term weights, candidates, evidence, gate, compose) is the app's own code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from llama_index.core.schema import NodeWithScore, TextNode

from chat import answer as A
from index.retrieve import IndexHandle
from text.script import search_form

Mutate = Callable[[list[NodeWithScore]], list[NodeWithScore]]
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def answer_with_hits(handle: IndexHandle, question: str, history: list[str] | None = None,
                     mutate: Mutate | None = None) -> A.Answer:
    """answer_question with `mutate` applied to the fused hits before evidence selection."""
    if mutate is None:
        return A.answer_question(handle, question, history)
    return A.answer_question(handle, question, history, hits_hook=mutate)


class CachedQueryEmbedding:
    """Wraps the handle's embedder: records query embeddings, and serves them once `serve` is set, so the
    robustness re-runs do not pay for the same query encodings twice (the plain run's latency is untouched)."""

    def __init__(self, embed):
        self._embed, self._cache, self.serve = embed, {}, False

    def get_query_embedding(self, query: str):
        if self.serve and query in self._cache:
            return self._cache[query]
        self._cache[query] = self._embed.get_query_embedding(query)
        return self._cache[query]

    def __getattr__(self, name):
        return getattr(self._embed, name)


# --- noise: distractor passages ------------------------------------------------------------------------------

def _channels(meta: dict) -> list[str]:
    value = meta.get("channels") or ""
    return [c for c in (value if isinstance(value, list) else value.split(",")) if c]


def distractors_for(handle: IndexHandle, query: str, top: NodeWithScore, exclude: set[str],
                    n: int = 3) -> list[NodeWithScore]:
    """Chunks sharing a channel with the top hit but from another jurisdiction: BM25-closest to the query
    first, then (when the query shares no terms with them, e.g. across languages) in corpus order."""
    channels, jurisdiction = set(_channels(top.node.metadata)), top.node.metadata.get("jurisdiction")
    if not channels:
        return []
    ranked = [cid for cid, _ in handle.bm25.search(query, 60, {"channel": sorted(channels)})]
    picked: list[NodeWithScore] = []
    for chunk_id in ranked + [c["chunk_id"] for c in handle.journal.all_chunks()]:
        node = handle.node(chunk_id) if chunk_id not in exclude else None
        if (node is None or node.metadata.get("jurisdiction") == jurisdiction
                or not channels & set(_channels(node.metadata))):
            continue
        picked.append(NodeWithScore(node=node, score=0.0))
        exclude = exclude | {chunk_id}
        if len(picked) == n:
            break
    return picked


def with_distractors(handle: IndexHandle, query: str, record: dict) -> Mutate:
    """A mutate callback interleaving distractors after the top hit (ranks 2, 4, 6); notes them in `record`."""
    def mutate(hits: list[NodeWithScore]) -> list[NodeWithScore]:
        if not hits:
            return hits
        extra = distractors_for(handle, query, hits[0], {h.node.node_id for h in hits})
        record["distractors"] = [d.node.node_id for d in extra]
        out = list(hits)
        for i, d in enumerate(extra):
            out.insert(1 + 2 * i, d)
        return out
    return mutate


# --- counterfactual: one falsified number ---------------------------------------------------------------------

def numbers_in_facts(key_facts: list[list[str]]) -> list[str]:
    """Key-fact alternatives written with digits, in search form, most specific first ("48.63%", "5年")."""
    found = {search_form(alt).strip() for group in key_facts for alt in group if _NUMBER.search(alt)}
    return sorted(found, key=lambda s: (-len(s), s))


def number_pattern(fact: str) -> re.Pattern:
    """The fact standing alone: '5年' matches in '最长5年' but not in '2025年'; '5' not in '5.5' or '15'."""
    tail = r"(?![\d]|[.,:]\d)" if fact[-1:].isdigit() else ""
    head = r"(?<![\d.,:])" if fact[:1].isdigit() else ""
    return re.compile(head + re.escape(fact) + tail)


def falsify(fact: str) -> str:
    """A different fact of the same shape: each digit shifted by 4 (5年 -> 9年, 22:00 -> 66:44, 30 days -> 74 days)."""
    return "".join(str((int(c) + 4) % 10) if c.isdigit() else c for c in fact)


def plan_injection(hits: list[NodeWithScore], key_facts: list[list[str]]) -> tuple[str, str, str] | None:
    """(true fact, false fact, chunk id to corrupt) when >= 2 retrieved passages state the fact, so one
    passage can be falsified while another still contradicts it; else None."""
    for fact in numbers_in_facts(key_facts):
        pattern = number_pattern(fact)
        holders = [h.node.node_id for h in hits if pattern.search(search_form(h.node.get_content()))]
        if len(holders) >= 2:
            return fact, falsify(fact), holders[0]
    return None


def inject_false(key_facts: list[list[str]], record: dict) -> Mutate:
    """A mutate callback replacing the true number with a false one in the best-ranked passage holding it."""
    def mutate(hits: list[NodeWithScore]) -> list[NodeWithScore]:
        plan = plan_injection(hits, key_facts)
        record["plan"] = plan
        if plan is None:
            return hits
        true, false, chunk_id = plan
        out = []
        for hit in hits:
            if hit.node.node_id == chunk_id:
                text = _replace_number(hit.node.get_content(), true, false)
                hit = NodeWithScore(node=TextNode(id_=chunk_id, text=text, metadata=dict(hit.node.metadata)),
                                    score=hit.score)
            out.append(hit)
        return out
    return mutate


def _replace_number(text: str, true: str, false: str) -> str:
    """Replace the fact in the original text, or in its search form when written differently there."""
    pattern = number_pattern(true)
    replaced = pattern.sub(false, text)
    if replaced == text:  # written with full-width digits or separators: fold the text first
        replaced = pattern.sub(false, search_form(text))
    return replaced


def false_number_verdict(answer_text: str, true: str, false: str) -> dict:
    form = search_form(answer_text)
    repeated = bool(number_pattern(false).search(form))
    kept = bool(number_pattern(true).search(form))
    return {"false_repeated": repeated, "true_kept": kept, "conflict_shown": repeated and kept}
