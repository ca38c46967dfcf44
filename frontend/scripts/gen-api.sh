#!/usr/bin/env bash
# Regenerates the typed API client from the backend's OpenAPI document.
#   scripts/gen-api.sh            writes src/api/openapi.json and src/api/schema.d.ts
#   scripts/gen-api.sh --check    regenerates into a temporary folder and fails when the committed files are stale
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
frontend="$(dirname "$here")"
backend="$(dirname "$frontend")/backend"
python="$backend/.venv/bin/python"
target="$frontend/src/api"

if [[ ! -x "$python" ]]; then
  echo "error: $python not found; create the backend's virtual environment first (make install)." >&2
  exit 1
fi

mode="write"
if [[ "${1:-}" == "--check" ]]; then mode="check"; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(
  cd "$backend"
  TAGMEDX_DATA_DIR="$work/data" "$python" -c \
    "import json; from tagmedx.main import create_app; print(json.dumps(create_app().openapi(), indent=1, sort_keys=True))"
) >"$work/openapi.json"

(cd "$frontend" && npx --no-install openapi-typescript "$work/openapi.json" -o "$work/schema.d.ts" >/dev/null)
(cd "$frontend" && npx --no-install prettier --log-level warn --write "$work/schema.d.ts" "$work/openapi.json" \
  --config "$frontend/.prettierrc.json")

if [[ "$mode" == "check" ]]; then
  stale=0
  for file in openapi.json schema.d.ts; do
    if ! cmp -s "$work/$file" "$target/$file"; then
      echo "error: src/api/$file is stale: the backend's OpenAPI changed. Run 'npm run gen:api' and commit the result." >&2
      stale=1
    fi
  done
  if [[ "$stale" == 0 ]]; then echo "src/api is up to date with the backend's OpenAPI."; fi
  exit "$stale"
fi

cp "$work/openapi.json" "$work/schema.d.ts" "$target/"
echo "wrote src/api/openapi.json and src/api/schema.d.ts"
