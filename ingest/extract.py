"""Main text and metadata out of HTML, Markdown with front matter, and plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# Elements that never hold readable page text (scripts, styles, embedded documents, form widgets).
_UNSAFE_TAGS = ["script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg", "canvas",
                "input", "select", "textarea", "button"]
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d])", re.I)
_HIDDEN_CLASS = re.compile(r"^(hidden|hide|sr-only|visually-hidden|screen-reader-text|d-none|invisible)$", re.I)
# Layout that never holds article text.
_NOISE_TAGS = ["nav", "header", "footer", "aside", "form"]
_NOISE_CLASS = re.compile(r"share|related|recommend|comment|footer|breadcrumb|sidebar|advert|\bad\b|report|tts|copyright", re.I)
_BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "div"]
_DATE = re.compile(r"(20\d{2}|19\d{2})[-/年.](\d{1,2})[-/月.](\d{1,2})")
EXTRACTORS = ("bs4", "trafilatura", "readability")


class ExtractError(ValueError):
    """The input cannot be turned into a document; the message says why and what to do."""


@dataclass
class Extracted:
    title: str
    text: str
    meta: dict = field(default_factory=dict)


def _first_date(text: str) -> str | None:
    m = _DATE.search(text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _is_hidden(tag) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    if _HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    return any(_HIDDEN_CLASS.match(c) for c in attrs.get("class") or [])


def visible_soup(html: str):
    """Parse and drop everything a reader never sees: scripts, styles, comments, hidden elements."""
    from bs4 import BeautifulSoup, Comment  # lazy: only HTML inputs pay for it

    soup = BeautifulSoup(html, "html.parser")
    if soup.find() is None:
        raise ExtractError("no HTML elements found; is this really an HTML page?")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup(_UNSAFE_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    return soup


def _leaf_lines(root) -> list[str]:
    lines: list[str] = []
    for block in root.find_all(_BLOCK_TAGS):
        if block.find(_BLOCK_TAGS):
            continue  # only leaf blocks, so nested divs are not repeated
        text = block.get_text(" ", strip=True)
        if text:
            lines.append(text)
    return lines or [root.get_text("\n", strip=True)]


def extract_html(html: str, extractor: str = "bs4") -> Extracted:
    """Main text, title and date of a page. Every extractor sees only the visible part of the page."""
    if extractor not in EXTRACTORS:
        raise ExtractError(f"unknown extractor {extractor!r}; set DEBTLENS_EXTRACTOR to one of {', '.join(EXTRACTORS)}")
    soup = visible_soup(html)
    meta: dict = {}
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        meta["url"] = canonical["href"]
    info = soup.find(class_=re.compile(r"info|meta|byline|date", re.I))
    published = _first_date(info.get_text(" ")) if info else None
    h1 = (soup.find("article") or soup).find("h1") or soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True).split("_")[0]
    extracted = None
    try:
        if extractor == "trafilatura":
            extracted = _trafilatura(str(soup))
        elif extractor == "readability":
            extracted = _readability(str(soup))
    except ImportError as exc:
        raise ExtractError(f"DEBTLENS_EXTRACTOR={extractor} needs the 'extract' extra: "
                           "pip install 'debtlens[extract]'") from exc
    if extracted is None:  # bs4, or the main-text extractor found nothing it trusts
        extracted = _bs4(soup)
    text, found_date = extracted
    published = published or found_date
    if published:
        meta["published"] = published
    if not text.strip():
        raise ExtractError("the page has no readable text")
    return Extracted(title=title, text=text, meta=meta)


def _bs4(soup) -> tuple[str, str | None]:
    """Drop navigation, share bars, related-article lists and report footers; keep leaf text blocks."""
    for tag in soup(_NOISE_TAGS):
        tag.decompose()
    for tag in soup.find_all(class_=_NOISE_CLASS):
        tag.decompose()
    root = soup.find("article") or soup.find(class_=re.compile(r"content|article|post", re.I)) or soup.body or soup
    return "\n\n".join(_leaf_lines(root)), None


def _trafilatura(html: str) -> tuple[str, str | None] | None:
    import trafilatura  # lazy: optional extra

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    text, date = getattr(doc, "text", None), getattr(doc, "date", None)
    return (text, date or None) if text and text.strip() else None


def _readability(html: str) -> tuple[str, str | None] | None:
    from bs4 import BeautifulSoup
    from readability import Document  # lazy: optional extra

    summary = Document(html).summary(html_partial=True)
    lines = _leaf_lines(BeautifulSoup(summary, "html.parser"))
    text = "\n\n".join(lines)
    return (text, None) if text.strip() else None


def split_front_matter(text: str) -> tuple[dict, str]:
    """Markdown front matter between '---' lines; the body is returned without it."""
    if not text.startswith("---"):
        return {}, text
    parts = text.split("\n---", 1)
    if len(parts) < 2:
        raise ExtractError("front matter starts with '---' but never closes; add a closing '---' line")
    try:
        meta = yaml.safe_load(parts[0][3:]) or {}
    except yaml.YAMLError as exc:
        raise ExtractError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ExtractError("front matter must be a mapping of key: value lines")
    return meta, parts[1].lstrip("-").lstrip("\n")


def extract_markdown(text: str) -> Extracted:
    meta, body = split_front_matter(text)
    title = str(meta.get("title") or "")
    lines = []
    for line in body.splitlines():
        stripped = line.strip()
        if not title and stripped.startswith("# "):
            title = stripped[2:].strip()
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # headings become plain lines
        line = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), line)
        line = re.sub(r"^\s*[-*+]\s+", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        lines.append(line)
    return Extracted(title=title, text="\n".join(lines), meta=meta)


def extract_text(text: str) -> Extracted:
    lines = [line for line in text.splitlines() if line.strip()]
    title = lines[0].strip() if lines else ""
    return Extracted(title=title, text=text, meta={"published": _first_date("\n".join(lines[:5]))} if lines else {})
