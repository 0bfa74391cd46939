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
_ROOT_CLASS = re.compile(r"content|article|post", re.I)
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
    classes = attrs.get("class") or []
    return any(_HIDDEN_CLASS.match(c) for c in ([classes] if isinstance(classes, str) else classes))


def visible_soup(html: str):
    """Parse and drop everything a reader never sees: scripts, styles, comments, hidden elements.
    Each removal is one walk over the tree, so deep nesting costs no more than a long page."""
    from bs4 import BeautifulSoup, Comment  # lazy: only HTML inputs pay for it

    soup = BeautifulSoup(html, "html.parser")
    if soup.find() is None:
        raise ExtractError("no HTML elements found; if it is plain text, rename it to .txt")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup(_UNSAFE_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    return soup


def extract_html(html: str, extractor: str = "bs4") -> Extracted:
    """Main text, title and date of a page; every extractor sees only its visible part (visible_soup).

    bs4 keeps the article container minus navigation, share bars, related-article lists and report footers;
    every step is one walk over the tree (no per-element searches of a subtree), so work grows linearly
    with the page even when it nests 100k elements deep. trafilatura and readability find the main text
    themselves; when they find none (or the page is too deep to serialise for them), bs4 does the work.
    """
    if extractor not in EXTRACTORS:
        raise ExtractError(f"unknown extractor {extractor!r}; set DEBTLENS_EXTRACTOR to one of {', '.join(EXTRACTORS)}")
    soup = visible_soup(html)
    meta: dict = {}
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        meta["url"] = canonical["href"]
    info = soup.find(class_=re.compile(r"info|meta|byline|date", re.I))
    published = _first_date(info.get_text(" ")) if info else None
    root, first_h1 = _find_root(soup)
    h1 = next((t for t in _walk(root) if t.name == "h1"), None) if root is not soup else first_h1
    title = _strings(h1 or first_h1, " ") if (h1 or first_h1) else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True).split("_")[0]
    main_text = _main_text(soup, extractor)
    if main_text is None:
        body = "\n\n".join(line for line in (_leaf_block_texts(root) or [_strings(root, "\n")]) if line)
    else:
        body, found_date = main_text
        published = published or found_date
    if published:
        meta["published"] = published
    if not body.strip():
        raise ExtractError("the page has no readable text; save the article itself, not a script-only page")
    return Extracted(title=title, text=body, meta=meta)


def _main_text(soup, extractor: str) -> tuple[str, str | None] | None:
    """(text, date) from trafilatura or readability; None for bs4 or when they find nothing."""
    if extractor == "bs4":
        return None
    try:
        html = str(soup)
    except RecursionError:  # bs4 serialises recursively; a page this deep gets the iterative bs4 path
        return None
    try:
        return _trafilatura(html) if extractor == "trafilatura" else _readability(html)
    except RecursionError:
        return None
    except ImportError as exc:
        raise ExtractError(f"DEBTLENS_EXTRACTOR={extractor} needs the 'extract' extra: "
                           "pip install 'debtlens[extract]'") from exc


def _trafilatura(html: str) -> tuple[str, str | None] | None:
    import trafilatura  # lazy: optional extra

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    text, date = getattr(doc, "text", None), getattr(doc, "date", None)
    return (text, date or None) if text and text.strip() else None


def _readability(html: str) -> tuple[str, str | None] | None:
    from bs4 import BeautifulSoup
    from readability import Document  # lazy: optional extra

    summary = BeautifulSoup(Document(html).summary(html_partial=True), "html.parser")
    text = "\n\n".join(line for line in (_leaf_block_texts(summary) or [_strings(summary, "\n")]) if line)
    return (text, None) if text.strip() else None


def _is_noise(tag) -> bool:
    if tag.name in _NOISE_TAGS:
        return True
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return any(_NOISE_CLASS.search(c) for c in classes) or (
        len(classes) > 1 and bool(_NOISE_CLASS.search(" ".join(classes))))


def _walk(top):
    """Tags under `top` in document order, skipping noise subtrees; iterative, so depth costs no recursion."""
    from bs4 import Tag

    stack = [iter(top.contents)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, Tag) and not _is_noise(child):
            yield child
            stack.append(iter(child.contents))


def _find_root(soup):
    """The article container (first <article>, else a content/article/post class, else <body>) and the first h1."""
    article = content = body = first_h1 = None
    for tag in _walk(soup):
        if tag.name == "article" and article is None:
            article = tag
        elif content is None and _ROOT_CLASS.search(" ".join(tag.get("class") or [])):
            content = tag
        if tag.name == "body" and body is None:
            body = tag
        if tag.name == "h1" and first_h1 is None:
            first_h1 = tag
    return article or content or body or soup, first_h1


def _strings(top, sep: str) -> str:
    """get_text(sep, strip=True) without the noise subtrees."""
    return sep.join(_stripped_strings(top))


def _stripped_strings(top):
    from bs4.element import CData, NavigableString, Tag

    stack = [iter(top.contents)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            if not _is_noise(child):
                stack.append(iter(child.contents))
        elif type(child) in (NavigableString, CData) and child.strip():
            yield child.strip()


def _leaf_block_texts(root) -> list[str]:
    """Text of each block element that holds no other block (so nested divs are not repeated), in order."""
    from bs4.element import CData, NavigableString, Tag

    lines: list[str] = []
    blocks: list[list] = []  # open blocks: [has_block_child, parts]
    stack: list[tuple] = [(iter(root.contents), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                has_block_child, parts = blocks.pop()
                if not has_block_child and parts:
                    lines.append(" ".join(parts))
            continue
        if isinstance(child, Tag):
            if _is_noise(child):
                continue
            block = child.name in _BLOCK_TAGS
            if block:
                if blocks:
                    blocks[-1][0] = True
                blocks.append([False, []])
            stack.append((iter(child.contents), block))
        elif blocks and type(child) in (NavigableString, CData) and child.strip():
            blocks[-1][1].append(child.strip())
    return lines


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
