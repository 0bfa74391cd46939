"""The Compare page: the cited channel x dimension matrix as a heatmap per jurisdiction; choosing a cell (on the
chart or in the two selectors) shows its rationale and evidence quotes; CSV downloads of matrix and evidence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import streamlit as st

from settings import get_settings
from ui.compare import cell_detail, evidence_csv, heatmap_cells, jurisdictions, matrix_csv
from ui.safe_text import escape_markdown, safe_link


@st.cache_data(show_spinner=False)
def load_dataset(corpus_dir: str) -> tuple[list[dict], dict, dict[str, dict]]:
    """(records, channels.toml, document id -> {title, links}) read from the corpus folder."""
    import yaml

    from ingest.comparison import load_comparison, records
    from ui.library import http_urls

    corpus = Path(corpus_dir)
    channels = tomllib.loads((corpus / "channels.toml").read_text(encoding="utf-8"))
    rows = records(load_comparison(corpus), channels)
    sources: dict[str, dict] = {}
    for path in sorted((corpus / "docs").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        try:
            meta = yaml.safe_load(head) or {}
        except yaml.YAMLError:
            continue
        sources[str(meta.get("id") or path.stem)] = {
            "title": str(meta.get("title") or path.stem),
            "links": http_urls(str(meta.get("url") or ""), " ".join(map(str, meta.get("source_urls") or ())))}
    return rows, channels, sources


def _heatmap(cells: list[dict]):
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(cells)
    data["dimension_short"] = data["dimension_label"].str.split(" · ").str[0]
    pick = alt.selection_point(name="cell", fields=["channel", "dimension"], on="click")
    base = alt.Chart(data).encode(
        x=alt.X("dimension_short:N", sort=None, title=None, axis=alt.Axis(orient="top", labelAngle=-35, labelAlign="left", labelBaseline="middle",
                                  labelOverlap=False, labelLimit=160, labelFontSize=12)),  # seven must all show
        y=alt.Y("channel_label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)))
    rects = base.mark_rect(stroke="white").encode(
        color=alt.Color("rating:Q", scale=alt.Scale(domain=[1, 5], scheme="orangered"),
                        title="难度 difficulty (1-5)"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
        tooltip=[alt.Tooltip("channel_label:N", title="渠道 channel"),
                 alt.Tooltip("dimension_label:N", title="维度 dimension"),
                 alt.Tooltip("rating_text:N", title="评分 rating"),
                 alt.Tooltip("evidence_count:Q", title="证据 evidence")]).add_params(pick)
    labels = base.mark_text(fontSize=13).encode(text="rating_text:N")
    return (rects + labels).properties(height=36 * len(data["channel"].unique()) + 60)


def compare_page() -> None:
    st.title("渠道比较 / Compare channels")
    from ingest.comparison import ComparisonError

    try:
        rows, channels, sources = load_dataset(str(get_settings().corpus_dir))
    except (ComparisonError, OSError) as exc:
        st.error(escape_markdown(f"比较数据无法读取 / the comparison dataset cannot be read: {exc}"))
        return
    st.caption(escape_markdown("对借款人的难度：1 = 最容易，5 = 最难；评分是本项目依据所引证据作出的判断。"
                               " Difficulty for the borrower: 1 = easiest, 5 = hardest; ratings are the project's"
                               " judgement from the quoted evidence."))
    jurisdiction = st.selectbox("法域 / Jurisdiction", jurisdictions(rows), key="compare_jurisdiction")
    cells = heatmap_cells(rows, jurisdiction, "zh", list(channels.get("channels", {})))
    event = st.altair_chart(_heatmap(cells), on_select="rerun", key="compare_heatmap", width="stretch")
    picked = (event.selection.get("cell") or [None])[0] if event and event.selection else None
    channel_keys = list(dict.fromkeys(c["channel"] for c in cells))
    dimension_keys = list(dict.fromkeys(c["dimension"] for c in cells))
    names = {c["channel"]: c["channel_label"] for c in cells} | {c["dimension"]: c["dimension_label"] for c in cells}
    if picked and picked.get("channel") in channel_keys and picked.get("dimension") in dimension_keys:
        st.session_state["compare_channel"], st.session_state["compare_dimension"] = picked["channel"], picked["dimension"]
    left, right = st.columns(2)
    channel = left.selectbox("渠道 / Channel", channel_keys, format_func=lambda k: names.get(k, k), key="compare_channel")
    dimension = right.selectbox("维度 / Dimension", dimension_keys, format_func=lambda k: names.get(k, k), key="compare_dimension")
    detail = cell_detail(rows, channel, dimension, jurisdiction, "zh", sources) if channel and dimension else None
    if detail is not None:
        rating = f"{detail.rating}/5" if detail.rating is not None else "无证据 / no evidence"
        st.subheader(escape_markdown(f"{detail.channel_label} × {detail.dimension_label}: {rating}"))
        st.markdown(escape_markdown(detail.rationale))
        en = cell_detail(rows, detail.channel, detail.dimension, jurisdiction, "en", sources)
        if en is not None:
            st.caption(escape_markdown(en.rationale))
        for ev in detail.evidence:
            flags = f" ({', '.join(ev.flags)})" if ev.flags else ""
            links = [safe_link(u, ev.links) for u in ev.links[:3]]
            where = " · ".join(link for link in links if link) or escape_markdown(ev.doc)
            st.markdown(f"> “{escape_markdown(ev.quote)}”{escape_markdown(flags)}  \n"
                        f"> — {escape_markdown(ev.title)} · {where}")
    a, b = st.columns(2)
    a.download_button("下载矩阵 CSV / matrix CSV", matrix_csv(rows, jurisdiction),
                      file_name=f"debtlens-matrix-{jurisdiction}.csv", mime="text/csv", key="matrix_csv")
    b.download_button("下载证据 CSV / evidence CSV", evidence_csv(rows, jurisdiction, sources),
                      file_name=f"debtlens-evidence-{jurisdiction}.csv", mime="text/csv", key="evidence_csv")
