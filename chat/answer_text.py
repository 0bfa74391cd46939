"""A model's answer text as sentences with their [n] marks: pure functions, plus a buffer that releases
sentences one by one from a token stream (a sentence is complete once its end and its marks have arrived)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_FULLWIDTH_MARK = re.compile(r"[【［\[]\s*(\d+(?:\s*[,，、;；]\s*\d+)*)\s*[】］\]]")
_MARK = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKS_RUN = r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])*"
# A sentence ends at 。！？!? or at '.'/';' before whitespace (not 3.5, not U.S., not e.g.), then its marks.
_END = re.compile(r"(?:[。！？!?；]|[.;](?=\s*\[\d)|(?<!\b[A-Za-z])(?<!\be\.g)(?<!\bi\.e)(?<!\bNo)(?<!\bArt)(?<!\bSec)(?<!\bvs)"
                  r"[.;](?=[\s\[]|$))" + _MARKS_RUN)
_PLACEHOLDER = re.compile(r"\[(?:编号|編號|n|N|数字|number)\]")  # the prompt's own wording, copied by small models
_LIST_PREFIX = re.compile(r"^\s*(?:[-*•·]|\d+[.、)]|#+)\s+")
_EMPHASIS = re.compile(r"\*\*|__|`")


@dataclass(frozen=True)
class ParsedSentence:
    text: str            # without marks, list bullets or markdown emphasis
    cited: tuple[int, ...]  # passage numbers in order of first appearance
    raw: str


def normalise_marks(text: str) -> str:
    """【1】 ［1］ [1，2] -> [1] [1,2]: the forms models write, folded to one; markdown emphasis dropped."""
    text = _PLACEHOLDER.sub("", _EMPHASIS.sub("", text))
    return _FULLWIDTH_MARK.sub(lambda m: "[" + re.sub(r"\s*[,，、;；]\s*", ",", m.group(1)) + "]", text)


def parse_sentence(raw: str) -> ParsedSentence:
    text = normalise_marks(unicodedata.normalize("NFC", raw))
    cited: list[int] = []
    for group in _MARK.findall(text):
        for n in group.split(","):
            if int(n) not in cited:
                cited.append(int(n))
    clean = _MARK.sub("", text)
    clean = _LIST_PREFIX.sub("", clean)
    clean = re.sub(r"\s+([。！？，、；：.,;:!?])", r"\1", clean)
    clean = re.sub(r"[，,、]+([。！？.!?])", r"\1", clean)  # "不可以，[2]。" leaves "不可以，。"
    return ParsedSentence(re.sub(r"[ \t]{2,}", " ", clean).strip(), tuple(cited), raw.strip())


def _complete_until(buffer: str, final: bool) -> int:
    """Index up to which `buffer` holds complete sentences (0 when none yet)."""
    if final:
        return len(buffer)
    cut = 0
    for m in _END.finditer(buffer):
        rest = buffer[m.end():]
        if not rest.strip() or re.fullmatch(r"\s*[【［\[][\d,，、\s]*", rest):
            break  # its marks (or the next sentence) may still be on the way
        cut = m.end()
    newline = buffer.rfind("\n")
    if newline >= cut:  # a line break closes a list item or heading that has no end punctuation
        cut = newline + 1
    return cut


def split_pieces(text: str) -> list[str]:
    """Complete text -> sentence pieces (each with the marks that follow it)."""
    pieces: list[str] = []
    for line in normalise_marks(text).split("\n"):
        start = 0
        for m in _END.finditer(line):
            pieces.append(line[start:m.end()])
            start = m.end()
        pieces.append(line[start:])
    return _attach_leading_marks([p for p in pieces if p.strip()])


def _attach_leading_marks(pieces: list[str]) -> list[str]:
    """'Text. [1] Next' splits as 'Text.' + '[1] Next': move the marks back to the sentence they close."""
    out: list[str] = []
    for piece in pieces:
        lead = re.match(r"\s*(?:\[\d+(?:\s*,\s*\d+)*\]\s*)+", piece)
        if lead and out:
            out[-1] += " " + lead.group(0).strip()
            piece = piece[lead.end():]
        if piece.strip():
            out.append(piece)
    return out


def split_answer(text: str) -> list[ParsedSentence]:
    return [s for s in (parse_sentence(p) for p in split_pieces(text)) if s.text]


class SentenceStream:
    """Feed token deltas; get back sentences as soon as each one is complete."""

    def __init__(self) -> None:
        self.buffer = ""

    def feed(self, delta: str) -> list[ParsedSentence]:
        self.buffer = normalise_marks(self.buffer + delta)
        cut = _complete_until(self.buffer, final=False)
        if not cut:
            return []
        done, self.buffer = self.buffer[:cut], self.buffer[cut:]
        # marks at the start of what is left close the last sentence: keep them with it
        lead = re.match(r"\s*(?:\[\d+(?:\s*,\s*\d+)*\]\s*)+", self.buffer)
        if lead:
            done, self.buffer = done + " " + lead.group(0).strip(), self.buffer[lead.end():]
        return split_answer(done)

    def close(self) -> list[ParsedSentence]:
        done, self.buffer = self.buffer, ""
        return split_answer(done)
