"""The Guidance page: where the borrower is and what is happening -> their rights quoted from the library with
readable citations, concrete next steps, where to complain (contact sentences from the corpus), and the matching
letter template filled from a short form, downloadable as .md and .txt. Data and rules are in ui/guidance.py."""

from __future__ import annotations

import streamlit as st

from settings import get_settings
from ui.citation_view import label_line
from ui.guidance import (
    PLACES,
    Template,
    complaint_contacts,
    fill,
    letter_files,
    load_guidance,
    load_templates,
    rights,
    templates_for,
)
from ui.index import load_index
from ui.safe_text import escape_markdown

TEXT = {
    "zh": {"rights": "你的权利（引自资料库）", "steps": "下一步怎么做", "complain": "去哪里投诉",
           "letter": "信函模板", "none_rights": "资料库里还没有关于{place}这种情况的规定或指引，下面的步骤只是一般做法。",
           "none_contacts": "资料库里还没有{place}的投诉渠道和联系方式。",
           "none_letter": "资料库里还没有适合{place}这种情况的信函模板。",
           "other_lang": "（以下为英文资料）", "fill": "生成信函", "left": "未填写的项目仍保留【】或 [ ] 占位符。"},
    "en": {"rights": "Your rights (quoted from the library)", "steps": "What to do next", "complain": "Where to complain",
           "letter": "Letter template", "none_rights": "The library has no rule or guide on this situation for {place} "
           "yet; the steps below are general practice only.",
           "none_contacts": "The library has no complaint route or contact details for {place} yet.",
           "none_letter": "The library has no letter template for this situation in {place} yet.",
           "other_lang": "(from Chinese-language sources)", "fill": "Fill the letter",
           "left": "Fields left empty keep their 【】 or [ ] placeholder."},
}


@st.cache_data(show_spinner="查找资料 / searching the library…", max_entries=256)
def cached_rights(build_key: str, situation_key: str, place: str, lang: str, _handle) -> list[dict]:
    situation = load_guidance().situations[situation_key]
    return [vars(q) for q in rights(_handle, situation, place, lang)]


@st.cache_data(show_spinner=False, max_entries=4)
def cached_chunks(build_key: str, _handle) -> list[dict]:
    return [c for c in _handle.journal.all_chunks()
            if c["metadata"].get("doc_type") in ("guidance", "regulation")]


@st.cache_data(show_spinner=False)
def cached_templates(corpus_dir: str) -> dict[str, Template]:
    from pathlib import Path

    return load_templates(Path(corpus_dir))


def _quote(n: int, sentence: str, meta: dict, lang: str, corpus_dir) -> None:
    st.markdown(f"{n}\\. “{escape_markdown(sentence)}”")
    st.caption(label_line(meta, lang, corpus_dir))


def _metas(handle, chunk_ids: list[str]) -> dict[str, dict]:
    return {cid: c["metadata"] for cid, c in handle.journal.chunks_by_id(chunk_ids).items()}


