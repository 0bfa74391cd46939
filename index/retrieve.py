"""Dense, BM25 and hybrid retrievers as llama-index BaseRetrievers over one active build."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery

from index import store
from index.bm25 import BM25Index
from index.embedders import DebtLensEmbedding, make_embedder
from index.filters import Filters, to_metadata_filters
from index.journal import Journal
from ingest.clean import to_halfwidth, to_simplified
from settings import Settings


@dataclass
class IndexHandle:
    """Everything a query needs, loaded once (the app keeps it in st.cache_resource)."""

    settings: Settings
    embed: DebtLensEmbedding
    vector_store: object
    bm25: BM25Index
    journal: Journal
    build: store.ActiveBuild

    def corpus_contains(self, term: str) -> bool:
        """Whether any chunk's search text contains `term` (a C-level substring scan over one string)."""
        if not hasattr(self, "_corpus_text"):
            self._corpus_text = "\n".join(c["search_text"] for c in self.journal.all_chunks())
        return term in self._corpus_text

    def refresh_if_stale(self) -> bool:
        """A long-running reader (the app, a server) picks up another process's build: when the pointer names a
        new build, reopen it in place. Each build is a new collection, so its vectors load fresh from disk."""
        active = store.read_active(self.settings)
        if active is None or active == self.build:
            return False
        fresh = open_index(self.settings, self.embed)
        self.vector_store, self.bm25, self.build = fresh.vector_store, fresh.bm25, fresh.build
        self.journal.close()
        self.journal = fresh.journal
        self.__dict__.pop("_corpus_text", None)
        return True

    def node(self, chunk_id: str) -> TextNode | None:
        chunk = self.journal.chunks_by_id([chunk_id]).get(chunk_id)
        return TextNode(id_=chunk_id, text=chunk["text"], metadata=chunk["metadata"]) if chunk else None


def open_index(settings: Settings, embed: DebtLensEmbedding | None = None) -> IndexHandle:
    active = store.read_active(settings)
    if active is None:
        raise store.IndexMissingError(
            f"no index in {settings.data_dir}; build it with: debtlens ingest {store.rebuild_paths(settings)}"
        )
    embed = embed or make_embedder(settings.embedder, settings.device)
    client = store.chroma_client(settings)
    collection = store.open_collection(client, active, embed.model_name, embed.dim, settings)
    try:
        bm25 = BM25Index.load(settings.data_dir / active.bm25_dir)
    except (OSError, ValueError, KeyError) as exc:
        raise store.IndexMissingError(
            f"BM25 index {active.bm25_dir} is unreadable ({exc}); rebuild with: debtlens ingest --rebuild "
            f"{store.rebuild_paths(settings)}"
        ) from exc
    journal = Journal(settings.data_dir / "journal.sqlite")
    return IndexHandle(settings, embed, store.vector_store(collection), bm25, journal, active)


class DenseRetriever(BaseRetriever):
    """Chroma nearest neighbours; score is the cosine similarity."""

    def __init__(self, handle: IndexHandle, k: int, filters: Filters | None = None):
        super().__init__()
        self.handle, self.k, self.filters = handle, k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        # Simplified/half-width on the query side too: the dense model then sees the corpus's own script.
        text = to_simplified(to_halfwidth(query_bundle.query_str))
        embedding = query_bundle.embedding or self.handle.embed.get_query_embedding(text)
        result = self.handle.vector_store.query(VectorStoreQuery(
            query_embedding=embedding, similarity_top_k=self.k, filters=to_metadata_filters(self.filters)))
        # ChromaVectorStore reports exp(-distance); with cosine space distance = 1 - cos.
        return [NodeWithScore(node=n, score=1.0 + math.log(max(s, 1e-9)))
                for n, s in zip(result.nodes or [], result.similarities or [])]


class BM25Retriever(BaseRetriever):
    def __init__(self, handle: IndexHandle, k: int, filters: Filters | None = None):
        super().__init__()
        self.handle, self.k, self.filters = handle, k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self.handle.bm25.search(query_bundle.query_str, self.k, self.filters)
        chunks = self.handle.journal.chunks_by_id(cid for cid, _ in hits)
        return [NodeWithScore(node=TextNode(id_=cid, text=chunks[cid]["text"], metadata=chunks[cid]["metadata"]),
                              score=score) for cid, score in hits if cid in chunks]


