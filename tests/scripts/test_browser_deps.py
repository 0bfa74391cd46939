"""scripts/browser-deps.sh (sourced by scripts/test.sh) off Debian and without root: it names what it cannot
install and why, and only the browser tests are marked to be skipped."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO

TOOLS = ("bash", "cat", "grep", "env", "fc-list")


def _path_with(tmp_path: Path, stubs: dict[str, str]) -> str:
    """A PATH holding only the basic tools plus the given stub scripts (name -> body)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        if shutil.which(tool):
            (bin_dir / tool).symlink_to(shutil.which(tool))
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return str(bin_dir)


def _source(path: str) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), "-c", 'source scripts/browser-deps.sh; echo "SKIP=${DEBTLENS_SKIP_BROWSER:-}"'],
                          cwd=REPO, env={"PATH": path, "DEBTLENS_CHROMIUM": "/nonexistent/chromium"},
                          capture_output=True, text=True, timeout=30)


def test_off_debian_names_the_packages_and_skips_browser_tests(tmp_path):
    done = _source(_path_with(tmp_path, {"id": 'echo 0'}))
    assert done.returncode == 0
    assert "cannot install chromium (/nonexistent/chromium): this is not a Debian/Ubuntu system (no apt-get)" in done.stderr
    assert "browser tests (pytest -m browser) will be SKIPPED" in done.stderr
    assert "SKIP=cannot install chromium (/nonexistent/chromium): this is not a Debian" in done.stdout


def test_without_root_or_sudo_it_does_not_try_apt(tmp_path):
    marker = tmp_path / "apt-called"
    done = _source(_path_with(tmp_path, {"id": 'echo 1000', "sudo": "exit 1", "apt-get": f"touch {marker}; exit 1"}))
    assert done.returncode == 0
    assert "not root, and sudo is not available without a password" in done.stderr
    assert "SKIP=cannot install chromium" in done.stdout
    assert not marker.exists()
