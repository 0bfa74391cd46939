"""Which jurisdiction a question is about: named in it, carried over from the conversation, or assumed from
the script (a Simplified question with no place named is about mainland China; a Traditional one could be
CN, TW or HK, so the answer says which one its sources cover).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chat.intent import question_sentences
from text.names import longest_name_pattern
from text.script import search_form, to_halfwidth

TABLE = Path(__file__).with_name("jurisdictions.toml")
# A question about several places at once (哪些法域…, which countries…) has no default place.
_ACROSS_PLACES = re.compile(r"(哪些|哪几个|哪个|什么|各|多个|不同|其他|别的)(国家|地区|法域|司法辖区|法律体系)|各国|各地|世界各|全球|国际上|"
                            r"\b(which|what|other|different|several|many) (countries|jurisdictions|places|regions)\b|"
                            r"\bacross (countries|jurisdictions)\b|\bworldwide\b|\baround the world\b", re.I)
# Cantonese function words: a Traditional question written in Cantonese is most likely from Hong Kong.
_CANTONESE = re.compile(r"[佢唔嘅咁喺冇啲咗嚟乜嘢]|點樣|係咪|邊度")
# Taiwanese words for card debt, debt collecting, personal data and complaining: a Traditional question using them
# is most likely from Taiwan (Hong Kong says 收數/追數, 個人資料/私隱 and 投訴; the mainland writes Simplified).
_TAIWANESE = re.compile(r"卡債|卡奴|討債|前置協商|個資|申訴")
# An amount's currency places a question that names nothing else ("owe $3,400", "£900 overdraft"); the prefixed
# dollars first, so HK$ is Hong Kong's. ¥ is left out: yuan and yen share it.
_CURRENCY = [(re.compile(pattern, re.I), code) for pattern, code in (
    (r"hk\$|hkd\b", "HK"), (r"nt\$|twd\b", "TW"), (r"\bs\$|\bsgd\b", "SG"), (r"\ba\$|\baud\b", "AU"),
    (r"\bc\$|\bcad\b", "CA"), (r"\brm ?\d", "MY"), (r"(?<![a-z])\$ ?\d|\busd\b|\bbucks\b", "US"),
    (r"£ ?\d|\bgbp\b|\bquid\b", "UK"), (r"€ ?\d|\d ?€|\beur\b|\beuros\b", "EU"),
    (r"₹ ?\d|\brs\.? ?\d|\binr\b", "IN"))]


@dataclass(frozen=True)
class JurisdictionCall:
    codes: tuple[str, ...]  # what the answer should cover; empty = any
    basis: str              # named | conversation | across | currency | simplified-default | traditional-unstated | none
    hint: str | None = None  # a soft preference (Cantonese -> HK, 卡債 -> TW) when nothing is named
    member: str | None = None  # a member state named (DE) whose union's rules (EU) the answer covers

    @property
    def leaning(self) -> tuple[str, ...]:
        """The places named, else the hinted one: whose passages to read first and whose route to give."""
        return self.codes or ((self.hint,) if self.hint else ())

    @property
    def assumed(self) -> bool:
        """The answer must say which jurisdiction it assumed (nothing was named in this turn)."""
        return self.basis in ("simplified-default", "traditional-unstated", "conversation", "currency")


@lru_cache(maxsize=1)
def _table() -> dict:
    with TABLE.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=2)
def _patterns(places_only: bool = False) -> tuple[re.Pattern, dict[str, tuple[str, str]], re.Pattern, dict[str, str]]:
    """One alternation over every name, longest first, so 印度尼西亚 is Indonesia and not India and
    消费者金融保护局 is the CFPB, not 消费者金融. Each name maps to (code, group)."""
    table = _table()
    groups = ("places",) if places_only else ("places", "authorities", "vocabulary")
    owner = {search_form(n): (code, group) for group in groups for code, names in table[group].items() for n in names}
    exact = {n: code for code, names in table["case_sensitive"].items() for n in names}
    exact_re = re.compile(r"(?<![A-Za-z0-9.])(" + "|".join(re.escape(n) for n in sorted(exact, key=len, reverse=True))
                          + r")(?![A-Za-z0-9])")
    return re.compile(longest_name_pattern(owner)), owner, exact_re, exact


def named(text: str) -> list[str]:
    """Jurisdiction codes named in `text`, in order of first mention, each once. Vocabulary words (收数, 美元)
    count only when no place or authority is named: a Macau question that says 收數 is about Macau."""
    return list(_named(text))


def places_first(text: str) -> list[str]:
    """Like `named`, but when `text` names a place its authorities do not add places: 臺灣刑法第305條 is about
    Taiwan, although 刑法 alone would be mainland China's Criminal Law."""
    return list(_named(text, True))


@lru_cache(maxsize=16384)  # the same corpus sentences are checked on every question
def _named(text: str, place_names_win: bool = False) -> tuple[str, ...]:
    _, _, exact_re, exact = _patterns()
    hits = _table_names(text)
    hits += [(m.start(), exact[m.group(1)], "places") for m in exact_re.finditer(to_halfwidth(text))]
    places = [(at, code) for at, code, group in hits if group == "places"] if place_names_win else []
    firm = places or [(at, code) for at, code, group in hits if group != "vocabulary"]
    chosen = firm or [(at, code) for at, code, _ in hits]
    return tuple(dict.fromkeys(code for _, code in sorted(chosen)))


