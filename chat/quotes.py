"""Quotable sentences: whole sentences out of a passage, never a fragment, a template line or an editorial note.

A chunk is split for quoting only at sentence ends (。！？!? and an English full stop before a capital) that sit
outside 《》「」“”（）; never at ；. A sentence that starts mid-argument (所以…, 不过…, "However, …") or points
back (这个说法…) is quoted together with the sentence before it, so the quote stays verbatim and whole.
Display conversion shows a quote in the asker's script; the citation keeps the verbatim original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text.script import to_simplified, to_traditional

_OPEN = "《「『“（(【[〈‘"
_CLOSE = "》」』”）)】]〉’"
_CJK_END = "。！？!?"
# No ASCII '"' here: a sentence ends only outside an ASCII quote, so a '"' after its end opens the next one.
_CLOSERS_AFTER_END = "”’」』）)'"
# English words that end in a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    "a.m p.m e.g i.e u.s u.k u.s.c c.f.r no art s ss vs v reg fed dr mr mrs ms inc ltd co st para cf al etc approx".split())
# Openings that continue the previous sentence's argument or point back to it.
_CONTINUES = re.compile(
    r"^(所以|因此|因而|因为这|不过|但是|但|然而|可是|否则|那么|而且|并且|这个|这一|这些|这种|这|该说法|上述|以上|此外|另外|同时|"
    r"换句话说|换言之|也就是说|"
    r"So\b|But\b|However\b|Therefore\b|Thus\b|Hence\b|Otherwise\b|Yet\b|This\b|These\b|That\b|Those\b|It\b|Also\b|"
    r"In other words\b|(None|All|Each|Both|Neither|Some|Most|Many|Any) of (these|those|them)\b|Such\b)")
# Lines written for the reader of the knowledge base, not knowledge: notes, disclaimers, dates of currency.
_NOTE = re.compile(
    r"^(分析[：:（(]|编者|資料說明|资料说明|说明[：:]|待核实|本资料库|本資料庫|本文为信息整理|本文為信息整理|本文由|DebtLens|"
    r"截至\s?\d{4}|信息截至|as of [A-Z][a-z]+ \d{4}|this is information|analysis[:(]|from the editor|editor'?s note|"
    r"note[:：]|this (knowledge base|note|guide|page|document|article) )", re.I)
# Sentences that announce what a text will discuss ("本站将探讨这一问，从多个维度分析…", "In this article we will
# look at…"): they promise an answer and hold none, so they are never evidence. Matched on the search form.
_ANNOUNCE = re.compile(
    r"(本站|本文|本篇|本页|笔者|小编|我们|下面|下文|接下来|以下)(将|会|就|来|要)?(为您|为大家|给大家|和大家|一起)?"
    r"(探讨|讨论|分析|介绍|解读|盘点|梳理|聊聊|谈谈|说说|揭示|解答|回答|看看|详细)|"
    r"^(让我们|一起来|下面就|下面我们)|"
    r"\b(this|the following) (article|post|page|guide|section|piece) (will|explores|discusses|looks at|examines)\b|"
    r"\bin this (article|post|guide|piece|section),? (we|i)\b|\b(we|i)(\s+will|'ll) (explore|discuss|look at|examine|"
    r"cover|analy[sz]e|reveal)\b|^let'?s (take a look|explore|look at|dive)", re.I)
# Where a scraped page lost a word: a list item left empty ("借助 、上门拜访"), empty brackets, doubled commas.
_DAMAGE = re.compile(r"[\u4e00-\u9fff]\s+[、，,]|、\s*、|（\s*）|\(\s*\)|，\s*，")
_PLACEHOLDER = re.compile(r"【[^】]{0,20}】|_{3,}|\[(your|name|date|amount|address)[^\]]*\]|<[^>]{1,20}>", re.I)
_QUESTION_END = ("?", "？")
_FINAL = ("。", "！", ".", "!", "；", ";", "…")


@dataclass(frozen=True)
class Span:
    """A whole sentence of a passage: text[start:end] of the passage, so it is always verbatim."""

    start: int
    end: int
    text: str


def _is_english_stop(text: str, i: int) -> bool:
    """A full stop at text[i] ends an English sentence: whitespace and a capital/digit/CJK follow, and the word
    before is not an abbreviation."""
    after = text[i + 1:i + 3]
    if after and not after[0].isspace():
        return False
    nxt = after[1:2]
    if nxt and not (nxt.isupper() or nxt.isdigit() or "\u3400" <= nxt <= "\u9fff" or nxt in "\"“(§["):
        return False
    word = re.search(r"([A-Za-z.]+)$", text[:i])
    return not (word and word.group(1).lower().strip(".") in _ABBREVIATIONS)


def sentence_spans(text: str) -> list[Span]:
    """Whole sentences of `text` with their offsets. Line breaks always end a sentence (headings, list items)."""
    spans: list[Span] = []
    start, depth, in_ascii_quote = 0, 0, False
    i = 0
    while i < len(text):
        ch = text[i]
        end = None
        if ch == "\n":
            end, depth, in_ascii_quote = i, 0, False
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == '"':
            in_ascii_quote = not in_ascii_quote
        elif depth == 0 and not in_ascii_quote and (ch in _CJK_END or (ch == "." and _is_english_stop(text, i))):
            j = i + 1
            while j < len(text) and text[j] in _CLOSERS_AFTER_END and text[j] not in _OPEN:
                j += 1
            end = j
            i = j - 1
        if end is not None:
            _add(spans, text, start, end)
            start = end + (1 if end < len(text) and text[end] == "\n" else 0)
        i += 1
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + piece.index(stripped)
        spans.append(Span(offset, offset + len(stripped), stripped))


def continues_previous(sentence: str) -> bool:
    """The sentence starts mid-argument (所以/不过/但是/However…) or points back (这个说法…)."""
    return bool(_CONTINUES.match(to_simplified(sentence.lstrip("“\"'（( "))))  # 不過/這個… in Traditional too


def is_note(sentence: str) -> bool:
    """An editorial note, disclaimer or currency line: about the knowledge base, not knowledge."""
    return bool(_NOTE.match(sentence.lstrip("#*-—> ").strip()))


def announces(sentence: str) -> bool:
    """The sentence announces what the text will discuss instead of saying anything ("本站将探讨这一问…")."""
    from text.script import search_form

    return bool(_ANNOUNCE.search(search_form(sentence)))


def is_damaged(sentence: str) -> bool:
    """A sentence with a dropped word shows the damage to the borrower; the passage still counts as evidence."""
    return bool(_DAMAGE.search(sentence))


def has_placeholder(sentence: str) -> bool:
    """A template line with blanks to fill in (【日期时间】, ____, [Your name])."""
    return bool(_PLACEHOLDER.search(sentence))


def speaks_of_blanks(sentence: str) -> bool:
    """A template line with a bracketed blank, or one about the blanks ("【】内为需要自行填写的内容", "text in [square
    brackets]…"): never quoted from a template."""
    return bool(re.search(r"[\[【]", sentence))


