"""The generative composer: an LLM writes the answer from the numbered evidence passages, and each sentence is
shown only after the post-check (chat/postcheck.py) passes it. When nothing passes, or the model fails or times
out, the extractive answer is shown instead, labelled `extractive-fallback`.

The answer path calls a composer only after the refusal gate (chat/answer.py), so refused questions never reach
the model. `stream` yields each checked sentence as soon as the model finishes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from chat.answer_text import ParsedSentence, SentenceStream, split_answer
from chat.compose import Citation, ComposeRequest, Draft, ExtractiveComposer, ShownSentence
from chat.facts import is_bare_answer
from chat.llm_prompt import build_messages, is_refusal
from chat.postcheck import (
    Passage,
    SentenceCheck,
    Similarity,
    best_quote,
    check_sentence,
    infer_citation,
    passage_sentences,
    strip_instructions,
)
from chat.quotes import display_quote
from chat.texts import fixed_text
from settings import AnswerSettings, Settings
from text.lang import detect_lang
from text.script import search_form
from text.tokenize import tokenize

__all__ = ["GenerativeComposer", "make_composer"]


class CorpusLookup:
    """What the index knows about a passage: its language, and its translation. Documents come in twins
    (ingest/twins.py); a passage's translation is the chunk of the twin whose stored vector is closest to its
    own, with its neighbours (chunk boundaries differ between the two languages)."""

    def __init__(self, handle):
        self.handle = handle

    def lang(self, chunk_id: str, text: str) -> str:
        chunk = self.handle.journal.chunks_by_id([chunk_id]).get(chunk_id)
        return (chunk or {}).get("metadata", {}).get("lang") or detect_lang(text)

    def twin(self, chunk_id: str, source_id: str) -> str:
        from ingest.twins import twin_id

        chunk = self.handle.journal.chunks_by_id([chunk_id]).get(chunk_id) or {}
        meta = chunk.get("metadata", {})
        partner = meta["twin_id"] if "twin_id" in meta else twin_id(source_id)  # older indexes: the name rule
        ids = self.handle.journal.chunk_ids_of(partner) if partner else []
        if not ids:
            return ""
        vectors = self.handle.stored_vectors([chunk_id, *ids])
        best = int(np.argmax(vectors[1:] @ vectors[0]))
        near = ids[max(0, best - 1): best + 2]
        chunks = self.handle.journal.chunks_by_id(near)
        return "\n".join(chunks[i]["text"] for i in near if i in chunks)


def passages_for(request: ComposeRequest, limit: int, lookup: CorpusLookup | None = None,
                 max_chars: int = 1200) -> list[Passage]:
    """The distinct passages of the selected evidence (and of the next step), numbered from 1. Sentences that
    address the assistant are removed as suspected injections; a passage in another language than the question
    carries its translation for the post-check."""
    seen: dict[str, Passage] = {}
    for ev in [*request.evidence, *([request.next_step] if request.next_step else [])]:
        if ev.chunk_id in seen or len(seen) == limit:
            continue
        text, removed = strip_instructions(ev.passage[:max_chars])
        lang = lookup.lang(ev.chunk_id, text) if lookup else detect_lang(text)
        twin = lookup.twin(ev.chunk_id, ev.source_id) if lookup and lang != request.lang else ""
        seen[ev.chunk_id] = Passage(len(seen) + 1, ev.chunk_id, ev.source_id, ev.title, ev.url, lang, text, removed,
                                    strip_instructions(twin)[0])
    return list(seen.values())


def to_script(text: str, lang: str, script: str | None) -> str:
    """Chinese in the asker's script (the model copies Traditional passages into Simplified answers)."""
    if lang != "zh":
        return text
    return display_quote(text, script or "hans")  # a Chinese answer of no stated script is Simplified


def embed_similarity(embed) -> Similarity:
    """Cosine of e5 'query:' embeddings (symmetric use), cached per text."""
    cache: dict[str, np.ndarray] = {}

    def vector(text: str) -> np.ndarray:
        if text not in cache:
            v = np.asarray(embed.get_query_embedding(text), dtype=np.float32)
            cache[text] = v / (np.linalg.norm(v) or 1.0)
        return cache[text]

    def similarity(sentence: str, candidates: Sequence[str]) -> list[float]:
        s = vector(sentence)
        return [float(s @ vector(c)) for c in candidates]

    return similarity


