"""Read local files into cleaned source documents, with clear errors for bad input."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.charset import CharsetError, decode_document
from ingest.clean import clean_text
from ingest.extract import ExtractError, extract_html, extract_markdown, extract_text
from text.lang import detect_lang

SUPPORTED = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


class IngestError(ValueError):
    """A source that cannot be ingested; nothing stored is touched. The message names the file and a fix."""


@dataclass
class SourceDoc:
    source_id: str
    path: str
    title: str
    text: str
    lang: str
    content_hash: str
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def slugify(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "source-" + hashlib.sha1(stem.encode()).hexdigest()[:8]


def read_source_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}); check the path and permissions") from exc
    if size == 0:
        raise IngestError(f"{path}: the file is empty; nothing to ingest")
    if size > max_bytes:
        raise IngestError(f"{path}: {size:,} bytes exceeds the {max_bytes:,}-byte page limit (DEBTLENS_MAX_PAGE_BYTES)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}); check the permissions") from exc
    if b"\x00" in raw[:8192]:
        raise IngestError(f"{path}: binary content (NUL bytes); only HTML, Markdown and plain text are supported")
    return raw


def _sidecar_meta(path: Path) -> dict:
    sidecar = path.with_suffix(".meta.yaml")
    if not sidecar.exists():
        return {}
    try:
        return yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"{sidecar}: not valid YAML ({exc})") from exc


def load_source(path: Path, max_bytes: int, extractor: str = "bs4") -> SourceDoc:
    """One local file -> a cleaned SourceDoc; raises IngestError with an actionable message."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise IngestError(f"{path}: unsupported file type {path.suffix!r}; use one of {', '.join(sorted(SUPPORTED))}")
    raw = read_source_bytes(path, max_bytes)
    return document_from_bytes(raw, kind, origin=str(path), default_id=slugify(path.stem), default_title=path.stem,
                               meta=_sidecar_meta(path), extractor=extractor)


def document_from_bytes(raw: bytes, kind: str, origin: str, default_id: str, default_title: str = "",
                        meta: dict | None = None, header_charset: str | None = None,
                        extractor: str = "bs4") -> SourceDoc:
    """Bytes of one page or file -> a cleaned SourceDoc; `meta` (sidecar or manifest) overrides extracted fields."""
    try:
        decoded = decode_document(raw, header_charset, html=kind == "html")
        if kind == "html":
            extracted = extract_html(decoded.text, extractor)
        else:
            extracted = {"markdown": extract_markdown, "text": extract_text}[kind](decoded.text)
    except (ExtractError, CharsetError) as exc:
        raise IngestError(f"{origin}: {exc}") from exc
    meta = {**extracted.meta, **(meta or {})}
    if kind == "html" and extractor != "bs4":
        meta["extractor"] = extractor  # part of the content hash, so switching extractors re-indexes
    body = clean_text(extracted.text)
    title = clean_text(str(meta.pop("title", "") or extracted.title)) or default_title
    if len(body) < 20:
        raise IngestError(f"{origin}: fewer than 20 characters of text remain after cleaning; nothing to ingest")
    return SourceDoc(
        source_id=str(meta.pop("id", "") or default_id),
        path=origin,
        title=title,
        text=body,
        lang=str(meta.pop("lang", "") or detect_lang(body)),
        content_hash=hashlib.sha256(raw + repr(sorted(meta.items())).encode()).hexdigest(),
        meta=meta,
        warnings=decoded.warnings,
    )


def discover(paths: list[Path]) -> list[Path]:
    """Expand directories into the supported files below them, in a stable order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED))
        else:
            found.append(p)
    return found
