"""Adding an uploaded file from the Sources page: an HTML page becomes searchable, the same upload again is
unchanged, and bad uploads are rejected with their reason while the index keeps what it had."""

from llama_index.core.schema import QueryBundle

from index.retrieve import HybridRetriever, open_index
from ui.add_sources import ADDED, REJECTED, UNCHANGED, add_file, safe_name

PAGE = """<html><head><meta charset="utf-8"><title>上门催收的十条规矩</title></head><body>
<nav>首页 | 新闻</nav><article><h1>上门催收的十条规矩</h1>
<p>某地金融管理局规定，上门催收须两人同行，并出示工作证件和委托书。</p>
<p>上门催收时不得在借款人家门口张贴欠款告示，也不得在晚上九点以后敲门。</p>
</article><footer>版权所有</footer></body></html>"""


def test_uploaded_html_becomes_searchable(tmp_path):
    from tests.conftest import settings_for

    settings = settings_for(tmp_path / "data", tmp_path / "corpus")
    outcome = add_file("../../上门催收 规矩.html", PAGE.encode(), settings)
    assert outcome.status == ADDED, outcome.detail
    assert (settings.data_dir / "uploads" / safe_name("上门催收 规矩.html")).exists()
    handle = open_index(settings)
    hits = HybridRetriever(handle).retrieve(QueryBundle("上门催收须几人同行？"))
    assert hits and hits[0].node.metadata["source_id"] == outcome.source_id
    assert "两人同行" in hits[0].node.get_content()
    again = add_file("上门催收 规矩.html", PAGE.encode(), settings)
    assert again.status == UNCHANGED

    binary = add_file("scan.html", b"\x00\x01PK binary", settings)
    assert binary.status == REJECTED and "scan.html" in binary.detail and "binary" in binary.detail
    assert ".staging" not in binary.detail
    pdf = add_file("report.pdf", b"%PDF-1.4", settings)
    assert pdf.status == REJECTED and "unsupported file type '.pdf'" in pdf.detail
    assert open_index(settings).journal.chunk_count() == handle.journal.chunk_count()  # nothing lost


def test_safe_name_keeps_only_the_file_name():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\me\\催收 指南.md") == "催收-指南.md"
