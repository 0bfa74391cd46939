"""References a question relies on that the corpus must hold for an answer to be honest: a law or document
title in 《》, an article number, a regulation number, a year attached to a rule, a named authority.
One the corpus never mentions cannot be verified, so the question is refused (with the closest guide named)
rather than answered with some other rule. Ordinary words are not references: the words a borrower puts before
an institution (听说互金协会, 寄给当地监管局) are cut off, and a bare or generic institution (当地监管局, 行业协会)
names nothing to verify. Authorities the jurisdiction table knows (互金协会, 日本金融厅) are the place check's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chat import jurisdiction as places
from text.script import search_form

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_TITLE = re.compile(r"《([^》]{2,40})》")
# A rule's name typed in other quotes (「讨债业管理条例」, “催收办法”) is a title too when it ends like one.
_QUOTED_RULE = re.compile(r"[「『“\"]([^「」『』“”\"]{2,30}?(?:条例|办法|法|规定|细则|指引|规范|公约|准则|守则))[」』”\"]")
_ARTICLE_ZH = re.compile(r"第([一二三四五六七八九十百千零〇两\d]+)条(?:之([一二三四五六七八九十\d]+))?")
_ARTICLE_EN = re.compile(r"(?:\b(?:art(?:icle)?\.?|section|s\.)|§)\s?(\d+[a-z]?(?:[-.]\d+)*(?:\(\w+\))*)", re.I)
_REG_NUMBER = re.compile(r"\b(?:19|20)\d{2}/\d{2,4}\b|\b\d{1,3}/\d{4}\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# A year counts as a reference only when a rule word sits close to it ("2027年发布的催收新规").
_RULE_WORD = re.compile(r"规定|办法|条例|指引|通知|新规|法规|法律|公约|标准|修正案|意见|rule|regulation|act\b|law|"
                        r"guideline|directive|convention|code|amendment|circular|notice", re.I)
# An English statute or instrument named in capitals ("the Debt Collection (Fair Contact) Act 2022"): connectors
# and a bracketed part may sit inside the name.
_STATUTE_EN = re.compile(r"\b((?:(?:[A-Z][\w'’-]*|\([A-Z][^)]{0,40}\)|of|and|for|on|the)\s+){1,8}"
                         r"(?:Act|Directive|Regulations|Ordinance|Code)(?:\s+of(?:\s+[A-Z][\w-]*)+)?)\b")
_AUTHORITY = re.compile(r"[\u4e00-\u9fff]{2,12}(?:管理局|监管局|监督局|委员会|管理委员会|总局|协会)|"
                        r"\b(?:[A-Z][a-z]+ ){1,5}(?:Authority|Commission|Agency|Bureau|Board|Association)\b")


def chinese_number(text: str) -> int | None:
    """二百九十三 -> 293, 六十八 -> 68, 十二 -> 12, 1032 -> 1032; None when it is not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def article_keys(text: str) -> set[str]:
    """Article references in a canonical form: '第68条' and '第六十八条' are both 'art:68'."""
    keys = set()
    for m in _ARTICLE_ZH.finditer(text):
        n = chinese_number(m.group(1))
        if n is not None:
            sub = chinese_number(m.group(2)) if m.group(2) else None
            keys.add(f"art:{n}" + (f"-{sub}" if sub else ""))
    for m in _ARTICLE_EN.finditer(text):
        keys.add("art:" + m.group(1).lower().split("(")[0])
    return keys


