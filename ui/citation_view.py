"""What a citation shows when its [n] is opened: the passage around the quoted sentence with that sentence
highlighted, a readable source label (title, publisher, dates, jurisdiction, a link only to a real web
address), and the quote in the asker's script with the verbatim original beside it.

Pure functions over a chunk's text and metadata. Every document string is untrusted: it leaves this module
escaped (ui/safe_text.py); the highlight is a Streamlit background directive around escaped text, so no
document character can open or close markup.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from chat import jurisdiction as places
from chat.quotes import display_quote, sentence_spans
from ui.library import http_urls
from ui.safe_text import escape_markdown, safe_link

_DOC_TYPES = {
    "regulation": ("法规", "regulation"), "channel": ("渠道说明", "channel profile"),
    "guidance": ("指南", "guidance"), "statistics": ("统计", "statistics"), "article": ("文章", "article"), "support": ("求助热线", "help lines"),
    "template": ("信函模板", "letter template"),
}
_CONFIDENCE = {
    "seen-verbatim": ("据原文", "checked against the original"), "seen-paraphrased": ("据来源转述", "paraphrased from sources"),
    "memory-unverified": ("部分未经核实", "partly unverified"), "low-quality-seo": ("无出处的网络文章", "unsourced web article"),
}
_WORDS = {
    "zh": {"library": "DebtLens 资料库（据所列来源整理）", "kept": "DebtLens 资料库收录", "own_file": "本地添加的文件",
           "published": "发布", "as_of": "内容截至", "page": "原网页", "based_on": "据以整理的来源",
           "no_link": "没有可用的原网址"},
    "en": {"library": "DebtLens library (written from the sources listed)", "kept": "kept in the DebtLens library",
           "own_file": "a file added locally",
           "published": "published", "as_of": "current to", "page": "web page", "based_on": "written from",
           "no_link": "no web address known"},
}


@dataclass(frozen=True)
class PassageView:
    """The passage as three verbatim pieces: whole sentences before, the quoted sentence, whole sentences after."""

    before: str
    sentence: str
    after: str


@dataclass(frozen=True)
class SourceLabel:
    title: str
    publisher: str
    published: str = ""
    as_of: str = ""
    jurisdiction: str = ""               # a display name: 中国内地 (CN), the US (US)
    doc_type: str = ""
    confidence: str = ""                 # how the library rates its own statement of the source
    page: str = ""                       # the document's own http(s) address (a fetched web page)
    based_on: tuple[str, ...] = field(default=())  # front-matter source URLs of a library document


def doc_type_name(doc_type: str, lang: str) -> str:
    return _DOC_TYPES.get(doc_type, (doc_type, doc_type))[0 if lang == "zh" else 1]


def passage_view(passage: str, quote: str, context_chars: int = 240) -> PassageView:
    """Up to `context_chars` of whole sentences on each side of the quote; an ellipsis marks a cut.
    A quote the passage does not hold verbatim (it should) is shown on its own."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        return PassageView("", quote, "")
    end = at + len(quote)
    spans = sentence_spans(passage)
    start, budget = at, context_chars
    for span in reversed([s for s in spans if s.end <= at]):
        if at - span.start > budget:
            break
        start = span.start
    stop = end
    for span in [s for s in spans if s.start >= end]:
        if span.end - end > budget:
            break
        stop = span.end
    before = ("…" if passage[:start].strip() else "") + passage[start:at]
    after = passage[end:stop] + ("…" if passage[stop:].strip() else "")
    return PassageView(before, quote, after)


def in_script(view: PassageView, lang: str, script: str | None) -> PassageView:
    """The passage as the asker reads it: a Chinese answer shows its quotes in the asker's script."""
    if lang != "zh":
        return view
    return PassageView(*(display_quote(part, script) for part in (view.before, view.sentence, view.after)))


def highlighted_markdown(view: PassageView) -> str:
    """The passage as escaped markdown with the quoted sentence bold on an orange background."""
    sentence = escape_markdown(" ".join(view.sentence.split()))
    parts = [escape_markdown(view.before), f":orange-background[**{sentence}**]" if sentence else "",
             escape_markdown(view.after)]
    gaps = ["", " " if view.before[-1:].isspace() else "", " " if view.after[:1].isspace() else ""]
    return "".join(gap + part for gap, part in zip(gaps, parts, strict=True) if part).strip()


