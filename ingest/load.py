"""Read local files into cleaned source documents, with clear errors for bad input."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.clean import clean_text
from ingest.extract import ExtractError, extract_html, extract_markdown, extract_text
from text.lang import detect_lang

SUPPORTED = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


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


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode with the declared charset, else UTF-8; on failure detect the real one and say so."""
    warnings: list[str] = []
    for encoding in [e for e in (declared, "utf-8") if e]:
        try:
            return raw.decode(encoding), warnings
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes  # lazy: only undecodable inputs need detection

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise IngestError("cannot determine the text encoding; re-save the file as UTF-8")
    warnings.append(
        f"declared charset {declared or 'utf-8'!r} does not match the bytes; decoded as {best.encoding!r}"
    )
    return str(best), warnings


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


def load_source(path: Path, max_bytes: int) -> SourceDoc:
    """One local file -> a cleaned SourceDoc; raises IngestError with an actionable message."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise IngestError(f"{path}: unsupported file type {path.suffix!r}; use one of {', '.join(sorted(SUPPORTED))}")
    raw = read_source_bytes(path, max_bytes)
    declared = None
    if kind == "html":
        m = _DECLARED_CHARSET.search(raw[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else None
    text, warnings = decode_bytes(raw, declared)
    try:
        extracted = {"html": extract_html, "markdown": extract_markdown, "text": extract_text}[kind](text)
    except ExtractError as exc:
        raise IngestError(f"{path}: {exc}") from exc
    meta = {**extracted.meta, **_sidecar_meta(path)}
    body = clean_text(extracted.text)
    title = clean_text(str(meta.pop("title", "") or extracted.title)) or path.stem
    if len(body) < 20:
        raise IngestError(f"{path}: fewer than 20 characters of text remain after cleaning; nothing to ingest")
    return SourceDoc(
        source_id=str(meta.pop("id", "") or slugify(path.stem)),
        path=str(path),
        title=title,
        text=body,
        lang=str(meta.pop("lang", "") or detect_lang(body)),
        content_hash=hashlib.sha256(raw + repr(sorted(meta.items())).encode()).hexdigest(),
        meta=meta,
        warnings=warnings,
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
