"""The support check, run on every answer before it is shown (and by the evals to score sentence support).

A cited claim is supported when one of its cited passages contains it (Simplified/Traditional and width
folded), or contains at least SUPPORT_TOKEN_RECALL of its content tokens (ALCE-style); and, in both cases,
every number, date and article reference of the claim appears in that passage, and the claim does not turn
the passage's "must not" into "may" (or back). Unsupported claim lines are dropped from the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from text.script import search_form
from text.tokenize import tokenize

# Measured with the extractive composer: every verbatim quote clears it; 0.8 is the ALCE-style default the evals
# used before the check moved here (issue 6), kept so sentence-support figures stay comparable.
SUPPORT_TOKEN_RECALL = 0.8

_CLAIM = re.compile(r"^\s*(?:\d+[.、)]\s*)?(?P<text>.*?)\s*(?P<marks>(?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)$")
_MARK = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
# Labels the composer puts before a quote (〔美国〕, 〔分析〕, [US · analysis]); they are not part of the claim.
_LABEL = re.compile(r"^(?:〔[^〕]{1,24}〕|\[(?!\d)[^\]]{1,40}\])\s*")
_FIGURE = re.compile(r"\d+(?:[.,:]\d+)*%?|第[一二三四五六七八九十百千零〇\d]+[条條章款项項]|§\s?\d+[\w().]*")
_PROHIBIT_ZH = re.compile(r"不得|禁止|不能|不可以|不可|无权|不允许|不应|严禁|不准|不适用|不构成|不会|只能|仅限|只有")
_PERMIT_ZH = re.compile(r"可以|应当|必须|允许|有权|适用|构成")
_PROHIBIT_EN = re.compile(r"\b(must not|may not|cannot|can't|shall not|not allowed|prohibit\w*|ban\w*|forbid\w*|"
                          r"bars?|barred|does not|do not|is not|are not|no longer|never|only)\b", re.I)


@dataclass(frozen=True)
class CheckedLine:
    line: str
    supported: bool
    reason: str = ""


def claims(answer_text: str) -> list[tuple[str, list[int]]]:
    """The answer's cited claim lines: ("sentence", [citation numbers]). Lines without a [n] mark are framing."""
    out = []
    for line in answer_text.splitlines():
        parsed = parse_claim(line)
        if parsed:
            out.append(parsed)
    return out


def parse_claim(line: str) -> tuple[str, list[int]] | None:
    match = _CLAIM.match(line)
    if not match or not match.group("text").strip():
        return None
    text = lead_ins().sub("", match.group("text").strip())
    while _LABEL.match(text):
        text = _LABEL.sub("", text, count=1)
    numbers = [int(x) for m in _MARK.findall(match.group("marks")) for x in m.split(",")]
    return text.strip(), numbers


@lru_cache(maxsize=1)
def lead_ins() -> re.Pattern:
    """The composer's own words before a quote (下一步：, Short answer: no., Letter template:), read from the phrase
    tables in both scripts, so a new kind of line is stripped here without a second list to keep in step."""
    from chat.texts import phrases

    names = {re.split(r"[：:]", table[key], maxsplit=1)[0].strip()
             for table in (phrases("en"), phrases("zh"), phrases("zh", "hant"))
             for key in ("next_step", "template", "yes", "crisis")}
    return re.compile(rf"^(?:{'|'.join(map(re.escape, sorted(names)))})[：:]\s*", re.I)


def token_recall(sentence: str, passage: str) -> float:
    """Share of the sentence's content tokens (stop words dropped) found in the passage's tokens."""
    tokens = tokenize(sentence)
    if not tokens:
        return 0.0
    passage_tokens = set(tokenize(passage))
    return sum(t in passage_tokens for t in tokens) / len(tokens)


def figures(text: str) -> set[str]:
    """Numbers, percentages, dates and article references, in search form."""
    return {m.group(0).replace(",", "") for m in _FIGURE.finditer(search_form(text))}


def polarity(text: str) -> str:
    """'prohibit' when the text forbids or denies, 'permit' when it allows or requires, '' when neither."""
    form = search_form(text)
    if _PROHIBIT_ZH.search(form) or _PROHIBIT_EN.search(form):
        return "prohibit"
    if _PERMIT_ZH.search(form) or re.search(r"\b(may|must|can|allowed|entitled|shall|applies)\b", form):
        return "permit"
    return ""


def support_reason(sentence: str, passage: str) -> str:
    """'' when `passage` supports `sentence`, else why not."""
    target, source = search_form(sentence).strip(), search_form(passage)
    if not target:
        return "empty"
    if target in source:
        return ""
    if token_recall(sentence, passage) < SUPPORT_TOKEN_RECALL:
        return "content not in the passage"
    source_figures = {f.replace(",", "") for f in figures(passage)}
    missing = figures(sentence) - source_figures
    if missing:
        return f"figure not in the passage: {', '.join(sorted(missing))}"
    best = _closest_sentence(sentence, passage)
    claim_polarity, source_polarity = polarity(sentence), polarity(best)
    if claim_polarity and source_polarity and claim_polarity != source_polarity:
        return "polarity flipped"
    return ""


def _closest_sentence(sentence: str, passage: str) -> str:
    from chat.quotes import sentence_spans

    tokens = set(tokenize(sentence))
    spans = sentence_spans(passage) or []
    return max((s.text for s in spans), key=lambda s: len(tokens & set(tokenize(s))), default=passage)


def sentence_supported(sentence: str, cited_passages: Sequence[str]) -> bool:
    return any(not support_reason(sentence, p) for p in cited_passages)


def support_share(claim_list: Sequence[tuple[str, Sequence[str]]]) -> float | None:
    """Share of claims supported by the passages they cite; None for an answer with no claims."""
    if not claim_list:
        return None
    return sum(sentence_supported(s, p) for s, p in claim_list) / len(claim_list)


def check_lines(text: str, passage_of: Callable[[int], str | None]) -> list[CheckedLine]:
    """Every line of an answer: framing lines pass; a claim line passes when a passage it cites supports it
    (`passage_of(n)` is the text cited as [n], None when [n] does not resolve)."""
    out = []
    for line in text.splitlines():
        parsed = parse_claim(line)
        if not parsed:
            out.append(CheckedLine(line, True))
            continue
        sentence, numbers = parsed
        passages = [passage_of(n) for n in numbers]
        if any(p is None for p in passages):
            out.append(CheckedLine(line, False, "citation does not resolve"))
            continue
        reasons = [support_reason(sentence, p) for p in passages if p is not None]
        ok = any(not r for r in reasons)
        out.append(CheckedLine(line, ok, "" if ok else reasons[0]))
    return out
