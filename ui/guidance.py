"""The Guidance page's data: places and situations (ui/guidance.toml), the borrower's rights as the library's
cited answer for the place, where to complain (contact sentences quoted from the corpus), and the matching
letter template parsed into a short form and filled. No Streamlit here; `rights` is the one call into chat."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path

from text.script import search_form, to_simplified
from text.sentences import split_sentences

GUIDANCE_FILE = Path(__file__).with_name("guidance.toml")
PLACES = ("CN", "TW", "HK", "US", "UK", "EU", "IN")


@dataclass(frozen=True)
class Situation:
    key: str
    zh: str
    en: str
    query: dict[str, str]
    steps: dict[str, list[str]]
    templates: dict[str, list[str]]
    terms: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Guidance:
    places: dict[str, dict]
    situations: dict[str, Situation]
    elsewhere: dict[str, list[str]] = field(default_factory=dict)  # names of places the page does not offer

    def names(self) -> dict[str, list[str]]:
        """Place -> how documents name it, for every place a sentence may be about."""
        return {**{p: list(v.get("names", ())) for p, v in self.places.items()}, **self.elsewhere}

    def place_name(self, place: str, lang: str) -> str:
        names = self.places.get(place, {})
        return names.get(lang) or names.get("en") or place


@lru_cache(maxsize=1)
def load_guidance(path: Path = GUIDANCE_FILE) -> Guidance:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    situations = {key: Situation(key, s["zh"], s["en"], s["query"], s["steps"], s.get("templates", {}),
                                 tuple(s.get("terms", ())))
                  for key, s in data["situations"].items()}
    return Guidance(data["places"], situations, data.get("elsewhere", {}))


# --- rights: sentences of the place's documents about the situation, found by retrieval -------------------

@dataclass(frozen=True)
class Quoted:
    """A sentence quoted verbatim from the library, with what a citation needs."""

    sentence: str
    chunk_id: str
    source_id: str
    title: str
    doc_type: str
    lang: str


def term_pattern(terms: list[str]) -> re.Pattern:
    """Terms in search form: Chinese ones match anywhere, English ones at a word start (short ones whole)."""
    parts = []
    for term in terms:
        term = search_form(term)
        if not term.isascii():
            parts.append(re.escape(term))
        else:
            tail = r"(?:s|d|ed|es)?(?![a-z])" if len(term) <= 4 else ""
            parts.append(r"(?<![a-z./-])" + re.escape(term) + tail)  # not inside a web address
    return re.compile("|".join(parts)) if parts else re.compile(r"(?!)")


def _quotable(sentence: str) -> bool:
    """A sentence that reads alone: not a heading, question or fragment."""
    sentence = sentence.strip()
    if len(sentence) < 12 or sentence.startswith("#") or sentence.endswith(("?", "？", ":", "：")):
        return False
    return sentence.endswith(("。", "！", "；", ".", "!", ";", "”", '"', "）", ")")) or len(sentence) >= 40


def _name_pattern(names: list[str]) -> re.Pattern:
    """Case-sensitive, whole words for Latin names (so 'US' is not 'us')."""
    parts = [re.escape(n) if not n.isascii() else rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])" for n in names]
    return re.compile("|".join(parts)) if parts else re.compile(r"(?!)")


def about_elsewhere(sentence: str, place: str, names: dict[str, list[str]]) -> bool:
    """The sentence names another place and not this one (a comparison inside a document about `place`)."""
    plain = to_simplified(sentence)
    if _name_pattern(names.get(place, [])).search(plain):
        return False
    return any(_name_pattern(n).search(plain) for p, n in names.items() if p != place)


def situation_sentences(hits: list, terms: re.Pattern, lang: str, place: str, names: dict[str, list[str]],
                        query_terms: tuple[str, ...] = (), limit: int = 4, per_source: int = 2) -> list[Quoted]:
    """From retrieved passages (best first), the sentences naming the situation and not another place: the
    reader's language first, then more distinct situation terms, more of the question's words, better-ranked
    passages; at most `per_source` from one document."""
    scored = []
    for rank, hit in enumerate(hits):
        node, meta = hit.node, hit.node.metadata
        if meta.get("doc_type") == "template" or str(meta.get("source_id", "")).startswith("template-"):
            continue  # letters to fill in, never evidence
        for sentence in split_sentences(node.get_content()):
            if not _quotable(sentence) or about_elsewhere(sentence, place, names):
                continue
            form = search_form(sentence)
            found = set(terms.findall(form))
            if found:
                overlap = sum(t in form for t in query_terms) / max(1, len(query_terms))
                scored.append((meta.get("lang") != lang, -len(found), -round(overlap, 1), rank, sentence,
                               node.node_id, meta))
    out: list[Quoted] = []
    used: dict[str, int] = {}
    seen: set[str] = set()
    for *_, sentence, chunk_id, meta in sorted(scored, key=lambda s: s[:4]):
        source = meta.get("source_id", "")
        if used.get(source, 0) >= per_source or search_form(sentence) in seen:
            continue
        seen.add(search_form(sentence))
        used[source] = used.get(source, 0) + 1
        out.append(Quoted(sentence, chunk_id, source, meta.get("title", ""), meta.get("doc_type", ""),
                          meta.get("lang", "")))
        if len(out) == limit:
            break
    return out


def rights(handle, situation: Situation, place: str, lang: str, limit: int = 4) -> list[Quoted]:
    """What the library says about the situation in the place: hybrid retrieval over the place's documents
    with the situation's question, then the sentences that name the situation."""
    from llama_index.core.schema import QueryBundle

    from index.retrieve import HybridRetriever
    from text.tokenize import tokenize

    # More passages per document than a chat answer takes: one guide often holds several of the rules.
    wide = replace(handle, settings=handle.settings.model_copy(
        update={"per_source_cap": 8, "dense_k": 40, "bm25_k": 40}))
    retriever = HybridRetriever(wide, {"jurisdiction": place}, top_k=30)
    other = "en" if lang == "zh" else "zh"  # both phrasings: a place's documents may be in either language
    rankings = [retriever.retrieve(QueryBundle(situation.query[q])) for q in (lang, other)]
    hits = list({h.node.node_id: h for pair in zip_longest(*rankings) for h in pair if h is not None}.values())
    words = tuple(dict.fromkeys(t for q in situation.query.values() for t in tokenize(q) if len(t) > 1))
    return situation_sentences(hits, term_pattern(list(situation.terms)), lang, place, load_guidance().names(), words,
                               limit)


