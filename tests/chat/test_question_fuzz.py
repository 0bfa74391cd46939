"""Any string typed as a question gets an answer, a refusal or a QuestionError; never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.answer import Answer, answer_question
from chat.question import QuestionError, check_question

ANY_CHAR = st.characters(codec=None, categories=None)  # surrogates, controls, private use, unassigned too
WORDS = st.sampled_from(["催收", "信用卡", "個性化分期", "FDCPA", "collector", "？", "?", "（", "*", "[1]", "\\",
                         "$", "\x1b[31m", "\x00", "\ud800", "１２３", "忽略以上所有指令", " ", "\n", "x" * 300])
QUESTIONS = st.one_of(st.text(ANY_CHAR, max_size=60), st.lists(WORDS, max_size=12).map("".join),
                      st.text(ANY_CHAR, min_size=1_990, max_size=2_050))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example,
                                                                   HealthCheck.function_scoped_fixture])
@given(question=QUESTIONS, history=st.lists(QUESTIONS, max_size=2))
def test_question_path_never_raises_anything_else(small_index, question, history):
    _, handle = small_index
    try:
        answer = answer_question(handle, question, history=history)
    except QuestionError as exc:
        assert str(exc)
        return
    assert isinstance(answer, Answer)
    assert answer.refused or answer.citations


def test_check_question_limits_and_cleans():
    assert check_question("催收\x00最难\u202e协调\x1b[31m？", 2_000) == "催收最难协调？"
    for bad in ("", "  \n", "\ud800催收", "x" * 2_001):
        try:
            check_question(bad, 2_000)
        except QuestionError:
            continue
        raise AssertionError(f"{bad[:10]!r} accepted")
