"""The Compare page's data: the cited comparison dataset (corpus/comparison.yaml, read by ingest.comparison)
as heatmap cells for one jurisdiction, one cell's rationale and evidence, and CSV exports. Pure functions over
the dataset's flat records (one dict per channel x dimension x jurisdiction); no Streamlit here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

# Where a cell in a CSV could be read as a formula by a spreadsheet (quotes come from documents).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class EvidenceRow:
    doc: str
    title: str
    quote: str
    links: tuple[str, ...]  # http(s) addresses of the document's sources (front matter), maybe none
    flags: tuple[str, ...] = ()  # "unverified", "analysis"


@dataclass(frozen=True)
class CellDetail:
    channel: str
    dimension: str
    jurisdiction: str
    channel_label: str
    dimension_label: str
    rating: int | None
    rationale: str
    evidence: tuple[EvidenceRow, ...]


def jurisdictions(records: list[dict], first: str = "CN") -> list[str]:
    """Jurisdictions the dataset has cells for: `first`, then the rest by number of rated cells."""
    rated: dict[str, int] = {}
    for row in records:
        rated[row["jurisdiction"]] = rated.get(row["jurisdiction"], 0) + (row["rating"] is not None)
    return sorted(rated, key=lambda j: (j != first, -rated[j], j))


def label(row: dict, kind: str, lang: str) -> str:
    """'channel' or 'dimension' name in the reader's language, the other language after it."""
    zh, en = row.get(f"{kind}_zh") or row[kind], row.get(f"{kind}_en") or row[kind]
    return f"{zh} · {en}" if lang == "zh" else f"{en} · {zh}"


def heatmap_cells(records: list[dict], jurisdiction: str, lang: str = "zh",
                  channel_order: list[str] | None = None) -> list[dict]:
    """One dict per (channel, dimension) of the jurisdiction, ready for a chart: labels, rating (None when the
    library has no evidence), a text form of the rating and the number of evidence quotes. Channels keep
    `channel_order` (channels.toml's order), then dataset order."""
    rows = [r for r in records if r["jurisdiction"] == jurisdiction]
    order = {c: i for i, c in enumerate(channel_order or [])}
    first_seen = {c: i for i, c in reversed(list(enumerate(r["channel"] for r in rows)))}
    rows.sort(key=lambda r: (order.get(r["channel"], len(order)), first_seen[r["channel"]]))
    return [{
        "channel": r["channel"], "dimension": r["dimension"],
        "channel_label": label(r, "channel", lang), "dimension_label": label(r, "dimension", lang),
        "rating": r["rating"],
        "rating_text": str(r["rating"]) if r["rating"] is not None else ("无证据" if lang == "zh" else "no evidence"),
        "evidence_count": len(r.get("evidence") or ()),
    } for r in rows]


def cell_detail(records: list[dict], channel: str, dimension: str, jurisdiction: str, lang: str,
                sources: dict[str, dict] | None = None) -> CellDetail | None:
    """The chosen cell: rating, rationale in the reader's language, and each evidence quote with its document's
    title and source links. `sources` maps document id -> {"title", "links"} (from the library catalogue)."""
    row = next((r for r in records if (r["channel"], r["dimension"], r["jurisdiction"]) ==
                (channel, dimension, jurisdiction)), None)
    if row is None:
        return None
    sources = sources or {}
    evidence = tuple(EvidenceRow(e["doc"], sources.get(e["doc"], {}).get("title", e["doc"]), e["quote"],
                                 tuple(sources.get(e["doc"], {}).get("links", ())), tuple(e.get("flags") or ()))
                     for e in row.get("evidence") or ())
    return CellDetail(channel, dimension, jurisdiction, label(row, "channel", lang), label(row, "dimension", lang),
                      row["rating"], row["rationale_zh"] if lang == "zh" else row["rationale_en"], evidence)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs open Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def matrix_csv(records: list[dict], jurisdiction: str | None = None) -> bytes:
    """The matrix, one line per cell (all jurisdictions when `jurisdiction` is None)."""
    rows = [[r["jurisdiction"], r["channel"], r.get("channel_zh", ""), r.get("channel_en", ""), r["dimension"],
             r.get("dimension_zh", ""), r.get("dimension_en", ""), r["rating"], len(r.get("evidence") or ()),
             r["rationale_zh"], r["rationale_en"]]
            for r in records if jurisdiction in (None, r["jurisdiction"])]
    return _csv(["jurisdiction", "channel", "channel_zh", "channel_en", "dimension", "dimension_zh", "dimension_en",
                 "rating", "evidence_count", "rationale_zh", "rationale_en"], rows)


def evidence_csv(records: list[dict], jurisdiction: str | None = None,
                 sources: dict[str, dict] | None = None) -> bytes:
    """Every evidence quote, one line each, with its cell, document id, document title and source links."""
    sources = sources or {}
    rows = [[r["jurisdiction"], r["channel"], r["dimension"], r["rating"], e["doc"],
             sources.get(e["doc"], {}).get("title", ""), e["quote"], " ".join(e.get("flags") or ()),
             " ".join(sources.get(e["doc"], {}).get("links", ()))]
            for r in records if jurisdiction in (None, r["jurisdiction"]) for e in r.get("evidence") or ()]
    return _csv(["jurisdiction", "channel", "dimension", "rating", "doc", "doc_title", "quote", "flags",
                 "source_links"], rows)

