"""The generative composer: an LLM writes the answer from numbered passages, and every sentence is shown only
after the post-check (chat/support.py) passes it. When nothing passes, or the model fails, the extractive
answer is shown instead, labelled `extractive-fallback`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from chat.answer import Citation
from chat.answer_text import ParsedSentence, SentenceStream, split_answer
from chat.compose import (
    ComposeRequest,
    Composition,
    Dropped,
    ExtractiveComposer,
    ShownSentence,
    to_script,
)
from chat.facts import is_bare_answer
from chat.support import (
    Passage,
    SentenceCheck,
    Similarity,
    best_quote,
    check_sentence,
    infer_citation,
    passage_sentences,
)
from chat.texts import fixed_text
from settings import AnswerSettings, Settings
from text.script import search_form
from text.tokenize import tokenize

_PROMPTS = Path(__file__).with_name("prompts")
_FENCE = re.compile(r"</?\s*passages?\b[^>]*>", re.I)
_SCRIPT_RULE = {"hans": "用简体中文回答", "hant": "用繁體中文回答", "latin": ""}
_HISTORY = {"zh": "此前的提问：", "en": "Earlier questions in this conversation:"}


@cache
def prompt_text(name: str, lang: str) -> str:
    lang = lang if lang in ("zh", "en") else "en"
    return (_PROMPTS / f"{name}.{lang}.txt").read_text(encoding="utf-8").strip()


def render_passages(passages: Sequence[Passage]) -> str:
    """Each passage opens with its [n] (the mark the model must copy) and its title; a passage cannot close
    the <passages> fence (the tags are taken out of its text)."""
    def clean(text: str) -> str:
        return _FENCE.sub("", text).strip()

    return "\n\n".join(f"[{p.n}] {clean(p.title)}\n{clean(p.text)}" for p in passages)


def build_messages(request: ComposeRequest):
    from llama_index.core.llms import ChatMessage, MessageRole

    lang = request.lang if request.lang in ("zh", "en") else "en"
    fields = {"refusal": prompt_text("refusal", lang), "script_rule": _SCRIPT_RULE.get(request.script, "")}
    history = ""
    if request.history:
        history = _HISTORY[lang] + "\n" + "\n".join(f"- {h}" for h in request.history) + "\n"
    system = prompt_text("system", lang).format(**fields)
    user = prompt_text("user", lang).format(passages=render_passages(request.passages), history=history,
                                            question=request.question, **fields)
    # No worked example: the 1.5B model copied an example's facts into real answers (measured, see README).
    return [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]


def embed_similarity(embed) -> Similarity:
    """Cosine of e5 'query:' embeddings (symmetric use), cached per text for one process."""
    cache_: dict[str, np.ndarray] = {}

    def vector(text: str) -> np.ndarray:
        if text not in cache_:
            v = np.asarray(embed.get_query_embedding(text), dtype=np.float32)
            cache_[text] = v / (np.linalg.norm(v) or 1.0)
        return cache_[text]

    def similarity(sentence: str, candidates: Sequence[str]) -> list[float]:
        s = vector(sentence)
        return [float(s @ vector(c)) for c in candidates]

    return similarity


def merge_leads(sentences: Iterator[ParsedSentence]) -> Iterator[ParsedSentence]:
    """A bare direct answer ("可以[1]。", "No.") says nothing checkable alone: it is checked, and shown, together
    with the sentence that follows it."""
    lead: ParsedSentence | None = None
    for sentence in sentences:
        if lead is not None:
            joiner = "" if lead.text.endswith(("。", "！", "，", "：")) else " "
            sentence = ParsedSentence(lead.text + joiner + sentence.text,
                                      tuple(dict.fromkeys(lead.cited + sentence.cited)), f"{lead.raw} {sentence.raw}")
            lead = None
        if not tokenize(sentence.text) or is_bare_answer(sentence.text):
            lead = sentence
            continue
        yield sentence
    if lead is not None:
        yield lead


class _Assembly:
    """Checked sentences become answer lines with citations renumbered in order of first use."""

    def __init__(self, request: ComposeRequest, similarity: Similarity | None):
        self.request, self.similarity = request, similarity
        self.passages = {p.n: p for p in request.passages}
        self.numbers: dict[int, int] = {}
        self.citations: list[Citation] = []
        self.lines: list[str] = []
        self.dropped: list[Dropped] = []
        self.checks: list[SentenceCheck] = []

    def accept(self, check: SentenceCheck) -> ShownSentence:
        new = []
        for n in check.sentence.cited:
            if n not in self.numbers:
                self.numbers[n] = len(self.numbers) + 1
                p = self.passages[n]
                quote = check.quote if check.quote_n == n else best_quote(
                    check.sentence.text, [(n, s, p.lang) for s in passage_sentences(p)], self.similarity,
                    self.request.lang)[1]
                citation = Citation(self.numbers[n], p.chunk_id, p.source_id, p.title, p.url, quote)
                self.citations.append(citation)
                new.append(citation)
        marks = "".join(f"[{self.numbers[n]}]" for n in check.sentence.cited)
        line = f"{check.shown_text} {marks}"
        if check.unconfirmed_lead:
            self.drop(check.unconfirmed_lead.strip(), "lead", "an opening answer word no source confirms (taken off)")
        self.lines.append(line)
        return ShownSentence(line, new)

    def drop(self, sentence: str, check: str, reason: str) -> None:
        self.dropped.append(Dropped(sentence, check, reason))


class GenerativeComposer:
    """llm: a llama-index LLM (chat/llm.py). similarity: for cross-language support (the index's embedder)."""

    name = "generative"

    def __init__(self, llm, thresholds: AnswerSettings, similarity: Similarity | None = None):
        self.llm, self.thresholds, self.similarity = llm, thresholds, similarity
        self.last_checks: list[SentenceCheck] = []  # every checked sentence of the last answer, for benches

    def compose(self, request: ComposeRequest) -> Composition:
        final = list(self._iterate(request, streaming=False))[-1]
        assert isinstance(final, Composition)  # _iterate always ends with the Composition
        return final

    def stream(self, request: ComposeRequest) -> Iterator[ShownSentence | Composition]:
        yield from self._iterate(request, streaming=True)

    def _iterate(self, request: ComposeRequest, streaming: bool) -> Iterator[ShownSentence | Composition]:
        assembly = _Assembly(request, self.similarity)
        failures: list[Exception] = []
        for sentence in merge_leads(self._sentences(build_messages(request), streaming, failures)):
            shown = self._check(sentence, request, assembly)
            if shown is not None:
                yield shown
        for exc in failures:
            assembly.drop("", "error", f"the LLM request failed ({type(exc).__name__}: {str(exc)[:160]})")
        self.last_checks = assembly.checks
        if not assembly.lines:
            fallback = ExtractiveComposer().compose(request)
            for line, citation in zip(fallback.sentences, fallback.citations):
                yield ShownSentence(line, [citation])
            yield Composition(fallback.text, fallback.citations, "extractive-fallback", assembly.dropped,
                              fallback.sentences)
            return
        text = "\n".join(assembly.lines) + "\n\n" + fixed_text("disclaimer-generative", request.lang)
        yield Composition(text, assembly.citations, self.name, assembly.dropped, assembly.lines)

    def _sentences(self, messages, streaming: bool, failures: list[Exception]) -> Iterator[ParsedSentence]:
        """The model's sentences as they complete. A transport or server failure (timeout, HTTP error,
        malformed response) ends the stream and is recorded; sentences already complete are kept."""
        splitter = SentenceStream()
        try:
            if not streaming:
                yield from split_answer(self.llm.chat(messages).message.content or "")
                return
            for chunk in self.llm.stream_chat(messages):
                yield from splitter.feed(chunk.delta or "")
        except Exception as exc:  # whatever the client raises, the reader gets the quotes instead
            failures.append(exc)
            return  # an unfinished last sentence is never shown
        yield from splitter.close()

    def _check(self, sentence: ParsedSentence, request: ComposeRequest, assembly: _Assembly) -> ShownSentence | None:
        text = to_script(sentence.text, request.script)
        sentence = ParsedSentence(text, sentence.cited, sentence.raw)
        if search_form(prompt_text("refusal", request.lang)).rstrip("。.") in search_form(text):
            assembly.drop(sentence.raw, "declined", "the model said the passages do not answer the question")
            return None
        if search_form(text).strip(" 。.") in search_form(fixed_text("disclaimer-generative", request.lang)):
            assembly.drop(sentence.raw, "repeat", "repeats the disclaimer shown under every answer")
            return None
        if not sentence.cited and self.thresholds.infer_citations:
            check = infer_citation(sentence, assembly.passages, request.lang, self.thresholds, self.similarity)
        else:
            check = check_sentence(sentence, assembly.passages, request.lang, self.thresholds, self.similarity)
        assembly.checks.append(check)
        if not check.passed:
            assembly.drop(sentence.raw, check.check, check.reason)
            return None
        return assembly.accept(check)


def make_composer(settings: Settings, embed=None) -> GenerativeComposer | None:
    """The composer the settings ask for: None for DEBTLENS_LLM=none (the extractive answer)."""
    from chat.llm import make_llm

    llm = make_llm(settings)
    if llm is None:
        return None
    return GenerativeComposer(llm, settings.answer, embed_similarity(embed) if embed is not None else None)
