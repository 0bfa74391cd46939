"""Sentence-aware chunking: one chunker for prose, one that keeps article boundaries for regulations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.markers import flags_in, strip_markers
from text.sentences import split_sentences

_ARTICLE_START = re.compile(
    r"^\s*(?P<label>第[一二三四五六七八九十百零〇\d]+[条條章节節]"
    r"|§\s?\d+[\w().-]*"
    r"|Art(?:icle|\.)\s?\d+[\w().-]*"
    r"|CONC\s\d+(?:\.\d+)*[RG]?"
    r"|Section\s\d+[\w().-]*|s\.\s?\d+)"
)
_CJK_ENDERS = ("。", "！", "？", "；", "：")
_ENDERS = _CJK_ENDERS + (".", "!", "?", ";", ":")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
_CUT_MARKS = "，、,：:；; \t"  # where an over-long sentence is cut, if its window holds one
_HEADING_MAX_TOKENS = 30
_MIN_FILL_AT_HEADING = 0.75
_CHARS_PER_TOKEN = 6  # text the estimate does not count (symbols, other scripts) still costs a token per 6 chars


@dataclass(frozen=True)
class Chunk:
    text: str
    article: str = ""
    unverified: tuple[str, ...] = ()  # sentences of `text` marked [[unverified]] in the source
    analysis: tuple[str, ...] = ()    # sentences of `text` marked [[analysis]] (written by the project)
    section: str = ""                 # heading of the section the chunk's new text starts in

    @property
    def flags(self) -> dict[str, tuple[str, ...]]:
        return {"unverified": self.unverified, "analysis": self.analysis}


def estimate_tokens(text: str) -> int:
    """Rough XLM-R token count: one per CJK character, ~1.3 per Latin word."""
    return len(_CJK_CHAR.findall(text)) + int(1.3 * len(_LATIN_WORD.findall(text)))


def chunk_cost(text: str) -> int:
    """Estimated tokens, but never less than len/6 rounded up: a run of symbols or of a script the estimate
    does not count cannot pass as small, and the costs of pieces add up to at least the cost of the whole."""
    return max(estimate_tokens(text), -(-len(text) // _CHARS_PER_TOKEN))


def hard_limits(budget: int) -> tuple[int, int]:
    """(tokens, characters) no chunk exceeds, whatever the input: `budget` of new text plus one overlapping
    sentence of at most the same size (and the character joining them)."""
    return 2 * budget, 2 * _CHARS_PER_TOKEN * budget + 1


def fit_sentence(sentence: str, budget: int) -> list[str]:
    """A sentence over `budget` cut into pieces of at most budget/1.3 characters (a character costs at most
    1.3 tokens), each ending at the last clause mark or space in its window where there is one, so every
    piece fits whatever the punctuation."""
    if chunk_cost(sentence) <= budget:
        return [sentence]
    window = max(1, int(budget / 1.3))
    pieces: list[str] = []
    start = 0
    while start < len(sentence):
        end = min(len(sentence), start + window)
        if end < len(sentence):
            cut = max(sentence.rfind(mark, start, end) for mark in _CUT_MARKS)
            end = cut + 1 if cut > start else end
        piece = sentence[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def is_heading(line: str) -> bool:
    """A short line that names a topic instead of stating something: no sentence end, or a question standing
    alone ("Where do I complain?", "我的個人資料呢？"). Template lines ([Your name], 【姓名】) are no headings."""
    line = line.strip()
    if not line or chunk_cost(line) > _HEADING_MAX_TOKENS or any(m in line for m in "[【<"):
        return False
    return not line.endswith(_ENDERS + ('"', "”", "'")) or line.endswith(("？", "?"))


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, sentences) per section; text before the first heading is a section with heading ""."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.split("\n"):
        if is_heading(line):
            sections.append((line.strip(), []))
        sections[-1][1].extend(split_sentences(line))
    return [(heading, sentences) for heading, sentences in sections if sentences]


def _pack(sentences: list[str], budget: int, overlap: int) -> list[str]:
    return [text for text, _ in _pack_sections([("", sentences)], budget, overlap)]


def _pack_sections(sections: list[tuple[str, list[str]]], budget: int, overlap: int) -> list[tuple[str, str]]:
    """(chunk text, heading of the section its new text starts in). A heading starts a new chunk, without
    overlap, once the current one holds `_MIN_FILL_AT_HEADING` of the budget (three quarters), and a heading that
    would close a chunk opens the next one, so a section is not cut from its heading (measured:
    "第二步：判断哪些做法不合规" closed the chunk before the rules it heads)."""
    chunks: list[tuple[str, str]] = []
    current: list[str] = []
    size = chars = 0
    max_chars = _CHARS_PER_TOKEN * budget
    heading = ""
    fresh = 0  # sentences in `current` that no chunk holds yet (the overlap is not new)
    for section_heading, section in sections:
        if current and size >= budget * _MIN_FILL_AT_HEADING:
            chunks.append((_join(current), heading))
            current, size, chars, fresh = [], 0, 0, 0
        if not current:
            heading = section_heading
        heading_pieces = len(split_sentences(section_heading))  # "…幾點打電話來？有沒有次數限制？" is two
        added = 0  # pieces of this section in `current`
        for sentence in (piece for s in section for piece in fit_sentence(s, budget)):
            cost = estimate_tokens(sentence)
            if current and (size + cost > budget or chars + len(sentence) + 1 > max_chars):
                # a heading that would close this chunk opens the next one instead
                carried = current[-added:] if 0 < added <= heading_pieces and len(current) > added else []
                chunks.append((_join(current[: len(current) - len(carried)]), heading))
                current = carried or (current[-overlap:] if overlap else [])
                fresh = len(carried)
                size = sum(estimate_tokens(s) for s in current)
                chars = sum(len(s) + 1 for s in current)
                heading = section_heading
            current.append(sentence)
            fresh += 1
            added += 1
            size += cost
            chars += len(sentence) + 1
    if current and fresh:  # by count, not text: "0! 0!" twice is two chunks of one repeated sentence
        chunks.append((_join(current), heading))
    return chunks


def _join(sentences: list[str]) -> str:
    """Rejoin sentences: nothing after a Chinese sentence end, a space after an English one, a newline after a heading."""
    text = ""
    for s in sentences:
        if text:
            if not text.endswith(_ENDERS):
                text += "\n"
            elif not text.endswith(_CJK_ENDERS):  # a space keeps "...(网商银行). 微粒贷..." two sentences
                text += " "
        text += s
    return text


def chunk_prose(text: str, budget: int, overlap: int = 1) -> list[Chunk]:
    """Pack whole sentences up to `budget` tokens, repeating `overlap` sentences between chunks within a section;
    each chunk records its section heading (the embedder and BM25 see it with chunks that do not start with it)."""
    return [Chunk(c, section=heading) for c, heading in _pack_sections(_sections(text), budget, overlap)]


def article_label(line: str) -> str:
    m = _ARTICLE_START.match(line)
    return re.sub(r"\s+", " ", m.group("label")).rstrip(":：.") if m else ""


def looks_like_regulation(text: str) -> bool:
    return sum(1 for line in text.splitlines() if article_label(line)) >= 3


def chunk_regulation(text: str, budget: int) -> list[Chunk]:
    """One chunk per article (split further on sentences if long); text before the first article is prose. A part
    heading that looks like an article ("CONC 7.9: contact with customers and third parties" before "CONC 7.9: A firm
    must…") makes no chunk of its own: retrieved, it took a passage slot and had nothing to quote. Nor does a title
    line alone before the first article. A short article of its own ("第五条 删除") stays."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        label = article_label(line)
        if label:
            sections.append((label, []))
        sections[-1][1].append(line)
    parts = [(label, body) for label, lines in sections if (body := "\n".join(lines).strip())]
    chunks: list[Chunk] = []
    for (label, body), following in zip(parts, [label for label, _ in parts[1:]] + [None]):
        # "" (the title line) heads whatever follows
        if following is not None and following.startswith(label) and \
                all(is_heading(line) for line in body.splitlines() if line.strip()):
            continue
        for piece in _pack(split_sentences(body), budget, overlap=0 if label else 1):
            chunks.append(Chunk(piece, label))
    return chunks


def chunk_document(text: str, budget: int) -> list[Chunk]:
    """Markers are stripped first; each chunk records which of its sentences they flagged."""
    text, flagged = strip_markers(text)
    chunks = chunk_regulation(text, budget) if looks_like_regulation(text) else chunk_prose(text, budget)
    return [Chunk(c.text, c.article, section=c.section, **flags_in(c.text, flagged)) for c in chunks]
