"""The Chat page: example questions, sidebar filters, the conversation (kept in the browser session only), and
for each answer the composer that wrote it and its citations; each [n] opens the cited passage with the quoted
sentence highlighted and a readable source label (ui/citation_view.py)."""

from __future__ import annotations

import streamlit as st

from ui.index import load_index

DISCLAIMER = "仅为信息整理，不构成法律意见 · Information, not legal advice"
EXAMPLES = {
    "中文": ["催收最难协调的平台是哪个？", "在台灣，催收可以晚上打電話嗎？", "网贷平台和银行自催，哪个更难协商？"],
    "English": ["Which debt collection channel is hardest to negotiate with?",
                "Can a debt collector in the US call me at work?",
                "Where do I complain about a debt collector in the UK?"],
}
_COMPOSER_ZH = {"extractive": "摘录原句作答", "generative": "语言模型撰写，逐句对照引文核查",
                "extractive-fallback": "摘录原句作答（模型的句子未通过核查）"}
_SCRIPT_NAME = {"hans": "简体", "hant": "繁體"}


@st.cache_data
def manifest_urls(corpus_dir: str) -> frozenset[str]:
    """URLs listed in corpus/sources.toml: with front matter source_urls, the only ones shown as links."""
    from pathlib import Path

    from ingest.corpus import manifest_urls as listed

    try:
        return frozenset(listed(Path(corpus_dir)))
    except (OSError, ValueError):  # a broken manifest only means fewer links
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


@st.cache_data(max_entries=4)
def corpus_facets(build_key: str, _chunks: dict[str, dict]) -> dict[str, list[str]]:
    """The jurisdictions, channels, document types and languages the index holds (letter templates are never
    quoted, so they are no filter)."""
    from ingest.corpus import DOC_TYPES, JURISDICTIONS

    metas = [row["metadata"] for row in _chunks.values()]
    held = {key: {str(m.get(key) or "") for m in metas} - {""} for key in ("jurisdiction", "doc_type", "lang")}
    channels = {c for m in metas for c in str(m.get("channels") or "").split(",") if c}
    return {"jurisdiction": [j for j in JURISDICTIONS if j in held["jurisdiction"]]
            + sorted(held["jurisdiction"] - set(JURISDICTIONS)),
            "doc_type": [d for d in DOC_TYPES if d in held["doc_type"] and d != "template"],
            "channel": sorted(channels), "lang": sorted(held["lang"])}


def sidebar_filters(handle) -> dict:
    """Jurisdiction, channel, document type and source language; several values of one mean any of them."""
    from chat import jurisdiction as places
    from chat.knowledge import knowledge_for
    from ingest.corpus import load_channels
    from ui.citation_view import doc_type_name

    facets = corpus_facets(f"{handle.settings.data_dir}|{handle.build}", knowledge_for(handle).library.chunks)
    try:
        names = load_channels(handle.settings.corpus_dir / "channels.toml").get("channels", {})
    except (OSError, ValueError):
        names = {}
    side = st.sidebar
    side.header("筛选 / Filters")
    chosen = {
        "jurisdiction": side.multiselect("法域 / Jurisdiction", facets["jurisdiction"],
                                         format_func=lambda c: f"{places.label(c, 'zh')} · {c}"),
        "channel": side.multiselect("催收渠道 / Channel", facets["channel"],
                                    format_func=lambda c: " / ".join(
                                        str(names.get(c, {}).get(k, c)) for k in ("zh", "en"))),
        "doc_type": side.multiselect("文件类型 / Document type", facets["doc_type"],
                                     format_func=lambda d: f"{doc_type_name(d, 'zh')} / {doc_type_name(d, 'en')}"),
        "lang": side.multiselect("来源语言 / Source language", facets["lang"],
                                 format_func=lambda v: {"zh": "中文", "en": "English"}.get(v, str(v))),
    }
    return {k: v for k, v in chosen.items() if v}


def sidebar_session() -> None:
    st.sidebar.caption("对话只保存在本次浏览器会话中，不写入磁盘。 The conversation lives in this session only.")
    st.sidebar.button("清空对话 / Clear the conversation", key="clear-conversation",
                      on_click=lambda: st.session_state.pop("messages", None))


def example_questions() -> None:
    """First-time users: a click asks the question."""
    st.markdown("**试试这些问题 · Try asking**")
    for column, (lang, questions) in zip(st.columns(2), EXAMPLES.items(), strict=True):
        column.caption(lang)
        for i, question in enumerate(questions):
            column.button(question, key=f"example-{lang}-{i}", on_click=st.session_state.__setitem__,
                          args=("pending_question", question), width="stretch")


def citation_records(handle, answer) -> list[dict]:
    """Each citation with its passage and source metadata, read from the index's chunk rows."""
    from chat.knowledge import knowledge_for
    from ui.citation_view import citation_record, in_library

    chunks = knowledge_for(handle).library.chunks
    script = answer.steps.turn.script if answer.steps else None
    records = []
    for c in answer.citations:
        row = chunks.get(c.chunk_id) or {"text": c.quote, "metadata": {"title": c.title, "source_id": c.source_id}}
        meta = row["metadata"]
        records.append(citation_record(c.n, c.quote, meta, row["text"], answer.lang, script,
                                       in_library(str(meta.get("path") or ""), handle.settings.corpus_dir)))
    return records


