"""Sentence splitting for Chinese and English, shared by chunking and the answerer."""

from __future__ import annotations

import re

# Sentence ends: Chinese 。！？；, English .!? followed by space or line end (not 3.85 or U.S.).
_SENTENCE_END = re.compile(r"(?<=[。！？；!?])|(?<=[;.])(?=\s)(?<![A-Z]\.)(?<!\b[A-Z][a-z]\.)(?<!\bNo\.)(?<!\bArt\.)(?<!\bs\.)(?<!a\.m\.)(?<!p\.m\.)(?<!e\.g\.)(?<!i\.e\.)(?<!\bvs\.)")


def split_sentences(text: str) -> list[str]:
    """Split on Chinese and English sentence ends and on line breaks; drop empties."""
    out: list[str] = []
    for line in text.split("\n"):
        for piece in _SENTENCE_END.split(line):
            piece = piece.strip()
            if piece:
                out.append(piece)
    return out
