"""Dense, BM25 and hybrid retrievers as llama-index BaseRetrievers over one active build.

`HybridRetriever.search` returns a `RetrievalResult` (fused hits plus the dense and BM25 lists it fused) so the
answerer can check evidence against each ranking; `retrieve` returns the fused hits, as any llama-index
retriever does. `make_retriever` chooses the retriever from the settings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index import store
from index.bm25 import BM25Index
from index.embedders import DebtLensEmbedding, make_embedder
from index.evidence import cosine
from index.filters import Filters, matches, to_metadata_filters
from index.journal import Journal
from index.query.lexicon import everyday_words
from index.query_vectors import QueryVectors
from settings import Settings
from text.lang import detect_lang
from text.script import to_halfwidth, to_simplified


@dataclass
class IndexHandle:
    """Everything a query needs, loaded once (the app keeps it in st.cache_resource)."""

    settings: Settings
    embed: DebtLensEmbedding
    vector_store: Any  # llama-index ChromaVectorStore over `collection`
    collection: Any  # the chromadb collection, for the stored vectors of the dense hits
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
        self.vector_store, self.collection = fresh.vector_store, fresh.collection
        self.bm25, self.build = fresh.bm25, fresh.build
        self.journal.close()
        self.journal = fresh.journal
        self.__dict__.pop("_corpus_text", None)
        self.__dict__.pop("_source_ids", None)
        self.__dict__.pop("_sentence_matrix", None)
        self.__dict__.pop("_exact", None)
        return True
    def source_ids(self) -> frozenset[str]:
        """Ids of every source in the index, read once per handle."""
        if not hasattr(self, "_source_ids"):
            self._source_ids = frozenset(src["source_id"] for src in self.journal.sources())
        return self._source_ids

    def query_vector(self, query: str) -> list[float]:
        """The e5 query vector of `query` in the corpus's script (Simplified, half-width), memoised: the expanded
        search, the rerank and the answerer ask for the same few query forms of one question."""
        return self.query_vectors().get(to_simplified(to_halfwidth(query)))

    def prefetch_query_vectors(self, queries: list[str]) -> None:
        """Start embedding `queries` on a worker thread (index.query_vectors); `query_vector` then waits for them."""
        self.query_vectors().prefetch(to_simplified(to_halfwidth(q)) for q in queries)

    def query_vectors(self) -> QueryVectors:
        if "_query_vectors" not in self.__dict__:
            self._query_vectors = QueryVectors(self.embed.get_query_embedding)
        return self._query_vectors

    def nearest(self, embedding: list[float], k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, cosine) of the `k` nearest stored vectors, best first: exact, from the vectors held in memory
        (index.exact), up to `exact_search_max` chunks. Above that Chroma's index is asked for ids and distances
        only (its cosine space: distance = 1 - cosine): fetching documents and metadata through llama-index's
        ChromaVectorStore, then the vectors again for exact cosines, took 19 ms of a 25 ms dense search
        (p50, 623 chunks, quiet machine); the chunks come from the journal instead."""
        exact = self.exact_vectors()
        if exact is not None:
            return exact.nearest(embedding, k, filters)
        from llama_index.vector_stores.chroma.base import _to_chroma_filter

        metadata_filters = to_metadata_filters(filters)
        where = _to_chroma_filter(metadata_filters) if metadata_filters else None
        found = self.collection.query(query_embeddings=[embedding], n_results=k, where=where, include=["distances"])
        ids, distances = found["ids"][0], (found["distances"] or [[]])[0]
        return sorted(((cid, 1.0 - float(d)) for cid, d in zip(ids, distances)), key=lambda pair: -pair[1])

    def exact_vectors(self):
        """Every stored vector in memory for exact search (index.exact), read once per build; None above
        `exact_search_max` chunks, where Chroma's approximate index answers instead."""
        if "_exact" not in self.__dict__:
            from index.exact import ExactVectors

            small = 0 < self.collection.count() <= self.settings.exact_search_max
            self._exact = ExactVectors.load(self.collection, self.journal) if small else None
        return self._exact

    def best_chunk(self, source_id: str, embedding: list[float], filters: Filters | None = None
                   ) -> NodeWithScore | None:
        """The chunk of `source_id` (passing `filters`) closest to `embedding`, by cosine over the source's own
        stored vectors: a Chroma query filtered to one source scans the metadata (51 ms p50 at 100k chunks, the
        twin lookups of the expanded search), this reads a few rows (1.3 ms)."""
        chunks = self.journal.chunks_by_id(self.journal.chunk_ids_of(source_id))
        ids = [cid for cid, chunk in chunks.items() if matches(chunk["metadata"], filters)]
        found, vectors = self.vectors_of(ids)
        if not found:
            return None
        sims = cosine(vectors.astype(np.float64), np.asarray(embedding, dtype=np.float64))
        best = int(np.argmax(sims))
        chunk = chunks[found[best]]
        return NodeWithScore(node=TextNode(id_=chunk["chunk_id"], text=chunk["text"], metadata=chunk["metadata"]),
                             score=float(sims[best]))

    def stored_vectors(self, chunk_ids: list[str]) -> np.ndarray:
        """The vectors Chroma holds for `chunk_ids`, in that order."""
        if not chunk_ids:
            return np.zeros((0, self.embed.dim), dtype=np.float32)
        found, vectors = self.vectors_of(chunk_ids)
        by_id = dict(zip(found, vectors))
        return np.asarray([by_id[cid] for cid in chunk_ids], dtype=np.float32)

    def vectors_of(self, chunk_ids: list[str]) -> tuple[list[str], np.ndarray]:
        """(the ids found, their vectors): from memory when the exact search holds them (a Chroma read per call
        was ~1 ms, several per answer), else from Chroma."""
        exact = self.exact_vectors()
        if exact is not None:
            return exact.rows(chunk_ids)
        got = self.collection.get(ids=chunk_ids, include=["embeddings"]) if chunk_ids else {"ids": []}
        if not len(got["ids"]):
            return [], np.zeros((0, self.embed.dim), dtype=np.float32)
        return list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32)

    def query_tools(self):
        """Spelling table, glossary and word lists for this index's vocabulary (index/query), built once."""
        if not hasattr(self, "_query_tools"):
            from index.query.plan import QueryTools

            self._query_tools = QueryTools.build(self.settings.channels_file, self.bm25.model.vocab_dict.keys())
        return self._query_tools

    def sentence_vectors(self):
        """The sentence-vector cache of this data dir (index.evidence.sentence_vector_cache), opened once."""
        if not hasattr(self, "_sentence_vectors"):
            from index.evidence import sentence_vector_cache

            self._sentence_vectors = sentence_vector_cache(self.settings, self.embed)
        return self._sentence_vectors

    def sentence_matrix(self):
        """Every chunk sentence's vector, for the sentence-level dense list (index.sentence_dense), built once."""
        if not hasattr(self, "_sentence_matrix"):
            from index.sentence_dense import SentenceMatrix

            self._sentence_matrix = SentenceMatrix(self.journal.all_chunks(), self.sentence_vectors(),
                                                   self.embed.encode_passages)
        return self._sentence_matrix

    def node(self, chunk_id: str) -> TextNode | None:
        chunk = self.journal.chunks_by_id([chunk_id]).get(chunk_id)
        return TextNode(id_=chunk_id, text=chunk["text"], metadata=chunk["metadata"]) if chunk else None


