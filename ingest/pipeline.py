"""Turn paths into cleaned SourceDocs, collecting a clear error per bad input instead of stopping."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ingest.chunk import chunk_document
from ingest.fetch_state import FetchState, PageOutcome
from ingest.load import SUPPORTED, IngestError, SourceDoc, discover, document_from_bytes, load_source, slugify
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


def _check_chunks(doc: SourceDoc, origin: str | Path, chunk_tokens: int, max_chunks: int) -> None:
    chunks = len(chunk_document(doc.text, chunk_tokens))
    if chunks > max_chunks:
        raise IngestError(f"{origin}: {chunks:,} chunks exceeds the {max_chunks:,}-chunk limit per source; "
                          f"split the file or raise DEBTLENS_MAX_CHUNKS_PER_SOURCE")


def prepare(paths: list[Path], max_bytes: int = 5_000_000, chunk_tokens: int = 220,
            max_chunks: int = 2_000, extractor: str = "bs4") -> Prepared:
    out = Prepared(errors=path_problems(paths))
    seen: dict[str, str] = {}
    for path in discover([p for p in paths if p.exists()]):
        if path.name.endswith(".meta.yaml"):
            continue
        try:
            doc = load_source(path, max_bytes, extractor)
            _check_chunks(doc, path, chunk_tokens, max_chunks)
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
                   settings.max_chunks_per_source, settings.extractor)


def source_id_for_url(url: str) -> str:
    """Stable, readable id for a web page: web-<host>-<path words>-<hash of the full URL>."""
    parts = urlsplit(url)
    words = slugify(f"{parts.hostname or ''} {parts.path}")[:60].strip("-")
    return f"web-{words}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def prepare_fetched(pages: list[PageOutcome], state: FetchState, extractor: str = "bs4", chunk_tokens: int = 220,
                    max_chunks: int = 2_000) -> Prepared:
    """Snapshots of fetched (or unchanged) pages -> cleaned SourceDocs; a bad page is one error line."""
    out = Prepared()
    for page in pages:
        if not page.has_snapshot or page.snapshot is None:
            continue
        url = page.final_url or page.url
        meta = {"url": url, **page.meta}
        kind = "text" if page.content_type == "text/plain" else "html"
        try:
            raw = state.read_snapshot(page.snapshot)
            doc = document_from_bytes(raw, kind, origin=page.url, default_id=source_id_for_url(page.url),
                                      default_title=url, meta=meta, header_charset=page.charset, extractor=extractor)
            _check_chunks(doc, page.url, chunk_tokens, max_chunks)
        except IngestError as exc:
            out.errors.append(str(exc))
            continue
        except OSError as exc:
            out.errors.append(f"{page.url}: snapshot {page.snapshot} unreadable ({exc.strerror}); fetch it again")
            continue
        out.warnings.extend(f"{page.url}: {w}" for w in doc.warnings)
        out.docs.append(doc)
    return out
