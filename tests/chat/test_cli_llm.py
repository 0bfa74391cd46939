"""`debtlens ask --json`, streaming output with the composer mark, and the LLM errors, from the shell."""

import json
import os
import subprocess
import sys

import pytest

from tests.chat.replay_server import ReplayServer, recorded

QUESTION = "信用卡个性化分期还款协议最长多少年？"


@pytest.fixture(scope="module")
def cli_env(small_index):
    settings, _ = small_index
    return {**os.environ, "DEBTLENS_DATA_DIR": str(settings.data_dir), "DEBTLENS_CORPUS_DIR": str(settings.corpus_dir)}


@pytest.fixture
def server():
    replay = ReplayServer().start()
    yield replay
    replay.stop()


def ask(env, *args):
    return subprocess.run([sys.executable, "-m", "cli", "ask", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_json_answer_has_the_documented_fields(cli_env):
    run = ask(cli_env, QUESTION, "--json")
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert {"text", "citations", "refused", "lang", "composer", "dropped"} <= set(answer)
    assert answer["composer"] == "extractive" and answer["dropped"] == [] and answer["lang"] == "zh"
    assert answer["citations"] and {"n", "chunk_id", "source_id", "title", "url", "quote"} <= set(answer["citations"][0])


def test_json_shows_what_the_post_check_dropped(cli_env, server):
    server.replies.append(recorded("chat_completion.json", "根据第九十九条，银行必须免除全部欠款[1]。"))
    env = {**cli_env, "DEBTLENS_LLM": "openai-like", "DEBTLENS_LLM_BASE_URL": server.base_url}
    answer = json.loads((run := ask(env, QUESTION, "--json")).stdout or "{}")
    assert run.returncode == 0, run.stderr
    assert answer["composer"] == "extractive-fallback" and not answer["refused"]
    assert answer["dropped"][0]["check"] == "facts" and "99" in answer["dropped"][0]["reason"]
    assert "九十九" not in answer["text"] and answer["citations"]


def test_streamed_answer_ends_with_the_composer_mark(cli_env, server):
    server.replies.append(recorded("chat_completion.json", "所给资料没有回答这个问题。"))
    env = {**cli_env, "DEBTLENS_LLM": "openai-like", "DEBTLENS_LLM_BASE_URL": server.base_url}
    run = ask(env, QUESTION)
    assert run.returncode == 0, run.stderr
    assert server.requests[0]["stream"] is True
    assert "[1]" in run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith("— answer: quoted sources (extractive fallback")


def test_refused_question_sends_nothing_to_the_llm(cli_env, server):
    env = {**cli_env, "DEBTLENS_LLM": "openai-like", "DEBTLENS_LLM_BASE_URL": server.base_url}
    run = ask(env, "红烧肉怎么做？", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["refused"] and server.requests == []


def test_missing_local_model_names_the_command(cli_env, tmp_path):
    corrupt = tmp_path / "qwen2.5-coder-1.5b-instruct.gguf"
    corrupt.write_bytes(b"GGUF" + b"\0" * 64)
    run = ask({**cli_env, "DEBTLENS_LLM": "local", "DEBTLENS_LLM_MODEL": str(corrupt)}, QUESTION)
    assert run.returncode == 2
    assert "corrupt" in run.stderr and "debtlens models llm" in run.stderr
    assert corrupt.exists()  # a bad file is reported, never deleted


def test_models_llm_is_dispatched_to_the_assembler(tmp_path):
    run = subprocess.run([sys.executable, "-m", "cli", "models", "llm", "--help"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0 and "--small" in run.stdout and "PyPI" in run.stdout
