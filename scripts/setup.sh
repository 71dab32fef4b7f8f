#!/usr/bin/env bash
# Make .venv (a virtual environment, so PEP 668 systems work) and install what is missing.
# Usage: scripts/setup.sh [requirements file]   (default: requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "refdash needs Python 3.11 or newer ($python not found)." >&2; exit 1
fi
"$python" - <<'PY' || { echo "refdash needs Python 3.11 or newer." >&2; exit 1; }
import sys; sys.exit(sys.version_info < (3, 11))
PY

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv ..."
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && apt-get install -y -qq python3-venv
      "$python" -m venv .venv
    else
      echo "Python's venv module is missing: install it (Debian/Ubuntu: sudo apt-get install python3-venv)." >&2
      exit 1
    fi
  fi
fi

# Install only when the requirements changed since the last install.
stamp=".venv/.installed-$(basename "$req")"
want="$(cat requirements*.txt | sha256sum | cut -c1-16)"
dev_stamp=".venv/.installed-requirements-dev.txt"
if [ "$req" = requirements.txt ] && [ -f "$dev_stamp" ] && [ "$(cat "$dev_stamp")" = "$want" ]; then
  :  # the test tools' install already holds everything the app needs
elif [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing $req into .venv ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
