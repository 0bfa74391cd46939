"""What ingest hands to the index: one record per chunk, with a stable id, display text, search form and flat
metadata (Chroma accepts scalars only)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypedDict

from ingest.chunk import chunk_document
from ingest.load import SourceDoc
from ingest.markers import marker_metadata
from ingest.twins import twin_id
from text.script import search_form


class ChunkRecord(TypedDict):
    chunk_id: str
    text: str
    search_text: str
    metadata: dict[str, Any]


def date_ordinal(value: str | None) -> int:
    """'2023-10-01' -> 20231001 (missing parts count as 0), so dates compare as integers in metadata filters."""
    digits = "".join(c for c in str(value or "") if c.isdigit())[:8]
    return int(digits.ljust(8, "0")) if digits else 0


def chunk_metadata(doc: SourceDoc, article: str) -> dict[str, Any]:
    """Flat metadata: channels become ch_<key> flags plus a joined string."""
    meta = doc.meta
    channels = [str(c) for c in (meta.get("channels") or [])]
    url = str(meta.get("url") or _display_path(doc.path))
    published = str(meta.get("published") or meta.get("as_of") or "")
    flat: dict[str, Any] = {
        "source_id": doc.source_id, "title": doc.title, "url": url, "path": doc.path,
        "published": published, "published_ord": date_ordinal(published), "lang": doc.lang,
        "as_of": str(meta.get("as_of") or ""),  # the date the text's statement of the law is current to
        "jurisdiction": str(meta.get("jurisdiction") or ""), "doc_type": str(meta.get("doc_type") or "article"),
        "channels": ",".join(channels), "confidence": str(meta.get("confidence") or ""), "article": article,
        "source_urls": " ".join(str(u) for u in meta.get("source_urls") or []),
        "twin_id": twin_id(doc.source_id, meta),  # the other-language version, for twin expansion
    }
    flat.update({f"ch_{c}": True for c in channels})
    return flat


def _display_path(path: str) -> str:
    """Repo-relative for bundled files, so a citation points at something a reader can open."""
    from settings import REPO_ROOT

    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def chunk_records(doc: SourceDoc, budget: int) -> list[ChunkRecord]:
    """Stable ids: source id + position + content hash, so unchanged text keeps its id across runs."""
    records: list[ChunkRecord] = []
    for position, chunk in enumerate(chunk_document(doc.text, budget)):
        digest = hashlib.sha1(chunk.text.encode("utf-8")).hexdigest()[:10]
        records.append({
            "chunk_id": f"{doc.source_id}#{position:04d}-{digest}",
            "text": chunk.text,
            "search_text": search_form(titled_text(doc.title, chunk.section, chunk.text)),
            "metadata": {**chunk_metadata(doc, chunk.article), **marker_metadata(chunk.flags),
                         "section": chunk.section},
        })
    return records


def context_line(section: str, text: str) -> str:
    """The section heading as a line of its own, for a chunk that does not start with it (a long section's
    second chunk is about its heading too)."""
    return f"{section}\n" if section and not text.startswith(section) else ""


def titled_text(title: str, section: str, text: str) -> str:
    """A chunk as BM25 and the embedder see it: its source's title, its section heading, then its text."""
    return f"{title}\n{context_line(section, text)}{text}"


def embedding_text(record: ChunkRecord) -> str:
    """What the embedder sees for a chunk (the same text BM25 indexes, before search-form folding)."""
    meta = record["metadata"]
    return titled_text(meta["title"], meta.get("section", ""), record["text"])
