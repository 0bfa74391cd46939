"""One regular expression that finds the longest of many names at each position, built as a trie.

Python's `re` tries an alternation's branches one by one at every position, so "|".join of 440 place and
authority names cost about 1 ms per sentence scan; the same names as a trie share their prefixes and fail on the
first character. ASCII names match only as whole words (not "in" inside "ombudsman").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # trie key marking that a name ends here
_WORD = "a-z0-9"


def _trie(names: Iterable[str]) -> dict:
    root: dict = {}
    for name in names:
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _branches(node: dict, whole_word: bool) -> str:
    """The node's continuations, longest first: each child character, then the end of a name (last, so a longer
    name wins); an ASCII name must not run on into a word character."""
    parts = [re.escape(char) + _branches(child, whole_word) for char, child in sorted(node.items()) if char != _END]
    if _END in node:
        parts.append(f"(?![{_WORD}])" if whole_word else "")
    if len(parts) == 1 and _END not in node:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


def longest_name_pattern(names: Iterable[str]) -> str:
    """A pattern matching, at each position, the longest of `names` (lower-case for ASCII letters); ASCII-only
    names only as whole words."""
    names = [n for n in dict.fromkeys(names) if n]
    ascii_names = [n for n in names if n.isascii()]
    other = [n for n in names if not n.isascii()]
    parts = []
    if other:
        parts.append(_branches(_trie(other), False))
    if ascii_names:
        parts.append(f"(?<![{_WORD}])" + _branches(_trie(ascii_names), True))
    return "|".join(parts) if parts else "(?!)"
