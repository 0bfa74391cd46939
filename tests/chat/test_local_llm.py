"""The generative composer with a real model: xllamacpp serving the 0.5B GGUF on 127.0.0.1.

The model file comes from `debtlens models llm --small` (scripts/test.sh assembles it for CI and sets
DEBTLENS_TEST_LLM_MODEL). Without the variable, the worktree's default data dir is tried, then the tests skip."""

import os
import re
import urllib.request
from pathlib import Path

import pytest

from chat.answer import Answer, answer_question, stream_answer
from chat.compose import ShownSentence
from chat.generative import make_composer
from chat.llm import local_server
from chat.llm_model import SMALL_MODEL, model_path
from settings import Settings

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
QUESTION = "银行信用卡中心能跟我协商个性化分期吗？最长能分多久？"


@pytest.fixture(scope="module")
def model_file():
    configured = os.environ.get("DEBTLENS_TEST_LLM_MODEL")
    path = Path(configured) if configured else model_path(REPO / ".debtlens", SMALL_MODEL)
    if not path.is_file():
        if configured:
            pytest.fail(f"DEBTLENS_TEST_LLM_MODEL={configured} does not exist; run: debtlens models llm --small")
        pytest.skip("no 0.5B model; run: debtlens models llm --small (or set DEBTLENS_TEST_LLM_MODEL)")
    return path


@pytest.fixture(scope="module")
def local(small_index, model_file):
    settings, handle = small_index
    llm_settings = Settings(**{**settings.model_dump(), "llm": "local", "llm_model": str(model_file),
                               "llm_threads": 1, "llm_context": 4096, "llm_timeout": 900.0,
                               "llm_max_tokens": 96, "llm_passages": 2})
    handle.settings = llm_settings  # the answer path reads llm_passages from the handle's settings
    composer = make_composer(llm_settings, handle)
    server = local_server(model_file, 1, 4096)
    yield handle, composer, server
    handle.settings = settings


def prompt_tokens(server) -> float:
    """llama.cpp's own counter of prompt tokens processed, from its /metrics endpoint."""
    root = server.base_url.removesuffix("/v1")
    metrics = urllib.request.urlopen(root + "/metrics", timeout=30).read().decode()
    match = re.search(r"^llamacpp:prompt_tokens_total\s+([\d.e+]+)", metrics, re.M)
    assert match, metrics[:500]
    return float(match.group(1))


def assert_grounded(answer: Answer, handle):
    assert answer.citations and not answer.refused
    for c in answer.citations:
        chunk = handle.node(c.chunk_id)
        assert chunk is not None and c.quote and c.quote in chunk.get_content()
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert numbers == {c.n for c in answer.citations}


def test_local_model_answers_with_valid_citations(local):
    handle, composer, server = local
    before = prompt_tokens(server)
    answer = answer_question(handle, QUESTION, composer=composer)
    assert prompt_tokens(server) > before  # the model was asked
    assert answer.composer in ("generative", "extractive-fallback")
    assert_grounded(answer, handle)
    if answer.composer == "generative":
        assert "语言模型" in answer.text  # the generative disclaimer, in the asker's language
    assert composer.last_checks or answer.dropped  # every model sentence went through the post-check


def test_local_model_streams_checked_sentences_then_the_answer(local):
    handle, composer, server = local
    before = prompt_tokens(server)
    events = list(stream_answer(handle, QUESTION, composer=composer))
    assert prompt_tokens(server) > before
    shown = [e.line for e in events if isinstance(e, ShownSentence)]
    final = events[-1]
    assert isinstance(final, Answer) and all(isinstance(e, ShownSentence) for e in events[:-1])
    assert_grounded(final, handle)
    if final.composer == "generative":  # every streamed line is in the answer, in order, and nothing else is
        assert shown and [line for line in final.text.splitlines() if "[" in line] == shown
    else:  # nothing passed: nothing was streamed, and the answer says what was dropped and why
        assert final.composer == "extractive-fallback" and not shown and final.dropped


def test_refused_question_never_reaches_the_model(local):
    handle, composer, server = local
    before = prompt_tokens(server)
    answer = answer_question(handle, "红烧肉怎么做？", composer=composer)
    events = list(stream_answer(handle, "How do I bake sourdough bread?", composer=composer))
    assert answer.refused and answer.composer == "extractive" and not answer.citations
    assert len(events) == 1 and events[0].refused
    assert prompt_tokens(server) == before
