"""Personal data out of document text before anything is stored or indexed.

Matching runs on a width-folded copy of the text (full-width digits, letters and punctuation -> ASCII,
one character for one, so positions line up) and the spans found there are replaced in the original.
A full-width number is therefore redacted as surely as an ASCII one, and its ASCII form never reaches
the search text. Public hotlines (12378, 12321, 110, 1930, 0800/0808 freephone, 03 public-body lines,
US agency numbers such as the CFPB's) do not match any pattern and stay.
"""

from __future__ import annotations

import re
import unicodedata

REDACTED = {"phone": "［电话已隐去］", "email": "［邮箱已隐去］", "id": "［证件号已隐去］",
            "card": "［卡号已隐去］", "qq": "［QQ号已隐去］"}

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")


class _WidthFold(dict):
    """str.translate table built on demand: a character whose NFKC form is one ASCII character maps to it."""

    def __missing__(self, code: int):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char) if code > 0x7F else char
        value = folded if len(folded) == 1 and folded.isascii() else char
        self[code] = value
        return value


_FOLD = _WidthFold(_DASHES)


def fold_width(text: str) -> str:
    """Same length as `text`: '１３８－１２３４' -> '138-1234'. Only for matching; never stored."""
    return text if text.isascii() else text.translate(_FOLD)


_NO_DIGIT_BEFORE = r"(?<!\d)(?<!\d[ -])"
_NO_DIGIT_AFTER = r"(?![ -]?\d)"
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PRC_ID_18 = re.compile(r"(?<!\d)[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])")
_PRC_ID_15 = re.compile(r"(?<!\d)[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?!\d)")
_SSN = re.compile(r"(?<!\d)(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?!\d)")
_CARD = re.compile(_NO_DIGIT_BEFORE + r"\d(?:[ -]?\d){12,18}" + _NO_DIGIT_AFTER)
_QQ = re.compile(r"(?:qq|扣扣|企鹅|企鵝)[^\d\n]{0,8}?(?<!\d)([1-9]\d{4,10})(?!\d)", re.I)
_CN_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[- ]?|\(\+?86\)[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
# +CC numbers outside North America (UK +44, EU +3x/+4x, India +91 ...): 6 to 12 digits after the code.
_INTL_PHONE = re.compile(r"(?<![\d+])\+[2-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?\(?\d{1,5}\)?(?:[ .-]?\d){5,11}(?!\d)")
# National trunk-0 numbers of 11 digits (UK 020 7946 0958, 07700 900123; India 011-2345 6789).
_TRUNK_PHONE = re.compile(r"(?<![\d+])\(?0[1-9]\d{1,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}(?!\d)")
_FR_PHONE = re.compile(r"(?<![\d+])0[1-9](?:[ .-]?\d{2}){4}(?![ .-]?\d)")
_IN_MOBILE = re.compile(r"(?<![\d+])0?[6-9]\d{4}[ -]?\d{5}(?!\d)")

_ID_CONTEXT = re.compile(r"身份证|身份證|证件|證件|id\s*(?:card|no)|identity", re.I)
_CARD_CONTEXT = re.compile(r"卡号|卡號|银行卡|銀行卡|信用卡|借记卡|借記卡|储蓄卡|儲蓄卡|card|account\s*(?:no|number)|账号|賬號", re.I)
_SSN_CONTEXT = re.compile(r"ssn|social\s+security", re.I)
_FREEPHONE = re.compile(r"^(?:\+44[ -]?)?\(?0?(?:80[08]|3\d\d)")  # UK 0800/0808 freephone, 03xx public bodies
# Complaint addresses of public bodies stay: government domains and regulators outside them.
_PUBLIC_EMAIL = re.compile(r"@(?:[\w-]+\.)*(?:gov(?:\.[a-z]{2})?|gouv\.[a-z]{2}|gob\.[a-z]{2}|go\.[a-z]{2}|europa\.eu"
                           r"|rbi\.org\.in|fca\.org\.uk|financial-ombudsman\.org\.uk|nifa\.org\.cn)$", re.I)
_ANY_DIGIT = re.compile(r"\d")
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_NUMBERED = "第字"  # 第0945000294號 is a document number, not a phone


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def luhn_valid(number: str) -> bool:
    digits = _digits(number)
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return bool(digits) and total % 10 == 0


def prc_id_checksum_valid(number: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character resident ID."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights))
    return "10X98765432"[total % 11] == number[17].upper()


def _near(context: re.Pattern, folded: str, start: int, window: int = 24) -> bool:
    return bool(context.search(folded[max(0, start - window):start]))


def _spans(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every personal-data match, in priority order (earlier kinds win overlaps)."""
    found: list[tuple[int, int, str]] = []

    has_digits = bool(_ANY_DIGIT.search(folded))

    def add(pattern: re.Pattern, kind: str, keep=lambda m: True, group: int = 0) -> None:
        if kind != "email" and not has_digits:  # the rest need a digit; long prose may have none
            return
        found.extend((m.start(group), m.end(group), kind) for m in pattern.finditer(folded) if keep(m))

    in_url = bytearray(len(folded))
    for m in _URL.finditer(folded):
        in_url[m.start():m.end()] = b"\x01" * (m.end() - m.start())

    def free_digits(m: re.Match) -> bool:
        """Not inside a URL (document numbers, query ids) and not a numbered reference (第…號)."""
        start = m.start()
        return not in_url[start] and not (start and folded[start - 1] in _NUMBERED)

    add(_EMAIL, "email", lambda m: not _PUBLIC_EMAIL.search(m.group()))
    add(_PRC_ID_18, "id", lambda m: prc_id_checksum_valid(m.group()) or _near(_ID_CONTEXT, folded, m.start()))
    add(_PRC_ID_15, "id")
    add(_SSN, "id", lambda m: m.group(1) == "-" or _near(_SSN_CONTEXT, folded, m.start()))
    add(_CARD, "card", lambda m: free_digits(m) and (
        luhn_valid(m.group()) or _near(_CARD_CONTEXT, folded, m.start())
        or (m.group().startswith("62") and len(_digits(m.group())) >= 16)))  # UnionPay: not all pass Luhn
    add(_QQ, "qq", group=1)
    add(_CN_MOBILE, "phone", free_digits)
    add(_INTL_PHONE, "phone", lambda m: free_digits(m) and not _FREEPHONE.match(m.group())
        and not m.group().startswith("+86"))
    add(_TRUNK_PHONE, "phone", lambda m: free_digits(m) and len(_digits(m.group())) == 11
        and not _FREEPHONE.match(m.group()))
    add(_FR_PHONE, "phone", lambda m: free_digits(m) and not _FREEPHONE.match(m.group()))
    add(_IN_MOBILE, "phone", lambda m: free_digits(m) and not _digits(m.group()).lstrip("0").startswith("800"))
    kept: list[tuple[int, int, str]] = []
    taken = bytearray(len(folded))  # a mask, so overlap checks cost the span's length, not the match count
    for start, end, kind in found:
        if not any(taken[start:end]):
            kept.append((start, end, kind))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept)


def redact_personal_data(text: str) -> str:
    """Replace e-mails, phone numbers (CN, UK, EU, IN), ID numbers (PRC 15/18-digit, US SSN), bank card and
    QQ numbers with a bracketed placeholder; full-width forms included."""
    folded = fold_width(text)
    spans = _spans(folded)
    if not spans:
        return text
    out, last = [], 0
    for start, end, kind in spans:
        out.append(text[last:start])
        out.append(REDACTED[kind])
        last = end
    out.append(text[last:])
    return "".join(out)
