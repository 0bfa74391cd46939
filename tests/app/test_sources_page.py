"""The Sources page in Streamlit's AppTest, writing to a private copy of a real index: an uploaded HTML file
becomes searchable in the library and answerable in chat; a web page from a real HTTP server on 127.0.0.1 is
added only when the setting allows loopback, and a refused URL shows why; filters and the reader work."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.ingest.web_server import FaultServer

PAGE = """<html><head><meta charset="utf-8"><title>上门催收的十条规矩</title></head><body>
<nav>首页 | 新闻</nav><article><h1>上门催收的十条规矩</h1>
<p>某地金融管理局规定，上门催收须两人同行，并出示工作证件和委托书。</p>
<p>上门催收时不得在借款人家门口张贴欠款告示，也不得在晚上九点以后敲门。</p>
</article><footer>版权所有</footer></body></html>"""


@pytest.fixture
def private_index(small_index, tmp_path, monkeypatch):
    """A copy of the small index's data folder: the page's additions never touch the shared one."""
    settings, _ = small_index
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(data))
    monkeypatch.setenv("DEBTLENS_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.delenv("DEBTLENS_FETCH__ALLOW_ADDRESSES", raising=False)
    from settings import get_settings

    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


def _page():
    from ui.sources_page import sources_page

    sources_page()


def _submit(at: AppTest, label_start: str) -> AppTest:
    next(b for b in at.button if b.label.startswith(label_start)).click()
    return at.run()


def test_uploaded_html_becomes_searchable_and_answerable(private_index):
    at = AppTest.from_function(_page, default_timeout=180).run()
    assert not at.exception, at.exception
    before = len(at.dataframe[0].value)
    at.file_uploader(key="sources_upload").upload("上门催收 规矩.html", PAGE.encode(), "text/html")
    _submit(at, "添加文件")
    assert not at.exception, at.exception
    assert [s.value for s in at.success] and "added" in at.success[0].value and not at.error
    assert len(at.dataframe[0].value) == before + 1
    at.text_input(key="sources_search").input("上門催收的十條").run()  # Traditional finds the Simplified title
    table = at.dataframe[0].value
    assert table["title"].tolist() == ["上门催收的十条规矩"]
    reader = at.markdown[-1].value.replace("\\", "")
    assert "两人同行" in reader and "版权所有" not in reader  # the cleaned text, footer dropped

    from chat.answer import answer_question
    from index.retrieve import open_index
    from settings import get_settings

    answer = answer_question(open_index(get_settings()), "上门催收须几人同行？")
    assert not answer.refused and "两人同行" in answer.text
    assert any(c.title == "上门催收的十条规矩" for c in answer.citations)

    at.file_uploader(key="sources_upload").upload("scan.html", b"\x00\x01PK binary", "text/html")
    _submit(at, "添加文件")
    assert "rejected" in at.error[0].value and "binary" in at.error[0].value


def test_url_is_refused_for_loopback_unless_allowed(private_index, monkeypatch):
    with FaultServer() as server:
        url = f"{server.base}/site/p1.html"
        at = AppTest.from_function(_page, default_timeout=180).run()
        at.text_input(key="sources_url").input(url)
        _submit(at, "抓取并添加")
        assert not at.exception, at.exception
        refusal = at.error[0].value.replace("\\", "")
        assert "rejected" in refusal and "a loopback address" in refusal and "ALLOW_ADDRESSES" in refusal
        assert server.hits["/site/p1.html"] == 0  # refused before connecting

        from settings import get_settings

        monkeypatch.setenv("DEBTLENS_FETCH__ALLOW_ADDRESSES", "127.0.0.1")
        get_settings.cache_clear()
        at = AppTest.from_function(_page, default_timeout=180).run()
        before = len(at.dataframe[0].value)
        at.text_input(key="sources_url").input(url)
        _submit(at, "抓取并添加")
        assert not at.exception, at.exception
        assert at.success and "added" in at.success[0].value, [e.value for e in at.error]
        table = at.dataframe[0].value
        assert len(table) == before + 1 and url in table["link"].tolist()  # the page's own address is its link

        at.text_input(key="sources_url").input("http://169.254.169.254/latest/meta-data/")
        _submit(at, "抓取并添加")
        assert "cloud metadata" in at.error[0].value.replace("\\", "")  # still refused: only loopback is allowed
