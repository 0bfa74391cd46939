"""Characters that are not text: terminal escape sequences, C0/C1 controls, bidi overrides, lone surrogates.

Documents, file names and questions may carry them; they are dropped at ingest and before anything is printed.
"""

from __future__ import annotations

import re

# CSI, OSC, DCS/SOS/PM/APC, two-character ESC and 8-bit CSI sequences; then lone controls and bidi overrides.
# Tab, line feed, form feed and carriage return stay for whitespace handling.
_ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                            r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def drop_control_characters(text: str) -> str:
    """Terminal escape sequences, C0/C1 controls and bidi overrides are never document text."""
    return _CONTROL.sub("", _ANSI_SEQUENCE.sub("", text))


def first_surrogate(text: str) -> int | None:
    """Index of the first lone surrogate (bytes that were not UTF-8), if any."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


def for_terminal(text: str, one_line: bool = False) -> str:
    """Printable text: escape sequences, control and bidi-override characters removed, invalid Unicode replaced;
    with one_line, line breaks and tabs become spaces (a title cannot fake new lines)."""
    text = _SURROGATE.sub("\ufffd", str(text)).replace("\r\n", "\n")
    text = drop_control_characters(text).replace("\r", "").replace("\f", "")
    return re.sub(r"[\n\t]+", " ", text) if one_line else text
