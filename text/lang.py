"""Which language a text is in, for the two the corpus holds."""

from __future__ import annotations

import re

from text.script import CJK_RANGES

_CJK_LETTER = re.compile(rf"[{CJK_RANGES}]")


def cjk_ratio(text: str) -> float:
    """Share of the letters that are Chinese characters."""
    letters = sum(map(str.isalpha, text))  # one pass in C: a 4 MB page costs milliseconds, not seconds
    if not letters:
        return 0.0
    return len(_CJK_LETTER.findall(text)) / letters


def detect_lang(text: str) -> str:
    """'zh' when CJK characters make up a real share of the letters, else 'en'."""
    return "zh" if cjk_ratio(text) >= 0.2 else "en"
