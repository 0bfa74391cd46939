"""Streamlit AppTest of the Chat page over a real small index: cited answers with the composer mark, each [n]
opening the passage with a readable source label, a refusal, a follow-up that switches country, an example
question click, and sidebar filters that narrow the sources."""

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from tests.conftest import REPO


@pytest.fixture
def app_env(small_index, monkeypatch):
    settings, _ = small_index
    monkeypatch.setenv("DEBTLENS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DEBTLENS_CORPUS_DIR", str(settings.corpus_dir))
    from settings import get_settings

    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def start() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return [m for m in at.chat_message if m.name == "assistant"][-1]


def popovers(node) -> list:
    """The popover blocks under `node` (AppTest has no accessor for them; their contents are sent unopened)."""
    found = []
    for child in getattr(node, "children", {}).values():
        if type(child) is Block and child.proto is not None and child.proto.WhichOneof("type") == "popover":
            found.append(child)
        found += popovers(child)
    return found


def visible(value: str) -> str:
    return value.replace("\\", "").replace("\u2060", "")  # document text is escaped; links carry a word joiner


def test_question_renders_cited_answer_with_composer_mark_and_readable_citations(app_env):
    settings = app_env
    at = start()
    answer = ask(at, "催收最难协调的平台是哪个？")
    assert "[1]" in visible(answer.markdown[0].value)
    assert any("extractive" in c.value and "quoted sources" in c.value for c in answer.caption)  # the composer mark
    cited = popovers(answer)
    assert len(cited) >= 2 and cited[0].proto.popover.label.startswith("\\[1\\] ")
    shown = [visible(e.value) for p in cited for e in [*p.markdown, *p.caption]]
    assert "**催收最難協調的平臺是哪個?**" in shown  # the seed's title, verbatim, as a label
    assert any(s.startswith("DebtLens 资料库") and "中国内地 (CN)" in s and "内容截至 2024-12-12" in s for s in shown)
    paths = (str(settings.corpus_dir), "/tmp/", "corpus/docs", "corpus/articles", "seed-cuishou-nanxietiao.html")
    assert not [s for s in shown if any(p in s for p in paths)]  # web addresses only, never a file path
    # The seed is Traditional, the question Simplified: the highlighted quote in the asker's script, the verbatim
    # original one tab away.
    seed = next(p for p in cited if "網絡催收平臺" in " ".join(e.value for e in p.markdown))
    mine, original = seed.tabs
    assert mine.label.startswith("简体") and original.label.startswith("原文")
    assert ":orange-background[**综合以上分析\\,最难协调的平台可以认为是网络催收平台。**]" in mine.markdown[0].value
    assert ":orange-background[**綜合以上分析\\,最難協調的平臺可以認為是網絡催收平臺。**]" in original.markdown[0].value


def test_unrelated_question_renders_refusal_without_citations(app_env):
    at = start()
    answer = ask(at, "红烧肉怎么做？")
    assert "不在本资料库的范围内" in answer.markdown[0].value and "不作回答" in answer.markdown[0].value
    assert any("refused" in c.value for c in answer.caption) and not popovers(answer)


def test_follow_up_switches_country_and_keeps_the_topic(app_env):
    at = start()
    ask(at, "银行催收可以联系我的家人吗？")
    first = at.session_state["messages"][-1]["citations"]
    assert first and {c["jurisdiction"] for c in first} == {"CN"}
    follow = ask(at, "那美国呢？")
    records = at.session_state["messages"][-1]["citations"]
    assert "us-fdcpa-en" in {c["source_id"] for c in records}
    assert "FDCPA" in visible(follow.markdown[0].value)
    assert [m["role"] for m in at.session_state["messages"]] == ["user", "assistant"] * 2


def test_example_question_click_asks_it(app_env):
    at = start()
    examples = [b for b in at.button if b.key and b.key.startswith("example-")]
    assert {b.key.split("-")[1] for b in examples} == {"中文", "English"}
    at.button(key="example-中文-0").click().run()
    assert not at.exception
    users = [m for m in at.chat_message if m.name == "user"]
    assert [visible(u.markdown[0].value) for u in users] == ["催收最难协调的平台是哪个？"]
    assert popovers([m for m in at.chat_message if m.name == "assistant"][-1])
    assert not [b for b in at.button if b.key and b.key.startswith("example-")]  # gone once the chat started


def test_sidebar_filters_narrow_the_sources(app_env):
    at = start()
    ask(at, "May a debt collector discuss my debt with my family or my employer?")
    unfiltered = {c["jurisdiction"] for c in at.session_state["messages"][-1]["citations"]}
    assert "CN" in unfiltered  # without a filter the bank in-house (CN) profile is quoted too
    place = next(m for m in at.sidebar.multiselect if m.label.startswith("法域"))
    assert place.options == ["中国内地 · CN", "美国 · US"]
    place.set_value(["US"]).run()
    answer = ask(at, "May a debt collector discuss my debt with my family or my employer?")
    filtered = at.session_state["messages"][-1]["citations"]
    assert filtered and {c["jurisdiction"] for c in filtered} == {"US"}
    assert any("filters: jurisdiction=US" in c.value for c in answer.caption)
    kinds = next(m for m in at.sidebar.multiselect if m.label.startswith("文件类型"))
    assert "信函模板 / letter template" not in kinds.options and "法规 / regulation" in kinds.options


def test_disclaimer_and_session_only_conversation_are_visible(app_env):
    at = start()
    assert any("Information, not legal advice" in i.value for i in at.sidebar.info)
    ask(at, "催收最难协调的平台是哪个？")
    at.button(key="clear-conversation").click().run()
    assert not at.chat_message and at.session_state["messages"] == []