def rrf_fuse(rankings: list[list[NodeWithScore]], k: int = 60) -> list[NodeWithScore]:
    """Reciprocal rank fusion: score = sum 1/(k + rank) over the rankings a node appears in."""
    fused: dict[str, float] = {}
    nodes: dict[str, NodeWithScore] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            fused[hit.node.node_id] = fused.get(hit.node.node_id, 0.0) + 1.0 / (k + rank)
            nodes.setdefault(hit.node.node_id, hit)
    order = sorted(fused, key=lambda cid: -fused[cid])
    return [NodeWithScore(node=nodes[cid].node, score=fused[cid]) for cid in order]


def weighted_fuse(dense: list[NodeWithScore], bm25: list[NodeWithScore], alpha: float) -> list[NodeWithScore]:
    """alpha * minmax(dense) + (1 - alpha) * minmax(bm25); a node missing from a list scores 0 there,
    and a list whose scores are all equal gives each of its nodes 1."""
    def normalised(hits: list[NodeWithScore]) -> dict[str, float]:
        scores = [h.score or 0.0 for h in hits]
        low, high = min(scores, default=0.0), max(scores, default=0.0)
        return {h.node.node_id: ((h.score or 0.0) - low) / (high - low) if high > low else 1.0 for h in hits}

    d, b = normalised(dense), normalised(bm25)
    nodes = {h.node.node_id: h.node for h in [*dense, *bm25]}
    fused = {cid: alpha * d.get(cid, 0.0) + (1 - alpha) * b.get(cid, 0.0) for cid in nodes}
    return [NodeWithScore(node=nodes[cid], score=fused[cid]) for cid in sorted(fused, key=lambda c: -fused[c])]


def cap_per_source(hits: list[NodeWithScore], cap: int) -> list[NodeWithScore]:
    """Keep at most `cap` chunks from one source so a long document cannot crowd out the rest."""
    seen: dict[str, int] = {}
    kept = []
    for hit in hits:
        source = hit.node.metadata.get("source_id", "")
        if seen.get(source, 0) < cap:
            kept.append(hit)
            seen[source] = seen.get(source, 0) + 1
    return kept


class HybridRetriever(BaseRetriever):
    """Dense + BM25 fused (RRF by default, or a weighted min-max sum), capped per source.
    Keeps both rankings for the answerer's evidence checks."""

    def __init__(self, handle: IndexHandle, filters: Filters | None = None, top_k: int | None = None):
        super().__init__()
        s = handle.settings
        self.handle, self.filters, self.top_k = handle, filters, top_k or s.top_k
        self.dense = DenseRetriever(handle, s.dense_k, filters)
        self.bm25 = BM25Retriever(handle, s.bm25_k, filters)
        self.last_dense: list[NodeWithScore] = []
        self.last_bm25: list[NodeWithScore] = []

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        s = self.handle.settings
        if s.retriever_override == "random":  # test hook for the eval gate: a deliberately broken retriever
            return _random_hits(self.handle, self.top_k, query_bundle.query_str)
        self.last_dense = self.dense.retrieve(query_bundle)
        self.last_bm25 = self.bm25.retrieve(query_bundle)
        if s.fusion == "rrf":
            fused = rrf_fuse([self.last_dense, self.last_bm25], s.rrf_k)
        else:
            fused = weighted_fuse(self.last_dense, self.last_bm25, s.dense_weight)
        return cap_per_source(fused, s.per_source_cap)[: self.top_k]


def _random_hits(handle: IndexHandle, k: int, seed: str) -> list[NodeWithScore]:
    ids = handle.bm25.chunk_ids
    rng = random.Random(seed)
    picked = rng.sample(ids, min(k, len(ids)))
    nodes = (handle.node(cid) for cid in picked)
    return [NodeWithScore(node=node, score=0.0) for node in nodes if node is not None]
