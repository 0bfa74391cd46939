"""Streamlit AppTest: typing a question renders an answer with at least one citation."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.fixture
def app_env(small_index, monkeypatch):
    settings, _ = small_index
    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DEBTLENS_CORPUS_DIR", str(settings.corpus_dir))
    from settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_question_renders_cited_answer(app_env):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert not at.exception
    at.chat_input[0].set_value("催收最难协调的平台是哪个？").run()
    assert not at.exception
    assistant = [m for m in at.chat_message if m.name == "assistant"]
    assert assistant, "no assistant message rendered"
    text = " ".join(md.value for md in assistant[-1].markdown).replace("\\", "")  # document text is escaped
    assert "[1]" in text
    assert any("催收最難協調的平臺是哪個" in md.value for md in assistant[-1].markdown[1:])  # the seed's title
    captions = [c.value for c in assistant[-1].caption]
    assert captions and all(c.startswith("“") for c in captions)


def test_unrelated_question_renders_refusal(app_env):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.chat_input[0].set_value("红烧肉怎么做？").run()
    assistant = [m for m in at.chat_message if m.name == "assistant"]
    # A recipe is out of the library's domain: the out-of-scope refusal, with no quotes.
    assert "不在本资料库的范围内" in assistant[-1].markdown[0].value and "不作回答" in assistant[-1].markdown[0].value
    assert not assistant[-1].caption
