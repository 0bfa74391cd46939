"""The Sources page: every source the index knows, with its status and duplicate link."""

from __future__ import annotations

import streamlit as st

from ui.index import load_index


def sources_page() -> None:
    st.title("来源 / Sources")
    st.dataframe(load_index().sources(), use_container_width=True)
