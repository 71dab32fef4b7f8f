#!/usr/bin/env bash
# The run command: install what is missing, then open the dashboard.
# With no store yet, a demo portfolio is generated in data/refdash.db on first load.
# Usage: scripts/run.sh [--db PATH] [--port PORT] [--network]
#   --network  serve on every interface (other machines can open it: there is no login)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt

port=8501; db_args=(); address=127.0.0.1
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db_args=(--db "$2"); shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --network) address=0.0.0.0; shift ;;
    *) echo "unknown option: $1 (use --db PATH, --port PORT, --network)" >&2; exit 2 ;;
  esac
done

if [ "$address" = 127.0.0.1 ]; then
  echo "refdash: http://localhost:$port (this machine only; --network serves other machines)"
else
  echo "refdash: http://$(hostname):$port — served to the whole network, WITHOUT a login:" >&2
  echo "  anyone who reaches this port reads and changes your clients' data." >&2
fi
exec .venv/bin/python -m streamlit run serve.py --server.port "$port" --server.address "$address" \
  --server.headless true --browser.gatherUsageStats false -- "${db_args[@]}"
