"""The Sources page: search and filter the library, read a document's cleaned text, and add a file or a web page
with a progress bar and a clear outcome (added / unchanged / rejected and why). Data: ui/library.py,
ui/add_sources.py; URL fetching and its address guard: ingest/fetch.py, ingest/netguard.py."""

from __future__ import annotations

import streamlit as st

from settings import get_settings
from ui.add_sources import ADDED, REJECTED, Outcome, add_file, add_url
from ui.citation_view import label_line
from ui.index import load_index
from ui.library import Query, SourceInfo, catalogue, facets, read_document, search
from ui.safe_text import escape_markdown

STATUS_ICON = {ADDED: "✅", REJECTED: "⛔"}


@st.cache_data(show_spinner=False, max_entries=4)
def cached_library(build_key: str, _handle) -> tuple[list[SourceInfo], dict[str, str]]:
    """(catalogue, source id -> body text in search form) for one build."""
    from text.script import search_form

    chunks = _handle.journal.all_chunks()
    bodies: dict[str, list[str]] = {}
    for chunk in chunks:
        bodies.setdefault(chunk["source_id"], []).append(search_form(chunk["text"]))
    return catalogue(_handle.journal.sources(), chunks), {k: " ".join(v) for k, v in bodies.items()}


def _filters(infos: list[SourceInfo]) -> Query:
    values = facets(infos)
    text = st.text_input("搜索标题 / Search titles", key="sources_search",
                         placeholder="例如：催收最难协调 / e.g. FDCPA")
    columns = st.columns(5)
    picked = {name: columns[i].multiselect(label, values[name], key=f"sources_{name}")
              for i, (name, label) in enumerate([("jurisdiction", "法域 Jurisdiction"), ("channel", "渠道 Channel"),
                                                 ("doc_type", "类型 Type"), ("lang", "语言 Language"),
                                                 ("confidence", "可信度 Confidence")])}
    a, b, c = st.columns([1, 1, 2])
    date_from = a.text_input("日期从 / from (YYYY-MM-DD)", key="sources_from")
    date_to = b.text_input("日期到 / to", key="sources_to")
    c.checkbox("也搜索正文 / also search the text", key="sources_in_text")
    return Query(text, tuple(picked["jurisdiction"]), tuple(picked["channel"]), tuple(picked["doc_type"]),
                 tuple(picked["lang"]), tuple(picked["confidence"]), date_from.strip(), date_to.strip())


def _table(found: list[SourceInfo]) -> None:
    rows = [{"title": i.title, "jurisdiction": i.jurisdiction, "channels": list(i.channels), "type": i.doc_type,
             "language": i.lang, "date": i.published or i.as_of, "confidence": i.confidence,
             "link": i.links[0] if i.links else None, "passages": i.chunks, "status": i.status,
             "id": i.source_id} for i in found]
    st.dataframe(rows, hide_index=True, width="stretch", key="sources_table", column_config={
        "title": st.column_config.TextColumn("标题 title", width="large"),
        "channels": st.column_config.ListColumn("渠道 channels"),
        "link": st.column_config.LinkColumn("链接 link", display_text=r"https?://(?:www\.)?([^/]+)"),
        "passages": st.column_config.NumberColumn("段 passages", format="%d")})


def _reader(handle, found: list[SourceInfo]) -> None:
    readable = [i for i in found if i.status == "ok" and i.chunks]
    if not readable:
        return
    by_id = {i.source_id: i for i in readable}
    source_id = st.selectbox("阅读文档 / Read a document", list(by_id), key="sources_read",
                             format_func=lambda s: f"{by_id[s].title} ({s})")
    row = next((r for r in handle.journal.source_rows() if r["source_id"] == source_id), None)
    if row is None:
        return
    chunks = handle.journal.chunks_by_id(handle.journal.chunk_ids_of(source_id))
    ordered = [chunks[c] for c in handle.journal.chunk_ids_of(source_id) if c in chunks]
    text, from_file = read_document(row["path"], row["content_hash"], [c["text"] for c in ordered],
                                    handle.settings.max_page_bytes)
    if ordered:
        st.caption(label_line(ordered[0]["metadata"], "zh", handle.settings.corpus_dir, max_links=3))
    st.caption("清理后的全文 / the cleaned text as ingested" if from_file
               else "由已索引的段落重建 / rebuilt from the indexed passages (the file changed since)")
    with st.container(height=420, border=True):
        st.markdown(escape_markdown(text))


def _show(outcome: Outcome) -> None:
    message = escape_markdown(f"{outcome.name}: {outcome.status} — {outcome.detail}")
    {ADDED: st.success, REJECTED: st.error}.get(outcome.status, st.info)(message, icon=STATUS_ICON.get(outcome.status))


def _run_with_progress(label: str, job) -> Outcome:
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text=label)

        def progress(stage: str, done: int, total: int) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{stage}: {done}/{total}")

        outcome = job(progress)
        bar.progress(1.0, text=outcome.status)
        status.update(label=f"{label}: {outcome.status}", expanded=False,
                      state="error" if outcome.status == REJECTED else "complete")
    return outcome


def _adders() -> None:
    settings = get_settings()
    outcomes: list[Outcome] = st.session_state.setdefault("sources_outcomes", [])
    left, right = st.columns(2)
    with left.form("sources_add_file", clear_on_submit=True):
        files = st.file_uploader("添加文件 / Add a file (.html .htm .md .txt)", accept_multiple_files=True,
                                 key="sources_upload")
        if st.form_submit_button("添加文件 / Add file") and files:
            for f in files:
                outcomes.append(_run_with_progress(f"{f.name}",
                                                   lambda p, f=f: add_file(f.name, f.getvalue(), settings, p)))
    with right.form("sources_add_url", clear_on_submit=False):
        url = st.text_input("添加网页 / Add a web page (http/https URL)", key="sources_url",
                            placeholder="https://…")
        st.caption(escape_markdown("私有、回环和链路本地地址会被拒绝（除非 DEBTLENS_FETCH__ALLOW_ADDRESSES 允许）。 "
                                   "Private, loopback and link-local addresses are refused unless "
                                   "DEBTLENS_FETCH__ALLOW_ADDRESSES allows them."))
        if st.form_submit_button("抓取并添加 / Fetch and add") and url.strip():
            outcomes.append(_run_with_progress(url.strip(), lambda p: add_url(url, settings, p)))
    for outcome in reversed(outcomes[-5:]):
        _show(outcome)


def sources_page() -> None:
    st.title("来源 / Sources")
    _adders()
    handle = load_index()
    build_key = f"{handle.build.collection}|{handle.build.bm25_dir}"
    infos, bodies = cached_library(build_key, handle)
    query = _filters(infos)
    found = search(infos, query, bodies if st.session_state.get("sources_in_text") else None)
    st.caption(f"{len(found)} / {len(infos)} 个来源 sources")
    _table(found)
    _reader(handle, found)
