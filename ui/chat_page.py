"""The Chat page: filters, the conversation, and each answer's quoted citations."""

from __future__ import annotations

import streamlit as st

from settings import get_settings
from ui.index import load_index


@st.cache_resource(show_spinner="加载语言模型 / loading the LLM…", max_entries=2)
def cached_composer(backend_key: str, _embed):
    """The generative composer for DEBTLENS_LLM (None when 'none'); a local model loads once per process."""
    from chat.generative import make_composer

    return make_composer(get_settings(), _embed)


def load_composer(handle):
    from chat.llm import LLMUnavailableError

    s = get_settings()
    try:
        return cached_composer(f"{s.llm}|{s.llm_model}|{s.llm_base_url}|{s.llm_threads}", handle.embed)
    except LLMUnavailableError as exc:
        st.warning(f"LLM unavailable, showing quoted answers: {exc}")
        return None


def stream_generative(handle, composer, question: str, history: list[str], filters: dict):
    """Each sentence appears once it passes the post-check; model text is shown as plain text, never markdown."""
    from chat.compose import ShownSentence, composer_label, stream_answer

    box, lines, answer = st.empty(), [], None
    for event in stream_answer(handle, question, history, filters or None, composer):
        if isinstance(event, ShownSentence):
            lines.append(event.line)
            box.text("\n".join(lines))
        else:
            answer = event
    assert answer is not None  # stream_answer always ends with the Answer
    box.text(answer.text)
    if not answer.refused:
        st.caption(composer_label(answer))
    return answer


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
            if message.get("plain"):
                st.text(message["content"])
            else:
                st.markdown(message["content"])
            render_citations(message.get("citations", []))
    question = st.chat_input("请输入问题，例如：催收最难协调的平台是哪个？ / Ask a question")
    if not question:
        return
    history = [m["content"] for m in messages if m["role"] == "user"]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    composer = load_composer(handle)
    if composer is not None:
        with st.chat_message("assistant"):
            answer = stream_generative(handle, composer, question, history[-2:], filters)
            citations = [vars(c) for c in answer.citations]
            render_citations(citations)
        messages.append({"role": "assistant", "content": answer.text, "citations": citations,
                         "refused": answer.refused, "plain": True})
        return
    answer = answer_question(handle, question, history=history[-2:], filters=filters or None)
    citations = [vars(c) for c in answer.citations]
    messages.append({"role": "assistant", "content": answer.text, "citations": citations, "refused": answer.refused})
    with st.chat_message("assistant"):
        st.markdown(answer.text)
        render_citations(citations)
