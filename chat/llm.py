"""The LLM behind the generative composer: a llama-index `LLM` chosen by the `llm` setting.

Each backend imports inside its branch, so the extractive default costs nothing; a missing package names
the extra to install. `local` serves a GGUF with xllamacpp on 127.0.0.1 (started once per process) and is then
used through the same OpenAI-compatible client as any other server.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import Path

from settings import Settings

BACKENDS = ("none", "openai-like", "ollama", "local")
_EXTRA_HINT = "pip install -e '.[llm]'"


class LLMUnavailableError(RuntimeError):
    """The configured backend cannot be used; the message says what to install or run."""


def make_llm(settings: Settings):
    """The one switch over `DEBTLENS_LLM`. Returns None for 'none'."""
    match settings.llm:
        case "none":
            return None
        case "openai-like":
            if not settings.llm_base_url:
                raise LLMUnavailableError("DEBTLENS_LLM=openai-like needs DEBTLENS_LLM_BASE_URL "
                                          "(e.g. http://127.0.0.1:8080/v1)")
            return _openai_like(settings, settings.llm_base_url, settings.llm_model or "default")
        case "ollama":
            try:
                from llama_index.llms.ollama import Ollama
            except ImportError as exc:
                raise LLMUnavailableError(f"DEBTLENS_LLM=ollama needs llama-index-llms-ollama: {_EXTRA_HINT}") from exc
            if not settings.llm_model:
                raise LLMUnavailableError("DEBTLENS_LLM=ollama needs DEBTLENS_LLM_MODEL (e.g. qwen2.5:1.5b-instruct)")
            return Ollama(model=settings.llm_model, base_url=settings.llm_base_url or "http://127.0.0.1:11434",
                          request_timeout=settings.llm_timeout, context_window=settings.llm_context, temperature=0.0,
                          additional_kwargs={"num_predict": settings.llm_max_tokens})
        case "local":
            server = local_server(local_model_path(settings), settings.llm_threads, settings.llm_context)
            return _openai_like(settings, server.base_url, server.model_name)
        case other:
            raise LLMUnavailableError(f"unknown DEBTLENS_LLM={other!r}; use one of {', '.join(BACKENDS)}")


def _openai_like(settings: Settings, base_url: str, model: str):
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise LLMUnavailableError(f"DEBTLENS_LLM={settings.llm} needs llama-index-llms-openai-like: "
                                  f"{_EXTRA_HINT}") from exc
    # No retries: a failed answer falls back to the extractive one at once rather than after minutes.
    return OpenAILike(model=model, api_base=base_url, api_key=settings.llm_api_key or "not-needed",
                      is_chat_model=True, context_window=settings.llm_context, max_tokens=settings.llm_max_tokens,
                      temperature=0.0, timeout=settings.llm_timeout, max_retries=0)


def local_model_path(settings: Settings) -> Path:
    """DEBTLENS_LLM_MODEL if set, else the default model `debtlens models llm` assembles; checked before use."""
    from chat.llm_model import DEFAULT_MODEL, ModelFileError, model_path, verify_model

    path = Path(settings.llm_model) if settings.llm_model else model_path(settings.data_dir, DEFAULT_MODEL)
    try:
        return verify_model(path)
    except ModelFileError as exc:
        raise LLMUnavailableError(str(exc)) from exc


@dataclass
class LocalServer:
    base_url: str
    model_name: str
    server: object  # xllamacpp.Server; stops when garbage-collected


_servers: dict[tuple[str, int, int], LocalServer] = {}
_servers_lock = threading.Lock()


def local_server(path: Path, threads: int, context: int) -> LocalServer:
    """llama.cpp's server in-process, listening on 127.0.0.1 (a free port), once per process per setting."""
    key = (str(Path(path).resolve()), threads, context)
    with _servers_lock:
        if key not in _servers:
            _servers[key] = _start_server(Path(path), threads, context)
        return _servers[key]


def _start_server(path: Path, threads: int, context: int) -> LocalServer:
    try:
        xllamacpp = importlib.import_module("xllamacpp")  # a compiled module: its names are not visible statically
    except ImportError as exc:
        raise LLMUnavailableError(f"DEBTLENS_LLM=local needs xllamacpp: {_EXTRA_HINT}") from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.n_ctx = context
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # the OS picks a free port
    params.verbosity = 0  # errors only: llama.cpp otherwise logs every slot event to stderr
    params.endpoint_metrics = True  # /metrics: token counters (benches read them; tests check no call was made)
    try:
        server = xllamacpp.Server(params)
    except Exception as exc:  # the native server reports load failures as bare RuntimeErrors
        raise LLMUnavailableError(f"could not load {path} with xllamacpp ({exc})") from exc
    return LocalServer(server.listening_address.rstrip("/") + "/v1", path.stem, server)
