"""The real app in a real browser: Debian chromium (headless) types a question and sees a cited answer."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = Path(os.environ.get("DEBTLENS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("DEBTLENS_TEST_ARTIFACTS", REPO / "test-artifacts"))  # screenshots, downloads
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(data_dir: Path, corpus_dir: Path, log: Path):
    """The real app in a streamlit subprocess on a free port; yields its URL once healthy."""
    port = _free_port()
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(data_dir), "DEBTLENS_CORPUS_DIR": str(corpus_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not come up: " + log.read_text())
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def require_browser() -> None:
    """Skip (fail in CI) when Debian chromium is not there."""
    if os.environ.get("DEBTLENS_SKIP_BROWSER"):  # scripts/test.sh could not install chromium and says why
        pytest.skip(os.environ["DEBTLENS_SKIP_BROWSER"])
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium missing in CI: scripts/test.sh should have installed it")
        pytest.skip("needs Debian chromium (scripts/test.sh installs it)")


@pytest.fixture
def served_app(small_index, tmp_path):
    require_browser()
    settings, _ = small_index
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve_app(settings.data_dir, settings.corpus_dir, tmp_path / "streamlit.log") as url:
        yield url


def launch(p):
    """Debian chromium, headless, resolving nothing but 127.0.0.1 (so no page can reach the internet)."""
    return p.chromium.launch(
        executable_path=str(CHROMIUM), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])


def ask_in_browser(page, url: str, question: str):
    """Type a question into the app's chat box; returns the assistant message once it shows a citation."""
    page.goto(url, wait_until="domcontentloaded")
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=90_000)
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    answer.get_by_text("[1]", exact=False).first.wait_for(timeout=120_000)
    return answer


def test_question_in_browser_shows_quoted_citation(served_app, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        answer = ask_in_browser(page, served_app, "催收最难协调的平台是哪个？")
        answer.get_by_text("催收最難協調的平臺是哪個", exact=False).first.wait_for(timeout=60_000)  # citations draw last
        text = answer.inner_text()
        page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)
        page.goto(f"{served_app}/compare", wait_until="domcontentloaded")
        page.get_by_test_id("stDownloadButton").first.wait_for(timeout=180_000)
        page.wait_for_timeout(3_000)  # the chart draws after the widgets arrive
        page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_test_id("stDownloadButton").first.locator("button").click()
        csv_path = ARTIFACTS / download.value.suggested_filename
        download.value.save_as(str(csv_path))
        browser.close()
    assert "网络催收平台" in text  # the seed's answer to "which is hardest", quoted
    assert "催收最難協調的平臺是哪個" in text  # the seed's title labels a citation
    matrix = csv_path.read_text(encoding="utf-8-sig")
    assert matrix.startswith("jurisdiction,channel") and "online_collection_platform" in matrix
