"""Text cleaning as small pure functions: gloss repair, boilerplate, redaction, whitespace.

Script, width and language handling live in text/ (used by every stage)."""

from __future__ import annotations

import re

from ingest.redact import redact_personal_data
from text.control import drop_control_characters
from text.script import CJK_RANGES as _CJK

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONED}]{{0,5}}[{_TONED}][a-zü]{{0,5}}|[a-zü]{{1,6}}[1-5]"
# A CJK character followed by a parenthesised, tone-marked pinyin syllable, e.g. 協(xié) or 問（wèn）.
# The tone mark (or tone digit) is required so English glosses like 代偿 (paid) survive.
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


def normalise_whitespace(text: str) -> str:
    """Collapse runs of spaces, trim lines, keep at most one blank line between paragraphs."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_text(text: str) -> str:
    """The full cleaning chain for display text (original script kept)."""
    for step in (drop_control_characters, strip_pinyin_glosses, drop_boilerplate_lines, redact_personal_data,
                 normalise_whitespace):
        text = step(text)
    return text
