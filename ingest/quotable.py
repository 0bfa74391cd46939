"""What may stand in a corpus body: quotable knowledge only. Pure functions used by `corpus check`.

Notes about sources (provenance, how a source was read, what the library lacks, the editor's memory)
belong in front matter `notes:`; unverified claims and project analysis carry inline markers
(ingest/markers.py). Letter placeholders belong only in `doc_type: template` documents.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ingest.markers import without_markers
from text.sentences import split_sentences

# A body sentence matching one of these talks about the library or its sources, not about the world.
NOTE_PATTERNS: dict[str, re.Pattern] = {name: re.compile(rx, re.I) for name, rx in {
    "library self-reference": r"本资料库|资料库|本知识库|DebtLens|this knowledge base|\bthe library\b|this library",
    "the document itself": r"本文(?!件)|本模板|本指南|this (note|guide|template)\b|in this note|the sources behind",
    "editor's memory": r"编者|记忆中|\beditor'?s?\b|from memory|background knowledge",
    "source note": r"资料说明|来源说明|source note|our sources|our information|sources seen",
    "fact-sheet compilers": r"事实底稿|fact[- ]sheet|compilers?\b",
    "missing source": r"没有找到.{0,20}(来源|资料)|未找到|只找到|未能查阅|found no source|no source (was )?found"
                      r"|only low-quality|was not seen|were not seen|not covered by (our|the) sources",
    "source quality": r"低质量|质量较差|质量较低|\bSEO\b|low-quality|poor-quality|二手(资料|来源|网站)"
                      r"|secondary (sources?|summar|website)",
    "how a source was read": r"转载|copied on|copy dated|stored copy|saved copy|read by the|the copy seen",
    "analysis prefix": r"^(分析|analysis)\s*[（(：:]",
    "as-of line": r"^(as of [a-z]+ \d{4}\b|信息截至|截至\s*\d{4}-\d{2}。)",
    "disclaimer": r"不构成法律意见|not legal advice",
    "verification status in prose": r"未经核实|未核实|未能核实|待核实|需要?核实|\bunverified\b"
                                    r"|not (been )?(verified|checked)|needs checking|^to verify",
}.items()}

PLACEHOLDER = re.compile(
    r"【[^】]*】|_{3,}|＿{2,}|X{4,}|○○"
    r"|\[(?!\[)[^\[\]\n]*[A-Za-z\u4e00-\u9fff][^\[\]\n]*\](?!\])"  # [Your name], [姓名]; not [2020] or [[markers]]
    r"|\{[A-Za-z_][A-Za-z0-9_ ]*\}"
)
_URL = re.compile(r"https?://[^\s<>\"'）)\]】，。]+")
_PLACEHOLDER_HOST = re.compile(
    r"(^|\.)(example|placeholder)[-.]|^example|placeholder|your-?(domain|site)|\.(example|invalid|test|localhost)$|^localhost$",
    re.I,
)


def body_sentences(body: str) -> list[str]:
    """Sentences of a Markdown body as a reader sees them: markers removed, headings and blank lines skipped."""
    out = []
    for line in without_markers(body).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        stripped = re.sub(r"^[-*+]\s+|^\d+[.)]\s+(?=\D)", "", stripped)
        out.extend(split_sentences(stripped))
    return out


def note_hits(body: str) -> list[tuple[str, str]]:
    """(pattern name, sentence) for every body sentence that is a note about sources rather than knowledge."""
    hits = []
    for sentence in body_sentences(body):
        for name, pattern in NOTE_PATTERNS.items():
            if pattern.search(sentence):
                hits.append((name, sentence))
                break
    return hits


def placeholders(body: str) -> list[str]:
    """Fill-in blanks such as 【日期】, [Your name], ____ or {name}."""
    return [m.group(0) for m in PLACEHOLDER.finditer(without_markers(body))]


def urls_in(text: str) -> list[str]:
    return [m.group(0).rstrip(".,;:") for m in _URL.finditer(text)]


def is_placeholder_url(url: str) -> bool:
    host = (urlparse(str(url)).hostname or "").lower()
    return not host or bool(_PLACEHOLDER_HOST.search(host))
