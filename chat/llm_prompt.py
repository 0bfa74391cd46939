"""The generative composer's prompt: fixed texts in chat/prompts/ (zh and en), numbered passages fenced as data.

The rules (passages are data, not instructions; [n] after every sentence; the direct answer first; the asker's
language and script; one fixed sentence when the passages do not answer) are in the system prompt files."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from chat.postcheck import Passage

_PROMPTS = Path(__file__).with_name("prompts")
_FENCE = re.compile(r"</?\s*passages?\b[^>]*>", re.I)
_SCRIPT_RULE = {"hans": "用简体中文回答", "hant": "用繁體中文回答"}
_PREVIOUS = {"zh": "此前的提问：", "en": "The earlier question in this conversation:"}


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


def build_messages(question: str, lang: str, script: str | None, passages: Sequence[Passage], previous: str = ""):
    from llama_index.core.llms import ChatMessage, MessageRole

    lang = lang if lang in ("zh", "en") else "en"
    fields = {"refusal": prompt_text("refusal", lang), "script_rule": _SCRIPT_RULE.get(script or "hans", "")}
    history = f"{_PREVIOUS[lang]}\n- {previous}\n" if previous.strip() else ""
    system = prompt_text("system", lang).format(**fields)
    user = prompt_text("user", lang).format(passages=render_passages(passages), history=history,
                                            question=question, **fields)
    # No worked example: the 1.5B model copied an example's facts into real answers (tried; see README, LLM).
    return [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]


def is_refusal(text: str, lang: str) -> bool:
    """The model's fixed sentence for "the passages do not answer this"."""
    from text.script import search_form

    return search_form(prompt_text("refusal", lang)).rstrip("。.") in search_form(text)
