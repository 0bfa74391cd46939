"""Turn paths into cleaned SourceDocs, collecting a clear error per bad input instead of stopping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunk import chunk_document
from ingest.load import SUPPORTED, IngestError, SourceDoc, discover, load_source
from settings import Settings


@dataclass
class Prepared:
    docs: list[SourceDoc] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def path_problems(paths: list[Path]) -> list[str]:
    """A missing path or a folder with nothing to ingest, each as a message naming it and the fix."""
    problems = []
    for p in paths:
        if not p.exists():
            problems.append(f"{p}: no such file or directory; check the path")
        elif p.is_dir() and not discover([p]):
            problems.append(f"{p}: the folder holds no {', '.join(sorted(SUPPORTED))} files; "
                            f"point at a folder of documents or at the files themselves")
    return problems


def prepare(paths: list[Path], max_bytes: int = 5_000_000, chunk_tokens: int = 220,
            max_chunks: int = 2_000) -> Prepared:
    out = Prepared(errors=path_problems(paths))
    seen: dict[str, str] = {}
    for path in discover([p for p in paths if p.exists()]):
        if path.name.endswith(".meta.yaml"):
            continue
        try:
            doc = load_source(path, max_bytes)
            chunks = len(chunk_document(doc.text, chunk_tokens))
            if chunks > max_chunks:
                raise IngestError(f"{path}: {chunks:,} chunks exceeds the {max_chunks:,}-chunk limit per source; "
                                  f"split the file or raise DEBTLENS_MAX_CHUNKS_PER_SOURCE")
        except IngestError as exc:
            out.errors.append(str(exc))
            continue
        if doc.source_id in seen:
            out.errors.append(f"{path}: id {doc.source_id!r} is already used by {seen[doc.source_id]}; ids must be unique")
            continue
        seen[doc.source_id] = str(path)
        out.warnings.extend(f"{path}: {w}" for w in doc.warnings)
        out.docs.append(doc)
    return out


def bundled_paths(settings: Settings) -> list[Path]:
    """The bundled corpus: Markdown documents and the scraped articles."""
    return [settings.corpus_dir / "docs", settings.corpus_dir / "articles"]


def bundled_sources(settings: Settings) -> Prepared:
    """The bundled corpus read, cleaned and checked: what the app, the CLI, the benches and tests index."""
    return prepare(bundled_paths(settings), settings.max_page_bytes, settings.chunk_tokens,
                   settings.max_chunks_per_source)
