"""DebtLens Streamlit app: the entry and navigation; the pages are in ui/ (chat, guidance, compare, sources, evals)."""

from __future__ import annotations

import os

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import streamlit as st  # noqa: E402

from ui.chat_page import chat_page  # noqa: E402
from ui.compare_page import compare_page  # noqa: E402
from ui.evals_page import evals_page  # noqa: E402
from ui.guidance_page import guidance_page  # noqa: E402
from ui.sources_page import sources_page  # noqa: E402

st.set_page_config(page_title="DebtLens 催收渠道知识库", page_icon="⚖️", layout="wide")

page = st.navigation([st.Page(chat_page, title="Chat 问答", default=True),
                      st.Page(guidance_page, title="Guidance 维权指引", url_path="guidance"),
                      st.Page(compare_page, title="Compare 比较", url_path="compare"),
                      st.Page(sources_page, title="Sources 来源", url_path="sources"),
                      st.Page(evals_page, title="Evals 评测", url_path="evals")])
page.run()
