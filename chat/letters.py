"""What a letter template is made of, for a borrower asking what to write: the parts of the letter (投诉人、被投诉机构、
投诉请求…; "the name and address of the original creditor"…) and what to enclose, read from the template's own
text. The letter's lines themselves, with blanks to fill in, are never quoted; the parts are its words, each line
cited to the passage it is read from."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "被投诉机构：【…】", "二、不当催收事实：": a part's name before the colon, at a sentence start
_ZH_PART = re.compile(r"(?:^|(?<=[。\s]))(?:[一二三四五六七八九十]+、)?([\u4e00-\u9fff]{2,6})：")
_ZH_ENCLOSED = re.compile(r"附件：([^。\n]*)")
_ZH_NOT_PARTS = frozenset({"日期", "附件"})  # the date line is no part; the enclosures are listed as such
# "1) The name and address of the original creditor." — a numbered request; "Enclosed: income and expenditure …"
_EN_ITEM = re.compile(r"(?:^|(?<=\s))\d\)\s*([^\n]+?\.)(?=\s+\d\)|\s*$|\s+[A-Z\[])")
_EN_ENCLOSED = re.compile(r"Enclosed:\s*([^\n\[]+?)\.")


@dataclass(frozen=True)
class LetterParts:
    """The parts of a template found in one of its passages (first found, in the letter's order)."""

    chunk_id: str
    quote: str                # verbatim text of the passage the line is cited by
    parts: tuple[str, ...]    # the parts' names, blanks left out
    enclosed: tuple[str, ...]


def _without_blank(item: str) -> str:
    """A request with a blank in it, up to its first comma ("An itemised statement of the amount you claim,
    showing … since [date]." -> "An itemised statement of the amount you claim"); "" when the blank comes first."""
    if "[" not in item:
        return item.rstrip(".")
    head = item[: item.index("[")]
    return head[: head.index(",")].strip() if "," in head else ""


def parts_of(text: str, lang: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(part, verbatim text it was read from) in order, and the enclosures without blanks."""
    if lang == "zh":
        found = [(m.group(1), m.group(0).strip("。 \n")) for m in _ZH_PART.finditer(text)
                 if m.group(1) not in _ZH_NOT_PARTS]
        enclosed = [item.strip("。 ") for m in _ZH_ENCLOSED.finditer(text) for item in m.group(1).split("、")
                    if item.strip("。 ") and not re.search(r"[【】]", item)]
        return found, enclosed
    found = [(part, m.group(1)) for m in _EN_ITEM.finditer(text) if (part := _without_blank(m.group(1)))]
    enclosed = [m.group(1).strip() for m in _EN_ENCLOSED.finditer(text)]
    return found, enclosed


def letter_parts(chunks: list[tuple[str, str]], lang: str) -> list[LetterParts]:
    """For a template's passages (chunk id, text) in order: the passages holding its parts, each part once (passages
    overlap), so every line can be cited to a passage that holds all its words."""
    texts = dict(chunks)
    read = {chunk_id: parts_of(text, lang) for chunk_id, text in texts.items()}
    held = {chunk_id: [p for p, _ in found] + enclosed for chunk_id, (found, enclosed) in read.items()}
    placed: list[tuple[str, list[str]]] = []  # (chunk, its parts), each part in the first passage holding it
    seen: set[str] = set()
    for chunk_id, _ in chunks:
        mine = [p for p in dict.fromkeys(held[chunk_id]) if p not in seen]
        seen.update(mine)
        # a passage whose parts the next one holds too (the overlap) gives them to it: fewer, fuller lines
        if placed and set(placed[-1][1]) <= set(held[chunk_id]):
            mine = placed.pop()[1] + mine
        if mine:
            placed.append((chunk_id, mine))
    out = []
    for chunk_id, mine in placed:
        found = [(p, q) for p, q in read[chunk_id][0] if p in mine]
        enclosed = [e for e in read[chunk_id][1] if e in mine]
        text = texts[chunk_id]
        quote = found[0][1] if found else next((_ZH_ENCLOSED if lang == "zh" else _EN_ENCLOSED).finditer(text)).group(0)
        out.append(LetterParts(chunk_id, quote, tuple(dict.fromkeys(p for p, _ in found)), tuple(enclosed)))
    return out


def parts_line(parts: LetterParts, lang: str, verbatim: bool = False) -> str:
    """The parts as one line of the answer, in the template's own words (`verbatim`: each part exactly as it
    stands, for an answer in another language, where the parts are quoted rather than run into its sentence)."""
    if lang == "zh":
        enclosed = f"附件（{'、'.join(parts.enclosed)}）" if parts.enclosed else ""
        return "、".join([*parts.parts, *([enclosed] if enclosed else [])])
    items = list(parts.parts) if verbatim else [p[:1].lower() + p[1:] for p in parts.parts]
    if parts.enclosed:
        items.append("enclosed: " + ", ".join(parts.enclosed))
    return "; ".join(items)
