"""Translate a question's key terms into the other language, for a second (cross-lingual) query.

The bundled corpus holds most documents twice (zh and en) but some only once (templates, a source read in one
language), and a question in one language often needs the other's document.  Dense retrieval bridges the
languages weakly and BM25 not at all; a glossary rendering of the key terms ("爆通讯录 催收 合法" -> "contacts
debt collection …") gives both a query in the document's own words.

Pairs come from index/query/glossary.tsv plus channels.toml: every Chinese alias of a channel maps to that
channel's English aliases and back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.query.lexicon import channel_terms, glossary_pairs
from text.lang import detect_lang
from text.script import search_form

Pairs = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Translation:
    text: str                 # the other-language query ('' when no term was recognised)
    target_lang: str          # 'en' for a Chinese question, 'zh' for an English one
    matched: tuple[str, ...]  # source-language terms that were translated


def channel_pairs(channels_file: Path) -> Pairs:
    """(zh alias, English aliases) for every Chinese name or alias of a channel or dimension."""
    pairs = []
    for names in channel_terms(channels_file).values():
        zh = [n for n in names if detect_lang(n) == "zh"]
        en = tuple(n for n in names[2:] if n.isascii()) or tuple(n for n in names if n.isascii())
        pairs.extend((z, en) for z in zh)
    return tuple(pairs)


@lru_cache(maxsize=4)
def all_pairs(channels_file: Path) -> Pairs:
    return glossary_pairs() + channel_pairs(channels_file)


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, longer ones winning (个性化分期还款协议 over 分期)."""
    taken: list[tuple[int, int, str]] = []
    for start, end, term in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, term))
    return sorted(taken)


def _find_zh(form: str, terms: set[str]) -> list[str]:
    spans = [(m.start(), m.start() + len(t), t) for t in terms for m in re.finditer(re.escape(t), form)]
    return [t for _, _, t in _longest_first(spans)]


def _find_en(form: str, terms: set[str]) -> list[str]:
    spans = [(m.start(), m.end(), t) for t in terms
             for m in re.finditer(rf"(?<![a-z0-9]){re.escape(t)}s?(?![a-z0-9])", form)]
    return [t for _, _, t in _longest_first(spans)]


def translate_terms(question: str, pairs: Pairs) -> Translation:
    """Key terms of `question` rendered in the other language, plus its Latin-script names (FDCPA, FCA)
    when the question is Chinese, since those read the same in both."""
    form = search_form(question)
    if detect_lang(question) == "zh":
        to_en = {}
        for zh, ens in pairs:
            to_en.setdefault(zh, [])
            to_en[zh].extend(e for e in ens if e not in to_en[zh])
        matched = _find_zh(form, {z for z in to_en if not z.isascii()})
        words = [e for z in matched for e in to_en[z][:2]]
        words += [w for w in re.findall(r"[a-z][a-z0-9.-]+", form) if w not in words]
        return Translation(" ".join(dict.fromkeys(words)), "en", tuple(matched))
    to_zh: dict[str, list[str]] = {}
    # a term whose first rendering is the English word comes first (还款计划 before 分期 for "repayment plan")
    for position in range(max((len(ens) for _, ens in pairs), default=0)):
        for zh, ens in pairs:
            if zh.isascii() or position >= len(ens):
                continue
            to_zh.setdefault(ens[position], [])
            if zh not in to_zh[ens[position]]:
                to_zh[ens[position]].append(zh)
    matched = _find_en(form, set(to_zh))
    words = [z for e in matched for z in to_zh[e][:2]]
    return Translation(" ".join(dict.fromkeys(words)), "zh", tuple(matched))
