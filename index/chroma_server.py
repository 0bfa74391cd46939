"""Start and stop a local `chroma run` process (tests and benches of server mode; production runs its own)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chroma_cli() -> Path:
    """The `chroma` script installed beside this interpreter (chromadb ships it)."""
    return Path(sys.executable).with_name("chroma")


@contextmanager
def local_chroma_server(path: Path, timeout: float = 60.0):
    """Yield (host, port) of a `chroma run` on 127.0.0.1 storing under `path`; terminate it on exit."""
    import httpx

    path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = path / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([str(chroma_cli()), "run", "--path", str(path / "data"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + timeout
            while not _healthy(httpx, port):
                if proc.poll() is not None or time.time() > deadline:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"chroma run did not start on port {port}; its log ends:\n{tail}")
                time.sleep(0.3)
            yield "127.0.0.1", port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _healthy(httpx, port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
