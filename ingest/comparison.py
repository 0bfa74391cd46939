"""The cited channel comparison (corpus/comparison.yaml) as plain records, and its validation.

Each cell rates one (channel, dimension, jurisdiction) on a stated 1-5 scale of difficulty for the
borrower, with a one-line rationale in zh and en and evidence: document ids plus sentences quoted
verbatim from those documents' bodies. A cell the library has no evidence for has rating None.
Parsing, records and ranking are pure; `load_comparison` is the one function that reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.markers import strip_markers

FILE_NAME = "comparison.yaml"
PRIMARY_JURISDICTION = "CN"  # every channel x dimension must have a cell here


class ComparisonError(ValueError):
    """The comparison file cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Evidence:
    doc: str
    quote: str


@dataclass(frozen=True)
class Cell:
    channel: str
    dimension: str
    jurisdiction: str
    rating: int | None
    rationale_zh: str
    rationale_en: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """An overall "which channel is hardest" claim, e.g. the seed article's or the library's own."""

    key: str
    jurisdiction: str
    hardest: str
    because: tuple[str, ...]
    claim_zh: str
    claim_en: str
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Comparison:
    scale: dict
    dimension_anchors: dict
    no_evidence: dict
    cells: list[Cell] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)


def _evidence(items, where: str) -> tuple[Evidence, ...]:
    out = []
    for item in items or []:
        if not isinstance(item, dict) or not item.get("doc") or not item.get("quote"):
            raise ComparisonError(f"{where}: each evidence item needs `doc` and `quote`")
        out.append(Evidence(str(item["doc"]), str(item["quote"])))
    return tuple(out)


def parse_comparison(data: dict) -> Comparison:
    """The YAML mapping -> a Comparison; raises ComparisonError naming the bad cell."""
    if not isinstance(data, dict) or "cells" not in data or "scale" not in data:
        raise ComparisonError(f"{FILE_NAME}: needs top-level `scale` and `cells`")
    cells = []
    for i, raw in enumerate(data["cells"]):
        where = f"{FILE_NAME} cell {i + 1}"
        try:
            rationale = raw["rationale"]
            cells.append(Cell(str(raw["channel"]), str(raw["dimension"]), str(raw["jurisdiction"]),
                              raw.get("rating"), str(rationale["zh"]), str(rationale["en"]),
                              _evidence(raw.get("evidence"), where)))
        except (KeyError, TypeError) as exc:
            raise ComparisonError(f"{where}: missing field {exc}; a cell needs channel, dimension, "
                                  "jurisdiction, rating (or null), rationale.zh/en") from exc
    verdicts = []
    for i, raw in enumerate(data.get("verdicts") or []):
        where = f"{FILE_NAME} verdict {i + 1}"
        try:
            verdicts.append(Verdict(str(raw["key"]), str(raw["jurisdiction"]), str(raw["hardest"]),
                                    tuple(str(d) for d in raw.get("because") or ()), str(raw["claim"]["zh"]),
                                    str(raw["claim"]["en"]), _evidence(raw.get("evidence"), where)))
        except (KeyError, TypeError) as exc:
            raise ComparisonError(f"{where}: missing field {exc}") from exc
    return Comparison(data["scale"], data.get("dimensions") or {}, data.get("no_evidence") or {}, cells, verdicts)


def load_comparison(corpus_dir: Path) -> Comparison:
    import yaml

    path = corpus_dir / FILE_NAME
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ComparisonError(f"{path}: not found; the comparison dataset lives in corpus/{FILE_NAME}") from exc
    except yaml.YAMLError as exc:
        raise ComparisonError(f"{path}: not valid YAML ({exc})") from exc
    return parse_comparison(data)


def quotable_text(body: str) -> str:
    """A body as it is indexed and quoted: markers gone, whitespace runs collapsed."""
    return re.sub(r"\s+", " ", strip_markers(body)[0])


def validate_comparison(comp: Comparison, channels: dict, bodies: dict[str, str]) -> list[str]:
    """Problems: unknown keys, ratings off the scale, missing CN cells, evidence not verbatim in its document.

    `channels` is corpus/channels.toml loaded; `bodies` maps document id -> body text (markers allowed).
    """
    problems: list[str] = []
    channel_keys, dimension_keys = set(channels.get("channels", {})), set(channels.get("dimensions", {}))
    low, high = int(comp.scale.get("min", 1)), int(comp.scale.get("max", 5))
    texts = {doc_id: quotable_text(body) for doc_id, body in bodies.items()}
    seen: set[tuple[str, str, str]] = set()

    def check_evidence(evidence: tuple[Evidence, ...], where: str) -> None:
        for ev in evidence:
            if ev.doc not in texts:
                problems.append(f"{where}: evidence document {ev.doc!r} is not in the corpus")
            elif re.sub(r"\s+", " ", ev.quote).strip() not in texts[ev.doc]:
                problems.append(f"{where}: quote not found verbatim in {ev.doc}: {ev.quote[:60]!r}")

    for cell in comp.cells:
        where = f"{FILE_NAME} {cell.channel}/{cell.dimension}/{cell.jurisdiction}"
        if cell.channel not in channel_keys:
            problems.append(f"{where}: channel {cell.channel!r} is not a key in channels.toml")
        if cell.dimension not in dimension_keys:
            problems.append(f"{where}: dimension {cell.dimension!r} is not a key in channels.toml")
        key = (cell.channel, cell.dimension, cell.jurisdiction)
        if key in seen:
            problems.append(f"{where}: duplicate cell")
        seen.add(key)
        if cell.rating is not None and (not isinstance(cell.rating, int) or not low <= cell.rating <= high):
            problems.append(f"{where}: rating {cell.rating!r} is off the {low}-{high} scale (use null for no evidence)")
        if cell.rating is not None and not cell.evidence:
            problems.append(f"{where}: a rated cell needs at least one evidence quote")
        if not cell.rationale_zh.strip() or not cell.rationale_en.strip():
            problems.append(f"{where}: rationale needs both zh and en")
        check_evidence(cell.evidence, where)
    for channel in sorted(channel_keys):
        for dimension in sorted(dimension_keys):
            if (channel, dimension, PRIMARY_JURISDICTION) not in seen:
                problems.append(f"{FILE_NAME}: no {PRIMARY_JURISDICTION} cell for {channel}/{dimension} "
                                "(add one; rating null if the library has no evidence)")
    for verdict in comp.verdicts:
        where = f"{FILE_NAME} verdict {verdict.key}"
        if verdict.hardest not in channel_keys:
            problems.append(f"{where}: channel {verdict.hardest!r} is not a key in channels.toml")
        problems.extend(f"{where}: dimension {d!r} is not a key in channels.toml"
                        for d in verdict.because if d not in dimension_keys)
        check_evidence(verdict.evidence, where)
    return problems


