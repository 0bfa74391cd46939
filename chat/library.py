"""What the answerer knows about the corpus as a whole, loaded once per index build from the journal:
each source's chunks in order (to tell a chunk that starts mid-sentence), the guides a refusal can point to,
the jurisdictions the corpus covers, and the sentences that name a complaint contact (next steps).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from chat.evidence import is_template
from chat.quotes import quotable_spans, without_step_label
from text.script import search_form

NEXT_STEPS = Path(__file__).with_name("next_steps.toml")
_SENTENCE_END = "。！？!?.\n"
# A sentence that tells the reader to do something with the contact ("可向金管局银行投诉处理中心投诉", "12378是…
# 投诉举报热线", "can complain to"), not one that merely mentions it ("under HKMA guidance") or tells its history
# ("金管局在1996年開設收數公司投訴熱線"). Matched on the search form.
_ACTION = re.compile(
    r"(可以|可|能|应当|应该|应|请|须|需|要|先|再|也|直接|免费)[^。；]{0,80}(投诉|申诉|举报|报警|申请(评议|调解))|"
    r"(投诉|举报)(举报)?(热线|电话|专线)(是|为)|是[^。，]{0,20}(投诉|举报)(举报)?(热线|电话|专线)|受理[^。]{0,30}(投诉|举报)|拨打|"
    r"\b(can|should|may|must|could)\b[^.;]{0,40}\b(complain|take it to|report|apply to)\b|"
    r"\bis the [^.]{0,40}\b(complaints?|reporting)\b[^.]{0,20}\bhotline\b|\btakes (complaints|reports)\b|"
    r"\bcomplain (to|about|free)|\btake it to\b|\breport (it|them|to)\b|\bapply to\b", re.I)


@dataclass(frozen=True)
class Guide:
    source_id: str
    title: str
    url: str
    lang: str
    jurisdiction: str


@dataclass(frozen=True)
class ContactSentence:
    chunk_id: str
    source_id: str
    title: str
    url: str
    quote: str
    contact: str
    jurisdiction: str
    lang: str
    when: str = ""  # situation cues (regex on the question) that make this the contact to name


_LETTER_BODY = re.compile(r"模板正文|範本正文|Template text", re.I)  # the heading a template's letter starts under


@dataclass
class Library:
    chunks: dict[str, dict] = field(default_factory=dict)           # chunk id -> journal row
    order: dict[str, list[str]] = field(default_factory=dict)       # source id -> chunk ids by position
    guides: list[Guide] = field(default_factory=list)
    jurisdictions: set[str] = field(default_factory=set)
    contacts: list[ContactSentence] = field(default_factory=list)
    crisis: list[ContactSentence] = field(default_factory=list)     # per place and language: its crisis line

    def previous_chunk(self, chunk_id: str) -> dict | None:
        row = self.chunks.get(chunk_id)
        if row is None:
            return None
        ids = self.order.get(row["source_id"], [])
        i = ids.index(chunk_id)
        return self.chunks[ids[i - 1]] if i > 0 else None

    def template_instructions(self, chunk_id: str) -> str:
        """The part of a template's passage before the letter itself (the "模板正文" / "Template text" heading):
        the passages before the heading whole, the heading's passage up to it, nothing after it."""
        row = self.chunks.get(chunk_id)
        if row is None:
            return ""
        for cid in self.order.get(row["source_id"], []):
            body = _LETTER_BODY.search(self.chunks[cid]["text"])
            if cid == chunk_id:
                return row["text"][: body.start()] if body else row["text"]
            if body:
                return ""
        return ""

    def starts_mid_sentence(self, chunk_id: str) -> bool:
        """The chunk's first piece continues a sentence of the chunk before it (the chunker cut at '；')."""
        row, prev = self.chunks.get(chunk_id), self.previous_chunk(chunk_id)
        if row is None or prev is None:
            return False
        first = re.split(r"(?<=[。！？；;!?\n])", row["text"], maxsplit=1)[0].strip()
        if not first:
            return False
        at = prev["text"].rfind(first)
        if at > 0:
            return prev["text"][:at].rstrip(" \t")[-1:] not in _SENTENCE_END
        return prev["text"].rstrip()[-1:] in "；;，,："  # no overlap: the previous chunk ends mid-sentence

    def guides_for(self, jurisdiction: str | None, lang: str) -> list[Guide]:
        """Guides in the asker's language, the asked jurisdiction's first."""
        own = [g for g in self.guides if g.lang == lang]
        return sorted(own, key=lambda g: (g.jurisdiction != jurisdiction, g.source_id))

    def contacts_for(self, jurisdiction: str, lang: str) -> list[ContactSentence]:
        return [c for c in self.contacts if c.jurisdiction == jurisdiction and c.lang == lang]

    def crisis_line(self, jurisdiction: str, lang: str) -> ContactSentence | None:
        """The sentence naming the place's crisis line (next_steps.toml [crisis]), else the general one."""
        lines = {c.jurisdiction: c for c in self.crisis if c.lang == lang}
        return lines.get(jurisdiction) or lines.get("INTL")


