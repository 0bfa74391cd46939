"""Question words that are the asker's circumstance, not terms to find: contractions split into their words, and
sums of money reduced to the word for money."""

from __future__ import annotations

import re

# English contractions, so their pieces ("ve" of I've, "won" of won't) are not weighed as rare words; typed
# without the apostrophe too (dont, isnt, im), which the corpus never uses and would count as missing topics.
# Forms that are also words (ill, its, were, well, shell) stay.
_CONTRACTIONS = [(re.compile(p, re.I), r) for p, r in (
    (r"\bwon['’]?t\b", "will not"), (r"\bcan['’]?t\b", "cannot"), (r"\bshan['’]t\b", "shall not"),
    (r"\b(do|does|did|is|are|was|were|has|have|had|would|should|could|must|need)nt\b", r"\1 not"),
    (r"\bim\b", "i am"), (r"\b(i|we|you|they)ve\b", r"\1 have"), (r"\b(you|they)re\b", r"\1 are"),
    (r"\b(that|what|there|who|where|how)s\b", r"\1 is"),
    (r"n['’]t\b", " not"), (r"['’]ve\b", " have"), (r"['’]ll\b", " will"), (r"['’]re\b", " are"),
    (r"['’]m\b", " am"), (r"['’]d\b", " would"))]


# A sum the asker owes ("$3,400", "£900", "HK$20,000", "₹50k") is their circumstance, not a term to find: its digits
# would otherwise weigh as rare words ("400").
# Written with a unit word too ("3000 dollars", "8000块", "两千多刀", "十几万"); 万 before a counted noun (46.6万条投诉)
# is a statistic, not a sum.
_ZH_NUMBER = r"(?:\d[\d,.]*|[一二两三四五六七八九十百千几]+)多?"
_AMOUNT = re.compile(r"(?:hk|nt|us|s|a|c)?[$£€₹] ?\d[\d,.]*(?:k|m|bn)?\b|\b(?:rs\.?|rm|inr|usd|gbp|eur|hkd) ?\d[\d,.]*"
                     r"(?:k|m)?\b|\b\d[\d,.]*\s?(?:k\s?)?(?:dollars?|bucks|pounds?|quid|rupees?|euros?|usd|gbp|inr|hkd)\b|"
                     rf"{_ZH_NUMBER}(?:万|千)?多?(?:块钱|元钱|元|块|刀|美元|美金|港币|港元|台币|新台币|英镑|卢比|欧元)|"
                     rf"{_ZH_NUMBER}万多?(?![条件人次户名宗起个家笔倍])", re.I)


# So is a count of instalments ("分60期", "36 monthly payments"): its digits matched "银监发〔2009〕60号".
_INSTALMENTS = re.compile(rf"分?{_ZH_NUMBER}期(?![间限内])|\b\d+\s?(?:monthly\s)?(?:instal?l?ments?|payments)\b", re.I)


# And so is an age ("my 16 year old daughter", "a 70-year-old mother", "aged 65", "六十多岁的妈妈"): "16", "year"
# and "old" found a time-barred-debt line ("old debts … years").
_PERSON = r"(?:daughter|son|kid|child|boy|girl|teen(?:ager)?|mother|mom|mum|father|dad|parent|grand(?:mother|ma|father|pa)|" \
          r"brother|sister|wife|husband|aunt|uncle|neighbou?r|student)s?"
_AGE = re.compile(rf"\b\d{{1,3}}\s?-?\s?(?:years?|yrs?)\s?-?\s?old(?=\s+(?:\w+\s)?{_PERSON}\b)|\b\d{{1,3}}\s?yo\b|"
                  rf"\baged \d{{1,3}}\b|\bam \d{{1,3}}\s?-?\s?(?:years?|yrs?)\s?-?\s?old\b|"
                  rf"{_ZH_NUMBER}(?:周)?[岁歲](?:的)?", re.I)


def without_amounts(text: str) -> str:
    """Each sum becomes the plain word for money, and each count of instalments the word for instalments: that a
    payment or a plan is asked about stays a term, its figure does not. An age goes."""
    zh = bool(re.search(r"[\u3400-\u9fff]", text))
    text = _AGE.sub(" ", text)
    text = _INSTALMENTS.sub(" 分期 " if zh else " instalments ", text)
    return _AMOUNT.sub(" 钱 " if zh else " money ", text)


def expand_contractions(text: str) -> str:
    """I've -> I have, won't -> will not, didn't -> did not (possessive 's stays: the tokenizer drops it)."""
    for pattern, full in _CONTRACTIONS:
        text = pattern.sub(full, text)
    return text
