"""Read local files into cleaned source documents, with clear errors for bad input."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.charset import CharsetError, decode_document
from ingest.clean import clean_text
from ingest.extract import ExtractError, extract_html, extract_markdown, extract_text
from ingest.hygiene import assistant_sentences
from text.lang import detect_lang
from text.sentences import split_sentences

SUPPORTED = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


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
    flagged: list[str] = field(default_factory=list)  # sentences addressing an AI assistant: never quoted


def slugify(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "source-" + hashlib.sha1(stem.encode()).hexdigest()[:8]


def read_source_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}); check the path and permissions") from exc
    if size == 0:
        raise IngestError(f"{path}: the file is empty; add text to it or leave it out")
    if size > max_bytes:
        raise IngestError(f"{path}: {size:,} bytes exceeds the {max_bytes:,}-byte page limit; split the file "
                          f"or raise DEBTLENS_MAX_PAGE_BYTES")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}); check the permissions") from exc
    if b"\x00" in raw[:8192]:
        raise IngestError(f"{path}: binary content (NUL bytes); only HTML, Markdown and plain text are supported, "
                          f"so convert it to one of those first")
    return raw


def _sidecar_meta(path: Path) -> dict:
    sidecar = path.with_suffix(".meta.yaml")
    if not sidecar.exists():
        return {}
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"{sidecar}: not valid UTF-8 YAML ({exc}); fix the syntax or delete the sidecar") from exc
    if not isinstance(meta, dict):
        raise IngestError(f"{sidecar}: must be a mapping of key: value lines; fix it or delete the sidecar")
    return meta


def check_meta(meta: dict, where: Path | str) -> None:
    """Front matter and sidecar fields with the wrong shape fail here, naming the field and the fix,
    instead of as a TypeError deep in indexing (`channels: 5`)."""
    odd_keys = [k for k in meta if not isinstance(k, str)]
    if odd_keys:
        raise IngestError(f"{where}: front matter key {odd_keys[0]!r} is not a name; write key: value lines")

    def fail(key: str, want: str) -> None:
        raise IngestError(f"{where}: front matter {key!r} must be {want} (got {meta[key]!r}); fix that line")

    for key in ("id", "title", "url", "jurisdiction", "doc_type", "confidence", "published", "as_of"):
        if meta.get(key) is not None and not isinstance(meta[key], str | int | float | datetime.date):
            fail(key, "a single value")
    if "id" in meta and meta["id"] is not None and not _ID.match(str(meta["id"])):
        fail("id", "letters, digits, '.', '_' or '-' (at most 128)")
    if meta.get("lang") not in (None, "zh", "en"):
        fail("lang", "zh or en, or left out to detect it")
    for key in ("channels", "source_urls", "fact_sections"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)):
            fail(key, f"a list, e.g. {key}: [a, b]")
    for url in meta.get("source_urls") or []:
        if not str(url).startswith(("https://", "http://")):
            raise IngestError(f"{where}: source url {url!r} must start with http:// or https://; fix that line")


def load_source(path: Path, max_bytes: int, extractor: str = "bs4") -> SourceDoc:
    """One local file -> a cleaned SourceDoc; raises IngestError with an actionable message."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise IngestError(f"{path}: unsupported file type {path.suffix or '(no extension)'!r}; "
                          f"use one of {', '.join(sorted(SUPPORTED))}")
    raw = read_source_bytes(path, max_bytes)
    sidecar = _sidecar_meta(path)
    check_meta(sidecar, path.with_suffix(".meta.yaml"))
    return document_from_bytes(raw, kind, origin=str(path), default_id=slugify(path.stem), default_title=path.stem,
                               meta=sidecar, extractor=extractor)


def document_from_bytes(raw: bytes, kind: str, origin: str, default_id: str, default_title: str = "",
                        meta: dict | None = None, header_charset: str | None = None,
                        extractor: str = "bs4") -> SourceDoc:
    """Bytes of one file or fetched page -> a cleaned SourceDoc. `meta` (a sidecar or the sources manifest)
    overrides what extraction found; `header_charset` is the HTTP Content-Type charset of a fetched page."""
    try:
        decoded = decode_document(raw, header_charset, html=kind == "html")
    except CharsetError as exc:
        raise IngestError(f"{origin}: {exc}") from exc
    text, warnings = decoded.text, decoded.warnings
    if len(_CONTROL.findall(text[:20_000])) > 0.01 * min(len(text), 20_000):
        raise IngestError(f"{origin}: binary content (control characters); only HTML, Markdown and plain text are "
                          f"supported, so convert it to one of those first")
    try:
        if kind == "html":
            extracted = extract_html(text, extractor)
        else:
            extracted = {"markdown": extract_markdown, "text": extract_text}[kind](text)
    except ExtractError as exc:
        raise IngestError(f"{origin}: {exc}") from exc
    check_meta(extracted.meta if kind == "markdown" else {}, origin)
    check_meta(meta or {}, origin)
    meta = {**extracted.meta, **(meta or {})}
    if kind == "html" and extractor != "bs4":
        meta["extractor"] = extractor  # part of the content hash, so switching extractors re-indexes
    body = clean_text(extracted.text)
    title = clean_text(str(meta.pop("title", "") or extracted.title)) or default_title
    if len(body) < 20:
        raise IngestError(f"{origin}: fewer than 20 characters of text remain after cleaning; add the article text "
                          f"or leave the file out")
    flagged = assistant_sentences(split_sentences(f"{title}\n{body}"))
    if flagged:
        warnings.append(f"{len(flagged)} sentence(s) address an AI assistant and will never be quoted, "
                        f"e.g. {flagged[0][:80]!r}")
    return SourceDoc(
        source_id=str(meta.pop("id", "") or default_id),
        path=origin,
        title=title,
        text=body,
        lang=str(meta.pop("lang", "") or detect_lang(body)),
        content_hash=hashlib.sha256(raw + repr(sorted(meta.items())).encode()).hexdigest(),
        meta=meta,
        warnings=warnings,
        flagged=flagged,
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
