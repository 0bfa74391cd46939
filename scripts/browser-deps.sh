#!/usr/bin/env bash
# Sourced by scripts/test.sh: make sure Debian's chromium and a CJK font are there for the browser tests.
# When they cannot be installed (not Debian, not root and no password-less sudo, apt failing) it says exactly
# what is missing and why, and exports DEBTLENS_SKIP_BROWSER so pytest skips only the browser tests, visibly.
BROWSER_PACKAGES="chromium chromium-driver fonts-wqy-zenhei"
CHROMIUM="${DEBTLENS_CHROMIUM:-/usr/bin/chromium}"
browser_missing() {
  local missing=""
  [ -x "$CHROMIUM" ] || missing="chromium ($CHROMIUM)"
  # Not `fc-list | grep -q`: grep -q exits at the first match, fc-list then dies of SIGPIPE, and under the caller's
  # `set -o pipefail` the installed font reads as missing (the browser tests were skipped in two CI runs).
  local fonts
  fonts="$(fc-list 2>/dev/null || true)"
  [[ "${fonts,,}" == *wqy* ]] || missing="${missing:+$missing, }fonts-wqy-zenhei (Chinese would render as boxes)"
  echo "$missing"
}
missing="$(browser_missing)"
if [ -n "$missing" ]; then
  why=""
  SUDO=""
  if ! command -v apt-get >/dev/null; then
    why="this is not a Debian/Ubuntu system (no apt-get)"
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"
    else why="not root, and sudo is not available without a password"; fi
  fi
  if [ -z "$why" ]; then
    echo "==> installing $BROWSER_PACKAGES (apt-get) for the browser tests"
    if ! { $SUDO apt-get update -qq && \
           $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $BROWSER_PACKAGES >/dev/null; }; then
      why="apt-get install failed (see above)"
    fi
    missing="$(browser_missing)"
  fi
  if [ -n "$missing" ]; then
    echo "warning: cannot install $missing: ${why:-still missing after apt-get}." >&2
    echo "warning: the browser tests (pytest -m browser) will be SKIPPED; every other test runs." >&2
    echo "warning: to run them: sudo apt-get install $BROWSER_PACKAGES" >&2
    export DEBTLENS_SKIP_BROWSER="cannot install $missing: ${why:-still missing after apt-get}"
  fi
fi
