#!/usr/bin/env bash
# The run command: install what is missing, then open the dashboard.
# With no store yet, a demo portfolio is generated in data/refdash.db on first load.
# Usage: scripts/run.sh [--db PATH] [--port PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt

port=8501; db_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db_args=(--db "$2"); shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "unknown option: $1 (use --db PATH, --port PORT)" >&2; exit 2 ;;
  esac
done

echo "refdash: http://localhost:$port"
exec .venv/bin/python -m streamlit run app.py --server.port "$port" \
  --browser.gatherUsageStats false -- "${db_args[@]}"
