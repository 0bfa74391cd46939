"""One answer shape for every composer. A `Composer` turns a question and its numbered evidence passages into
answer text with citations; the extractive composer quotes, the generative one (chat/generative.py) writes.

`answer_question(..., composer=...)` in chat/answer.py and `stream_answer` here call a composer only after the
refusal gate has passed, so a refused question never reaches a model.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from chat.answer import Answer, Candidate, Citation, Plan, compose, extractive_answer, plan_answer
from chat.support import Passage, strip_instructions
from text.lang import detect_lang
from text.script import detect_script, to_simplified, to_traditional


@dataclass
class Dropped:
    """A sentence the post-check removed, and why; `check` names the check that failed first."""

    sentence: str
    check: str
    reason: str

    def as_dict(self) -> dict:
        return {"sentence": self.sentence, "check": self.check, "reason": self.reason}


@dataclass
class Composition:
    text: str
    citations: list[Citation]
    composer: str  # extractive | generative | extractive-fallback
    dropped: list[Dropped] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # the shown sentence lines, marks included


@dataclass
class ShownSentence:
    """One checked sentence as it is released to the reader (streaming), with the citations it uses."""

    line: str
    citations: list[Citation]


@dataclass
class ComposeRequest:
    question: str
    lang: str                 # zh | en
    script: str               # hans | hant | latin: the asker's script, kept in the answer
    passages: list[Passage]   # numbered from 1, instruction-like sentences already removed
    chosen: list[Candidate]   # the extractive evidence selection (quotes), for the extractive composer
    history: list[str] = field(default_factory=list)


class Composer(Protocol):
    name: str

    def compose(self, request: ComposeRequest) -> Composition: ...

    def stream(self, request: ComposeRequest) -> Iterator[ShownSentence | Composition]:
        """Checked sentences as they are ready, then the final Composition (always last)."""
        ...


class ExtractiveComposer:
    """Quoted source sentences with their citation numbers (the default; no model)."""

    name = "extractive"

    def compose(self, request: ComposeRequest) -> Composition:
        text, citations = compose(request.chosen, request.lang)
        lines = [line for line in text.splitlines() if line.rstrip().endswith("]")]
        return Composition(text, citations, self.name, sentences=lines)

    def stream(self, request: ComposeRequest) -> Iterator[ShownSentence | Composition]:
        composition = self.compose(request)
        for line, citation in zip(composition.sentences, composition.citations):
            yield ShownSentence(line, [citation])
        yield composition


def script_of(text: str) -> str:
    """The asker's script: hant or hans for Chinese (hans when the characters are shared), latin otherwise."""
    if detect_lang(text) != "zh":
        return "latin"
    return detect_script(text) or "hans"


def to_script(text: str, script: str) -> str:
    """Write Chinese in the asker's script (models copy Traditional passages into Simplified answers)."""
    if script == "hans":
        return to_simplified(text)
    if script == "hant":
        return to_traditional(text)
    return text


Twin = Callable[[str, str], str]  # (chunk_id, source_id) -> the same passage in the other language, or ""


def twin_finder(handle) -> Twin:
    """Bundled documents come in pairs (…-zh, …-en) that translate each other. A passage's twin is the chunk of
    the other document whose stored vector is closest to the passage's own, with its neighbours (chunk
    boundaries differ between the two languages)."""
    found: dict[str, str] = {}

    def twin(chunk_id: str, source_id: str) -> str:
        if chunk_id in found:
            return found[chunk_id]
        m = re.fullmatch(r"(?P<stem>.+)-(?P<lang>zh|en)", source_id)
        ids = handle.journal.chunk_ids_of(f"{m['stem']}-{'en' if m['lang'] == 'zh' else 'zh'}") if m else []
        text = ""
        if ids:
            vectors = handle.stored_vectors([chunk_id, *ids])
            best = int(np.argmax(vectors[1:] @ vectors[0]))
            chunks = handle.journal.chunks_by_id(ids[max(0, best - 1): best + 2])
            text = "\n".join(chunks[i]["text"] for i in ids[max(0, best - 1): best + 2] if i in chunks)
        found[chunk_id] = text
        return text

    return twin


def passages_for(plan: Plan, limit: int, max_chars: int = 1200, twin: Twin | None = None) -> list[Passage]:
    """The top `limit` quotable chunks in retrieval order, always including those the extractive evidence came
    from; numbered from 1; sentences that address the assistant are removed as suspected injections. With
    `twin`, a passage in the other language than the question carries its translation for the post-check."""
    ranks = list(dict.fromkeys([c.rank for c in plan.chosen] + list(range(len(plan.quotable)))))[:limit]
    out = []
    for n, rank in enumerate(sorted(ranks), start=1):
        node = plan.quotable[rank].node
        meta = node.metadata
        text, removed = strip_instructions(node.get_content()[:max_chars])
        lang = meta.get("lang") or detect_lang(text)
        twin_text = twin(node.node_id, meta.get("source_id", "")) if twin and lang != plan.lang else ""
        out.append(Passage(n, node.node_id, meta.get("source_id", ""), meta.get("title", ""), meta.get("url", ""),
                           lang, text, removed, strip_instructions(twin_text)[0]))
    return out


def request_for(plan: Plan, history: list[str] | None, passage_limit: int, twin: Twin | None = None) -> ComposeRequest:
    return ComposeRequest(plan.question, plan.lang, script_of(plan.question),
                          passages_for(plan, passage_limit, twin=twin), plan.chosen,
                          [h for h in (history or []) if h.strip()])


def with_composition(answer: Answer, composition: Composition, started: float) -> Answer:
    return replace(answer, text=composition.text, citations=composition.citations, composer=composition.composer,
                   dropped=[d.as_dict() for d in composition.dropped],
                   latency_ms=(time.perf_counter() - started) * 1000)


_COMPOSER_LABEL = {
    "extractive": "answer: quoted sources (extractive)",
    "generative": "answer: written by the LLM; every sentence checked against its cited source",
    "extractive-fallback": "answer: quoted sources (extractive fallback: no LLM sentence passed the check)",
}


def composer_label(answer: Answer) -> str:
    """The visible mark of which composer wrote an answer, and how much the post-check removed."""
    label = _COMPOSER_LABEL.get(answer.composer, answer.composer)
    if answer.dropped:
        label += f"; {len(answer.dropped)} sentence(s) removed by the post-check"
    return label


def stream_answer(handle, question: str, history: list[str] | None = None, filters=None,
                  composer: Composer | None = None) -> Iterator[ShownSentence | Answer]:
    """Like answer_question, but yields each checked sentence as it is ready; the last item is the Answer."""
    plan = plan_answer(handle, question, history, filters)
    answer = extractive_answer(plan)
    if composer is None or answer.refused:
        yield answer
        return
    request = request_for(plan, history, handle.settings.llm_passages, twin_finder(handle))
    for event in composer.stream(request):
        if isinstance(event, Composition):
            yield with_composition(answer, event, plan.started)
        else:
            yield event
