"""DebtLens Streamlit app: cited chat, source browser and the latest eval report. Talks only to chat/index."""

from __future__ import annotations

import os

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import streamlit as st  # noqa: E402

from settings import get_settings  # noqa: E402
from ui.compare_page import compare_page  # noqa: E402

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

    prepared = prepare([settings.corpus_dir / "docs", settings.corpus_dir / "articles"], settings.max_page_bytes)
    bar = st.progress(0.0, text="首次运行：正在建立索引 / building the index…")
    apply_sources(prepared.docs, settings, progress=lambda stage, done, total: bar.progress(
        done / max(total, 1), text=f"{stage}: {done}/{total}"))
    bar.empty()


def render_citations(citations: list[dict]) -> None:
    for c in citations:
        link = f" — [{c['url']}]({c['url']})" if str(c["url"]).startswith("http") else f" — `{c['url']}`"
        st.markdown(f"**[{c['n']}] {c['title']}**{link}")
        st.caption(f"“{c['quote']}”")


def sidebar_filters() -> dict:
    st.sidebar.header("筛选 / Filters")
    every = {"": "全部 / All"}
    jurisdiction = st.sidebar.selectbox("法域 / Jurisdiction", ["", "CN", "US", "UK", "EU", "IN", "HK", "INTL"],
                                        format_func=lambda v: every.get(v, v))
    lang = st.sidebar.selectbox("来源语言 / Source language", ["", "zh", "en"], format_func=lambda v: every.get(v, v))
    return {k: v for k, v in {"jurisdiction": jurisdiction, "lang": lang}.items() if v}


def chat_page() -> None:
    from chat.answer import answer_question

    st.title("DebtLens · 催收渠道与规则知识库")
    st.caption("每个回答都引用来源原句；证据不足时拒绝回答。 Every answer quotes its sources; no evidence, no answer.")
    filters = sidebar_filters()
    handle = load_index()
    messages = st.session_state.setdefault("messages", [])
    for message in messages:
        with st.chat_message(message["role"]):
            st.markdown(message["content"])
            render_citations(message.get("citations", []))
    question = st.chat_input("请输入问题，例如：催收最难协调的平台是哪个？ / Ask a question")
    if not question:
        return
    history = [m["content"] for m in messages if m["role"] == "user"]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    answer = answer_question(handle, question, history=history[-2:], filters=filters or None)
    citations = [vars(c) for c in answer.citations]
    messages.append({"role": "assistant", "content": answer.text, "citations": citations, "refused": answer.refused})
    with st.chat_message("assistant"):
        st.markdown(answer.text)
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
                      st.Page(compare_page, title="Compare 比较", url_path="compare"),
                      st.Page(sources_page, title="Sources 来源", url_path="sources"),
                      st.Page(evals_page, title="Evals 评测", url_path="evals")])
page.run()