def open_index(settings: Settings, embed: DebtLensEmbedding | None = None) -> IndexHandle:
    active = store.read_active(settings)
    if active is None:
        where = (f"on the Chroma server {settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host
                 else f"in {settings.data_dir}")
        raise store.IndexMissingError(
            f"no index {where}; build it with: debtlens ingest {store.rebuild_paths(settings)}"
        )
    embed = embed or make_embedder(settings.embedder, settings.device, settings.embed_threads)
    client = store.chroma_client(settings)
    collection = store.open_collection(client, active, embed.model_name, embed.dim, settings)
    try:
        bm25 = BM25Index.load(settings.data_dir / active.bm25_dir)
    except (OSError, ValueError, KeyError) as exc:
        raise store.IndexMissingError(
            f"BM25 index {active.bm25_dir} is unreadable ({exc}); rebuild with: debtlens ingest --rebuild "
            f"{store.rebuild_paths(settings)}"
        ) from exc
    journal = Journal(settings.data_dir / active.journal)
    return IndexHandle(settings, embed, store.vector_store(collection), collection, bm25, journal, active)


def current_index(settings: Settings, handle: IndexHandle | None = None) -> IndexHandle:
    """`handle` while it still serves the active build, else a handle on the new one. With a Chroma server this
    is one small read per call, so a replica calls it before each question and follows other instances' ingests."""
    active = store.read_active(settings)
    if handle is not None and active is not None and active.collection == handle.build.collection \
            and active.bm25_dir == handle.build.bm25_dir:
        return handle
    return open_index(settings, handle.embed if handle else None)


