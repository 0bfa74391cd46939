"""Eval metrics as pure functions: per-question scores, then aggregates over a list of scored rows.

Per-question functions take plain strings and lists (no index, no Answer objects) so each is unit-tested
with real Chinese and English text. `aggregate` turns rows' scores into the report's metric block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from chat import support
from evals import retrieval_metrics
from ingest.twins import source_family
from text.lang import detect_lang
from text.script import detect_script, search_form

# Report metric -> the per-question score it averages (recall_at_5 is recall_at_<k> for another --k).
MEAN_OF = {"key_fact_recall": "key_facts", "refusal_recall": "refused_unanswerable",
           "false_refusal_rate": "refused_answerable", "citation_validity": "citations_valid",
           "sentence_support": "support", "language_match": "lang_match", "recall_at_5": "recall_at_k",
           "mrr_at_10": "rr"}
PERCENTILE_OF_LATENCY = {"latency_p50_ms": 50, "latency_p95_ms": 95}
METRICS = (*MEAN_OF, *PERCENTILE_OF_LATENCY)  # the one list of report metrics, in display order
LOWER_IS_BETTER = frozenset({"false_refusal_rate", "latency_p50_ms", "latency_p95_ms"})
SUPPORT_TOKEN_RECALL = support.SUPPORT_TOKEN_RECALL

_MARK = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_NUMBERING = re.compile(r"^\s*\d+[.、)]\s*", re.M)


# --- retrieval --------------------------------------------------------------------------------------------

def ranked_families(source_ids: Iterable[str]) -> list[str]:
    """Evidence source ids (fused retrieval order) -> distinct families, first occurrence kept."""
    return list(dict.fromkeys(source_family(s) for s in source_ids if s))


def recall_at_k(retrieved_source_ids: Sequence[str], gold_sources: Sequence[str], k: int) -> float | None:
    """Share of the gold documents (as families: either language counts) among the first k retrieved ones."""
    gold = ranked_families(gold_sources)
    return retrieval_metrics.recall_at_k(ranked_families(retrieved_source_ids), gold, k) if gold else None


def reciprocal_rank(retrieved_source_ids: Sequence[str], gold_sources: Sequence[str], k: int = 10) -> float | None:
    """1/rank of the first gold document among the first k retrieved documents (0 when none)."""
    gold = ranked_families(gold_sources)
    return retrieval_metrics.mrr_at_k(ranked_families(retrieved_source_ids), gold, k) if gold else None


# --- key facts --------------------------------------------------------------------------------------------

# "a 60-day moratorium" states "60 days": a number and its unit, hyphenated or plural, are one form.
_COUNTED_UNIT = re.compile(r"(\d+)[\s-]+(minute|hour|day|week|month|year)s?\b")


def fact_form(text: str) -> str:
    """The form key facts are matched in: case, width and Traditional/Simplified folded, "60-day" = "60 days"."""
    return _COUNTED_UNIT.sub(r"\1 \2", search_form(text))


def fact_groups_matched(answer_text: str, key_facts: Sequence[Sequence[str]]) -> list[bool]:
    """Per group: does any alternative occur in the answer (both in `fact_form`)?"""
    form = fact_form(answer_text)
    return [any(fact_form(alt).strip() and fact_form(alt).strip() in form for alt in group)
            for group in key_facts]


def key_facts_hit(answer_text: str, key_facts: Sequence[Sequence[str]], refused: bool) -> bool:
    """All groups matched by a non-refused answer (a refusal of an answerable question scores 0)."""
    return not refused and all(fact_groups_matched(answer_text, key_facts))


# --- citations and support ---------------------------------------------------------------------------------

def citation_problems(citations: Sequence[tuple[int, str, str]], evidence: dict[str, str]) -> list[str]:
    """(n, chunk_id, quote) triples checked against {chunk_id: text} of the retrieved evidence."""
    problems = []
    for n, chunk_id, quote in citations:
        if chunk_id not in evidence:
            problems.append(f"[{n}] cites {chunk_id}, which was not retrieved")
        elif quote.strip() not in evidence[chunk_id]:
            problems.append(f"[{n}] quote is not in {chunk_id}")
    return problems


# claims, token_recall, sentence_supported and support_share live in chat/support.py: the answerer enforces
# the same check at run time.
claims, token_recall, sentence_supported, support_share = (
    support.claims, support.token_recall, support.sentence_supported, support.support_share)


# --- language ----------------------------------------------------------------------------------------------

def framing_text(answer_text: str, quotes: Iterable[str]) -> str:
    """The answer's own words: citation quotes, [n] marks and line numbering removed."""
    for quote in sorted({q for q in quotes if q.strip()}, key=len, reverse=True):
        answer_text = answer_text.replace(quote, " ")
    return _NUMBERING.sub("", _MARK.sub(" ", answer_text))


def language_matches(answer_text: str, quotes: Iterable[str], question_lang: str, question: str = "") -> bool:
    """The answer's own words are in the question's language and, for Chinese, its script: a Traditional
    question gets no Simplified line (quotes included, as displayed), a Simplified one no Traditional line."""
    rest = framing_text(answer_text, quotes)
    if detect_lang(rest) != question_lang:
        return False
    asked = detect_script(question) if question_lang == "zh" else None
    if asked is None:
        return True
    # line by line: one line in the other script (a guide's title in a refusal) is a mismatch however short
    return all(detect_script(line) in (asked, None) for line in _MARK.sub(" ", answer_text).splitlines())


# --- aggregates --------------------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile, q in [0, 100]; None for no values."""
    return float(np.percentile(values, q)) if len(values) else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate(rows: Sequence[dict], k: int = 5) -> tuple[dict[str, float | None], dict[str, int]]:
    """Metric values and the number of questions each is computed over, from rows carrying `scores`.

    A row's `scores` holds per-question values, None where a metric does not apply to it.
    """
    def column(name: str) -> list[float]:
        return [float(r["scores"][name]) for r in rows if r["scores"].get(name) is not None]

    metrics: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for name, score in MEAN_OF.items():
        name = f"recall_at_{k}" if name == "recall_at_5" else name
        values = column(score)
        metrics[name], counts[name] = _mean(values), len(values)
    latencies = column("latency_ms")
    for name, q in PERCENTILE_OF_LATENCY.items():
        metrics[name], counts[name] = percentile(latencies, q), len(latencies)
    return metrics, counts