def _quote_flags(doc: str, quote: str, flagged: dict[str, dict[str, list[str]]]) -> list[str]:
    marked = flagged.get(doc, {})
    return [kind for kind, sentences in marked.items() if any(s in quote or quote in s for s in sentences)]


def records(comp: Comparison, channels: dict, bodies: dict[str, str] | None = None) -> list[dict]:
    """One flat, JSON-ready record per cell, with the zh/en names of its channel and dimension. With
    `bodies` (document id -> body), each quote also lists its markers ("unverified", "analysis")."""
    names_c, names_d = channels.get("channels", {}), channels.get("dimensions", {})
    flagged = {doc: strip_markers(body)[1] for doc, body in (bodies or {}).items()}
    return [{
        "channel": c.channel, "channel_zh": names_c.get(c.channel, {}).get("zh", c.channel),
        "channel_en": names_c.get(c.channel, {}).get("en", c.channel),
        "dimension": c.dimension, "dimension_zh": names_d.get(c.dimension, {}).get("zh", c.dimension),
        "dimension_en": names_d.get(c.dimension, {}).get("en", c.dimension),
        "jurisdiction": c.jurisdiction, "rating": c.rating,
        "rationale_zh": c.rationale_zh, "rationale_en": c.rationale_en,
        "evidence": [{"doc": e.doc, "quote": e.quote, "flags": _quote_flags(e.doc, e.quote, flagged)}
                     for e in c.evidence],
    } for c in comp.cells]


def matrix(rows: list[dict], jurisdiction: str = PRIMARY_JURISDICTION) -> dict[str, dict[str, int | None]]:
    """channel -> dimension -> rating for one jurisdiction."""
    out: dict[str, dict[str, int | None]] = {}
    for row in rows:
        if row["jurisdiction"] == jurisdiction:
            out.setdefault(row["channel"], {})[row["dimension"]] = row["rating"]
    return out


def rank_hardest(rows: list[dict], jurisdiction: str = PRIMARY_JURISDICTION,
                 dimensions: list[str] | None = None, min_rated: int = 3) -> list[dict]:
    """Channels by mean rating over the chosen dimensions, hardest first; channels rated on fewer than
    `min_rated` of them are left out (too little evidence to rank), never guessed."""
    by_channel: dict[str, list[dict]] = {}
    for row in rows:
        if row["jurisdiction"] == jurisdiction and (dimensions is None or row["dimension"] in dimensions):
            by_channel.setdefault(row["channel"], []).append(row)
    ranked = []
    for channel, cells in by_channel.items():
        rated = [c for c in cells if c["rating"] is not None]
        if len(rated) < min(min_rated, len(cells)) or not rated:
            continue
        ranked.append({"channel": channel, "channel_zh": rated[0]["channel_zh"], "channel_en": rated[0]["channel_en"],
                       "mean": round(sum(c["rating"] for c in rated) / len(rated), 2),
                       "rated": len(rated), "of": len(cells),
                       "top": sorted(rated, key=lambda c: -c["rating"])[:3]})
    return sorted(ranked, key=lambda r: (-r["mean"], -r["rated"], r["channel"]))


def format_table(rows: list[dict], dimensions: list[str], jurisdiction: str = PRIMARY_JURISDICTION) -> str:
    """A Markdown table, channels x dimensions, ratings for one jurisdiction ("–" = no rating)."""
    grid = matrix(rows, jurisdiction)
    names = {r["channel"]: f"{r['channel_zh']} / {r['channel_en']}" for r in rows}
    dim_names = {r["dimension"]: r["dimension_en"] for r in rows}
    lines = ["| channel | " + " | ".join(dim_names.get(d, d) for d in dimensions) + " |",
             "|---" * (len(dimensions) + 1) + "|"]
    for channel, cells in grid.items():
        ratings = [cells.get(d) for d in dimensions]
        lines.append(f"| {names[channel]} | " + " | ".join("–" if r is None else str(r) for r in ratings) + " |")
    return "\n".join(lines)
