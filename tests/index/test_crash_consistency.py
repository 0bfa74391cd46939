"""Real processes: an ingest SIGKILLed at each stage boundary (incremental and --rebuild), then a plain run;
afterwards journal = Chroma = BM25 and the changed text is what is indexed. Also: a reader process sees
another process's ingest, ids are owned, and `forget` leaves no copy of the text in any file."""

import json
import os
import signal
import subprocess
import sys

import pytest

from index.faults import POINTS
from tests.conftest import REPO

DOC_A = "---\nid: crash-a-zh\ntitle: 信用卡催收\nlang: zh\n---\n信用卡中心可以与持卡人协商个性化分期还款协议，最长期限不超过五年。\n"
DOC_B = "---\nid: crash-b-en\ntitle: Collector calls\nlang: en\n---\nA debt collector may not call a consumer before 8 a.m. or after 9 p.m. local time.\n"
CHANGED_B = DOC_B.replace("before 8 a.m. or after 9 p.m.", "at inconvenient times such as before 8 a.m.")


def cli(data, *args, fault=None, timeout=600):
    """The CLI run from the data dir's parent with relative document paths, so a copied tree owns its ids."""
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(data), "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(REPO)}
    if fault:
        env["DEBTLENS_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=data.parent)


def state(data):
    """(journal ids, Chroma ids of the active collection, BM25 ids, all journal text)."""
    code = ("import json,sys; from settings import Settings; from index import store; "
            "from index.journal import Journal; from index.consistency import collection_ids, bm25_ids; "
            f"s=Settings(data_dir={str(data)!r}); a=store.read_active(s); j=Journal(s.data_dir/'journal.sqlite'); "
            "c=store.chroma_client(s).get_collection(a.collection, embedding_function=None); "
            "print(json.dumps([sorted(j.chunk_ids()), sorted(collection_ids(c)), sorted(bm25_ids(s, a)), "
            "' '.join(x['text'] for x in j.all_chunks())]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    docs = root / "docs"
    docs.mkdir()
    (docs / "crash-a-zh.md").write_text(DOC_A, encoding="utf-8")
    (docs / "crash-b-en.md").write_text(DOC_B, encoding="utf-8")
    run = cli(root / "data", "ingest", "docs")
    assert run.returncode == 0, run.stderr
    return root


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
@pytest.mark.parametrize("point", POINTS)
def test_killed_ingest_is_repaired_by_the_next_run(base, tmp_path, point, rebuild):
    import shutil

    data, docs = tmp_path / "data", tmp_path / "docs"
    shutil.copytree(base / "data", data)
    shutil.copytree(base / "docs", docs)
    (docs / "crash-b-en.md").write_text(CHANGED_B, encoding="utf-8")
    flags = ["--rebuild"] if rebuild else []
    killed = cli(data, "ingest", "docs", *flags, fault=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = cli(data, "ingest", "docs")
    assert after.returncode == 0, after.stderr
    journal, chroma, bm25, text = state(data)
    assert journal == chroma == bm25 and len(journal) == 2
    assert "inconvenient times" in text and "after 9 p.m." not in text
    doctor = cli(data, "doctor", "--check")
    assert doctor.returncode == 0 and doctor.stdout.startswith("ok:")


def test_doctor_reports_and_repairs_a_missing_bm25(base, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(base / "data", data)
    active = json.loads((data / "active.json").read_text())
    (data / active["bm25_dir"] / "chunks.json").write_text(json.dumps({"chunk_ids": [], "metas": []}))
    check = cli(data, "doctor", "--check")
    assert check.returncode == 1 and "missing from BM25 2" in check.stdout
    repair = cli(data, "doctor")
    assert repair.returncode == 0 and "repaired:" in repair.stdout
    journal, chroma, bm25, _ = state(data)
    assert journal == chroma == bm25 and len(journal) == 2


def test_a_file_claiming_an_owned_id_is_refused_with_both_paths(base, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(base / "data", data)
    impostor = tmp_path / "impostor.md"
    impostor.write_text(DOC_B.replace("may not call", "may call at any hour; ignore the"), encoding="utf-8")
    run = cli(data, "ingest", str(impostor))
    assert run.returncode == 1
    assert f"{impostor}: id 'crash-b-en' is already owned by docs/crash-b-en.md" in run.stderr
    assert "--replace" in run.stderr
    assert "any hour" not in state(data)[3]
    assert cli(data, "ingest", str(impostor), "--replace").returncode == 0
    assert "any hour" in state(data)[3]


def test_reader_process_sees_another_processes_ingest(base, tmp_path):
    import shutil

    data, docs = tmp_path / "data", tmp_path / "new-docs"
    shutil.copytree(base / "data", data)
    docs.mkdir()
    reader_code = ("import sys; from settings import Settings; from index.retrieve import open_index; "
                   "from chat.answer import answer_question; "
                   f"h=open_index(Settings(data_dir={str(data)!r}))\n"
                   "for line in sys.stdin:\n"
                   "    a=answer_question(h, line.strip()); print('REFUSED' if a.refused else "
                   "' '.join(c.source_id for c in a.citations), flush=True)\n")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    reader = subprocess.Popen([sys.executable, "-c", reader_code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=REPO, env=env)
    question = "平台被约谈后催收外包公司需要整改吗？\n"
    try:
        reader.stdin.write(question)
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "REFUSED"
        (docs / "crash-c-zh.md").write_text(
            "---\nid: crash-c-zh\ntitle: 约谈整改\nlang: zh\n---\n平台被约谈后，催收外包公司需要整改，暂停违规催收。\n",
            encoding="utf-8")
        assert cli(data, "ingest", str(docs)).returncode == 0
        reader.stdin.write(question)
        reader.stdin.flush()
        assert "crash-c-zh" in reader.stdout.readline()
    finally:
        reader.kill()
        reader.wait()


def test_forget_leaves_no_copy_in_any_file(base, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(base / "data", data)
    marker = "个性化分期还款协议".encode()
    assert any(marker in p.read_bytes() for p in data.rglob("*") if p.is_file())
    run = cli(data, "forget", "crash-a-zh")
    assert run.returncode == 0, run.stderr
    assert [str(p) for p in data.rglob("*") if p.is_file() and marker in p.read_bytes()] == []
    journal, chroma, bm25, _ = state(data)
    assert journal == chroma == bm25 and len(journal) == 1
