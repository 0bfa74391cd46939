"""The Chat page: filters, the conversation, and each answer's quoted citations."""

from __future__ import annotations

import streamlit as st

from ui.index import load_index


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


@st.cache_resource(show_spinner="加载语言模型 / loading the LLM…", max_entries=2)
def cached_composer(backend_key: str, _handle):
    """The generative composer for DEBTLENS_LLM (None when 'none'); a local model loads once per process."""
    from chat.generative import make_composer
    from settings import get_settings

    return make_composer(get_settings(), _handle)


def load_composer(handle):
    from chat.llm import LLMUnavailableError
    from settings import get_settings

    s = get_settings()
    try:
        return cached_composer(f"{s.llm}|{s.llm_model}|{s.llm_base_url}|{s.llm_threads}|{id(handle)}", handle)
    except LLMUnavailableError as exc:
        st.warning(f"LLM unavailable, showing quoted answers: {exc}")
        return None


def stream_generative(handle, composer, question: str, history: list[str], filters: dict):
    """Each sentence appears once it passes the post-check (model and document text escaped, never markdown);
    a caption says which composer wrote the answer."""
    from chat.answer import Answer, stream_answer
    from chat.compose import composer_label
    from ui.safe_text import escape_markdown

    box, lines, answer = st.empty(), [], None
    for event in stream_answer(handle, question, history, filters or None, composer):
        if isinstance(event, Answer):
            answer = event
        else:
            lines.append(event.line)
            box.markdown(escape_markdown("\n".join(lines)))
    assert answer is not None  # stream_answer always ends with the Answer
    box.markdown(escape_markdown(answer.text))
    if not answer.refused:
        st.caption(composer_label(answer.composer, len(answer.dropped)))
    return answer


def render_citations(citations: list[dict]) -> None:
    """Every document string escaped; a URL is a link only when the operator listed it."""
    from settings import get_settings
    from ui.safe_text import escape_markdown, safe_link

    for c in citations:
        listed = manifest_urls(str(get_settings().corpus_dir)) | set(c.get("source_urls") or ())
        where = safe_link(c["url"], listed) or escape_markdown(c["url"])
        first_source = [u for u in (c.get("source_urls") or ()) if u != c["url"]][:1]
        sources = [link for link in (safe_link(u, listed) for u in first_source) if link]
        st.markdown(f"**\\[{c['n']}\\] {escape_markdown(c['title'])}** — {' · '.join([where, *sources])}")
        st.caption(f"“{escape_markdown(c['quote'])}”")


def sidebar_filters() -> dict:
    from ingest.corpus import JURISDICTIONS, LANGS

    st.sidebar.header("筛选 / Filters")
    every = {"": "全部 / All"}
    jurisdiction = st.sidebar.selectbox("法域 / Jurisdiction", ["", *JURISDICTIONS], format_func=lambda v: every.get(v, str(v)))
    lang = st.sidebar.selectbox("来源语言 / Source language", ["", *LANGS], format_func=lambda v: every.get(v, str(v)))
    return {k: v for k, v in {"jurisdiction": jurisdiction, "lang": lang}.items() if v}


def chat_page() -> None:
    from chat.answer import answer_question
    from chat.compose import composer_label
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
            if message.get("mark"):  # which composer wrote it stays visible after the next question
                st.caption(message["mark"])
            render_citations(message.get("citations", []))
    question = st.chat_input("请输入问题，例如：催收最难协调的平台是哪个？ / Ask a question")
    if not question:
        return
    history = [m["content"] for m in messages if m["role"] == "user"]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    composer = load_composer(handle)
    try:
        if composer is not None:
            with st.chat_message("assistant"):
                answer = stream_generative(handle, composer, question, history[-2:], filters)
                citations = [vars(c) for c in answer.citations]
                render_citations(citations)
            mark = "" if answer.refused else composer_label(answer.composer, len(answer.dropped))
            messages.append({"role": "assistant", "content": answer.text, "citations": citations,
                             "refused": answer.refused, "mark": mark})
            return
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
