"""`debtlens serve` as a real process: a busy port is refused before Streamlit starts, and stopping the parent
with SIGTERM or Ctrl+C (SIGINT) stops the Streamlit child too."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

SERVE = [sys.executable, "-c", "from cli import main; raise SystemExit(main())", "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "DEBTLENS_DATA_DIR": str(tmp_path / "data")}


def test_busy_port_is_refused_with_the_fix(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([*SERVE, "--port", str(port)], env=_env(tmp_path), cwd=REPO, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"--port {port + 1}" in done.stderr and f"PORT={port + 1}" in done.stderr


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from Linux /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_streamlit(tmp_path, stop):
    port = _free_port()
    parent = subprocess.Popen([*SERVE, "--port", str(port)], env=_env(tmp_path), cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=(tmp_path / "serve.log").open("w"))
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not come up: " + (tmp_path / "serve.log").read_text())
        children = _children(parent.pid)
        assert len(children) == 1 and _alive(children[0])
        parent.send_signal(stop)
        assert parent.wait(timeout=30) == 0
        deadline = time.time() + 10
        while _alive(children[0]) and time.time() < deadline:
            time.sleep(0.2)
        assert not _alive(children[0]), "the Streamlit child outlived `debtlens serve`"
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    finally:
        if parent.poll() is None:
            parent.kill()
