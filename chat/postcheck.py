"""The post-check of generated sentences: is one sentence an LLM wrote supported by the passages it cites?
(chat/support.py checks the extractive composer's quote lines; a paraphrase needs the checks below.)

Checks, in order (every failing one is recorded; the first names the drop):
citation   every [n] names a passage that was given, and there is at least one
injection  the sentence does not repeat an instruction found inside a passage
language   written in the asker's language
facts      numbers, dates, money, article references and named bodies appear in a cited passage
polarity   may/can/可以 where the best-matching source sentence says must not/不得 (or the reverse)
support    content words found in a cited passage (in the other language: in its translation in the corpus;
           without one, e5 similarity)
The best-matching verbatim source sentence becomes the citation's quote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chat import facts
from chat.answer_text import ParsedSentence
from ingest.hygiene import addresses_assistant
from settings import AnswerSettings
from text.lang import detect_lang
from text.script import search_form
from text.sentences import split_sentences
from text.tokenize import tokenize

# sentence, candidate texts -> cosine similarity per candidate (the project's embedder)
Similarity = Callable[[str, Sequence[str]], Sequence[float]]


@dataclass(frozen=True)
class Passage:
    n: int
    chunk_id: str
    source_id: str
    title: str
    url: str
    lang: str
    text: str  # instruction-like sentences already removed (kept in `removed`)
    removed: tuple[str, ...] = ()
    twin_text: str = ""  # the same passage in the other language, where the corpus has a translation


@dataclass
class SentenceCheck:
    sentence: ParsedSentence
    failures: list[tuple[str, str]] = field(default_factory=list)  # (check, reason)
    cited_texts: list[str] = field(default_factory=list)
    quote: str = ""
    quote_n: int = 0
    token_support: float | None = None
    translation_support: float | None = None
    cross_similarity: float | None = None
    inferred: bool = False  # the model gave no [n]; the checker found the passage
    unconfirmed_lead: str = ""  # an opening 是/Yes/可以 no source confirms: shown without it

    @property
    def shown_text(self) -> str:
        if not self.unconfirmed_lead:
            return self.sentence.text
        rest = self.sentence.text[len(self.unconfirmed_lead):]
        return rest[:1].upper() + rest[1:]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def check(self) -> str:
        return self.failures[0][0] if self.failures else ""

    @property
    def reason(self) -> str:
        return "; ".join(reason for _, reason in self.failures)


def passage_sentences(passage: Passage) -> list[str]:
    """Verbatim sentences of a passage, the candidates for a citation's quote."""
    return [s for s in split_sentences(passage.text) if len(s) > 1]


def token_support(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's content tokens found in the passages (as tokens or as substrings, so a
    different jieba segmentation of the same words still counts)."""
    tokens = tokenize(sentence)
    if not tokens:
        return 0.0
    forms = [search_form(p) for p in passages]
    passage_tokens = {t for p in passages for t in tokenize(p)}
    return sum(t in passage_tokens or any(t in f for f in forms) for t in tokens) / len(tokens)


def _overlap(sentence_tokens: set[str], candidate: str) -> float:
    cand = set(tokenize(candidate))
    return len(sentence_tokens & cand) / (len(sentence_tokens | cand) or 1)


def best_quote(sentence: str, candidates: Sequence[tuple[int, str, str]], similarity: Similarity | None,
               lang: str) -> tuple[int, str, float | None]:
    """(n, verbatim sentence, cosine or None) most like `sentence` among (n, sentence, lang) candidates:
    token overlap within the sentence's language, embedding similarity across languages."""
    if not candidates:
        return 0, "", None
    same = [c for c in candidates if c[2] == lang]
    if same:
        tokens = set(tokenize(sentence))
        n, text, _ = max(same, key=lambda c: _overlap(tokens, c[1]))
        if _overlap(tokens, text) > 0 or similarity is None:
            return n, text, None
    if similarity is None:
        return candidates[0][0], candidates[0][1], None
    scores = list(similarity(sentence, [c[1] for c in candidates]))
    best = max(range(len(candidates)), key=lambda i: scores[i])
    return candidates[best][0], candidates[best][1], float(scores[best])


def missing_facts(sentence: str, cited_texts: Sequence[str]) -> list[str]:
    """The sentence's numbers, article references and named bodies that no cited passage contains."""
    joined = "\n".join(cited_texts)
    passage_numbers = facts.numbers(joined)
    missing = [f"number {sorted(alts)[0]}" for alts in facts.number_alternatives(sentence)
               if not alts & passage_numbers]
    passage_refs = facts.article_refs(joined)
    missing += [f"article {num}{part}" for num, part in sorted(facts.article_refs(sentence))
                if not facts.ref_in((num, part), passage_refs, joined)]
    form = search_form(joined)
    missing += [f"body {names[0]}" for names in facts.named_bodies(sentence) if not any(a in form for a in names)]
    return missing