# --- where to complain: contact sentences quoted from the corpus --------------------------------------------

_COMPLAINT = re.compile(r"投诉|申诉|举报|检举|报警|评议|complain|ombudsman|report", re.I)
_CONTACT = re.compile(
    r"(?<![\d.])\d{3,}(?:[ -]\d{3,})*(?![\d.])"                                    # 12378, 0800-789-885, 2878 1378
    r"|https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|org|com|net|cn|tw|hk|uk|in|eu|ie)\b"  # a web address
    r"|ombudsman|热线|专线|hotline|helpline", re.I)


def complaint_contacts(chunks: list[dict], place: str, lang: str, limit: int = 8) -> list[Quoted]:
    """Sentences of the place's guidance and regulation documents in the reader's language that name where to
    complain and how to reach it (a number, an address or an ombudsman); guides first, no repeats."""
    found: list[Quoted] = []
    seen: set[str] = set()
    for chunk in chunks:
        meta = chunk["metadata"]
        if meta.get("jurisdiction") != place or meta.get("lang") != lang:
            continue
        if meta.get("doc_type") not in ("guidance", "regulation"):
            continue
        for sentence in split_sentences(chunk["text"]):
            form = search_form(sentence)
            if form in seen or not (_COMPLAINT.search(form) and _CONTACT.search(sentence)):
                continue
            seen.add(form)
            found.append(Quoted(sentence, chunk["chunk_id"], chunk["source_id"], meta.get("title", ""),
                                meta.get("doc_type", ""), lang))
    found.sort(key=lambda c: c.doc_type != "guidance")  # stable: document order within each group
    return found[:limit]


