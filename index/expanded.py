"""The query-side expansions around one hybrid search: the ranked lists fused for one question.

Lists, each a dense or BM25 top-k over the same index (all optional but the first two):
  dense + BM25 of the corrected question (typo/alias table applied), dense of the reduced question (long
  questions only), dense + BM25 of the glossary translation (the other language's key terms), dense + BM25
  restricted to the one jurisdiction the question names.  They are fused by reciprocal rank fusion, capped per
  source, and the first sources bring their translation (twin) next to them.
Which lists are on is a setting (`expansions`, off by default).  Replayed on tune + dev-long (270 questions,
source-level, dense+BM25 top 20, RRF k=60, cap 2; current corpus, 623 chunks):

  variant                              recall@5  hit@5  MRR@10   cross-lingual recall@5
  hybrid (no expansions)               0.532     0.889  0.749    0.204
  + glossary (BM25 + dense)            0.709     0.900  0.717    0.852
  + twins of top 3 after source 4      0.764     0.889  0.716    0.926
  + own-language bonus 0.05            0.782     0.900  0.747    0.926
  (typo table, reduced-question lists: no change on dev; jurisdiction-scoped lists hurt cross-lingual.)

End to end they are not yet a win: see settings.expansions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from llama_index.core.schema import NodeWithScore

from index.query.plan import QueryPlan, QueryTools
from index.query.reduce import reduce_question
from index.twins import TwinLookup, expand_with_twins

Search = Callable[[str, dict | None], list[NodeWithScore]]

ALL_EXPANSIONS = ("typo", "reduce", "glossary", "jurisdiction", "twins")
# RRF weight per list name (1 when absent). Down-weighting the glossary lists (0.5) bought MRR 0.716 -> 0.752 on
# tune+dev-long but cost cross-lingual recall@5 0.93 -> 0.54, so all lists weigh the same.
LIST_WEIGHTS: dict[str, float] = {}
# Chunks in the asker's language get this share of the top fused score: with the glossary on, a Chinese question
# often ranked the English twin first. On tune+dev-long (replayed): MRR@10 0.716 -> 0.747, recall@5 0.764 -> 0.782,
# hit@5 0.889 -> 0.900, cross-lingual recall@5 unchanged (0.926) but its MRR 0.734 -> 0.615.
OWN_LANGUAGE_BONUS = 0.05


@dataclass
class ExpandedLists:
    plan: QueryPlan
    lists: dict[str, list[NodeWithScore]] = field(default_factory=dict)  # name -> ranked hits
    jurisdiction: str | None = None

    @property
    def main_dense(self) -> list[NodeWithScore]:
        return self.lists.get("dense", [])

    @property
    def main_bm25(self) -> list[NodeWithScore]:
        return self.lists.get("bm25", [])


def named_jurisdiction(question: str, plan: QueryPlan, tools: QueryTools) -> str | None:
    """The one jurisdiction the latest turn names (else the one the whole query names); None for 0 or 2+."""
    own = reduce_question(question, tools.domain).jurisdictions
    places = own or plan.reduced.jurisdictions
    return places[0] if len(places) == 1 else None


def expanded_lists(question: str, query: str, tools: QueryTools, dense: Search, bm25: Search,
                   expansions: tuple[str, ...] = ALL_EXPANSIONS, filters: dict | None = None) -> ExpandedLists:
    """Every ranked list for `query` (the question with any follow-up context joined); `question` is the
    latest turn alone, used to find the jurisdiction it names."""
    plan = tools.plan(query, correct="typo" in expansions, reduce="reduce" in expansions,
                      translate="glossary" in expansions)
    out = ExpandedLists(plan)
    out.lists["dense"] = dense(plan.corrected, filters)
    out.lists["bm25"] = bm25(plan.corrected, filters)
    if plan.reduced.reduced:
        out.lists["dense_reduced"] = dense(plan.need, filters)
    if plan.translation.text:
        out.lists["dense_translated"] = dense(plan.translation.text, filters)
        out.lists["bm25_translated"] = bm25(plan.translation.text, filters)
    if "jurisdiction" in expansions and not (filters or {}).get("jurisdiction"):
        out.jurisdiction = named_jurisdiction(question, plan, tools)
        if out.jurisdiction:
            scoped = {**(filters or {}), "jurisdiction": out.jurisdiction}
            out.lists["dense_jurisdiction"] = dense(plan.corrected, scoped)
            out.lists["bm25_jurisdiction"] = bm25(plan.corrected, scoped)
    return out


def prefer_language(hits: list[NodeWithScore], lang: str, bonus: float = OWN_LANGUAGE_BONUS) -> list[NodeWithScore]:
    """Re-rank fused hits with chunks in the asker's language `lang` raised by `bonus` x the top score: a
    tie-breaker between a document and its translation, too small to lift a weak match over a strong one."""
    if not hits or not bonus:
        return hits
    lift = bonus * max(h.score or 0.0 for h in hits)
    scored = [NodeWithScore(node=h.node, score=(h.score or 0.0) + (lift if h.node.metadata.get("lang") == lang else 0.0))
              for h in hits]
    return sorted(scored, key=lambda h: -(h.score or 0.0))


def fuse_expanded(expanded: ExpandedLists, rrf_k: int, cap: Callable[[list[NodeWithScore]], list[NodeWithScore]],
                  best_chunk_of: TwinLookup | None = None, weights: Mapping[str, float] | None = None,
                  own_language: str = "", language_bonus: float = OWN_LANGUAGE_BONUS, twin_sources: int = 3,
                  twin_after: int = 4) -> list[NodeWithScore]:
    """Fuse every list by weighted RRF (`weights` by list name, 1 when absent), prefer chunks in `own_language`
    (the asker's, when given), cap per source, then, when `best_chunk_of` is given, bring the twins of the first
    `twin_sources` sources in after the first `twin_after` sources (index.twins).  The one fusion step
    HybridRetriever and the benches share."""
    from index.retrieve import rrf_fuse

    named = [(name, hits) for name, hits in expanded.lists.items() if hits]
    fused = rrf_fuse([hits for _, hits in named], rrf_k, [(weights or {}).get(name, 1.0) for name, _ in named])
    hits = cap(prefer_language(fused, own_language, language_bonus) if own_language else fused)
    return expand_with_twins(hits, best_chunk_of, twin_sources, twin_after) if best_chunk_of else hits
