"""`debtlens ask` from the shell: the seed question cites the seed; an unrelated question is refused."""

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def cli_env(small_index):
    settings, _ = small_index
    return {**os.environ, "DEBTLENS_DATA_DIR": str(settings.data_dir), "DEBTLENS_CORPUS_DIR": str(settings.corpus_dir)}


def ask(env, *args):
    return subprocess.run([sys.executable, "-m", "cli", "ask", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_seed_question_cites_the_seed(cli_env):
    run = ask(cli_env, "催收最难协调的平台是哪个？")
    assert run.returncode == 0, run.stderr
    assert "[1]" in run.stdout
    assert "(seed-cuishou-nanxietiao)" in run.stdout
    assert "網絡催收平臺" in run.stdout  # the quoted sentence is shown in its original script


def test_out_of_scope_question_is_refused(cli_env):
    run = ask(cli_env, "红烧肉怎么做？")
    assert run.returncode == 0, run.stderr
    assert "不作回答" in run.stdout
    assert "[1]" not in run.stdout


def test_missing_index_gives_actionable_error(tmp_path):
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(tmp_path / "none")}
    run = ask(env, "anything")
    assert run.returncode == 2
    assert "debtlens ingest" in run.stderr


def test_corrupt_index_pointer_gives_rebuild_instruction(fresh_corpus):
    from index.build import index_bundled

    settings = fresh_corpus
    index_bundled(settings)
    (settings.data_dir / "active.json").write_text("{not json", encoding="utf-8")
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(settings.data_dir), "DEBTLENS_CORPUS_DIR": str(settings.corpus_dir)}
    run = ask(env, "催收最难协调的平台是哪个？")
    assert run.returncode == 2
    assert "corrupt" in run.stderr and "debtlens ingest --rebuild" in run.stderr
    assert (settings.data_dir / "journal.sqlite").exists()  # nothing stored was deleted


def test_single_letter_question_is_refused(small_index):
    from chat.answer import answer_question

    _, handle = small_index
    assert answer_question(handle, "x").refused