def _letter(template: Template, lang: str) -> None:
    t = TEXT[lang]
    with st.expander(escape_markdown(template.title) + " — " + ("使用说明" if lang == "zh" else "how to use it")):
        for note in template.howto:
            st.markdown("- " + escape_markdown(note))
    key = f"letter_{template.doc_id}"
    with st.form(key=f"{key}_form"):
        values: dict[str, str] = {}
        columns = st.columns(3)  # a short form: three fields a row
        for i, f in enumerate(f for f in template.fields if f.optional_block is None):
            if f.options:
                values[f.key] = columns[i % 3].selectbox(escape_markdown(f.label), ["", *f.options], key=f"{key}:{f.key}",
                                             help=escape_markdown(f.context) or None) or ""
            else:
                values[f.key] = columns[i % 3].text_input(escape_markdown(f.label), value=f.default,
                                                          key=f"{key}:{f.key}", help=escape_markdown(f.context) or None)
        included: set[int] = set()
        for i, block in enumerate(template.optional_blocks):
            if st.checkbox(("加入：" if lang == "zh" else "Include: ") + escape_markdown(block), key=f"{key}:optional{i}"):
                included.add(i)
            for f in (f for f in template.fields if f.optional_block == i):
                values[f.key] = st.text_input(escape_markdown(f.label), value=f.default, key=f"{key}:{f.key}")
        if st.form_submit_button(t["fill"], type="primary"):
            st.session_state[f"{key}_text"] = fill(template, values, included)
    letter = st.session_state.get(f"{key}_text") or fill(template, {f.key: f.default for f in template.fields})
    st.caption(t["left"])
    st.code(letter, language=None, wrap_lines=True)
    files = letter_files(template, letter)
    a, b = st.columns(2)
    a.download_button("下载 .md / download .md", files["md"], file_name=f"{template.doc_id}.md",
                      mime="text/markdown", key=f"{key}_md")
    b.download_button("下载 .txt / download .txt", files["txt"], file_name=f"{template.doc_id}.txt",
                      mime="text/plain", key=f"{key}_txt")


def guidance_page() -> None:
    guidance = load_guidance()
    st.title("维权指引 / Guidance for borrowers")
    st.caption("信息，不是法律意见。 Information, not legal advice.")
    lang = st.radio("语言 / Language", ["zh", "en"], horizontal=True, key="guidance_lang",
                    format_func=lambda v: {"zh": "中文", "en": "English"}[v])
    t = TEXT[lang]
    left, right = st.columns([1, 2])
    place = left.selectbox("你在哪里 / Where are you", PLACES, key="guidance_place",
                           format_func=lambda p: f"{guidance.place_name(p, lang)} ({p})")
    situation_key = right.selectbox("发生了什么 / What is happening", list(guidance.situations),
                                    key="guidance_situation", format_func=lambda k: guidance.situations[k].name(lang))
    situation, place_name = guidance.situations[situation_key], guidance.place_name(place, lang)
    handle = load_index()
    build_key = f"{handle.build.collection}|{handle.build.bm25_dir}"

    st.subheader(t["rights"])
    quoted = cached_rights(build_key, situation_key, place, lang, handle)
    if not quoted:
        st.info(t["none_rights"].format(place=place_name))
    metas = _metas(handle, [q["chunk_id"] for q in quoted])
    for n, q in enumerate(quoted, 1):
        _quote(n, q["sentence"], metas.get(q["chunk_id"], {"title": q["title"]}), lang, handle.settings.corpus_dir)

    st.subheader(t["steps"])
    st.markdown("\n".join(f"{i}. {escape_markdown(step)}" for i, step in enumerate(situation.steps[lang], 1)))

    st.subheader(t["complain"])
    chunks = cached_chunks(build_key, handle)
    contacts = complaint_contacts(chunks, place, lang)
    if not contacts:  # a place's guides may exist only in the other language
        contacts = complaint_contacts(chunks, place, "en" if lang == "zh" else "zh")
        if contacts:
            st.caption(t["other_lang"])
    if not contacts:
        st.info(t["none_contacts"].format(place=place_name))
    metas = _metas(handle, [c.chunk_id for c in contacts])
    for n, c in enumerate(contacts, 1):
        _quote(n, c.sentence, metas.get(c.chunk_id, {"title": c.title}), lang, handle.settings.corpus_dir)

    st.subheader(t["letter"])
    templates = templates_for(situation, place, cached_templates(str(get_settings().corpus_dir)))
    if not templates:
        st.info(t["none_letter"].format(place=place_name))
        return
    chosen = templates[0]
    if len(templates) > 1:
        by_id = {tp.doc_id: tp for tp in templates}
        chosen = by_id[st.selectbox("模板 / Template", list(by_id), key="guidance_template",
                                    format_func=lambda d: by_id[d].title)]
    _letter(chosen, lang)
