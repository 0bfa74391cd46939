"""The app with an LLM configured: the checked answer is shown as escaped text with the composer mark."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.chat.replay_server import ReplayServer, recorded
from tests.conftest import REPO


@pytest.fixture
def llm_app_env(small_index, monkeypatch):
    settings, _ = small_index
    replay = ReplayServer().start()
    for key, value in {"DEBTLENS_DATA_DIR": str(settings.data_dir), "DEBTLENS_CORPUS_DIR": str(settings.corpus_dir),
                       "DEBTLENS_LLM": "openai-like", "DEBTLENS_LLM_BASE_URL": replay.base_url}.items():
        monkeypatch.setenv(key, value)
    from settings import get_settings

    get_settings.cache_clear()
    yield replay
    get_settings.cache_clear()
    replay.stop()


def test_generative_answer_is_escaped_text_with_its_composer_mark(llm_app_env):
    replay = llm_app_env
    # A sentence the post-check rejects (a number no passage has), so the app shows the labelled fallback.
    replay.replies.append(recorded("chat_completion.json", "**催收**最多可以分期99年[1]。"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
    at.chat_input[0].set_value("信用卡个性化分期还款协议最长多少年？").run()
    assert not at.exception
    assistant = [m for m in at.chat_message if m.name == "assistant"][-1]
    shown = assistant.markdown[0].value  # the answer (the citations follow it)
    assert "\\[1\\]" in shown and "99" not in shown and "**" not in shown  # escaped text, never markdown
    assert any("extractive fallback" in c.value and "removed by the post-check" in c.value for c in assistant.caption)
    assert replay.requests and replay.requests[0]["stream"] is True
    # The next question reruns the script: the earlier answer keeps its mark.
    replay.replies.append(recorded("chat_completion.json", "**催收**最多可以分期99年[1]。"))
    at.chat_input[0].set_value("个性化分期要满足什么条件？").run()
    assert not at.exception
    assistants = [m for m in at.chat_message if m.name == "assistant"]
    assert len(assistants) == 2
    assert all(any("answer: " in c.value for c in m.caption) for m in assistants)


def test_checked_generative_answer_streams_with_its_mark_and_openable_citations(llm_app_env):
    from tests.app.test_app import popovers

    replay = llm_app_env
    replay.replies.append(recorded("chat_completion.json",
                                   "可以，根据第七十条，发卡银行可以与持卡人平等协商个性化分期还款，最长期限不超过5年[1]。"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
    at.chat_input[0].set_value("信用卡个性化分期还款协议最长多少年？").run()
    assert not at.exception
    assistant = [m for m in at.chat_message if m.name == "assistant"][-1]
    assert "最长期限不超过5年" in assistant.markdown[0].value
    assert any(c.value.startswith("✍️ 语言模型撰写") and "written by the LLM" in c.value for c in assistant.caption)
    cited = popovers(assistant)
    assert cited and "第七十条" in " ".join(m.value for m in cited[0].markdown)
    assert at.session_state["messages"][-1]["composer"] == "generative"