def unverifiable(question: str, corpus_contains: Callable[[str], bool], corpus_articles: set[str]) -> list[str]:
    """The references in `question` the corpus never mentions."""
    form = search_form(question)
    missing = []
    for m in (*_TITLE.finditer(form), *_QUOTED_RULE.finditer(form)):
        title = m.group(1).strip()
        if not corpus_contains(title):
            missing.append(f"《{title}》")
    missing += [k.replace("art:", "article ") for k in article_keys(form) if k not in corpus_articles]
    missing += [m.group(0) for m in _REG_NUMBER.finditer(form) if not corpus_contains(m.group(0))]
    for m in _YEAR.finditer(form):
        near = form[max(0, m.start() - 12):m.end() + 14]
        if _RULE_WORD.search(near) and not corpus_contains(m.group(1)):
            missing.append(m.group(1))
    for m in _STATUTE_EN.finditer(question):
        if _statute_name(m.group(1)).split()[0] not in _NOT_NAME and not _statute_known(m.group(1), corpus_contains):
            missing.append(_statute_name(m.group(1)))
    for m in _AUTHORITY.finditer(question):
        name = authority_name(m.group(0))
        if name and not places.names_authority(name) and not _some_suffix_known(search_form(name).strip(), corpus_contains):
            missing.append(name)
    return list(dict.fromkeys(missing))


# What jieba tags the words a name can start with: nouns and names (n, nr, ns, nt, nz…), abbreviations (j), Latin.
_NAME_START = ("n", "j", "eng")
# Modifiers that make an institution generic ("the local regulator"), not a named one.
_GENERIC = frozenset("当地 本地 地方 所在地 各地 相关 有关 主管 行业 这个 那个 该 某 某个 某家 哪个 哪家 什么 一个 一家 local "
                     "the a an your my our their relevant".split())
_INSTITUTION = re.compile(r"(管理委员会|管理局|监管局|监督局|委员会|总局|协会|authority|commission|agency|bureau|board|"
                          r"association)$", re.I)


def authority_name(span: str) -> str:
    """The institution's name in a matched span, without the words before it ("听说互金协会" -> 互金协会); '' when
    what is left is the bare institution word or a generic one ("寄给当地监管局" -> '')."""
    if span.isascii():
        words = span.split()
        while words and words[0].lower() in _GENERIC:
            words = words[1:]
        name = " ".join(words)
    else:
        import jieba.posseg as pseg

        from text.tokenize import jieba_with_user_dict

        jieba_with_user_dict()
        tokens = [(w.word, w.flag) for w in pseg.cut(span)]
        start = next((i for i, (_, flag) in enumerate(tokens) if flag.startswith(_NAME_START)), len(tokens))
        name = "".join(word for word, _ in tokens[start:])
    suffix = _INSTITUTION.search(name)
    qualifier = name[: suffix.start()].strip() if suffix else name
    if not qualifier or qualifier.lower() in _GENERIC:
        return ""
    return name


def _some_suffix_known(name: str, corpus_contains: Callable[[str], bool]) -> bool:
    """The regex grabs the words before a name too ("向中国互联网金融协会"): the name is known when any tail of
    it with two characters before the institution word ("金融协会") is in the corpus."""
    if corpus_contains(name):
        return True
    # the longest institution word: "国家债务催收监督管理委员会" is not known by "督管理委员会" (any 监督管理委员会 has that)
    suffix = re.search(r"(监督管理委员会|监督管理总局|监督管理局|管理局|监管局|监督局|管理委员会|委员会|总局|协会|authority|"
                       r"commission|agency|bureau|board|association)$", name)
    keep = len(suffix.group(0)) + 2 if suffix else len(name)
    return any(corpus_contains(name[i:]) for i in range(0, max(1, len(name) - keep + 1)))


def _statute_known(name: str, corpus_contains: Callable[[str], bool]) -> bool:
    """A named statute is known when the corpus holds it from one of its capitalised words on, with a word before
    "Act" ("the UK Consumer Credit Act" is known by "Consumer Credit Act"; "UK Debt Collection (Fair Contact) Act"
    is not)."""
    words = name.split()
    starts = [i for i, w in enumerate(words[:-2]) if w[:1].isupper()]
    return any(corpus_contains(search_form(" ".join(words[i:]))) for i in starts)


_NOT_NAME = frozenset("of and for on the The Under under Does Do Is Are What How Can In By Per According Under".split())