class DenseRetriever(BaseRetriever):
    """Chroma nearest neighbours scored by cosine, with the chunk text and metadata from the journal (the same nodes
    BM25Retriever returns)."""

    def __init__(self, handle: IndexHandle, k: int, filters: Filters | None = None):
        super().__init__()
        self.handle, self.k, self.filters = handle, k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        embedding = query_bundle.embedding or self.handle.query_vector(query_bundle.query_str)
        found = self.handle.nearest(embedding, self.k, self.filters)
        chunks = self.handle.journal.chunks_by_id(cid for cid, _ in found)
        return [NodeWithScore(node=TextNode(id_=cid, text=chunks[cid]["text"], metadata=chunks[cid]["metadata"]),
                              score=score) for cid, score in found if cid in chunks]


class BM25Retriever(BaseRetriever):
    def __init__(self, handle: IndexHandle, k: int, filters: Filters | None = None):
        super().__init__()
        self.handle, self.k, self.filters = handle, k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        query = " ".join([query_bundle.query_str, *everyday_words(query_bundle.query_str)])
        hits = self.handle.bm25.search(query, self.k, self.filters)
        chunks = self.handle.journal.chunks_by_id(cid for cid, _ in hits)
        return [NodeWithScore(node=TextNode(id_=cid, text=chunks[cid]["text"], metadata=chunks[cid]["metadata"]),
                              score=score) for cid, score in hits if cid in chunks]


def rrf_fuse(rankings: list[list[NodeWithScore]], k: int = 60,
             weights: list[float] | None = None) -> list[NodeWithScore]:
    """Reciprocal rank fusion: score = sum weight/(k + rank) over the rankings a node appears in (weight 1
    unless `weights` gives one per ranking)."""
    fused: dict[str, float] = {}
    nodes: dict[str, NodeWithScore] = {}
    for i, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[i]
        for rank, hit in enumerate(ranking, start=1):
            fused[hit.node.node_id] = fused.get(hit.node.node_id, 0.0) + weight / (k + rank)
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


class PerSourceCap(BaseNodePostprocessor):
    """Keep at most `cap` chunks from one source so a long document cannot crowd out the rest."""

    cap: int = Field(default=2, description="Max chunks from one source.")

    @classmethod
    def class_name(cls) -> str:
        return "PerSourceCap"

    def _postprocess_nodes(self, nodes: list[NodeWithScore],
                           query_bundle: QueryBundle | None = None) -> list[NodeWithScore]:
        seen: dict[str, int] = {}
        kept = []
        for hit in nodes:
            source = hit.node.metadata.get("source_id", "")
            if seen.get(source, 0) < self.cap:
                kept.append(hit)
                seen[source] = seen.get(source, 0) + 1
        return kept


@dataclass(frozen=True)
class RetrievalResult:
    """The hits handed on (fused, capped, cut to top_k) and the two rankings they came from."""

    fused: list[NodeWithScore]
    dense: list[NodeWithScore]
    bm25: list[NodeWithScore]


class ResultRetriever(BaseRetriever):
    """A retriever whose `search` also reports the rankings behind its hits."""

    def search(self, query_bundle: QueryBundle) -> RetrievalResult:
        raise NotImplementedError

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.search(query_bundle).fused


