"""Near-duplicate detection: republished articles share almost all their character shingles."""

from __future__ import annotations

import hashlib

from ingest.clean import search_form


def shingles(text: str, n: int = 5) -> frozenset[int]:
    """Hashed character n-grams of the search form, ignoring whitespace and punctuation differences."""
    form = "".join(c for c in search_form(text) if c.isalnum())
    if len(form) <= n:
        return frozenset({_h(form)}) if form else frozenset()
    return frozenset(_h(form[i:i + n]) for i in range(len(form) - n + 1))


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def find_near_duplicate(fingerprint: frozenset[int], others: dict[str, frozenset[int]],
                        threshold: float = 0.85) -> str | None:
    """The id of the most similar other document at or above `threshold`, if any."""
    best_id, best = None, threshold
    for other_id, other in others.items():
        score = jaccard(fingerprint, other)
        if score >= best:
            best_id, best = other_id, score
    return best_id