def _statute_name(span: str) -> str:
    """The statute's name without the words the regex took in before it ("Under the EU Debt Collectors Directive"
    -> "EU Debt Collectors Directive")."""
    words = span.split()
    while len(words) > 2 and words[0] in _NOT_NAME:
        words = words[1:]
    return " ".join(words)


# A question about a firm's own arrangements ("度小满内部能减免多少", "Barclaycard's internal hardship policy"): the
# corpus holds rules and channels, never a company's internal policy, so one it does not even name is unverifiable.
# "他们有内部渠道" (an agent's sales pitch) asks about no policy: only a firm's own rules, arrangements or discretion.
_INTERNAL = re.compile(r"内部(有没有|有无|是否有|有)?的?[“\"「『]?(规定|政策|制度|流程|标准|规则|做法|安排|催收|外包|审批|协商|减免|方案|"
                       r"停催|能|可以|会|一般)|内规|"
                       r"\b(internal|in-house) (policy|policies|rules?|guidelines?|hardship|programs?|programmes?|process)\b",
                       re.I)


def unknown_firms_policy(question: str, unknown_terms: list[str],
                         corpus_contains: Callable[[str], bool] = lambda text: True) -> list[str]:
    """The firms whose internal policy `question` asks about and the corpus never names: words of `unknown_terms`
    (terms the corpus never uses) written as a name: capitalised in the question, or Chinese that jieba reads as
    a noun or name (度小满, 京东), not a number word (几家); or the name written right before 内部 that the corpus
    never uses, which jieba may split into known words (分期乐 -> 分期 / 乐)."""
    form = search_form(question)
    if not _INTERNAL.search(form):
        return []
    names = [name] if (name := _name_before_internal(form, corpus_contains)) else []
    for term in unknown_terms:
        if re.fullmatch(r"[\u4e00-\u9fff]{2,}", term):
            if _is_noun(term):
                # with the digits or letters written onto it: "360借条", "99速贷"
                whole = re.search(rf"[A-Za-z0-9]*{re.escape(term)}", form)
                names.append(whole.group(0) if whole else term)
        elif written := re.search(rf"\b{re.escape(term)}\b", question, re.I):
            if written.group(0)[:1].isupper():
                names.append(written.group(0))
    return list(dict.fromkeys(n for n in names if not any(n != m and n in m for m in names)))


_NOT_IN_NAME = set("的说听我你他她它们在是了和与那这个家里")  # words before a firm's name


def _name_before_internal(form: str, corpus_contains: Callable[[str], bool]) -> str:
    """"分期乐内部规定…" -> 分期乐: the shortest ending of the words before 内部 the corpus never uses, grown
    leftwards over name characters while the corpus still never uses it; '' when the corpus knows them (银行内部)."""
    m = re.search(r"([\u4e00-\u9fffa-z0-9]{2,12})的?内部", form)
    if not m:
        return ""
    before = m.group(1)
    for size in range(2, min(6, len(before)) + 1):
        if not corpus_contains(before[-size:]):
            start = len(before) - size
            while start > 0 and before[start - 1] not in _NOT_IN_NAME and not corpus_contains(before[start - 1:]):
                start -= 1
            return before[start:]
    return ""


def _is_noun(word: str) -> bool:
    """Not a verb phrase (说交, 好谈), a number word (几家), a pronoun or an idiom (走投无路); jieba has no tag for a
    brand it does not know (度小满 comes out as measure + adjectives), so anything else counts as a name."""
    import jieba.posseg as pseg

    from text.tokenize import jieba_with_user_dict

    jieba_with_user_dict()
    flags = [pair.flag for pair in pseg.cut(word)]
    if not flags or flags[0].startswith("v") or any(f.startswith(("m", "r", "i", "l")) for f in flags):
        return False  # a verb phrase (说交), a number word, a pronoun, an idiom (走投无路)
    return not all(f in ("v", "vn", "a", "ad", "d") for f in flags)