def in_library(path: str, corpus_dir: Path) -> bool:
    """The document is one of the bundled library's files (not one a user added)."""
    try:
        return bool(path) and Path(path).resolve().is_relative_to(corpus_dir.resolve())
    except (OSError, ValueError):
        return False


def source_label(meta: dict, lang: str, library_doc: bool) -> SourceLabel:
    """Who stands behind a cited document, in the asker's language; file paths never appear."""
    words = _WORDS["zh" if lang == "zh" else "en"]
    own = http_urls(str(meta.get("url") or ""))
    page = own[0] if own else ""
    based_on = tuple(u for u in http_urls(str(meta.get("source_urls") or "")) if u != page)
    if page:
        publisher = urlsplit(page).netloc.removeprefix("www.")
    elif library_doc:
        publisher = words["library"] if based_on else words["kept"]
    else:
        publisher = words["own_file"]
    as_of = str(meta.get("as_of") or "")[:10]
    published = str(meta.get("published") or "")[:10]
    code = str(meta.get("jurisdiction") or "")
    place = f"{places.label(code, lang)} ({code})" if code else ""
    kind = doc_type_name(str(meta.get("doc_type") or ""), lang)
    confidence = str(meta.get("confidence") or "")
    trust = _CONFIDENCE.get(confidence, (confidence, confidence))[0 if lang == "zh" else 1]
    return SourceLabel(str(meta.get("title") or meta.get("source_id") or "?"), publisher,
                       "" if published == as_of else published, as_of, place, kind, trust, page, based_on)


def label_markdown(label: SourceLabel, lang: str, trusted: set[str] | frozenset[str], max_links: int = 3
                   ) -> tuple[str, str, str]:
    """(title line, details line, links line) as escaped markdown. Only listed http(s) URLs become links,
    named by their host; an unlisted one is shown as text."""
    words = _WORDS["zh" if lang == "zh" else "en"]
    title = f"**{escape_markdown(label.title)}**"
    details = [label.publisher, label.published and f"{words['published']} {label.published}",
               label.as_of and f"{words['as_of']} {label.as_of}", label.jurisdiction, label.doc_type,
               label.confidence]
    detail_line = " · ".join(escape_markdown(d) for d in details if d)
    allowed = set(trusted) | set(label.based_on)

    def link(url: str) -> str:
        return safe_link(url, allowed, text=link_text(url)) or escape_markdown(url)

    if label.page:
        links = f"{words['page']}: {link(label.page)}"
    elif label.based_on:
        links = f"{words['based_on']}: " + " · ".join(link(u) for u in label.based_on[:max_links])
        if len(label.based_on) > max_links:
            links += f" (+{len(label.based_on) - max_links})"
    else:
        links = words["no_link"]
    return title, detail_line, links


def label_line(meta: dict, lang: str, corpus_dir: Path, max_links: int = 1) -> str:
    """The label as one caption line (Guidance, Sources): title · who, dates, place · links."""
    label = source_label(meta, lang, in_library(str(meta.get("path") or ""), corpus_dir))
    return " · ".join(part for part in label_markdown(label, lang, frozenset(), max_links) if part)


def short_title(title: str, width: int = 44) -> str:
    """A title cut to about `width` columns for a button (a CJK character is two columns wide)."""
    used = 0
    for i, ch in enumerate(title):
        used += 2 if ord(ch) > 0x2E7F else 1
        if used > width:
            return title[:i].rstrip() + "…"
    return title


def link_text(url: str, max_chars: int = 60) -> str:
    """A URL as a reader scans it: host and path, without scheme, 'www.' or query; long ones shortened."""
    parts = urlsplit(url)
    text = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def citation_record(n: int, quote: str, meta: dict, passage: str, lang: str, script: str | None,
                    library_doc: bool) -> dict:
    """Everything the chat page shows for one [n], as plain data kept in the session's conversation."""
    view = passage_view(passage, quote)
    shown = in_script(view, lang, script)
    return {"n": n, "source_id": str(meta.get("source_id") or ""), "quote": quote,
            "shown_quote": shown.sentence, "passage": asdict(view), "shown_passage": asdict(shown),
            "label": asdict(source_label(meta, lang, library_doc)),
            "jurisdiction": str(meta.get("jurisdiction") or ""), "doc_type": str(meta.get("doc_type") or ""),
            "channels": [c for c in str(meta.get("channels") or "").split(",") if c]}
