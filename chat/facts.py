"""Checkable facts in a sentence, as small pure functions: numbers (dates, money, percentages), article
references, named bodies, and the polarity of a rule (may / must not). The post-check (chat/support.py) asks
that each fact of a generated sentence also appears in a passage the sentence cites, in either language."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from text.script import search_form, to_halfwidth

# --- numbers -------------------------------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
# A Chinese numeral counts only before a unit or after 第, so 一般 / 统一 / 一些 stay words.
_CN_NUMBER = re.compile(r"(?<=第)[零〇一二两三四五六七八九十百千]+|[零〇一二两三四五六七八九十百千]+"
                        r"(?=\s*(?:年|个月|个工作日|月|日|天|周|次|条|款|项|元|块|万|亿|%|％|倍|小时|点|岁|家|人|笔|期|分钟|成))")
_EN_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60,
                    "ninety": 90}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_NUMBER_WORDS) + r"|one(?=\s+(?:year|month|day|week|hour|time|call)))\b",
                      re.I)
_MONTHS = {m: i for i, m in enumerate(("january february march april may june july august september october "
                                       "november december").split(), start=1) if m != "may"}  # 'may' is a modal
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(?=\d)", re.I)
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:,\d{3})*(?:\.\d+)?")
_MARK = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]")
_PM = re.compile(r"(?:晚上|下午|傍晚)\s*(\d{1,2})\s*[点時时]|(\d{1,2})(?::\d\d)?\s*p\.?m\.?", re.I)


def cn_numeral_value(numeral: str) -> int:
    """二十一 -> 21, 一百零五 -> 105, 十 -> 10, 三千 -> 3000, 二〇二六 -> 2026 (digit by digit)."""
    if not any(ch in _CN_UNIT for ch in numeral):
        return int("".join(str(_CN_DIGIT[ch]) for ch in numeral))
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        else:
            total += (current or 1) * _CN_UNIT[ch]
            current = 0
    return total + current


def arabicize(text: str) -> str:
    """Half-width, Chinese numerals before a unit and English number words as digits; month names as numbers."""
    text = to_halfwidth(text)
    text = _CN_NUMBER.sub(lambda m: str(cn_numeral_value(m.group(0))), text)
    text = _EN_WORD.sub(lambda m: str(_EN_NUMBER_WORDS.get(m.group(1).lower(), 1)), text)
    return _MONTH.sub(lambda m: f"{_MONTHS[m.group(1).lower()]} ", text)


def _value(token: str) -> str:
    value = token.replace(",", "")
    return value.rstrip("0").rstrip(".") if "." in value else value


def numbers(text: str) -> set[str]:
    """Every number in the text as a canonical string (1,000 -> 1000; 5.0 -> 5), citation marks ignored."""
    return {_value(m.group(0)) for m in _NUMBER.finditer(arabicize(_MARK.sub(" ", text)))}


def number_alternatives(text: str) -> list[set[str]]:
    """For each number in the text, the forms a source may use: 10万 is also 100000; 晚上9点 / 9 p.m. is also 21."""
    plain = arabicize(_MARK.sub(" ", text))
    out = []
    for m in _NUMBER.finditer(plain):
        value = _value(m.group(0))
        alts = {value}
        tail = plain[m.end():m.end() + 2].lstrip()
        if tail.startswith("万"):
            alts.add(_value(str(float(value) * 10_000)))
        elif tail.startswith("亿"):
            alts.add(_value(str(float(value) * 100_000_000)))
        out.append(alts)
    for m in _PM.finditer(plain):
        hour = int(m.group(1) or m.group(2))
        if hour < 12:
            for alts in out:
                if str(hour) in alts:
                    alts.add(str(hour + 12))
    return out


# --- article references ---------------------------------------------------------------------------------------

_ZH_ARTICLE = re.compile(r"第\s*(\d+)\s*[条條]")
_EN_ARTICLE = re.compile(r"(?:\b(?:Article|Art\.|Section|Sec\.|s\.|Rule|CONC)|§+)\s*(\d+[A-Za-z]?)((?:\.\d+)*(?:\([\w]+\))*)",
                         re.I)


def article_refs(text: str) -> set[tuple[str, str]]:
    """(number, sub-part) pairs: 第二十一条 -> ('21', ''), §805(a)(3) -> ('805', '(a)(3)'), CONC 7.9 -> ('7', '.9')."""
    plain = arabicize(_MARK.sub(" ", text))
    refs = {(m.group(1), "") for m in _ZH_ARTICLE.finditer(plain)}
    refs |= {(m.group(1).lower(), m.group(2).lower()) for m in _EN_ARTICLE.finditer(plain)}
    return refs


def ref_in(ref: tuple[str, str], passage_refs: set[tuple[str, str]], passage: str) -> bool:
    """The passage names the same article; a sub-part, if given, appears with it or anywhere in the passage."""
    number, part = ref
    if not any(n == number for n, _ in passage_refs):
        return False
    compact = re.sub(r"\s+", "", arabicize(passage)).lower()
    return not part or (number + part) in compact or part in compact


# --- named bodies -----------------------------------------------------------------------------------------------

_BODIES_FILE = Path(__file__).with_name("texts") / "bodies.txt"
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,6}(?![A-Za-z])")
_NOT_BODIES = frozenset("US UK EU CN IN HK GB AI ID NO OK PDF FAQ AM PM RMB USD GBP EUR INR PRC II III IV XI".split())
_EN_BODY = re.compile(r"(?:[A-Z][a-z]+\s+){1,5}(?:Authority|Bureau|Commission|Ombudsman|Service|Court|Association|"
                      r"Council|Agency|Ministry|Administration|Board|Regulator)\b")


@cache
def body_aliases() -> tuple[tuple[str, ...], ...]:
    """Alias groups, one body a line in chat/texts/bodies.txt (zh and en names, acronyms)."""
    groups = []
    for line in _BODIES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append(tuple(search_form(a.strip()) for a in line.split("|") if a.strip()))
    return tuple(groups)


def named_bodies(text: str) -> list[tuple[str, ...]]:
    """Regulators, courts, associations named in the text, each as the tuple of names a source may use."""
    form = search_form(_MARK.sub(" ", text))
    found: list[tuple[str, ...]] = []
    for group in body_aliases():
        if any(alias in form for alias in group):
            found.append(group)
    known = {alias for group in found for alias in group}
    for m in _ACRONYM.finditer(text):
        acronym = m.group(0).lower()
        if m.group(0) not in _NOT_BODIES and acronym not in known:
            found.append((acronym,))
    for m in _EN_BODY.finditer(text):
        name = search_form(m.group(0))
        if not any(name in alias or alias in name for alias in known):
            found.append((name,))
    return found


# --- polarity ---------------------------------------------------------------------------------------------------

# Prohibitions are found first and blanked, so 不可以 / may not / cannot do not also count as permissions.
_PROHIBIT = re.compile(r"不得|禁止|严禁|不能|不可以|不可|不允许|不准|无权|不应|不应该|"
                       r"\b(?:must|may|shall|should|can|could)\s+not\b|\bcannot\b|\bcan't\b|\bmustn't\b|\bshan't\b|"
                       r"\b(?:is|are|be)\s+(?:not\s+allowed|not\s+permitted|prohibited|forbidden|banned|barred)\b|"
                       r"\bprohibit(?:s|ed)?\b|\bforbid(?:s|den)?\b|\bbans?\b|\bbanned\b|\bnot\s+allowed\b|"
                       r"\bnot\s+permitted\b", re.I)
_PERMIT = re.compile(r"可以|允许|有权|准许|可(?=[\u4e00-\u9fff])|"
                     r"\b(?:may|can|could)\b|\b(?:is|are)\s+(?:allowed|permitted|entitled)\b|\bhas\s+the\s+right\b|"
                     r"\bhave\s+the\s+right\b|\bis\s+free\s+to\b", re.I)


def rule_polarity(text: str) -> int:
    """+1 permits, -1 forbids, 0 neither or both: a mixed sentence is not judged (chat.support.polarity, for
    the extractive yes/no lead, calls any prohibition word a prohibition; a check that drops sentences must not)."""
    text = to_halfwidth(text)
    forbids = bool(_PROHIBIT.search(text))
    permits = bool(_PERMIT.search(_PROHIBIT.sub(" ", text)))
    if forbids == permits:
        return 0
    return 1 if permits else -1


# A bare answer word opening a sentence. 可以/不可以 state a rule, so they can be checked against the source's
# polarity; yes/no/是/不是 answer the question's own polarity, which the source cannot confirm.
_LEAD = re.compile(r"^\s*(?P<word>不可以|可以|不能|能|不得|不可|是的|不是|是|对|不对|没错|Yes|No)\s*[，,。.!！:：]\s*", re.I)
_LEAD_POLARITY = {"可以": 1, "能": 1, "不可以": -1, "不能": -1, "不得": -1, "不可": -1}


def is_bare_answer(text: str) -> bool:
    """'可以。' 'Yes.' '不是，': an answer word with nothing after it."""
    m = _LEAD.match(text + ("" if text.rstrip()[-1:] in "，,。.!！:：" else "。"))
    return bool(m) and not text[m.end():].strip()


def split_lead(text: str) -> tuple[str, int | None, str]:
    """('可以，', +1, rest) / ('Yes, ', None, rest) / ('', None, text): a leading answer word, its rule polarity
    (None when it has none a source could confirm), and the rest of the sentence."""
    m = _LEAD.match(text)
    if not m or not text[m.end():].strip():
        return "", None, text
    return m.group(0), _LEAD_POLARITY.get(m.group("word")), text[m.end():]