def is_heading_like(sentence: str, min_tokens: int = 3) -> bool:
    """Headings and the question-shaped titles SEO pages repeat carry no claim: a question, a line with too
    few words, or a short line with no sentence-final punctuation ("债务咨询（CCD II第36条）")."""
    from text.tokenize import tokenize

    s = sentence.strip()
    if s.startswith("#") or s.endswith(_QUESTION_END) or len(tokenize(s)) < min_tokens:
        return True
    core = s.rstrip(_CLOSERS_AFTER_END)
    return not core.endswith(_FINAL) and len(s) < 80


@lru_cache(maxsize=4096)
def quotable_spans(text: str, starts_mid_sentence: bool = False) -> tuple[Span, ...]:
    """The passage's quotable sentences, each whole: a continuing sentence is merged with the one before it
    (so the quote is still one verbatim span); one that continues a sentence outside the passage is dropped,
    as are notes, placeholders and headings."""
    out: list[Span] = []
    spans = sentence_spans(text)
    for k, span in enumerate(spans):
        if continues_previous(span.text) or (k == 0 and starts_mid_sentence):
            prev = spans[k - 1] if k > 0 else None
            if prev is None or "\n" in text[prev.end:span.start]:
                continue
            if out and out[-1].end == prev.end:
                out.pop()
            if is_note(prev.text) or has_placeholder(prev.text):
                continue
            span = Span(prev.start, span.end, text[prev.start:span.end])
        if is_note(span.text) or has_placeholder(span.text) or is_heading_like(span.text) or announces(span.text) \
                or is_damaged(span.text):
            continue
        out.append(span)
    return tuple(out)


# A guide answers its section's question first ("## Should I pay the collector directly?" / "No: …"); quoted for
# another question that "No:" would answer the wrong one, so the quote is the rule after it (still verbatim).
_HEADING_ANSWER = re.compile(r"(?:yes|no|不行|不可以|不合法|合法|可以|是的|不是|不会|不會|会|會|要|不要|需要|不需要|不用)[：:]\s*(?=\S)", re.I)


def without_heading_answer(sentence: str) -> str:
    m = _HEADING_ANSWER.match(sentence)
    return sentence[m.end():] if m else sentence


_STEP_LABEL = re.compile(r"(?:第[一二三四五六七八九十\d]+步|Step \d+)\s*[：:]\s*(?=\S)", re.I)


def without_step_label(sentence: str) -> str:
    """The quote without a guide's step number ("第二步：…", "Step 2: …"): alone in an answer it reads as a step
    of the answer ("下一步：第二步：…"). Still a verbatim part of the passage."""
    m = _STEP_LABEL.match(sentence)
    return sentence[m.end():] if m else sentence


def heading_before(text: str, start: int) -> str:
    """The last markdown heading of `text` before offset `start` ('' if none)."""
    found = re.findall(r"^#+\s*(.+)$", text[:start], re.M)
    return found[-1] if found else ""


def asks_the_heading(question: str, heading: str, share: float = 0.6) -> bool:
    """The question asks what the section heading asks: most of the heading's words (stemmed) are in it."""
    from text.tokenize import english_stem, tokenize

    def words(text: str) -> set[str]:
        return {english_stem(t) if t.isascii() else t for t in tokenize(text)}

    wanted = words(heading)
    return bool(wanted) and len(wanted & words(question)) >= share * len(wanted)


def display_quote(quote: str, script: str | None) -> str:
    """The quote in the asker's script: 'hant' -> Traditional, 'hans' -> Simplified, None -> as written."""
    if script == "hant":
        return to_traditional(quote)
    if script == "hans":
        return to_simplified(quote)
    return quote
