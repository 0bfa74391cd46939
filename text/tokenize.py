"""Query/index tokenisation: one normalisation chain on both sides, jieba for Chinese, words for English."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from text.script import search_form

USER_DICT = Path(__file__).with_name("userdict.txt")  # collection terms jieba would split (通讯录, 软暴力)
_EN_STOP = frozenset(
    "a an the and or of to in on at for by with from as is are was were be been being it its this that these "
    "those what which who whom how when where why do does did can could may might must shall should will would "
    "i me my we our you your he she they them their there here not no if then than so such about into over "
    "under any all each also only more most other some very just have has had "
    "don doesn didn isn aren wasn weren wouldn shouldn couldn haven hasn hadn "  # don't -> don + t
    # the rest of the usual English function words ("I'm" -> "am": a rare word in the corpus, it weighed 1.1)
    "am once again further both few own same too nor until while during through against between up down out off "
    "him his her hers yours ours theirs myself yourself himself herself itself ourselves themselves having doing "
    "because".split()
)
_ZH_STOP = frozenset(
    "的 了 和 是 在 有 与 及 或 等 对 被 把 就 都 也 还 而 但 之 其 该 这 那 这个 那个 哪个 哪些 什么 怎么 怎么办 怎样 如何 "
    "为什么 几年 多久 多长 多长时间 几点 几次 几天 哪里 哪儿 吗 呢 吧 啊 么 我 你 他 她 它 我们 你们 他们 会 能 可以 要 需要 应该 是否 一个 哪 谁 多少 几 请问 请 "
    "么样 可 以 为 中 上 下 个 时 后 前 被 给 让 向 从 到 由 于 "
    "种 哪种 哪类 哪家 哪一 哪一个 哪一种 哪一类 哪样 "  # 哪种 is cut 哪/种: 种 would weigh as rare
    "有没有 是不是 算不算 可不可以 该不该".split()  # A-not-A questions ask; they name nothing to find
)
_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff]")


@lru_cache(maxsize=1)
def jieba_with_user_dict():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(str(USER_DICT))
    return jieba


def tokenize(text: str) -> list[str]:
    """Simplified, half-width, lower-cased tokens without stop words or punctuation."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)  # the answerer re-tokenizes the same corpus sentences on every question
def _tokens(text: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for token in jieba_with_user_dict().lcut(search_form(text)):
        token = token.strip()
        if not token or not _TOKEN_OK.search(token) or token in _EN_STOP or token in _ZH_STOP:
            continue
        if token.isascii() and len(token) == 1 and not token.isdigit():  # stray letters ('x', possessive 's')
            continue
        tokens.append(_singular(token))
    return tuple(tokens)


def _singular(word: str) -> str:
    """A light English plural fold (collectors -> collector) so query and index forms meet."""
    if not word.isascii() or len(word) <= 4 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


@lru_cache(maxsize=8192)
def english_stem(token: str) -> str:
    """Snowball stem of an English word of five letters or more (calling -> call, arrested -> arrest); other
    tokens unchanged."""
    if len(token) < 5 or not token.isascii() or not token.isalpha():
        return token
    from nltk.stem.snowball import EnglishStemmer  # lazy: only English questions need it

    return EnglishStemmer().stem(token)