# 台中 / 台南 read inside 平台中 ("40家网贷平台中"), 舞台, 后台, 柜台: the 台 belongs to the word before it.
_TAI_WORDS = frozenset("平舞后前柜阳讲站月擂灶烛看吧窗")


def _table_names(text: str) -> list[tuple[int, str, str]]:
    """(position, code, group) of every name of the table in `text`'s search form, longest first at each position;
    a 台 that ends the word before it (平台中) starts no place name."""
    pattern, owner, _, _ = _patterns()
    form = search_form(text)
    return [(m.start(), *owner[m.group(0)]) for m in pattern.finditer(form)
            if not (m.group(0).startswith("台") and m.start() > 0 and form[m.start() - 1] in _TAI_WORDS)]


def _firmly_named(text: str) -> list[str]:
    """The places `text` names by a place or authority name; none when only vocabulary (收數) suggests one."""
    _, _, exact_re, _ = _patterns()
    firm = exact_re.search(to_halfwidth(text)) or any(group != "vocabulary" for _, _, group in _table_names(text))
    return named(text) if firm else []


def names_authority(text: str) -> bool:
    """`text` names a regulator, law or hotline of the table (互金协会, 日本金融厅), not only a place."""
    return any(group == "authorities" for _, _, group in _table_names(text))


def strip_names(text: str, codes: set[str] | tuple[str, ...]) -> str:
    """`text` without the place names of `codes` (so a follow-up that switches country does not search the old
    one); regulators, laws and hotlines stay: they are content words."""
    pattern, owner, exact_re, exact = _patterns(places_only=True)
    text = exact_re.sub(lambda m: " " if exact[m.group(1)] in codes else m.group(0), to_halfwidth(text))
    text = pattern.sub(lambda m: " " if owner[m.group(0)][0] in codes else m.group(0), search_form(text))
    # "I live in Glasgow. Can I…" -> "i live in. can i…", still two sentences (not "i live in  . can i…")
    return re.sub(r"[ \t]+(?=[.,;:!?])", "", text)


def infer(question: str, history: list[str] | None, script: str | None) -> JurisdictionCall:
    """The question's own names win; else the latest earlier turn that named one; else the script default."""
    # A place named where the asker asks wins over one named in the story around it ("连国内的家人都收到信息了。
    # 这在印度合法吗？" asks about India).
    own = _firmly_named(question_sentences(question)) or named(question)
    if own:
        return _through_unions(own, "named")
    for turn in reversed(history or []):
        earlier = named(turn)
        if earlier:
            return _through_unions(earlier, "conversation")
    if _ACROSS_PLACES.search(search_form(question)):
        return JurisdictionCall((), "across")
    currency = by_currency(question)
    if currency:
        return JurisdictionCall((currency,), "currency")
    if script == "hans":
        return JurisdictionCall(("CN",), "simplified-default")
    if script == "hant":
        # the words of the question, else of the conversation ("申訴" two turns back places "有違反哪一條嗎？")
        hint = next(filter(None, map(_hinted_place, [question, *reversed(history or [])])), None)
        return JurisdictionCall((), "traditional-unstated", hint)
    return JurisdictionCall((), "none")


def _hinted_place(text: str) -> str | None:
    return "HK" if _CANTONESE.search(text) else "TW" if _TAIWANESE.search(text) else None


def union_of(code: str) -> str | None:
    """The union whose rules apply in member state `code` (DE -> EU), if any."""
    return next((union for union, members in _table()["members"].items() if code in members), None)


def _through_unions(codes: list[str], basis: str) -> JurisdictionCall:
    """Named places with each member state read as its union (德国 -> EU), each once; the call keeps the first
    member state named."""
    member = next((c for c in codes if union_of(c)), None)
    return JurisdictionCall(tuple(dict.fromkeys(union_of(c) or c for c in codes)), basis, member=member)


def by_currency(text: str) -> str | None:
    """The place whose currency the earliest amount in `text` is written in ("$3,400" -> US), if any."""
    found = [(m.start(), code) for pattern, code in _CURRENCY for m in [pattern.search(text)] if m]
    return min(found)[1] if found else None


def label(code: str, lang: str) -> str:
    """How an answer names a jurisdiction ('中国内地', 'the UK'); unknown codes as themselves."""
    entry = _table()["labels"].get(code)
    if entry:
        return entry["zh" if lang == "zh" else "en"]
    names = _table()["places"].get(code, [])
    zh = [n for n in names if not n.isascii()]
    en = [n for n in names if n.isascii()]
    if lang == "zh" and zh:
        return zh[0]
    return en[0].title() if en else code


def known_codes() -> set[str]:
    return set(_table()["places"])


def covered_labels(covered: set[str], lang: str) -> list[str]:
    """How a refusal names the places the library does cover (its documents' jurisdictions; INTL is not one)."""
    order = list(_table()["labels"])
    codes = sorted((c for c in covered if c != "INTL"), key=lambda c: (order.index(c) if c in order else len(order), c))
    return [label(c, lang) for c in codes]
