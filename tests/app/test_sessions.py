"""Many users at once: every browser session of one app server shares one index handle and one embedding model
(st.cache_resource), and five sessions asking at the same time each get their own correct, cited answer.
Memory with 1 and 5 sessions is printed by bench/app_sessions.py (a figure, not a test)."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_browser import CHROMIUM, launch, served_app  # noqa: F401  (a fixture, used by name)


def _page():
    import streamlit as st

    from ui.index import load_index

    handle = load_index()
    st.session_state["ids"] = (id(handle), id(handle.embed), id(handle.bm25))


def test_sessions_share_one_index_and_one_model(small_index, monkeypatch):
    settings, _ = small_index
    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DEBTLENS_CORPUS_DIR", str(settings.corpus_dir))
    from settings import get_settings

    get_settings.cache_clear()
    try:
        first = AppTest.from_function(_page, default_timeout=120).run()
        second = AppTest.from_function(_page, default_timeout=120).run()  # another session, same process
    finally:
        get_settings.cache_clear()
    assert not first.exception and not second.exception
    assert first.session_state["ids"] == second.session_state["ids"]


QUESTIONS = [  # (question, a phrase its answer must contain)
    ("催收最难协调的平台是哪个？", "网络催收平台"),
    ("信用卡催收可以联系与债务无关的第三人吗？", "不得向与债务无关的第三人催收"),
    ("Under the FDCPA, may a debt collector call a consumer before 8 a.m.?", "after 8 a.m. and before 9 p.m."),
    ("催收最難協調的平臺是哪個？", "網絡催收平臺"),
    ("银行信用卡中心可以协商分期还款吗？", "个性化分期"),
]


@pytest.mark.browser
def test_five_browser_sessions_asking_at_once(served_app):  # noqa: F811  (the imported fixture)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        pages = [browser.new_context().new_page() for _ in QUESTIONS]
        for page in pages:
            page.goto(served_app, wait_until="domcontentloaded")
        for page in pages:
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        for page, (question, _) in zip(pages, QUESTIONS, strict=True):  # all five sent before any answer is read
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill(question)
            box.press("Enter")
        answers = []
        for page in pages:
            answer = page.get_by_test_id("stChatMessage").nth(1)
            answer.get_by_text("[1]", exact=False).first.wait_for(timeout=240_000)
            answer.locator("[data-testid=stPopoverButton]:visible").first.wait_for(timeout=60_000)  # citations
            answers.append(answer.inner_text())
        browser.close()
    for (question, expected), text in zip(QUESTIONS, answers, strict=True):
        assert expected in text, f"{question!r} got: {text[:300]}"
        assert "quoted sources" in text and "[1] " in text  # the extractive mark and a citation, not a refusal
