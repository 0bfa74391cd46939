"""The Chat page in a real browser (Debian chromium, headless): the first run offers example questions, a
Chinese question gets a cited answer, and opening a citation shows the source label without any path and the
passage with the quoted sentence highlighted, in the asker's script with the verbatim original a tab away.
Screenshots go to test-artifacts/."""

import pytest

from tests.app.test_browser import ARTIFACTS, ask_in_browser, launch, served_app  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_chinese_question_then_open_a_citation(served_app, small_index):  # noqa: F811 (the fixture)
    from playwright.sync_api import sync_playwright

    settings, _ = small_index
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(served_app, wait_until="domcontentloaded")
        page.get_by_role("button", name="催收最难协调的平台是哪个？").wait_for(timeout=180_000)
        page.get_by_role("button", name="Can a debt collector in the US call me at work?").wait_for()
        page.screenshot(path=str(ARTIFACTS / "chat-first-run.png"), full_page=True)

        answer = ask_in_browser(page, served_app, "催收最难协调的平台是哪个？")
        cited = answer.locator("[data-testid=stPopoverButton]:visible")
        cited.first.wait_for(timeout=60_000)
        labels = [cited.nth(i).inner_text() for i in range(cited.count())]
        seed = next(i for i, label in enumerate(labels) if "催收最難協調的平臺" in label)
        answer.get_by_text("✍️", exact=False).first.wait_for()
        mark = answer.get_by_text("✍️", exact=False).first.inner_text()
        cited.nth(seed).click()
        body = page.get_by_test_id("stPopoverBody")
        body.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        label_text = body.inner_text()
        shown = "[data-testid=stTabPanel]:visible .stMarkdownColoredBackground"
        highlighted = body.locator(shown).first.inner_text()
        links = body.locator("a").evaluate_all("els => els.map(e => e.href)")
        page.screenshot(path=str(ARTIFACTS / "chat-citation.png"), full_page=True)
        body.get_by_role("tab", name="原文 · verbatim original").click()
        page.wait_for_timeout(500)
        original = body.locator(shown).first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "chat-citation-original.png"), full_page=True)
        browser.close()
    assert "extractive" in mark
    assert "DebtLens 资料库收录" in label_text and "中国内地 (CN)" in label_text and "内容截至 2024-12-12" in label_text
    assert str(settings.corpus_dir) not in label_text and ".html" not in label_text and links == []
    assert highlighted.strip() in ("本站将探讨这一问,从多个维度分析各大催收平台的特点、优势与劣势,并最终揭示最难协调的平台。",
                                   "综合以上分析,最难协调的平台可以认为是网络催收平台。")
    assert original.strip() in ("本站將探討這一問,從多個維度分析各大催收平臺的特點、優勢與劣勢,并最終揭示最難協調的平臺。",
                                "綜合以上分析,最難協調的平臺可以認為是網絡催收平臺。")
