"""Script and width forms: Simplified/Traditional conversion (official opencc), width and case folding, and
which Chinese script a text is written in."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

CJK_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(rf"[{CJK_RANGES}]")

Script = Literal["hans", "hant"]


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc  # the official wheel; lazy because it loads dictionaries

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


# OpenCC's phrase table reads 发卡 as 髮卡 (a hair clip); in card lending it is card issuing (發卡銀行, 發卡機構),
# the only reading the Traditional documents of the corpus use.
_CARD_ISSUING = re.compile(r"髮卡(?=銀行|機構|行|方|業務|量|數|人)|(?<=信用卡)髮卡")


def to_traditional(text: str) -> str:
    return _CARD_ISSUING.sub("發卡", _converter("s2t").convert(text))


def to_halfwidth(text: str) -> str:
    """NFKC folds full-width letters, digits and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def search_form(text: str) -> str:
    """The form used for matching: Simplified, half-width, lower-case."""
    return to_simplified(to_halfwidth(text)).lower()


def detect_script(text: str) -> Script | None:
    """'hant' when more Chinese characters change under Traditional->Simplified than the other way, 'hans' when
    the reverse holds, None when the text has no Chinese or only characters shared by both scripts."""
    han = "".join(_CJK_CHAR.findall(text))
    if not han:
        return None
    traditional_only = sum(a != b for a, b in zip(han, to_simplified(han)))
    # A character Hong Kong's or Taiwan's standard also writes (台 in 台灣) is not Simplified-only.
    simplified_only = sum(a != t and a != hk and a != tw for a, t, hk, tw in
                          zip(han, to_traditional(han), _converter("s2hk").convert(han), _converter("s2tw").convert(han)))
    if traditional_only > simplified_only:
        return "hant"
    if simplified_only > traditional_only:
        return "hans"
    return None
