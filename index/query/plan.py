"""One question -> the queries retrieval runs: corrected, reduced, and translated into the other language.

`QueryTools` holds what the steps need (spelling table, domain terms, glossary), built once per index because
the spelling table must not turn real corpus words into "corrections".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.query import spelling
from index.query.glossary import Pairs, Translation, all_pairs, translate_terms
from index.query.lexicon import domain_terms
from index.query.reduce import MIN_CHARS, Reduction, reduce_question
from text.script import search_form, to_halfwidth, to_simplified


@dataclass
class QueryPlan:
    question: str                  # as asked (with a follow-up's context already joined)
    corrected: str                 # search form with spelling/alias fixes
    reduced: Reduction             # the information need (reduced.text == corrected when short)
    translation: Translation       # key terms in the other language ('' when none)
    fixes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def need(self) -> str:
        """The text to match terms against: the reduced question when it was reduced."""
        return self.reduced.text if self.reduced.reduced else self.corrected


@dataclass
class QueryTools:
    zh_table: dict[str, str]
    is_word: Callable[[str], bool]
    en_index: dict[str, set[str]]
    known_word: Callable[[str], bool]
    domain: frozenset[str]
    pairs: Pairs
    min_chars: int = MIN_CHARS

    @classmethod
    def build(cls, channels_file: Path, corpus_vocabulary: Iterable[str] = ()) -> QueryTools:
        """Tools for a corpus whose BM25 vocabulary is `corpus_vocabulary` (jieba tokens, search form)."""
        vocab = frozenset(corpus_vocabulary)

        def is_word(text: str) -> bool:
            return text in vocab or spelling.jieba_is_word(text)

        domain = domain_terms(channels_file)
        # English slips are fixed toward any word the corpus uses ("recieved" -> received), not only domain terms
        english = {w for t in domain for w in t.split()} | {w for w in vocab if w.isascii() and w.isalpha()}
        from text.tokenize import english_stem

        stems = frozenset(english_stem(w) for w in vocab if w.isascii() and w.isalpha())

        def known_word(word: str) -> bool:  # "misusing" is the corpus's "misuse", not a slip for "missing"
            return word in vocab or (word.isascii() and english_stem(word) in stems)

        return cls(zh_table=spelling.build_table(domain, is_word), is_word=is_word,
                   en_index=spelling.english_index(english), known_word=known_word,
                   domain=domain, pairs=all_pairs(channels_file))

    def with_fixes(self, text: str) -> str:
        """`text` with its spelling and alias fixes applied, in Simplified when there are any (the fixes are in the
        search form): the answerer weighs key terms as the spelling table reads them (网带 -> 网贷, recieved ->
        received). The default retrieval does not apply these fixes; only the opt-in `typo` expansion does."""
        fixes = spelling.correct_query(text, self.zh_table, self.is_word, self.en_index, self.known_word).fixes
        if fixes:
            text = to_simplified(to_halfwidth(text))
        for typed, fixed in fixes:
            text = re.sub(re.escape(typed), fixed, text, flags=re.I)
        return text

    def plan(self, question: str, correct: bool = True, reduce: bool = True, translate: bool = True) -> QueryPlan:
        if correct:
            fixed = spelling.correct_query(question, self.zh_table, self.is_word, self.en_index, self.known_word)
        else:
            fixed = spelling.Correction(search_form(question))
        reduction = (reduce_question(fixed.text, self.domain, self.min_chars) if reduce
                     else Reduction(fixed.text, False))
        source = reduction.text if reduction.reduced else fixed.text
        translation = translate_terms(source, self.pairs) if translate else Translation("", "", ())
        return QueryPlan(question, fixed.text, reduction, translation, fixed.fixes)
