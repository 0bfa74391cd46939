"""The `debtlens` entry: one dispatcher over each stage's own argparse command, help on every option."""

import subprocess
import sys
import tomllib

import pytest

from tests.conftest import REPO


def debtlens(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_top_level_help_lists_every_command():
    run = debtlens("--help")
    assert run.returncode == 0
    for command in ("ingest", "corpus", "models", "ask", "eval", "serve", "bench"):
        assert f"  {command} " in run.stdout


def test_ask_help_shows_the_allowed_jurisdictions_and_channels():
    channels = tomllib.loads((REPO / "corpus" / "channels.toml").read_text(encoding="utf-8"))["channels"]
    run = debtlens("ask", "--help")
    assert run.returncode == 0 and "usage: debtlens ask" in run.stdout
    text = " ".join(run.stdout.split())
    from ingest.corpus import JURISDICTIONS

    assert ", ".join(JURISDICTIONS) in text and "TW" in JURISDICTIONS
    assert all(key in text for key in channels)


def test_an_unknown_channel_is_refused_with_the_choices():
    run = debtlens("ask", "催收能打给我家人吗？", "--channel", "loan_shark")
    assert run.returncode == 2
    assert "invalid choice: 'loan_shark'" in run.stderr and "bank_inhouse" in run.stderr


@pytest.mark.parametrize("args, usage", [
    (["ingest", "--help"], "usage: debtlens ingest"),
    (["corpus", "--help"], "usage: debtlens corpus"),
    (["eval", "--help"], "usage: debtlens eval"),
    (["serve", "--help"], "usage: debtlens serve"),
    (["bench", "retrieval", "--help"], "usage: debtlens bench retrieval"),
])
def test_each_command_is_its_stages_own_parser(args, usage):
    run = debtlens(*args)
    assert run.returncode == 0 and usage in run.stdout
    options = [line for line in run.stdout.splitlines() if line.strip().startswith("--")]
    assert options and all(len(line.split()) > 1 for line in options)  # every option carries help text


def test_unknown_command_names_the_commands():
    run = debtlens("serach")
    assert run.returncode == 2 and "invalid choice: 'serach'" in run.stderr
