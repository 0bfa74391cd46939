"""The Sources page's data: a catalogue of every source the index knows (title, jurisdiction, channels, type,
language, dates, confidence, links), search and filters over it, and a document's cleaned text rebuilt from its
chunks. Pure functions over journal rows; adding files and URLs is in ui/add_sources.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from text.script import search_form

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_CJK_ENDS = ("。", "！", "？", "；", "：", "，", "）", "”", "」")


@dataclass(frozen=True)
class SourceInfo:
    source_id: str
    title: str
    status: str = "ok"
    message: str = ""
    lang: str = ""
    jurisdiction: str = ""
    channels: tuple[str, ...] = ()
    doc_type: str = ""
    published: str = ""
    as_of: str = ""
    confidence: str = ""
    links: tuple[str, ...] = ()  # http(s) addresses from front matter (url, source_urls): shown as links
    chunks: int = 0
    duplicate_of: str = ""
    search_text: str = field(default="", repr=False)  # title and id in search form


def http_urls(*values: str) -> tuple[str, ...]:
    """The http(s) URLs among space-separated values, in order, without duplicates; paths are dropped."""
    out: dict[str, None] = {}
    for value in values:
        for url in str(value or "").split():
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc:
                out[url] = None
    return tuple(out)


def source_info(row: dict, meta: dict | None) -> SourceInfo:
    """A journal `sources` row plus the metadata of one of its chunks (None for failed or duplicate sources)."""
    meta = meta or {}
    title = row.get("title") or meta.get("title") or row["source_id"]
    return SourceInfo(
        source_id=row["source_id"], title=title, status=row.get("status") or "", message=row.get("message") or "",
        lang=str(meta.get("lang", "")), jurisdiction=str(meta.get("jurisdiction", "")),
        channels=tuple(c for c in str(meta.get("channels", "")).split(",") if c),
        doc_type=str(meta.get("doc_type", "")), published=str(meta.get("published", "")),
        as_of=str(meta.get("as_of", "")), confidence=str(meta.get("confidence", "")),
        links=http_urls(meta.get("url", ""), meta.get("source_urls", "")),
        chunks=int(row.get("chunks") or 0), duplicate_of=row.get("duplicate_of") or "",
        search_text=search_form(f"{title} {row['source_id']}"))


def catalogue(sources: list[dict], chunks: list[dict]) -> list[SourceInfo]:
    """Every source in the journal, with the metadata its first chunk carries."""
    first_meta: dict[str, dict] = {}
    for chunk in chunks:
        first_meta.setdefault(chunk["source_id"], chunk["metadata"])
    return [source_info(row, first_meta.get(row["source_id"])) for row in sources]


@dataclass(frozen=True)
class Query:
    text: str = ""
    jurisdictions: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    confidences: tuple[str, ...] = ()
    date_from: str = ""  # YYYY-MM-DD, on the published (or as-of) date
    date_to: str = ""


def matches(info: SourceInfo, query: Query, bodies: dict[str, str] | None = None) -> bool:
    """Every given filter must hold; the text is matched in the title and id (Simplified/Traditional and case
    folded), or in the body when `bodies` (source id -> search-form text) is given."""
    if query.text.strip():
        needle = search_form(query.text.strip())
        if needle not in info.search_text and needle not in (bodies or {}).get(info.source_id, ""):
            return False
    checks = ((query.jurisdictions, (info.jurisdiction,)), (query.channels, info.channels),
              (query.doc_types, (info.doc_type,)), (query.langs, (info.lang,)),
              (query.confidences, (info.confidence,)))
    if any(wanted and not set(wanted) & set(have) for wanted, have in checks):
        return False
    date = info.published or info.as_of
    if query.date_from and (not date or date[:10] < query.date_from):
        return False
    return not (query.date_to and (not date or date[:10] > query.date_to))


def search(infos: list[SourceInfo], query: Query, bodies: dict[str, str] | None = None) -> list[SourceInfo]:
    return [i for i in infos if matches(i, query, bodies)]


def facets(infos: list[SourceInfo]) -> dict[str, list[str]]:
    """The values each filter can take, for the filter widgets."""
    def values(get) -> list[str]:
        return sorted({v for i in infos for v in get(i) if v})

    return {"jurisdiction": values(lambda i: (i.jurisdiction,)), "channel": values(lambda i: i.channels),
            "doc_type": values(lambda i: (i.doc_type,)), "lang": values(lambda i: (i.lang,)),
            "confidence": values(lambda i: (i.confidence,))}


def _overlap(previous: str, following: str, min_chars: int = 8) -> int:
    """Length of the longest start of `following` that `previous` ends with (chunks repeat a sentence)."""
    for size in range(min(len(previous), len(following)), min_chars - 1, -1):
        if previous.endswith(following[:size]):
            return size
    return 0


def document_text(chunk_texts: list[str]) -> str:
    """A source's indexed text from its chunks in order, without the sentences neighbouring chunks repeat."""
    text = ""
    for chunk in chunk_texts:
        chunk = chunk.strip()
        if text:
            chunk = chunk[_overlap(text, chunk):].lstrip()
            if chunk and not (_CJK.match(chunk[0]) or text.endswith(_CJK_ENDS)):
                chunk = " " + chunk
        text += chunk
    return text


def read_document(path: str, content_hash: str, chunk_texts: list[str], max_bytes: int) -> tuple[str, bool]:
    """(cleaned text, whether it is the file as ingested). The file is read again when it is still the one
    that was indexed (same content hash), which keeps its paragraphs; otherwise the text is rebuilt from
    the chunks."""
    from pathlib import Path

    from ingest.load import IngestError, load_source

    if path and Path(path).is_file():
        try:
            doc = load_source(Path(path), max_bytes)
        except (IngestError, OSError):
            doc = None
        if doc is not None and doc.content_hash == content_hash:
            return doc.text, True
    return document_text(chunk_texts), False
