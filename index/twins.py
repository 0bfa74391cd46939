"""Twin expansion: a hit on a document brings its translation's best-matching chunk next to it.

Questions are asked in one language about documents kept in two (`twin_id` in chunk metadata, set at ingest).
The answerer wants the passage in the asker's language and the original; retrieval in one language often finds
only one of the two.
"""

from __future__ import annotations

from collections.abc import Callable

from llama_index.core.schema import NodeWithScore

TwinLookup = Callable[[str], NodeWithScore | None]  # twin source id -> its best chunk for this query


def expand_with_twins(hits: list[NodeWithScore], best_chunk_of: TwinLookup, sources: int = 3) -> list[NodeWithScore]:
    """`hits` with, right after the first chunk of each of the first `sources` distinct sources, that source's
    twin (its best chunk already in `hits`, else `best_chunk_of(twin)`); other hits keep their order."""
    first_of: dict[str, NodeWithScore] = {}
    for hit in hits:
        first_of.setdefault(hit.node.metadata.get("source_id", ""), hit)
    out: list[NodeWithScore] = []
    placed: set[str] = set()
    expanded = 0
    for hit in hits:
        if hit.node.node_id in placed:
            continue
        out.append(hit)
        placed.add(hit.node.node_id)
        source = hit.node.metadata.get("source_id", "")
        if first_of.get(source) is not hit or expanded >= sources:
            continue
        expanded += 1
        twin = hit.node.metadata.get("twin_id") or ""
        if not twin or twin in {h.node.metadata.get("source_id") for h in out}:
            continue
        partner = first_of.get(twin) or best_chunk_of(twin)
        if partner is not None and partner.node.node_id not in placed:
            out.append(NodeWithScore(node=partner.node, score=hit.score))
            placed.add(partner.node.node_id)
    return out
