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

from text.control import for_terminal

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_URL_SAFE = ":/?#@!$&*+,;=%-._~"  # parentheses, quotes, spaces and brackets get percent-encoded
# Streamlit's GFM plugin turns URL-like text into links after parsing, escapes or not; a word joiner (U+2060,
# invisible, no break) after "http", "www" and "@" keeps such text from matching.
_AUTOLINK_START = re.compile(r"(?i)(https?(?=:)|www(?=\.)|@)")


def escape_markdown(text: str) -> str:
    """Literal text in st.markdown/st.caption: punctuation escaped, URL-like words kept from autolinking,
    line breaks kept as hard breaks."""
    text = _AUTOLINK_START.sub("\\1\u2060", for_terminal(str(text)))
    lines = [_MD_SPECIAL.sub(r"\\\1", line.strip()) for line in text.split("\n")]
    return "  \n".join(lines)


def safe_link(url: str, trusted: Iterable[str], text: str | None = None) -> str | None:
    """A markdown link for an http(s) URL the operator listed, else None (show the URL as text); `text` (escaped
    here) names the link instead of the URL itself."""
    url = str(url).strip()
    parts = urlsplit(url) if url else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or url not in set(trusted):
        return None
    return f"[{escape_markdown(url if text is None else text)}]({quote(url, safe=_URL_SAFE)})"
