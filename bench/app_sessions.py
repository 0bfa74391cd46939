"""App memory with 1 and with 5 browser sessions: one Streamlit server, Debian chromium (headless) as users.

    debtlens bench sessions [--data DIR] [--sessions 5] [--chromium /usr/bin/chromium]
    (or python -m bench.app_sessions ...)

Starts the app on a free 127.0.0.1 port over the data dir's index (DEBTLENS_DATA_DIR, or --data; a missing
index is built from the bundled corpus on first open), then reads the server's resident memory (VmRSS from
/proc) after start, after one session asked a question, and after N sessions asked at once. Sessions share one
index and one model (st.cache_resource), so N sessions should cost little more than one: per-session state
(conversation, widgets) only. Prints the figures; memory and time depend on the machine's load.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ["催收最难协调的平台是哪个？", "信用卡催收可以联系与债务无关的第三人吗？",
             "Under the FDCPA, may a debt collector call a consumer before 8 a.m.?", "催收最難協調的平臺是哪個？",
             "银行信用卡中心可以协商分期还款吗？", "催收电话晚上几点以后不能打？", "What is Regulation F?",
             "网络催收平台为什么难协调？"]


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def start_app(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DEBTLENS_DATA_DIR": str(data_dir), "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(180):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"streamlit did not come up; see {log}")


def ask_all(browser, url: str, questions: list[str]) -> float:
    """Open one session per question, send them all, wait for every cited answer; seconds from send to last."""
    pages = [browser.new_context().new_page() for _ in questions]
    for page in pages:
        page.goto(url, wait_until="domcontentloaded")
    for page in pages:
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=300_000)
    started = time.perf_counter()
    for page, question in zip(pages, questions, strict=True):
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(question)
        box.press("Enter")
    for page in pages:
        page.get_by_test_id("stChatMessage").nth(1).get_by_text("[", exact=False).first.wait_for(timeout=300_000)
    seconds = time.perf_counter() - started
    for page in pages:
        page.context.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="debtlens bench sessions",
                                     description="App memory with 1 and with N browser sessions.")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("DEBTLENS_DATA_DIR", ROOT / ".debtlens")))
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    log = Path(tempfile.mkdtemp(prefix="debtlens-sessions-")) / "streamlit.log"
    proc, url = start_app(args.data.resolve(), log)
    try:
        start = rss_mb(proc.pid)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(args.chromium), headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND , "
                                              "EXCLUDE 127.0.0.1"])
            one_s = ask_all(browser, url, QUESTIONS[:1])
            one = rss_mb(proc.pid)
            many_s = ask_all(browser, url, (QUESTIONS * 2)[: args.sessions])
            many = rss_mb(proc.pid)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"app server memory (VmRSS MB; data dir {args.data}; timings depend on machine load)")
    print(f"| state | RSS MB | peak MB | answer wall s |\n|---|---|---|---|\n| started, no session | {start[0]:.0f} | "
          f"{start[1]:.0f} | |\n| 1 session answered | {one[0]:.0f} | {one[1]:.0f} | {one_s:.1f} |\n"
          f"| {args.sessions} sessions answered at once | {many[0]:.0f} | {many[1]:.0f} | {many_s:.1f} |")
    print(f"extra for {args.sessions} concurrent sessions over 1: {many[0] - one[0]:+.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
