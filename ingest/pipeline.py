"""Turn paths into cleaned SourceDocs, collecting a clear error per bad input instead of stopping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.load import IngestError, SourceDoc, discover, load_source
from settings import Settings


@dataclass
class Prepared:
    docs: list[SourceDoc] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare(paths: list[Path], max_bytes: int) -> Prepared:
    out = Prepared()
    seen: dict[str, str] = {}
    for path in discover(paths):
        if path.name.endswith(".meta.yaml"):
            continue
        try:
            doc = load_source(path, max_bytes)
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
    return prepare(bundled_paths(settings), settings.max_page_bytes)