def check_sentence(sentence: ParsedSentence, passages: dict[int, Passage], lang: str,
                   thresholds: AnswerSettings, similarity: Similarity | None = None) -> SentenceCheck:
    result = SentenceCheck(sentence)
    unknown = [n for n in sentence.cited if n not in passages]
    if not sentence.cited:
        result.failures.append(("citation", "no [n] citation"))
    elif unknown:
        result.failures.append(("citation", f"cites [{', '.join(map(str, unknown))}], which no passage has"))
    cited = [passages[n] for n in sentence.cited if n in passages]
    result.cited_texts = [p.text for p in cited]
    if not cited:
        return result

    for p in cited:
        for instruction in p.removed:
            if token_support(sentence.text, [instruction]) >= 0.5:
                result.failures.append(("injection", f"repeats an instruction found in passage [{p.n}]"))
                break
    if detect_lang(sentence.text) != lang:
        result.failures.append(("language", f"not written in {lang}"))
    missing = missing_facts(sentence.text, [p.text for p in cited])
    if missing:
        result.failures.append(("facts", "not in the cited passage: " + ", ".join(missing)))

    candidates = [(p.n, s, p.lang) for p in cited for s in passage_sentences(p)]
    result.quote_n, result.quote, quote_cos = best_quote(sentence.text, candidates, similarity, lang)
    _check_polarity(result)

    _check_support(result, cited, lang, thresholds, similarity, quote_cos)
    return result


def _check_polarity(result: SentenceCheck) -> None:
    """may/can/可以 against must not/不得 between the sentence and its best-matching source sentence; an opening
    answer word (可以，/ Yes,) must agree with the rule stated, or it is taken off when nothing confirms it."""
    lead, lead_polarity, rest = facts.split_lead(result.sentence.text)
    said, source = facts.rule_polarity(rest), facts.rule_polarity(result.quote)
    words = {1: "permits", -1: "forbids"}
    if said and said == -source:
        result.failures.append(("polarity", f"{words[said]} what its source [{result.quote_n}] {words[source]}"))
    if lead:
        rule = said or source
        if lead_polarity is not None and rule and lead_polarity == -rule:
            result.failures.append(("polarity", f"answers '{lead.strip(' ，,。.')}' but the rule {words[rule]}"))
        elif lead_polarity is None or not rule:
            result.unconfirmed_lead = lead


def _check_support(result: SentenceCheck, cited: list[Passage], lang: str, thresholds: AnswerSettings,
                   similarity: Similarity | None, quote_cos: float | None) -> None:
    text = result.sentence.text
    if not tokenize(text):
        result.failures.append(("support", "says nothing a source could support"))
        return
    # A passage in the other language is read through its translation when the corpus has one (every bundled
    # document has a zh and an en version): content words can then be matched, which e5 cosines cannot do reliably.
    same = [p.text for p in cited if p.lang == lang]
    twins = [p.twin_text for p in cited if p.lang != lang and p.twin_text]
    other = [p for p in cited if p.lang != lang and not p.twin_text]
    if same:
        result.token_support = token_support(text, same)
        if result.token_support >= thresholds.min_token_support:
            return
    if twins:
        result.translation_support = token_support(text, twins)
        if result.translation_support >= thresholds.min_translation_support:
            return
    if other and similarity is not None:
        candidates = [s for p in other for s in passage_sentences(p)] + [p.text for p in other]
        result.cross_similarity = max(max(similarity(text, candidates), default=0.0), quote_cos or 0.0)
        if result.cross_similarity >= thresholds.min_cross_similarity:
            return
    if same:
        result.failures.append(("support", f"{result.token_support:.0%} of its content words are in the cited "
                                           f"passage (need {thresholds.min_token_support:.0%})"))
    elif twins:
        result.failures.append(("support", f"{result.translation_support:.0%} of its content words are in the "
                                           f"cited passage's translation (need {thresholds.min_translation_support:.0%})"))
    elif similarity is None:
        result.failures.append(("support", "cross-language support needs the embedder"))
    else:
        result.failures.append(("support", f"similarity {result.cross_similarity:.2f} to the cited passage "
                                           f"(need {thresholds.min_cross_similarity:.2f})"))


def infer_citation(sentence: ParsedSentence, passages: dict[int, Passage], lang: str,
                   thresholds: AnswerSettings, similarity: Similarity | None = None) -> SentenceCheck:
    """For a sentence without [n]: check it against the passage that best matches it (content-word share within
    the language, else e5 similarity). Passing makes it shown with that citation, marked as inferred."""
    def closeness(p: Passage) -> float:
        if p.lang == lang:
            return token_support(sentence.text, [p.text])
        return max(similarity(sentence.text, passage_sentences(p)), default=0.0) - 1.0 if similarity else -1.0

    best = max(passages.values(), key=closeness, default=None)
    if best is None:
        return check_sentence(sentence, passages, lang, thresholds, similarity)
    result = check_sentence(ParsedSentence(sentence.text, (best.n,), sentence.raw), passages, lang, thresholds,
                            similarity)
    result.inferred = True
    if not result.passed:
        result.failures.insert(0, ("citation", f"no [n] citation (and the closest passage [{best.n}] fails too)"))
    return result


def strip_instructions(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove sentences addressed to the assistant from passage text; return (kept text, removed sentences)."""
    removed = tuple(s for s in split_sentences(text) if addresses_assistant(s))
    for sentence in removed:
        text = text.replace(sentence, "")
    return text, removed
