"""Fixed sentences live as files side by side in zh and en; this loads them by name."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

_DIR = Path(__file__).with_name("texts")


@cache
def fixed_text(name: str, lang: str) -> str:
    lang = lang if lang in ("zh", "en") else "en"
    return (_DIR / f"{name}.{lang}.txt").read_text(encoding="utf-8").strip()


@cache
def phrases(lang: str, script: str | None = None) -> dict[str, str]:
    """The answer's fixed phrases (texts/phrases.<lang>.toml); Traditional answers get them converted."""
    lang = lang if lang in ("zh", "en") else "en"
    table = tomllib.loads((_DIR / f"phrases.{lang}.toml").read_text(encoding="utf-8"))
    if lang == "zh" and script == "hant":
        from text.script import to_traditional

        table = {k: to_traditional(v) for k, v in table.items()}
    return table
