"""The Guidance page in Streamlit's AppTest over a real index: rights quoted with readable source labels, next
steps, the complaint letter filled from the short form and offered as .md/.txt, and a plain 'nothing here' for
a place the library lacks."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.fixture
def app_env(small_index, monkeypatch, tmp_path):
    """The small index, and a corpus folder that also holds the bundled letter templates (read from files)."""
    settings, _ = small_index
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    for template in (REPO / "corpus" / "docs").glob("template-*.md"):
        shutil.copy(template, corpus / "docs")
    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DEBTLENS_CORPUS_DIR", str(corpus))
    from settings import get_settings

    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def _page():
    from ui.guidance_page import guidance_page

    guidance_page()


def test_guidance_fills_the_complaint_letter(app_env):
    at = AppTest.from_function(_page, default_timeout=120).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="guidance_place").value == "CN"
    at.selectbox(key="guidance_situation").set_value("third_party_contact").run()
    quotes = [md.value for md in at.markdown if md.value[:1].isdigit() and "“" in md.value]
    assert any("第三人催收" in q for q in quotes), quotes  # the credit-card rule, quoted
    labels = [c.value for c in at.caption]
    assert any("CN" in c and "**" in c for c in labels)
    assert not any("/tmp" in c or "corpus/docs" in c or ".md" in c for c in labels)  # never a file path
    at.text_input(key="letter_template-cn-tousu-xin-zh:姓名").input("王小明")
    at.text_input(key="letter_template-cn-tousu-xin-zh:机构名称").input("某某银行")
    at.button[0].click()  # the form's submit button is the only button on the page
    at.run()
    assert not at.exception, at.exception
    letter = at.code[0].value
    assert letter.count("王小明") == 2 and "【姓名】" not in letter and "某某银行" in letter
    downloads = at.get("download_button")
    assert len(downloads) == 2


def test_guidance_says_plainly_when_the_library_has_nothing(app_env):
    at = AppTest.from_function(_page, default_timeout=120).run()
    at.radio(key="guidance_lang").set_value("en").run()
    at.selectbox(key="guidance_place").set_value("IN").run()
    at.selectbox(key="guidance_situation").set_value("instalment_plan").run()
    assert not at.exception, at.exception
    infos = " ".join(i.value for i in at.info)
    assert "no rule or guide on this situation for India" in infos
    assert "no letter template" in infos and not at.code
