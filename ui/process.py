"""`debtlens serve` as a well-behaved parent: the port is checked before anything starts, and stopping the
parent (SIGTERM, SIGINT/Ctrl+C, SIGHUP, or even SIGKILL on Linux) stops the Streamlit child with it."""

from __future__ import annotations

import errno
import signal
import socket
import subprocess
import sys
import time

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def port_problem(host: str, port: int) -> str | None:
    """Why `host:port` cannot be served on (with the fix), or None when it is free."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Streamlit's server does
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (another DebtLens or program is serving there); "
                        f"stop it, or choose another port: debtlens serve --port {port + 1} "
                        f"(scripts/run.sh: PORT={port + 1} bash scripts/run.sh)")
            return f"cannot listen on {host}:{port} ({exc.strerror}); choose another --host or --port"
    return None


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends SIGTERM to it when the parent dies, however the parent died."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def run_until_stopped(command: list[str], grace_seconds: float = 15.0) -> int:
    """Run `command` as a child in its own session; a stop signal to this process is passed on as SIGTERM,
    and a child that has not exited `grace_seconds` later is killed. Returns the child's exit code."""
    child = subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent)
    stopping = {"signal": None}

    def forward(signum, _frame) -> None:
        stopping["signal"] = signum
        if child.poll() is None:
            child.terminate()

    previous = {s: signal.signal(s, forward) for s in STOP_SIGNALS}
    deadline = None
    try:
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stopping["signal"] and deadline is None:
                    deadline = time.monotonic() + grace_seconds
                if deadline is not None and time.monotonic() > deadline:
                    child.kill()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0 if stopping["signal"] in (signal.SIGINT, signal.SIGTERM) else code