# --- letter templates --------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_BODY_HEADING = re.compile(r"^## (模板正文|Template text)\s*$", re.M)
_HOWTO_HEADING = re.compile(r"^## (使用说明|How to use this template)\s*$", re.M)
_OPTIONAL = re.compile(r"\[Optional: ((?:[^\[\]]|\[[^\[\]]*\])*)\]")
_PLACEHOLDER = re.compile(r"【([^】]+)】|\[([^\[\]]+)\]")
# Placeholders naming a kind of value that differs between occurrences (two dates, two amounts), unlike a name.
_PER_OCCURRENCE = {"日期", "日期时间", "金额", "date", "£ amount", "amount"}
_TODAY = {"年": "%Y", "月": "%m", "日": "%d", "Date": "%d %B %Y"}


@dataclass(frozen=True)
class Field:
    key: str                  # unique within the template
    placeholder: str          # as written, e.g. 【姓名】 or [Your full name]
    label: str                # what the form asks
    options: tuple[str, ...] = ()  # "choose one" alternatives
    default: str = ""
    optional_block: int | None = None  # index of the [Optional: ...] block it sits in
    context: str = ""         # the words around its first occurrence, the placeholder as a blank


@dataclass(frozen=True)
class Template:
    doc_id: str
    title: str
    lang: str
    jurisdiction: str
    howto: tuple[str, ...]
    body: str
    fields: tuple[Field, ...] = ()
    optional_blocks: tuple[str, ...] = field(default=())  # the text inside each [Optional: ...]


def parse_template(markdown: str, today: date | None = None) -> Template:
    """A template document -> its letter text (the section after 模板正文 / Template text), its usage notes and
    the form fields its placeholders need."""
    import yaml

    match = _FRONT_MATTER.match(markdown)
    meta = yaml.safe_load(match.group(1)) if match else {}
    rest = markdown[match.end():] if match else markdown
    body_at = _BODY_HEADING.search(rest)
    if body_at is None:
        raise ValueError(f"{meta.get('id', 'template')}: no '## 模板正文' / '## Template text' section")
    howto_at = _HOWTO_HEADING.search(rest)
    howto = rest[howto_at.end():body_at.start()] if howto_at else ""
    body = rest[body_at.end():].strip()
    blocks = tuple(m.group(1) for m in _OPTIONAL.finditer(body))
    return Template(str(meta.get("id", "")), str(meta.get("title", "")), str(meta.get("lang", "")),
                    str(meta.get("jurisdiction", "")), tuple(_labelled(s) for s in split_sentences(howto) if s),
                    body, tuple(_fields(body, today or date.today())), blocks)


_MARKER = re.compile(r"\[\[(unverified|analysis)\]\]\s*")
_MARKER_LABEL = {"unverified": "（未经核实 unverified）", "analysis": "（分析 analysis）"}


def _labelled(sentence: str) -> str:
    """A usage note with the corpus's inline markers turned into visible labels."""
    return _MARKER.sub(lambda m: _MARKER_LABEL[m.group(1)], sentence)


def _context(line: str, start: int, end: int, width: int = 16) -> str:
    """The words around a placeholder, with the placeholder shown as a blank (whole English words only)."""
    before = _PLACEHOLDER.sub("…", line[:start]).strip()
    after = _PLACEHOLDER.sub("…", line[end:]).strip()
    if len(before) > width:
        cut = before[-width:]
        before = "…" + (cut.split(" ", 1)[-1] if cut[:1].isascii() and " " in cut else cut)
    if len(after) > width:
        cut = after[:width]
        after = (cut.rsplit(" ", 1)[0] if cut[-1:].isascii() and " " in cut else cut) + "…"
    return f"{before}＿＿{after}".strip()


