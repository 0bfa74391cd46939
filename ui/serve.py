"""`debtlens serve`: start the Streamlit app (app.py) on this machine."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path


def app_path() -> Path:
    spec = importlib.util.find_spec("app")
    if spec is None or spec.origin is None:
        raise SystemExit("app.py not found; install the project with: pip install -e .")
    return Path(spec.origin)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="debtlens serve", description="Start the Streamlit app; the first run builds "
                                "the index from the bundled corpus.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    return p


def main(argv: list[str] | None = None) -> int:
    from ui.process import port_problem, run_until_stopped

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    problem = port_problem(args.host, args.port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.address", args.host,
               "--server.port", str(args.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    print(f"DebtLens: http://{args.host}:{args.port}  (Ctrl+C stops it)", file=sys.stderr)
    return run_until_stopped(command)