class HybridRetriever(ResultRetriever):
    """Dense + BM25 fused (RRF by default, or a weighted min-max sum), capped per source."""

    def __init__(self, handle: IndexHandle, filters: Filters | None = None, top_k: int | None = None,
                 weights: dict[str, float] | None = None, language_bonus: float | None = None):
        super().__init__()
        s = handle.settings
        self.handle, self.filters, self.top_k = handle, filters, top_k or s.top_k
        self.weights = weights  # RRF weight per expanded list name; None: index.expanded.LIST_WEIGHTS
        self.language_bonus = language_bonus  # None: index.expanded.OWN_LANGUAGE_BONUS
        self.dense = DenseRetriever(handle, s.dense_k, filters)
        self.bm25 = BM25Retriever(handle, s.bm25_k, filters)
        self.cap = PerSourceCap(cap=s.per_source_cap)
        self.rerank = None
        if s.rerank_weight:
            from index.rerank import SentenceRerank

            self.rerank = SentenceRerank(handle, weight=s.rerank_weight, depth=s.rerank_depth, pool=s.rerank_pool)

    def _reranked(self, fused: list[NodeWithScore], query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.rerank.postprocess_nodes(fused, query_bundle) if self.rerank else fused

    def search(self, query_bundle: QueryBundle) -> RetrievalResult:
        s = self.handle.settings
        if s.expansions.strip():
            return self._expanded_search(query_bundle)
        dense = self.dense.retrieve(query_bundle)
        bm25 = self.bm25.retrieve(query_bundle)
        if s.fusion == "rrf":
            lists, weights = [dense, bm25], [1.0, 1.0]
            if s.sentence_dense_weight:
                from index.sentence_dense import sentence_dense_hits

                lists.append(sentence_dense_hits(self.handle, query_bundle, s.dense_k, self.filters))
                weights.append(s.sentence_dense_weight)
            fused = rrf_fuse(lists, s.rrf_k, weights)
        else:
            fused = weighted_fuse(dense, bm25, s.dense_weight)
        fused = self._reranked(fused, query_bundle)
        return RetrievalResult(self.cap.postprocess_nodes(fused, query_bundle)[: self.top_k], dense, bm25)


    def _expanded_search(self, query_bundle: QueryBundle) -> RetrievalResult:
        """Several queries per question (index/expanded.py), fused by weighted RRF, capped, twins brought in."""
        from index.expanded import LIST_WEIGHTS, OWN_LANGUAGE_BONUS, expanded_lists, fuse_expanded
        from index.twins import fill_twin_ids

        s, handle = self.handle.settings, self.handle
        wanted = tuple(e.strip() for e in s.expansions.split(",") if e.strip())

        def dense(text: str, filters: Filters | None) -> list[NodeWithScore]:
            return DenseRetriever(handle, s.dense_k, filters).retrieve(QueryBundle(text))

        def bm25(text: str, filters: Filters | None) -> list[NodeWithScore]:
            return BM25Retriever(handle, s.bm25_k, filters).retrieve(QueryBundle(text))

        def best_chunk_of(source_id: str) -> NodeWithScore | None:
            return handle.best_chunk(source_id, handle.query_vector(lists.plan.corrected), self.filters)

        def cap(hits: list[NodeWithScore]) -> list[NodeWithScore]:
            capped = self.cap.postprocess_nodes(self._reranked(hits, query_bundle), query_bundle)
            return fill_twin_ids(capped, handle.source_ids())

        query = query_bundle.query_str
        lists = expanded_lists(query, query, handle.query_tools(), dense, bm25, wanted, self.filters)
        fused = fuse_expanded(lists, s.rrf_k, cap, best_chunk_of if "twins" in wanted else None,
                              LIST_WEIGHTS if self.weights is None else self.weights, detect_lang(query),
                              OWN_LANGUAGE_BONUS if self.language_bonus is None else self.language_bonus)
        return RetrievalResult(fused[: self.top_k], lists.main_dense, lists.main_bm25)


class RandomRetriever(ResultRetriever):
    """Random chunks, seeded by the query: the deliberately broken retriever the eval gate must catch."""

    def __init__(self, handle: IndexHandle, top_k: int | None = None):
        super().__init__()
        self.handle, self.top_k = handle, top_k or handle.settings.top_k

    def search(self, query_bundle: QueryBundle) -> RetrievalResult:
        ids = self.handle.bm25.chunk_ids
        picked = random.Random(query_bundle.query_str).sample(ids, min(self.top_k, len(ids)))
        nodes = (self.handle.node(cid) for cid in picked)
        return RetrievalResult([NodeWithScore(node=n, score=0.0) for n in nodes if n is not None], [], [])


def make_retriever(handle: IndexHandle, filters: Filters | None = None, top_k: int | None = None) -> ResultRetriever:
    """The retriever the settings ask for: hybrid, or random for the eval gate's self-test."""
    if handle.settings.retriever_override == "random":
        return RandomRetriever(handle, top_k)
    return HybridRetriever(handle, filters, top_k)
