"""The corpus's coverage map: questions each document answers (corpus/covered_questions.toml) and neighbouring
topics it lacks (corpus/uncovered_topics.toml). Read here for the corpus check, the shipped vectors and the
answerer's topic check alike."""

from __future__ import annotations

import tomllib
from pathlib import Path

COVERED_FILE = "covered_questions.toml"
UNCOVERED_FILE = "uncovered_topics.toml"


def load_table(path: Path, table: str) -> list[dict]:
    """The entries of a coverage-map file that have examples; [] without the file."""
    if not path.exists():
        return []
    with path.open("rb") as fh:
        return [entry for entry in tomllib.load(fh).get(table, []) if entry.get("examples")]


def coverage_tables(corpus_dir: Path) -> tuple[list[dict], list[dict]]:
    """(covered documents, uncovered topics) of a corpus directory."""
    return load_table(corpus_dir / COVERED_FILE, "doc"), load_table(corpus_dir / UNCOVERED_FILE, "topic")


def examples_of(entries: list[dict]) -> list[str]:
    """Every example of the entries, in file order (the order their vectors are stored in)."""
    return [example for entry in entries for example in entry["examples"]]
