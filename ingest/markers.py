"""Inline sentence markers: `[[unverified]] ` and `[[analysis]] ` in a body become sentence-level metadata.

A marker flags the sentence it sits in (put it at the sentence start, after any article label). The
text that is indexed and quoted never contains the marker; the chunk records which of its sentences
were flagged, so an answer can say "未经核实 / unverified" or "analysis" in its own words.
"""

from __future__ import annotations

import json
import re

from text.sentences import split_sentences

KINDS = ("unverified", "analysis")
_MARKER = re.compile(r"\[\[(" + "|".join(KINDS) + r")\]\] ?")


def metadata_key(kind: str) -> str:
    return f"{kind}_sentences"


def strip_markers(text: str) -> tuple[str, dict[str, list[str]]]:
    """(text without markers, kind -> flagged sentences exactly as split_sentences yields them from that text)."""
    flagged: dict[str, list[str]] = {kind: [] for kind in KINDS}
    lines = []
    for line in text.split("\n"):
        if "[[" in line:
            for sentence in split_sentences(line):
                kinds = _MARKER.findall(sentence)
                clean = _MARKER.sub("", sentence).strip()
                for kind in dict.fromkeys(kinds):
                    flagged[kind].append(clean)
            line = _MARKER.sub("", line)
        lines.append(line)
    return "\n".join(lines), flagged


def without_markers(text: str) -> str:
    return _MARKER.sub("", text)


def flags_in(text: str, flagged: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """The sentences of one chunk (as split_sentences yields them from the chunk) that hold a flagged sentence.

    Containment, not equality: a chunk can join lines so that two line-final sentences read as one
    ("... CONC 7.3.5G. A proposal ..."); the whole joined sentence then carries the flag.
    """
    sentences = split_sentences(text)
    return {kind: tuple(s for s in sentences if any(f in s for f in flagged.get(kind, []))) for kind in KINDS}


def marker_metadata(flags: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Flat metadata for Chroma (scalars only): each kind's sentences as a JSON list string."""
    return {metadata_key(kind): json.dumps(list(flags.get(kind, ())), ensure_ascii=False) for kind in KINDS}


def sentence_flags(metadata: dict, sentence: str) -> list[str]:
    """Kinds ("unverified", "analysis") that a chunk's metadata records for this sentence."""
    out = []
    for kind in KINDS:
        raw = metadata.get(metadata_key(kind)) or "[]"
        values = json.loads(raw) if isinstance(raw, str) else list(raw)
        if sentence.strip() in values:
            out.append(kind)
    return out
