"""DebtLens Streamlit app: cited chat, source browser and the latest eval report. Talks only to chat/index."""

from __future__ import annotations

import os

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import streamlit as st  # noqa: E402

from settings import get_settings  # noqa: E402

st.set_page_config(page_title="DebtLens 催收渠道知识库", page_icon="⚖️", layout="wide")


def load_index():
    """The active build's handle; a rebuild switches the pointer, which gives a new cache key."""
    from index.store import read_active

    settings = get_settings()
    if read_active(settings) is None:
        build_bundled_index(settings)
    active = read_active(settings)
    return open_cached_index(f"{active.collection}|{active.bm25_dir}")


@st.cache_resource(show_spinner="加载索引与模型 / loading index and model…", max_entries=2)
def open_cached_index(build_key: str):
    from index.retrieve import open_index

    return open_index(get_settings())


def build_bundled_index(settings) -> None:
    """First run: index the bundled corpus with a progress bar (the shipped embedding cache makes it quick)."""
    from index.build import apply_sources
    from ingest.pipeline import prepare

    prepared = prepare([settings.corpus_dir / "docs", settings.corpus_dir / "articles"], settings.max_page_bytes,
                       settings.chunk_tokens, settings.max_chunks_per_source)
    bar = st.progress(0.0, text="首次运行：正在建立索引 / building the index…")
    apply_sources(prepared.docs, settings, progress=lambda stage, done, total: bar.progress(
        done / max(total, 1), text=f"{stage}: {done}/{total}"))
    bar.empty()


@st.cache_data
def manifest_urls(corpus_dir: str) -> frozenset[str]:
    """URLs listed in corpus/sources.toml: with front matter source_urls, the only ones shown as links."""
    import tomllib
    from pathlib import Path

    try:
        with (Path(corpus_dir) / "sources.toml").open("rb") as fh:
            return frozenset(str(s.get("url", "")) for s in tomllib.load(fh).get("source", []))
    except (OSError, ValueError):
        return frozenset()


def render_citations(citations: list[dict]) -> None:
    """Every document string escaped; a URL is a link only when the operator listed it."""
    from ui.safe_text import escape_markdown, safe_link

    for c in citations:
        listed = manifest_urls(str(get_settings().corpus_dir)) | set(c.get("source_urls") or ())
        where = safe_link(c["url"], listed) or escape_markdown(c["url"])
        first_source = [u for u in (c.get("source_urls") or ()) if u != c["url"]][:1]
        sources = [link for link in (safe_link(u, listed) for u in first_source) if link]
        st.markdown(f"**\\[{c['n']}\\] {escape_markdown(c['title'])}** — {' · '.join([where, *sources])}")
        st.caption(f"“{escape_markdown(c['quote'])}”")


def sidebar_filters() -> dict:
    st.sidebar.header("筛选 / Filters")
    every = {"": "全部 / All"}
    jurisdiction = st.sidebar.selectbox("法域 / Jurisdiction", ["", "CN", "US", "UK", "EU", "IN", "HK", "INTL"],
                                        format_func=lambda v: every.get(v, v))
    lang = st.sidebar.selectbox("来源语言 / Source language", ["", "zh", "en"], format_func=lambda v: every.get(v, v))
    return {k: v for k, v in {"jurisdiction": jurisdiction, "lang": lang}.items() if v}


def chat_page() -> None:
    from chat.answer import answer_question
    from chat.question import QuestionError
    from ui.safe_text import escape_markdown

    st.title("DebtLens · 催收渠道与规则知识库")
    st.caption("每个回答都引用来源原句；证据不足时拒绝回答。 Every answer quotes its sources; no evidence, no answer.")
    filters = sidebar_filters()
    handle = load_index()
    messages = st.session_state.setdefault("messages", [])
    for message in messages:
        with st.chat_message(message["role"]):
            st.markdown(escape_markdown(message["content"]))
            render_citations(message.get("citations", []))
    question = st.chat_input("请输入问题，例如：催收最难协调的平台是哪个？ / Ask a question")
    if not question:
        return
    history = [m["content"] for m in messages if m["role"] == "user"]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    try:
        answer = answer_question(handle, question, history=history[-2:], filters=filters or None)
    except QuestionError as exc:
        messages.pop()
        st.error(str(exc))
        return
    citations = [vars(c) for c in answer.citations]
    messages.append({"role": "assistant", "content": answer.text, "citations": citations, "refused": answer.refused})
    with st.chat_message("assistant"):
        st.markdown(escape_markdown(answer.text))
        render_citations(citations)


def sources_page() -> None:
    st.title("来源 / Sources")
    handle = load_index()
    rows = handle.journal.sources()
    st.dataframe(rows, use_container_width=True)


def evals_page() -> None:
    from evals.report_view import render_latest_report

    st.title("评测 / Evals")
    render_latest_report(st)


page = st.navigation([st.Page(chat_page, title="Chat 问答", default=True),
                      st.Page(sources_page, title="Sources 来源", url_path="sources"),
                      st.Page(evals_page, title="Evals 评测", url_path="evals")])
page.run()
