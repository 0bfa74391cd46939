"""Bad input gets a clear message, and the index already built is left intact."""

import subprocess
import sys

import pytest

from index.build import apply_sources
from index.journal import Journal
from ingest.load import IngestError, load_source
from ingest.pipeline import bundled_sources
from settings import Settings

MAX_BYTES = Settings().max_page_bytes


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("")
    with pytest.raises(IngestError, match="empty"):
        load_source(path, MAX_BYTES)


def test_missing_file_is_rejected_with_path(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        load_source(tmp_path / "gone.html", MAX_BYTES)


def test_binary_file_is_rejected(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError, match="binary"):
        load_source(path, MAX_BYTES)


def test_wrong_charset_declaration_is_detected_and_reported(tmp_path):
    text = "<html><head><meta charset='utf-8'><title>催收</title></head><body><article><h1>网贷催收</h1>" \
           "<p>借款人被频繁催收电话骚扰时，可以向金融监管部门投诉，并保存通话录音等证据。</p></article></body></html>"
    path = tmp_path / "gbk.html"
    path.write_bytes(text.encode("gb18030"))
    doc = load_source(path, MAX_BYTES)
    assert "借款人被频繁催收电话骚扰时" in doc.text
    assert any("declared charset" in w for w in doc.warnings)


def test_unsupported_type_is_rejected(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match="unsupported file type"):
        load_source(path, MAX_BYTES)


def test_huge_page_is_rejected(tmp_path):
    path = tmp_path / "huge.html"
    path.write_text("<p>" + "催收" * 2000 + "</p>")
    with pytest.raises(IngestError, match="page limit"):
        load_source(path, max_bytes=1000)


def test_bad_files_leave_existing_index_intact(fresh_corpus, tmp_path):
    settings = fresh_corpus
    apply_sources(bundled_sources(settings).docs, settings)
    journal = Journal(settings.data_dir / "journal.sqlite")
    before = [c["chunk_id"] for c in journal.all_chunks()]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.md").write_text("")
    (bad / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (bad / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody text here that is long enough\n")
    env = {"DEBTLENS_DATA_DIR": str(settings.data_dir), "DEBTLENS_CORPUS_DIR": str(settings.corpus_dir),
           "PATH": "/usr/bin:/bin", "ANONYMIZED_TELEMETRY": "False"}
    run = subprocess.run([sys.executable, "-m", "ingest", str(bad)], capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert "empty" in run.stderr and "binary" in run.stderr and "front matter is not valid YAML" in run.stderr
    assert [c["chunk_id"] for c in journal.all_chunks()] == before
    journal.close()


@pytest.mark.parametrize(("front", "message"), [
    ("1: one\ntitle: t\n", "key 1 is not a name"),
    ("channels: 5\n", "'channels' must be a list"),
    ("channels: bank_inhouse\n", "'channels' must be a list"),
    ("title: {a: 1}\n", "'title' must be a single value"),
    ("lang: fr\n", "'lang' must be zh or en"),
    ("source_urls: [javascript:alert(1)]\n", "must start with http"),
])
def test_front_matter_of_the_wrong_shape_names_the_field(tmp_path, front, message):
    path = tmp_path / "doc.md"
    path.write_text(f"---\n{front}---\n借款人被频繁催收电话骚扰时，可以向金融监管部门投诉。\n", encoding="utf-8")
    with pytest.raises(IngestError, match=message) as info:
        load_source(path, 5_000_000)
    text = str(info.value)
    assert str(path) in text and ("fix that line" in text or "write key: value lines" in text)


def test_sidecar_that_is_not_a_mapping_is_named(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<article><p>借款人被频繁催收电话骚扰时，可以向金融监管部门投诉。</p></article>", encoding="utf-8")
    page.with_suffix(".meta.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(IngestError, match="page.meta.yaml: must be a mapping"):
        load_source(page, 5_000_000)
