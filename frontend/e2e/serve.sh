#!/usr/bin/env bash
# The real backend for the browser tests: a fresh database and data folder on every run, serving
# the built SPA (frontend/dist). Playwright waits for /api/health and stops it afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
frontend="$(dirname "$here")"
backend="$(dirname "$frontend")/backend"
python="$backend/.venv/bin/python"
data="$(mktemp -d "${TMPDIR:-/tmp}/tagmedx-e2e.XXXXXX")"

export TAGMEDX_DATA_DIR="$data"
export TAGMEDX_DATABASE_URL=""
export TAGMEDX_DEMO=0
export TAGMEDX_REGISTRATION=open
export TAGMEDX_FRONTEND_DIST="$frontend/dist"
export TAGMEDX_HOST=127.0.0.1
export TAGMEDX_PORT="${E2E_PORT:-8765}"

if [ ! -f "$frontend/dist/index.html" ]; then
  echo "frontend/dist is missing: run npm run build first" >&2
  exit 1
fi

"$python" -m tagmedx migrate
"$python" -m tagmedx serve &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT INT TERM
wait "$server"