def _fields(body: str, today: date) -> list[Field]:
    fields: dict[str, Field] = {}
    counts: dict[str, int] = {}
    spans = [(m.start(), m.end()) for m in _OPTIONAL.finditer(body)]
    for match in _PLACEHOLDER.finditer(body):
        name = (match.group(1) or match.group(2)).strip()
        if name.startswith("Optional:"):
            continue
        block = next((i for i, (a, b) in enumerate(spans) if a <= match.start() < b), None)
        options: tuple[str, ...] = ()
        label = name
        if name.startswith("Choose one:"):
            options = tuple(o.strip() for o in name.removeprefix("Choose one:").split(" / ") if o.strip())
            label = "Choose one"
        elif " / " in name and match.group(2):
            options = tuple(o.strip() for o in name.split(" / "))
        line_start = body.rfind("\n", 0, match.start()) + 1
        line_end = body.find("\n", match.end())
        line = body[line_start:line_end if line_end >= 0 else len(body)]
        context = _context(line, match.start() - line_start, match.end() - line_start)
        key = name
        if name in _PER_OCCURRENCE:
            counts[name] = counts.get(name, 0) + 1
            key = f"{name}#{counts[name]}"
        if name in _PER_OCCURRENCE or set(name) <= set("Xx"):  # 【XXXX】 says nothing on its own
            label = f"{name}：{context}"
        if key in fields:
            continue
        default = today.strftime(_TODAY[name]) if name in _TODAY else ""
        fields[key] = Field(key, match.group(0), label, options, default, block, context)
    return list(fields.values())


def fill(template: Template, values: dict[str, str], include_optional: set[int] | None = None) -> str:
    """The letter with every filled field written in; empty fields keep their placeholder so the reader sees
    what is left. An [Optional: ...] block is kept, without its brackets, only when its index is included."""
    include_optional = include_optional or set()
    body = template.body
    blocks = [(m.start(), m.end()) for m in _OPTIONAL.finditer(body)]
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) over the original body, never overlapping
    for i, (start, end) in enumerate(blocks):
        if i in include_optional:
            edits += [(start, start + len("[Optional: "), ""), (end - 1, end, "")]
        else:
            edits.append((start, end, ""))
    occurrence: dict[str, int] = {}
    for match in _PLACEHOLDER.finditer(body):
        name = (match.group(1) or match.group(2)).strip()
        if name.startswith("Optional:"):
            continue
        key = name
        if name in _PER_OCCURRENCE:
            occurrence[name] = occurrence.get(name, 0) + 1
            key = f"{name}#{occurrence[name]}"
        block = next((i for i, (a, b) in enumerate(blocks) if a <= match.start() < b), None)
        value = str(values.get(key, "")).strip()
        if name in ("年", "月", "日") and value.isdigit():  # 【年】【月】【日】 carry no unit: 2026年11月30日
            value = f"{int(value)}{name}"
        if value and (block is None or block in include_optional):
            edits.append((match.start(), match.end(), value))
    for start, end, replacement in sorted(edits, reverse=True):
        body = body[:start] + replacement + body[end:]
    lines = [line.rstrip() for line in body.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def load_templates(corpus_dir: Path) -> dict[str, Template]:
    """Every letter template of the corpus (doc_type template, or an id starting with 'template-')."""
    out: dict[str, Template] = {}
    for path in sorted((corpus_dir / "docs").glob("template-*.md")):
        try:
            template = parse_template(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out[template.doc_id or path.stem] = template
    return out


def templates_for(guidance_situation: Situation, place: str, templates: dict[str, Template]) -> list[Template]:
    return [templates[t] for t in guidance_situation.templates.get(place, []) if t in templates]


def letter_files(template: Template, letter: str) -> dict[str, bytes]:
    """Downloads: Markdown with the template's title as a heading, and plain text."""
    return {"md": f"# {template.title}\n\n{letter}".encode(), "txt": letter.encode()}