def render_citation(record: dict, lang: str, script: str | None, key: str) -> None:
    """[n] as a popover: the source label, then the passage with the quoted sentence highlighted — in the
    asker's script, with the verbatim original one tab away when the scripts differ."""
    from settings import get_settings
    from ui.citation_view import PassageView, SourceLabel, highlighted_markdown, label_markdown, short_title
    from ui.safe_text import escape_markdown

    label = SourceLabel(**{**record["label"], "based_on": tuple(record["label"]["based_on"])})
    title, details, links = label_markdown(label, lang, manifest_urls(str(get_settings().corpus_dir)))
    with st.popover(f"\\[{record['n']}\\] {escape_markdown(short_title(label.title))}", key=key,
                    help=escape_markdown(record["shown_quote"])):
        st.markdown(title)
        st.caption(details)
        st.caption(links)
        shown, verbatim = PassageView(**record["shown_passage"]), PassageView(**record["passage"])
        if shown == verbatim:
            st.markdown(highlighted_markdown(verbatim))
            return
        mine, original = st.tabs([f"{_SCRIPT_NAME.get(script or '', '')}引文 · as you write",
                                  "原文 · verbatim original"])
        mine.markdown(highlighted_markdown(shown))
        original.markdown(highlighted_markdown(verbatim))


def render_answer_notes(message: dict, index: int) -> None:
    """Under an answer: which composer wrote it (or that nothing was composed), the filters, the citations."""
    from chat.compose import composer_label

    filters = "; ".join(f"{k}={'/'.join(v)}" for k, v in (message.get("filters") or {}).items())
    if message.get("refused"):
        mark = "未作答：资料库里没有足够的证据，没有生成回答 · refused: no composer ran"
    else:
        composer = message.get("composer", "extractive")
        mark = f"{_COMPOSER_ZH.get(composer, composer)} · {composer_label(composer, message.get('dropped', 0))}"
    st.caption(f"✍️ {mark}" + (f" · 筛选 filters: {filters}" if filters else ""))
    if message.get("citations"):
        with st.container(horizontal=True):
            for record in message["citations"]:
                render_citation(record, message.get("lang", "zh"), message.get("script"),
                                key=f"cite-{index}-{record['n']}")


def stream_text(handle, composer, question: str, history: list[str], filters: dict):
    """Each sentence appears once it passes the post-check (escaped, never markdown); returns the Answer."""
    from chat.answer import Answer, stream_answer
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
    return answer


def answer_turn(handle, question: str, history: list[str], filters: dict, index: int) -> dict | None:
    """Answer inside the assistant's bubble; the message to keep, or None when the question was rejected."""
    from chat.answer import answer_question
    from chat.question import QuestionError
    from ui.safe_text import escape_markdown

    composer = load_composer(handle)
    with st.chat_message("assistant"):
        try:
            if composer is not None:
                answer = stream_text(handle, composer, question, history, filters)
            else:
                with st.spinner("查找证据 / searching the library…"):
                    answer = answer_question(handle, question, history=history, filters=filters or None)
                st.markdown(escape_markdown(answer.text))
        except QuestionError as exc:
            st.error(str(exc))
            return None
        message = {"role": "assistant", "content": answer.text, "refused": answer.refused,
                   "composer": answer.composer, "dropped": len(answer.dropped), "lang": answer.lang,
                   "script": answer.steps.turn.script if answer.steps else None, "filters": filters,
                   "citations": citation_records(handle, answer)}
        render_answer_notes(message, index)
    return message


def chat_page() -> None:
    from ui.safe_text import escape_markdown

    st.title("DebtLens · 催收渠道与规则知识库")
    st.caption("每个回答都引用来源原句，点 [n] 查看出处；证据不足时拒绝回答。 Every answer quotes its sources "
               f"(open [n] to see where); no evidence, no answer. **{DISCLAIMER}**")
    st.sidebar.info(DISCLAIMER, icon="⚖️")
    handle = load_index()
    filters = sidebar_filters(handle)
    sidebar_session()
    messages = st.session_state.setdefault("messages", [])
    pending = st.session_state.pop("pending_question", None)
    for i, message in enumerate(messages):
        with st.chat_message(message["role"]):
            st.markdown(escape_markdown(message["content"]))
            if message["role"] == "assistant":
                render_answer_notes(message, i)
    typed = st.chat_input("请输入问题，例如：催收最难协调的平台是哪个？ / Ask a question")
    question = typed or pending
    if not question:
        if not messages:
            example_questions()
        return
    history = [m["content"] for m in messages if m["role"] == "user"][-2:]
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    reply = answer_turn(handle, question, history, filters, len(messages) + 1)
    if reply is not None:
        messages.extend([{"role": "user", "content": question}, reply])
