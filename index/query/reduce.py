"""Reduce a long, emotional question to its information need before retrieval.

Real questions carry 100-200 characters of story and feeling around one ask ("我真的快崩溃了……他们这样合法吗？").
That story dilutes both BM25 and the query embedding.  The reduction keeps, in their original order, the
clauses that carry the ask, a domain term (channel, product, legal term), a jurisdiction, a rule/remedy word
or what the collector did; it drops clauses of pure story or feeling and strips padding phrases
("说实话", "honestly").  Short questions pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from index.query.lexicon import Cues, asking_formulas, cues, jurisdiction_names
from text.lang import detect_lang
from text.script import search_form

# Clause ends: Chinese and English punctuation, line breaks; the mark stays with its clause.
_CLAUSE_END = re.compile(r"(?<=[，,。！？!?；;：:\n…～~])(?![，,。！？!?；;：:…～~])|(?<=[a-z]\.)(?=\s)", re.I)
_EN_LEAD = re.compile(r"^(?:and|but|so|or|then|also|because|plus)\s+", re.I)
MIN_CHARS = 50  # shorter questions are already an information need


@dataclass
class Reduction:
    text: str                      # the reduced question (Simplified, search form); == input form if short
    reduced: bool                  # False when the question was short or nothing could be dropped
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)          # domain terms found, in order
    jurisdictions: list[str] = field(default_factory=list)  # codes named in the question (CN, US, …)


def split_clauses(text: str) -> list[str]:
    """Clauses with their closing punctuation, blank pieces dropped."""
    return [piece.strip() for piece in _CLAUSE_END.split(text) if piece.strip(" \n，,。.;；")]


def _contains(form: str, words: Iterable[str], lang: str) -> list[str]:
    """Words present in `form`: substrings for Chinese, whole words/phrases for Latin script."""
    found = []
    for word in words:
        if not word:
            continue
        if word.isascii():
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", form):
                found.append(word)
        elif word in form:
            found.append(word)
    return found


def _is_ask(form: str, clause_cues: Cues, lang: str) -> bool:
    if form.rstrip().endswith(("?", "？")):
        return True
    if lang == "en":
        lead = _EN_LEAD.sub("", form.strip())
        return any(lead.startswith(w + " ") for w in clause_cues.ask)
    return bool(_contains(form, clause_cues.ask, lang))


def without_fillers(text: str) -> str:
    """`text` without padding phrases of either language ("honestly", "actually", "说实话", "其实") or the formula
    that asks whether something is allowed ("is that even allowed", "这样合法吗"); case kept."""
    return _strip_fillers(text, cues("zh").filler + cues("en").filler + asking_formulas())


def _strip_fillers(clause: str, fillers: tuple[str, ...]) -> str:
    for step in _filler_steps(fillers):
        clause = step.sub("", clause) if isinstance(step, re.Pattern) else clause.replace(step, "")
    return re.sub(r"\s{2,}", " ", clause).lstrip(" ,，").strip()


@lru_cache(maxsize=4)  # key terms strip the same list twice per question: sort and compile it once
def _filler_steps(fillers: tuple[str, ...]) -> tuple[re.Pattern | str, ...]:
    """Longest first; an English phrase only as whole words, with the comma or space after it; "re:…" is a
    regular expression (a family of forms: "are they even allowed to")."""
    return tuple(re.compile(f[3:], re.I) if f.startswith("re:") else
                 re.compile(rf"(?<![a-z]){re.escape(f)}(?![a-z])[, ]*", re.I) if f.isascii() else f
                 for f in sorted(fillers, key=len, reverse=True))


def reduce_question(question: str, domain: Iterable[str], min_chars: int = MIN_CHARS) -> Reduction:
    """The information need of `question`; `domain` = domain terms in search form (index.query.lexicon)."""
    form = search_form(question).strip()
    domain = [t for t in domain if t]
    names = jurisdiction_names()
    clauses = split_clauses(form)
    terms, places, kept, dropped = [], [], [], []
    mixed = {detect_lang(c) for c in clauses}
    for clause in clauses:
        lang = detect_lang(clause)
        c = cues(lang)
        # mixed-language questions: a Chinese clause may carry English terms (FCA, collection agency)
        found = _contains(clause, domain, lang)
        where = [names[n] for n in _contains(clause, names, lang)]
        strong = (found or where or _is_ask(clause, c, lang) or _contains(clause, c.legal, lang)
                  or (len(mixed) > 1 and _contains(clause, cues("en").legal, "en")))
        # what the collector did counts unless the clause is about how the asker feels
        weak = _contains(clause, c.behaviour, lang) and not _contains(clause, c.emotion, lang)
        if strong or weak:
            kept.append(clause)
            terms.extend(t for t in found if t not in terms)
            places.extend(p for p in where if p not in places)
        else:
            dropped.append(clause)
    if len(form) < min_chars or not kept or not dropped:
        return Reduction(form, False, kept or clauses, dropped if kept else [], terms, places)
    fillers = cues("zh").filler + cues("en").filler
    pieces = [p for p in (_strip_fillers(k, fillers) for k in kept) if p]
    joined = "".join(p if detect_lang(p) == "zh" else p + " " for p in pieces).strip()
    return Reduction(joined or form, bool(joined), kept, dropped, terms, places)
