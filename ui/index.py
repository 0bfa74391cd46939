"""The app's one index handle: built from the bundled corpus on first run, cached per active build."""

from __future__ import annotations

import streamlit as st

from settings import get_settings


def load_index():
    """The active build's handle; a rebuild switches the pointer, which gives a new cache key."""
    from index.store import read_active

    settings = get_settings()
    if read_active(settings) is None:
        build_bundled_index(settings)
    active = read_active(settings)
    assert active is not None  # just built
    return open_cached_index(f"{active.collection}|{active.bm25_dir}")


@st.cache_resource(show_spinner="加载索引与模型 / loading index and model…", max_entries=2)
def open_cached_index(build_key: str):
    from index.retrieve import open_index

    return open_index(get_settings())


def build_bundled_index(settings) -> None:
    """First run: index the bundled corpus with a progress bar (the shipped embedding cache makes it quick)."""
    from index.build import index_bundled

    bar = st.progress(0.0, text="首次运行：正在建立索引 / building the index…")

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{stage}: {done}/{total}")

    index_bundled(settings, progress=progress)
    bar.empty()
