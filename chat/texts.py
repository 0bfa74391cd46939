"""Fixed sentences live as files side by side in zh and en; this loads them by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).with_name("texts")


@cache
def fixed_text(name: str, lang: str) -> str:
    lang = lang if lang in ("zh", "en") else "en"
    return (_DIR / f"{name}.{lang}.txt").read_text(encoding="utf-8").strip()
