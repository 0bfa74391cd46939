"""Text cleaning as small pure functions: gloss repair, boilerplate, redaction, script and width forms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ingest.redact import redact_personal_data

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONED}]{{0,5}}[{_TONED}][a-zü]{{0,5}}|[a-zü]{{1,6}}[1-5]"
# A CJK character followed by a parenthesised, tone-marked pinyin syllable, e.g. 協(xié) or 問（wèn）.
# The tone mark (or tone digit) is required so English glosses like 代偿 (paid) survive.
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# Terminal escape sequences (CSI, OSC, DCS/SOS/PM/APC, two-character ESC, 8-bit CSI), then lone controls and
# bidi overrides; tab, line feed, form feed and carriage return stay for the whitespace step.
_ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                            r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_GLOSS = re.compile(rf"([{_CJK}])\s?[(（](?:{_SYLLABLE})[)）]")

_BOILERPLATE_LINE = re.compile(
    r"^\s*(編輯|编辑|責任編輯|责任编辑|作者|來源|来源)\s*[:：].{0,40}\d{4}-\d{1,2}-\d{1,2}"
    r"|語音朗讀|语音朗读|內容侵權|内容侵权|刪帖舉報|删帖举报|版權聲明|版权声明"
    r"|^\s*(分享到|打印本頁|打印本页|返回頂部|返回顶部)\s*[:：]?\s*$"
)
# A line that starts a footer tail: everything from it on is navigation, not article.
_TAIL_START = re.compile(r"^\s*(相關推薦|相关推荐|最新文章|隨機看看|随机看看|熱門文章|热门文章|猜你喜歡|猜你喜欢)\s*$")

def strip_pinyin_glosses(text: str) -> str:
    """協(xié)調(diào) -> 協調: scraped pages often carry pinyin readings after characters."""
    return _GLOSS.sub(r"\1", text)


def drop_boilerplate_lines(text: str) -> str:
    """Remove editor/date, read-aloud and takedown-contact lines and cut related/latest-article tails."""
    kept: list[str] = []
    for line in text.splitlines():
        if _TAIL_START.match(line):
            break
        if _BOILERPLATE_LINE.search(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def drop_control_characters(text: str) -> str:
    """Terminal escape sequences, C0/C1 controls and bidi overrides are never document text."""
    return _CONTROL.sub("", _ANSI_SEQUENCE.sub("", text))


def normalise_whitespace(text: str) -> str:
    """Collapse runs of spaces, trim lines, keep at most one blank line between paragraphs."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # the official wheel; lazy because it loads dictionaries

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def to_halfwidth(text: str) -> str:
    """NFKC folds full-width letters, digits and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def search_form(text: str) -> str:
    """The form used for matching: Simplified, half-width, lower-case."""
    return to_simplified(to_halfwidth(text)).lower()


def clean_text(text: str) -> str:
    """The full cleaning chain for display text (original script kept)."""
    for step in (drop_control_characters, strip_pinyin_glosses, drop_boilerplate_lines, redact_personal_data,
                 normalise_whitespace):
        text = step(text)
    return text


def cjk_ratio(text: str) -> float:
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    return len(_CJK_CHAR.findall(text)) / letters


def detect_lang(text: str) -> str:
    """'zh' when CJK characters make up a real share of the letters, else 'en'."""
    return "zh" if cjk_ratio(text) >= 0.2 else "en"
