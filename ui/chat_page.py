"""The Chat page: filters, the conversation, and each answer's quoted citations."""

from __future__ import annotations

import streamlit as st

from ui.index import load_index


def render_citations(citations: list[dict]) -> None:
    for c in citations:
        link = f" — [{c['url']}]({c['url']})" if str(c["url"]).startswith("http") else f" — `{c['url']}`"
        st.markdown(f"**[{c['n']}] {c['title']}**{link}")
        st.caption(f"“{c['quote']}”")


def sidebar_filters() -> dict:
    from ingest.corpus import JURISDICTIONS, LANGS

    st.sidebar.header("筛选 / Filters")
    every = {"": "全部 / All"}
    jurisdiction = st.sidebar.selectbox("法域 / Jurisdiction", ["", *JURISDICTIONS], format_func=lambda v: every.get(v, str(v)))
    lang = st.sidebar.selectbox("来源语言 / Source language", ["", *LANGS], format_func=lambda v: every.get(v, str(v)))
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
