"""The question as typed, checked before any work: bounded length, valid Unicode, no control characters."""

from __future__ import annotations

from text.control import drop_control_characters, first_surrogate


class QuestionError(ValueError):
    """A question that cannot be searched; the message says why and what to type instead."""


def check_question(question: str, max_chars: int) -> str:
    """The question without escape sequences, control and bidi-override characters, or a QuestionError."""
    bad = first_surrogate(question)
    if bad is not None:
        raise QuestionError(
            f"the question is not valid Unicode (a lone surrogate at character {bad + 1}, usually bytes that "
            f"are not UTF-8); retype it, or set a UTF-8 locale (LANG=C.UTF-8) in the terminal")
    if len(question) > max_chars:
        raise QuestionError(
            f"the question is {len(question):,} characters; the limit is {max_chars:,} (DEBTLENS_MAX_QUESTION_CHARS). "
            f"Ask about one thing at a time, in a sentence or two")
    cleaned = drop_control_characters(question).strip()
    if not cleaned:
        raise QuestionError("the question is empty; type a question, e.g. 催收最难协调的平台是哪个？")
    return cleaned
