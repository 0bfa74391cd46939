"""Near-duplicate detection: republished articles share almost all their character shingles."""

from __future__ import annotations

import hashlib

from ingest.load import SourceDoc
from text.script import search_form


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


class NearDuplicates:
    """Which incoming source republishes one already kept: fed the texts of the sources the index keeps, then
    asked about each new source in turn (a new source that is not a copy is kept for the ones after it)."""

    def __init__(self, kept_texts: dict[str, str], threshold: float = 0.85):
        self.threshold = threshold
        self.fingerprints = {source_id: shingles(text) for source_id, text in kept_texts.items()}

    def original_of(self, doc: SourceDoc) -> str | None:
        """The id of the source `doc` copies, or None (then `doc` is remembered as kept)."""
        fingerprint = shingles(doc.text)
        original = find_near_duplicate(fingerprint, self.fingerprints, self.threshold)
        if original is None:
            self.fingerprints[doc.source_id] = fingerprint
        return original
