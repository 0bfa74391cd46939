"""Every bad input from the attack probe, through the real CLI in a subprocess: one clear line per input naming
the file (or question) and the fix, no traceback, no hang; good files next to bad ones are still indexed."""

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

GOOD = "# 网贷催收\n\n借款人被频繁催收电话骚扰时，可以向金融监管部门投诉，并保存通话录音等证据。\n"


def run_cli(args, data_dir, timeout=300, **env):
    full_env = {**os.environ, "DEBTLENS_DATA_DIR": str(data_dir), "ANONYMIZED_TELEMETRY": "False", **env}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, env=full_env, timeout=timeout,
                          cwd=REPO)


def lines(stream: bytes) -> list[str]:
    return [line for line in stream.decode("utf-8", "replace").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.md").write_text("")
    (d / "nul.txt").write_bytes(b"\x00\x01\x02" * 100)
    (d / "noise.html").write_bytes(bytes(range(1, 9)) * 500 + bytes(range(14, 32)) * 300)
    (d / "broken-yaml.md").write_text("---\ntitle: [unclosed\n---\nbody text here that is long enough\n")
    (d / "channels-number.md").write_text("---\ntitle: t\nchannels: 5\n---\n" + GOOD)
    (d / "bad-id.md").write_text("---\nid: ../../etc/passwd\n---\n" + GOOD)
    (d / "bad-url.md").write_text("---\nsource_urls: ['javascript:alert(1)']\n---\n" + GOOD)
    (d.parent / "sheet.xlsx").write_bytes(b"PK\x03\x04")  # passed by name: folders skip unsupported types
    (d / "tiny.txt").write_text("短。")
    (d / "oneline.txt").write_text("the collector called again and again without any pause " * 15_000)
    (d / "big.html").write_text("<html><body>" + "<p>借款人可以向监管部门投诉催收行为。</p>" * 8_000 + "</body></html>")
    (d / "huge.html").write_text("<p>" + "催收" * 200_000 + "</p>")
    latin1 = ("<html><head><meta charset='iso-8859-1'></head><body><article><h1>信用卡催收</h1><p>信用卡中心"
              "可以与持卡人协商个性化分期还款协议，最长期限不超过五年。</p></article></body></html>")
    (d / "gbk-declared-latin1.html").write_bytes(latin1.encode("gbk"))
    (d / "good.md").write_text(GOOD)
    return d


@pytest.fixture(scope="module")
def ingest_run(bad_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    run = run_cli(["ingest", str(bad_dir), str(bad_dir.parent / "sheet.xlsx")], data, DEBTLENS_MAX_PAGE_BYTES="1000000", DEBTLENS_MAX_CHUNKS_PER_SOURCE="200")
    return run, lines(run.stderr)


EXPECTED = {  # file -> words its one error line must contain (the problem and the fix)
    "empty.md": ["empty", "add text"],
    "nul.txt": ["binary", "convert"],
    "noise.html": ["binary", "convert"],
    "broken-yaml.md": ["not valid YAML", "line"],
    "channels-number.md": ["'channels' must be a list", "fix that line"],
    "bad-id.md": ["'id' must be letters", "fix that line"],
    "bad-url.md": ["must start with http", "fix that line"],
    "sheet.xlsx": ["unsupported file type", "use one of"],
    "tiny.txt": ["fewer than 20 characters", "add the article text"],
    "oneline.txt": ["chunk limit per source", "DEBTLENS_MAX_CHUNKS_PER_SOURCE"],
    "big.html": ["chunk limit per source", "split the file"],
    "huge.html": ["page limit", "DEBTLENS_MAX_PAGE_BYTES"],
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_bad_file_gets_one_line_naming_it_and_the_fix(ingest_run, bad_dir, name):
    _, err = ingest_run
    path = bad_dir.parent / name if name == "sheet.xlsx" else bad_dir / name
    mine = [line for line in err if f"{path}:" in line]
    assert len(mine) == 1, err
    assert mine[0].startswith("error: ")
    for word in EXPECTED[name]:
        assert word in mine[0]


def test_bad_files_do_not_stop_the_good_ones(ingest_run):
    run, err = ingest_run
    assert run.returncode == 1
    assert "Traceback" not in run.stderr.decode()
    assert "2 sources indexed" in run.stdout.decode()  # good.md and the re-decoded GBK page
    assert any("gbk-declared-latin1.html" in line and "mojibake" in line and "gb18030" in line for line in err)


def test_missing_and_empty_folders_are_named(tmp_path):
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    run = run_cli(["ingest", str(tmp_path / "no-such-folder"), str(empty)], tmp_path / "data")
    err = lines(run.stderr)
    assert run.returncode == 1 and len(err) == 2
    assert f"{tmp_path / 'no-such-folder'}: no such file or directory; check the path" in err[0]
    assert f"{empty}: the folder holds no" in err[1] and "point at a folder of documents" in err[1]


def test_too_long_question_is_refused_quickly_with_the_limit(tmp_path):
    run = run_cli(["ask", "催收" * 20_000], tmp_path / "data", timeout=120)  # the OS caps one argument at 128 KiB
    err = lines(run.stderr)
    assert run.returncode == 2 and len(err) == 1
    assert "40,000 characters; the limit is 2,000" in err[0]


def test_invalid_utf8_question_is_rejected_cleanly(tmp_path):
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(tmp_path / "data"), "LANG": "C.UTF-8"}
    run = subprocess.run([sys.executable, "-m", "cli", "ask", b"\xff\xfe" + "催收".encode()], capture_output=True,
                         env=env, timeout=120, cwd=REPO)
    err = lines(run.stderr)
    assert run.returncode == 2 and len(err) == 1
    assert "not valid Unicode" in err[0] and "retype it" in err[0]


@pytest.mark.parametrize("command", [["ask", "催收最难协调的平台是哪个？"], ["ingest", "corpus/docs/us-fdcpa-en.md"]])
def test_unreachable_chroma_server_is_one_line(tmp_path, command):
    run = run_cli(command, tmp_path / "data", timeout=120, DEBTLENS_CHROMA_HOST="127.0.0.1", DEBTLENS_CHROMA_PORT="9")
    err = [line for line in lines(run.stderr) if not line.startswith("indexing")]
    # In server mode the active-build pointer lives on the server, so ask and ingest both need it first.
    assert run.returncode != 0 and len(err) == 1, err
    assert "cannot reach the Chroma server at 127.0.0.1:9" in err[0] and "unset DEBTLENS_CHROMA_HOST" in err[0]


def test_deeply_nested_page_is_extracted_in_linear_time(tmp_path):
    # 100k nested divs took 494 s when each block searched its subtree; the subprocess timeout makes a
    # quadratic regression fail instead of hang.
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "借款人可以向地方金融监管部门投诉暴力催收行为。" + "</div>" * 100_000 + "</body></html>")
    code = f"from ingest.load import load_source; from pathlib import Path; print(load_source(Path({str(page)!r}), 5_000_000).text)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert "借款人可以向地方金融监管部门投诉暴力催收行为。" in run.stdout


def test_file_names_with_escape_sequences_print_clean(tmp_path):
    evil = tmp_path / "evil\x1b]0;pwned\x07\x1b[2J\x1b[31m\r.md"
    evil.write_text("")
    run = run_cli(["ingest", str(evil)], tmp_path / "data", timeout=120)
    assert b"\x1b" not in run.stderr and b"\x07" not in run.stderr and b"\r" not in run.stderr
    err = lines(run.stderr)
    assert len(err) == 1 and "evil" in err[0] and "the file is empty" in err[0]
