"""Adding a file to the library from the Sources page: the upload is checked in a staging folder, then indexed;
the outcome is added, unchanged or rejected with the reason. A rejected file leaves the index and any earlier
upload of the same name untouched."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ADDED, UNCHANGED, REJECTED = "added", "unchanged", "rejected"


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str      # added | unchanged | rejected
    detail: str      # what happened, or why it was rejected and what to do
    source_id: str = ""


def safe_name(name: str) -> str:
    """The upload's own file name without folders or characters a file system or shell would trip on."""
    base = Path(str(name).replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "-", base, flags=re.UNICODE).strip(".-")
    return cleaned or "upload"


def add_file(name: str, data: bytes, settings, progress: Callable[[str, int, int], None] | None = None) -> Outcome:
    """Stage, prepare (extract, clean), then index one uploaded file under <data dir>/uploads/."""
    from index.build import apply_sources
    from ingest.load import SUPPORTED
    from ingest.pipeline import prepare

    filename = safe_name(name)
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        return Outcome(name, REJECTED, f"{name}: unsupported file type {suffix or '(none)'!r}; "
                                       f"upload one of {', '.join(sorted(SUPPORTED))}")
    uploads = settings.data_dir / "uploads"
    staging = uploads / ".staging" / uuid.uuid4().hex
    staging.mkdir(parents=True)
    try:
        staged = staging / filename
        staged.write_bytes(data)
        prepared = prepare([staged], settings.max_page_bytes)
        if prepared.errors or not prepared.docs:
            reason = "; ".join(prepared.errors) or "nothing to ingest"
            return Outcome(name, REJECTED, reason.replace(str(staged), name))
        final = uploads / filename
        shutil.move(str(staged), final)
        doc = replace(prepared.docs[0], path=str(final))
        report = apply_sources([doc], settings, progress=progress)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _outcome(name, doc, report)


def _outcome(name: str, doc, report) -> Outcome:
    if doc.source_id in report.duplicates:
        return Outcome(name, UNCHANGED, f"the same text as {report.duplicates[doc.source_id]!r} is already in the "
                                        "library; linked to it, not indexed twice", doc.source_id)
    if doc.source_id in report.unchanged:
        return Outcome(name, UNCHANGED, "already in the library with the same content", doc.source_id)
    if report.errors:
        return Outcome(name, REJECTED, "; ".join(report.errors).replace(doc.path, name), doc.source_id)
    warnings = "".join(f"; warning: {w}" for w in doc.warnings)
    return Outcome(name, ADDED, f"{report.chunks_written} passages indexed as {doc.source_id!r}{warnings}",
                   doc.source_id)


def add_url(url: str, settings, progress: Callable[[str, int, int], None] | None = None) -> Outcome:
    """Fetch one web page with the project's fetcher (robots, size caps, and the address guard that refuses
    private, loopback and link-local hosts unless settings.fetch.allow_addresses lists them), then index it."""
    from index.build import apply_sources
    from ingest.web import WebRequest, fetch_and_prepare

    url = str(url).strip()
    if progress:
        progress("fetching", 0, 1)
    try:
        reports, prepared = fetch_and_prepare(WebRequest(urls=[url]), settings)
    except ValueError as exc:  # a bad DEBTLENS_FETCH__ALLOW_ADDRESSES entry, named in the message
        return Outcome(url, REJECTED, str(exc))
    failed = [p for r in reports for p in r.pages if p.outcome not in ("fetched", "unchanged")]
    if failed:
        page = failed[0]
        why = "robots.txt disallows it" if page.outcome == "robots" else (page.message or page.reason)
        return Outcome(url, REJECTED, f"{url}: {why}")
    if prepared.errors or not prepared.docs:
        return Outcome(url, REJECTED, "; ".join(prepared.errors) or f"{url}: no text to ingest")
    if progress:
        progress("fetching", 1, 1)
    doc = prepared.docs[0]
    return _outcome(url, doc, apply_sources([doc], settings, progress=progress))
