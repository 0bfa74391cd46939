"""Untrusted document text shown as text: escaped for Streamlit markdown, cleaned for the terminal.

Titles, quotes, bodies and URLs come from documents anyone can write. In markdown every ASCII punctuation
character is backslash-escaped (CommonMark allows it for all of them), so no link, image, HTML tag, code
fence, heading, math or Streamlit :directive[] can form; only http(s) URLs the operator listed (front
matter source_urls or corpus/sources.toml) become links, and never images.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?"
                   r"|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_URL_SAFE = ":/?#@!$&*+,;=%-._~"  # parentheses, quotes, spaces and brackets get percent-encoded


def escape_markdown(text: str) -> str:
    """Literal text in st.markdown/st.caption: punctuation escaped, line breaks kept as hard breaks."""
    lines = [_MD_SPECIAL.sub(r"\\\1", line.strip()) for line in for_terminal(str(text)).split("\n")]
    return "  \n".join(lines)


def safe_link(url: str, trusted: Iterable[str]) -> str | None:
    """A markdown link for an http(s) URL the operator listed, else None (show the URL as text)."""
    url = str(url).strip()
    parts = urlsplit(url) if url else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or url not in set(trusted):
        return None
    return f"[{escape_markdown(url)}]({quote(url, safe=_URL_SAFE)})"


def for_terminal(text: str, one_line: bool = False) -> str:
    """Printable text: ANSI/OSC escape sequences, control and bidi-override characters removed, invalid
    Unicode replaced; with one_line, line breaks and tabs become spaces (titles cannot fake new lines)."""
    text = _SURROGATE.sub("\ufffd", str(text))
    text = _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))
    return re.sub(r"[\n\t]+", " ", text) if one_line else text