def merge_leads(sentences: Iterator[ParsedSentence]) -> Iterator[ParsedSentence]:
    """A bare direct answer ("可以[1]。", "Yes.") says nothing checkable alone: it is checked, and shown, together
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

    def __init__(self, request: ComposeRequest, passages: list[Passage], similarity: Similarity | None):
        self.request, self.similarity = request, similarity
        self.passages = {p.n: p for p in passages}
        self.numbers: dict[int, int] = {}
        self.citations: list[Citation] = []
        self.lines: list[str] = []
        self.dropped: list[dict] = []
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
                urls = next((e.source_urls for e in self.request.evidence if e.chunk_id == p.chunk_id), ())
                citation = Citation(self.numbers[n], p.chunk_id, p.source_id, p.title, p.url, quote, urls)
                self.citations.append(citation)
                new.append(citation)
        line = f"{check.shown_text} " + "".join(f"[{self.numbers[n]}]" for n in check.sentence.cited)
        if check.unconfirmed_lead:
            self.drop(check.unconfirmed_lead.strip(), "lead", "an opening answer word no source confirms (taken off)")
        self.lines.append(line)
        return ShownSentence(line, new)

    def drop(self, sentence: str, check: str, reason: str) -> None:
        self.dropped.append({"sentence": sentence, "check": check, "reason": reason})


class GenerativeComposer:
    """llm: a llama-index LLM (chat/llm.py). lookup: the index's languages and translations of passages.
    similarity: e5 cosines, for passages in another language that have no translation."""

    name = "generative"

    def __init__(self, llm, thresholds: AnswerSettings, lookup: CorpusLookup | None = None,
                 similarity: Similarity | None = None, max_passages: int = 4):
        self.llm, self.thresholds, self.lookup, self.similarity = llm, thresholds, lookup, similarity
        self.max_passages = max_passages
        self.last_checks: list[SentenceCheck] = []  # every checked sentence of the last answer, for benches

    def compose(self, request: ComposeRequest) -> Draft:
        final = list(self._iterate(request, streaming=False))[-1]
        assert isinstance(final, Draft)  # _iterate always ends with the Draft
        return final

    def stream(self, request: ComposeRequest) -> Iterator[ShownSentence | Draft]:
        yield from self._iterate(request, streaming=True)

    def _iterate(self, request: ComposeRequest, streaming: bool) -> Iterator[ShownSentence | Draft]:
        passages = passages_for(request, self.max_passages, self.lookup)
        assembly = _Assembly(request, passages, self.similarity)
        failures: list[Exception] = []
        messages = build_messages(request.question, request.lang, request.script, passages, request.previous)
        for sentence in merge_leads(self._sentences(messages, streaming, failures)):
            shown = self._check(sentence, request, assembly)
            if shown is not None:
                yield shown
        for exc in failures:
            assembly.drop("", "error", f"the LLM request failed ({type(exc).__name__}: {str(exc)[:160]})")
        self.last_checks = assembly.checks
        if not assembly.lines:  # the quotes instead; the answer path checks them as it checks any extractive draft
            fallback = ExtractiveComposer().compose(request)
            yield Draft(fallback.text, fallback.citations, "extractive-fallback", assembly.dropped + fallback.dropped)
            return
        disclaimer = fixed_text("disclaimer-generative", request.lang)
        text = "\n".join(assembly.lines) + "\n\n" + to_script(disclaimer, request.lang, request.script)
        yield Draft(text, assembly.citations, self.name, assembly.dropped, checked=True)

    def _sentences(self, messages, streaming: bool, failures: list[Exception]) -> Iterator[ParsedSentence]:
        """The model's sentences as they complete. A transport or server failure (timeout, HTTP error,
        malformed response) ends the stream and is recorded; an unfinished last sentence is never shown."""
        splitter = SentenceStream()
        try:
            if not streaming:
                yield from split_answer(self.llm.chat(messages).message.content or "")
                return
            for chunk in self.llm.stream_chat(messages):
                yield from splitter.feed(chunk.delta or "")
        except Exception as exc:  # whatever the client raises, the reader gets the quotes instead
            failures.append(exc)
            return
        yield from splitter.close()

    def _check(self, sentence: ParsedSentence, request: ComposeRequest, assembly: _Assembly) -> ShownSentence | None:
        text = to_script(sentence.text, request.lang, request.script)
        sentence = ParsedSentence(text, sentence.cited, sentence.raw)
        if is_refusal(text, request.lang):
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


def make_composer(settings: Settings, handle=None) -> GenerativeComposer | None:
    """The composer DEBTLENS_LLM asks for; None for 'none' (the extractive answer). With the index `handle`,
    passages in another language are checked through their translation (else e5 similarity, if an embedder)."""
    from chat.llm import make_llm

    llm = make_llm(settings)
    if llm is None:
        return None
    lookup = CorpusLookup(handle) if handle is not None else None
    similarity = embed_similarity(handle.embed) if handle is not None else None
    return GenerativeComposer(llm, settings.answer, lookup, similarity, settings.llm_passages)