def load_library(journal) -> Library:
    lib = Library()
    for row in journal.all_chunks():
        lib.chunks[row["chunk_id"]] = row
        lib.order.setdefault(row["source_id"], []).append(row["chunk_id"])
        meta = row["metadata"]
        if meta.get("jurisdiction"):
            lib.jurisdictions.add(meta["jurisdiction"])
    seen = set()
    for row in lib.chunks.values():
        meta = row["metadata"]
        if meta.get("doc_type") == "guidance" and row["source_id"] not in seen and not is_template(meta):
            seen.add(row["source_id"])
            lib.guides.append(Guide(row["source_id"], meta.get("title", ""), meta.get("url", ""),
                                    meta.get("lang", ""), meta.get("jurisdiction", "")))
    with NEXT_STEPS.open("rb") as fh:
        table = tomllib.load(fh)
    lib.contacts = _contact_sentences(lib, {code: entry for code, entry in table.items() if code != "crisis"})
    lib.crisis = _crisis_sentences(lib, table.get("crisis", {}))
    return lib


def offers_contact(sentence: str, contact: str) -> bool:
    """The sentence tells the borrower to turn to `contact` ("可向金管局投诉"), not only names it ("under HKMA
    guidance")."""
    form = search_form(sentence)
    return search_form(contact) in form and bool(_ACTION.search(form))


_MEANS = re.compile(r"https?://|www\.|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(gov|org|com)(\.[a-z]{2})?(/\S*)?|\d{3,4}[\s-]\d{3,4}|"
                    r"(?<!\d)(12378|12321|110|1930|14448|1998)(?!\d)|\(\d{3}\) ?\d{3}-\d{4}", re.I)


def gives_means(sentence: str) -> bool:
    """The sentence gives a way to reach a body: a number to dial or a web address."""
    return bool(_MEANS.search(search_form(sentence)))


def _contact_sentences(lib: Library, table: dict) -> list[ContactSentence]:
    """For each jurisdiction's contacts (next_steps.toml), the first quotable sentence of a guide or
    regulation in each language that names it."""
    out = []
    for code, entry in table.items():
        when = entry.get("when", {})
        for lang in ("zh", "en"):
            for contact in entry.get(lang, []):
                found = _first_sentence_naming(lib, code, lang, contact)
                if found:
                    out.append(replace(found, when="|".join(when.get(contact, []))))
    return out


def _crisis_sentences(lib: Library, table: dict[str, str]) -> list[ContactSentence]:
    """Each place's crisis line (next_steps.toml [crisis]) as the crisis-support guide (an INTL document) states
    it, in each language."""
    out = []
    for code, contacts in table.items():
        for lang in ("zh", "en"):
            found = next((f for contact in contacts.split("|") if (f := _first_sentence_naming(lib, "INTL", lang, contact))),
                         None)
            if found:
                out.append(replace(found, jurisdiction=code))
    return out


def _first_sentence_naming(lib: Library, code: str, lang: str, contact: str) -> ContactSentence | None:
    needle = search_form(contact)
    rows = [r for r in lib.chunks.values() if r["metadata"].get("lang") == lang
            and r["metadata"].get("jurisdiction") == code and not is_template(r["metadata"])]
    rows.sort(key=lambda r: (r["metadata"].get("doc_type") != "guidance", r["source_id"], r["chunk_id"]))
    fallback = None
    for row in rows:
        if needle not in row["search_text"]:
            continue
        for span in quotable_spans(row["text"], lib.starts_mid_sentence(row["chunk_id"])):
            form = search_form(span.text)
            if needle in form:
                meta = row["metadata"]
                found = ContactSentence(row["chunk_id"], row["source_id"], meta.get("title", ""),
                                        meta.get("url", ""), without_step_label(span.text), contact, code, lang)
                if _ACTION.search(form):
                    return found
                fallback = fallback or found
    return fallback
