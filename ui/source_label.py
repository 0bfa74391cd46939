"""A readable label for a cited document: title, publisher, date, jurisdiction and a real link when the document
has one (its own http(s) address or a front-matter source URL) — never a file or repository path. Every part
is untrusted document text and is escaped."""

from __future__ import annotations

from urllib.parse import urlsplit

from ui.library import http_urls
from ui.safe_text import escape_markdown, safe_link


def source_links(meta: dict) -> tuple[str, ...]:
    """The document's web addresses: its own URL first (a fetched page), then its source URLs; paths dropped."""
    return http_urls(str(meta.get("url") or ""), str(meta.get("source_urls") or ""))


def source_label(meta: dict, max_links: int = 1) -> str:
    """Markdown: **title** · publisher · date · jurisdiction · link(s)."""
    parts = [f"**{escape_markdown(meta.get('title') or meta.get('source_id') or '?')}**"]
    publisher = str(meta.get("publisher") or "")
    if publisher:
        parts.append(escape_markdown(publisher))
    date = str(meta.get("published") or meta.get("as_of") or "")
    if date:
        parts.append(escape_markdown(date[:10]))
    if meta.get("jurisdiction"):
        parts.append(escape_markdown(str(meta["jurisdiction"])))
    links = source_links(meta)
    for url in links[:max_links]:
        link = safe_link(url, links)
        if link:
            host = urlsplit(url).netloc.removeprefix("www.")
            parts.append(link.replace(f"[{escape_markdown(url)}]", f"[{escape_markdown(host)}]", 1))
    return " · ".join(parts)
