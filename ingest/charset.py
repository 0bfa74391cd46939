"""Bytes -> text: BOM, then the declared charset (HTTP header, then <meta>), checked against the bytes.

A declaration is trusted only when the bytes agree with it: valid multi-byte UTF-8 wins over any other label,
a label that fails to decode is ignored, and a single-byte Western label (iso-8859-1, windows-1252, ascii) on
bytes that read cleanly as GB18030 or Big5 is mojibake waiting to happen, so detection decides; any decoding
that still reads as mojibake (charset_normalizer's mess ratio) is overruled by detection too.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Labels mapped to the superset browsers actually use (WHATWG Encoding), so GBK-only characters decode.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
             "us-ascii": "cp1252", "utf8": "utf-8"}
_WESTERN_SINGLE_BYTE = {"cp1252", "latin-1", "iso8859-1", "iso8859-15"}
_CJK_CANDIDATES = ["gb18030", "big5hkscs"]
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_MESS_LIMIT = 0.2  # charset_normalizer's own cut-off between readable text and mojibake


class CharsetError(ValueError):
    pass


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a declared label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSET.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def meta_charset(raw: bytes) -> str | None:
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_cjk(text: str) -> bool:
    wide = [c for c in text if ord(c) > 0x7F]
    return bool(wide) and sum(1 for c in wide if _CJK.match(c)) / len(wide) >= 0.9


def is_mojibake(text: str) -> bool:
    """charset_normalizer's mess ratio on a sample: ~0 for real text, >1 for CJK bytes read as Latin-1."""
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:20_000], 1.0) >= _MESS_LIMIT


def _detect(raw: bytes, candidates: list[str] | None = None) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # lazy: most pages never need detection

    best = from_bytes(raw, cp_isolation=candidates).best() if candidates else from_bytes(raw).best()
    if best is None or best.encoding is None:
        return None
    return str(best), best.encoding


def decode_document(raw: bytes, header_charset: str | None = None, html: bool = True) -> Decoded:
    """Decode page bytes; warnings say when a declaration was wrong and what was used instead."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return Decoded(raw.decode(encoding, errors="replace"), encoding)
    declared_label = header_charset or (meta_charset(raw) if html else None)
    declared = normalise_label(declared_label)
    warnings: list[str] = []
    if declared_label and declared is None:
        warnings.append(f"unknown charset {declared_label!r} declared; detected instead")
    if raw.isascii():
        return Decoded(raw.decode("ascii"), "ascii", warnings)
    utf8 = _strict(raw, "utf-8")
    if utf8 is not None:  # stray multi-byte UTF-8 in GBK/Latin-1 text is vanishingly rare
        if declared not in (None, "utf-8"):
            warnings.append(f"declared charset {declared_label!r} does not match the bytes; decoded as 'utf-8'")
        return Decoded(utf8, "utf-8", warnings)
    if declared and declared not in _WESTERN_SINGLE_BYTE:
        text = _strict(raw, declared)
        if text is not None and not is_mojibake(text):
            return Decoded(text, declared, warnings)
    if declared in _WESTERN_SINGLE_BYTE and any(_strict(raw, c) for c in _CJK_CANDIDATES):
        detected = _detect(raw, _CJK_CANDIDATES)
        if detected and _mostly_cjk(detected[0]):
            warnings.append(f"declared charset {declared_label!r} does not match the bytes (mojibake); "
                            f"decoded as {detected[1]!r}")
            return Decoded(detected[0], detected[1], warnings)
    if declared in _WESTERN_SINGLE_BYTE and (text := _strict(raw, declared)) is not None and not is_mojibake(text):
        return Decoded(text, declared, warnings)
    detected = _detect(raw)
    if detected is None or is_mojibake(detected[0]):
        raise CharsetError("cannot determine the text encoding (a binary file?); re-save it as UTF-8 text")
    warnings.append(f"declared charset {declared_label or 'utf-8'!r} does not match the bytes; "
                    f"decoded as {detected[1]!r}")
    return Decoded(detected[0], detected[1], warnings)
