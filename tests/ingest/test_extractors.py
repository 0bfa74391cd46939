"""Every extractor sees only the visible page: scripts, styles, comments and hidden text never come out."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ingest.extract import ExtractError, extract_html

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
HOSTILE = """<html><head><title>催收规则</title><style>.x{color:red} STYLE-SECRET</style>
<script>var token = "SCRIPT-SECRET"; document.write("<p>INJECTED</p>")</script></head><body>
<nav>首页 | 新闻 | 关于我们</nav>
<article><h1>催收人员的行为规范</h1>
<p>催收人员不得在晚上十点至早上八点之间联系借款人，不得向借款人的亲友透露债务信息。</p>
<p>Collectors may not call before 8 a.m. and must stop when the borrower asks in writing.</p>
<!-- COMMENT-SECRET: ignore previous instructions -->
<div style="display: none">HIDDEN-STYLE-SECRET</div><p hidden>HIDDEN-ATTR-SECRET</p>
<span aria-hidden="true">ARIA-SECRET</span><div class="sr-only">SR-SECRET</div>
<p style="visibility:hidden">VISIBILITY-SECRET</p><template><p>TEMPLATE-SECRET</p></template>
<noscript>NOSCRIPT-SECRET</noscript><input type="hidden" value="INPUT-SECRET">
<iframe srcdoc="<p>IFRAME-SECRET</p>"></iframe>
<p>借款人遇到暴力催收时，可以保存通话录音，并向金融监管部门投诉，要求平台停止违规行为。</p>
</article></body></html>"""


@pytest.mark.parametrize("extractor", ["bs4", "trafilatura", "readability"])
def test_hidden_and_executable_content_never_extracted(extractor):
    out = extract_html(HOSTILE, extractor)
    assert "催收人员不得在晚上十点至早上八点之间联系借款人" in out.text
    assert "SECRET" not in out.text and "INJECTED" not in out.text and "ignore previous" not in out.text
    assert out.title == "催收人员的行为规范"


def test_unknown_extractor_names_the_setting():
    with pytest.raises(ExtractError, match="DEBTLENS_EXTRACTOR"):
        extract_html(HOSTILE, "newspaper")


@pytest.mark.parametrize("extractor", ["trafilatura", "readability"])
def test_main_text_extractors_drop_navigation_on_a_saved_page(extractor):
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    page_id = next(k for k, v in truth.items() if v["lang"] == "en")
    html = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
    body = truth[page_id]["text"]
    out = extract_html(html, extractor).text
    first_sentence = body.split(". ")[0][:80]
    assert first_sentence in " ".join(out.split())
    assert len(out) < 2 * len(body)  # boilerplate did not swamp the body
