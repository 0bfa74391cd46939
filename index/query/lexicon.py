"""The word lists behind the query-side functions, loaded once: domain terms, clause cues, glossary pairs.

Domain terms = the jieba user dictionary (text/userdict.txt) + every Chinese and English name and alias in
corpus/channels.toml.  All forms are Simplified and lower-case, the form `search_form` produces.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from text.script import search_form
from text.tokenize import USER_DICT

HERE = Path(__file__).resolve().parent
LEXICON_FILE = HERE / "lexicon.toml"
GLOSSARY_FILE = HERE / "glossary.tsv"
COLLOQUIAL_FILE = HERE / "colloquial.tsv"
EVERYDAY_FILE = HERE / "everyday.tsv"


@dataclass(frozen=True)
class Cues:
    """Per-language word lists saying what a clause does (see lexicon.toml)."""

    ask: tuple[str, ...]
    legal: tuple[str, ...]
    behaviour: tuple[str, ...]
    emotion: tuple[str, ...]
    filler: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    with LEXICON_FILE.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=2)  # read on every question (key terms drop the padding words)
def cues(lang: str) -> Cues:
    """Clause cues for 'zh' or 'en'."""
    section = _lexicon()["reduce"]
    return Cues(*(tuple(search_form(w) for w in section[f"{kind}_{lang}"])
                  for kind in ("ask", "legal", "behaviour", "emotion", "filler")))


@lru_cache(maxsize=1)
def asking_formulas() -> tuple[str, ...]:
    """Both languages' formulas that ask whether something is allowed (search form)."""
    section = _lexicon()["reduce"]
    return tuple(search_form(w) for lang in ("zh", "en") for w in section[f"asking_formula_{lang}"])


def jurisdiction_names() -> dict[str, str]:
    """Lower-case country/region name -> jurisdiction code."""
    return {search_form(k): v for k, v in _lexicon()["jurisdictions"].items()}


def user_dict_terms(path: Path = USER_DICT) -> list[str]:
    """Words of a jieba user dictionary (first column)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [search_form(line.split()[0]) for line in lines if line.strip() and not line.startswith("#")]


def channel_terms(channels_file: Path) -> dict[str, list[str]]:
    """channel or dimension key -> its zh name, en name and aliases (search form), from channels.toml."""
    with channels_file.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, list[str]] = {}
    for group in ("channels", "dimensions"):
        for key, entry in data.get(group, {}).items():
            names = [entry.get("zh", ""), entry.get("en", ""), *entry.get("aliases", [])]
            out[key] = [search_form(n) for n in names if n]
    return out


@lru_cache(maxsize=4)
def domain_terms(channels_file: Path) -> frozenset[str]:
    """Every domain term, Chinese and English, in search form."""
    terms = set(user_dict_terms())
    for names in channel_terms(channels_file).values():
        terms.update(names)
    for zh, ens in glossary_pairs():
        terms.add(zh)
        terms.update(ens)
    return frozenset(t for t in terms if len(t) >= 2)


def read_tsv(path: Path) -> list[list[str]]:
    """Tab-separated rows, '#' comments and blank lines skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@lru_cache(maxsize=1)
def glossary_pairs() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(zh term, English renderings) from glossary.tsv, search form."""
    pairs = []
    for row in read_tsv(GLOSSARY_FILE):
        if len(row) < 2:
            raise ValueError(f"{GLOSSARY_FILE}: line {row!r} needs 'zh<TAB>en|en…'")
        pairs.append((search_form(row[0]), tuple(search_form(e) for e in row[1].split("|") if e.strip())))
    return tuple(pairs)


@lru_cache(maxsize=1)
def _everyday() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    rows = []
    for row in read_tsv(EVERYDAY_FILE):
        if len(row) < 2:
            raise ValueError(f"{EVERYDAY_FILE}: line {row!r} needs 'word<TAB>corpus words'")
        if row[0].startswith("re:"):  # a family of forms (11pm, 凌晨3点): a regular expression on the search form
            rows.append((re.compile(row[0][3:]), tuple(row[1].split())))
            continue
        word = search_form(row[0])
        pattern = re.compile(rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word))
        rows.append((pattern, tuple(row[1].split())))
    return tuple(rows)


def corpus_words_for(token: str) -> tuple[str, ...]:
    """The corpus's words for one everyday word (a search-form token: 老板 -> 雇主 单位 同事); () if none."""
    return next((words for pattern, words in _everyday() if pattern.fullmatch(token)), ())


def phrase_words(text: str) -> dict[str, tuple[str, ...]]:
    """For each token of a phrase the table matches as a whole ("at my door", "晚上11点"), the corpus's words for
    the phrase: a word like "door" is found when a passage says "visit"."""
    from text.tokenize import tokenize

    out: dict[str, tuple[str, ...]] = {}
    form = search_form(text)
    for pattern, words in _everyday():
        for m in pattern.finditer(form):
            for token in tokenize(m.group()):
                out[token] = tuple(dict.fromkeys((*out.get(token, ()), *words)))
    return out


def everyday_words(text: str) -> list[str]:
    """The corpus's words for the everyday words in `text` (老板 -> 雇主 单位 同事), each once."""
    form = search_form(text)
    return list(dict.fromkeys(w for pattern, words in _everyday() if pattern.search(form) for w in words))
