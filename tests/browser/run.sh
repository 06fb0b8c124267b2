#!/usr/bin/env bash
# Browser tests: Debian's Chromium, driven by playwright-core, against `customer-service demo`
# serving the built SPA. Expects target/release/customer-service (or $CS_BIN) and frontend/dist.
#   tests/browser/run.sh                 # every test file
#   tests/browser/run.sh delete viewer   # only build/delete.test.js and build/viewer.test.js
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CS_BIN="${CS_BIN:-$ROOT/target/release/customer-service}"
DIST="$ROOT/frontend/dist"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

fail() { echo "run.sh: $*" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  echo "Installing Debian's chromium (Playwright's own download does not work here)..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -x "$CS_BIN" ] || fail "no server binary at $CS_BIN: cargo build --release --bin customer-service (or set CS_BIN)"
[ -f "$DIST/index.html" ] || fail "no $DIST/index.html: npm ci && npm run build in frontend/"

cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error
npx tsc -p tsconfig.json

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
PORT="$(free_port)"
SIM_PORT="$(free_port)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [ -f "$WORK/server.log" ] && cp "$WORK/server.log" "$HERE/artifacts/server.log" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

DEMO_ARGS=(demo --listen "127.0.0.1:$PORT" --sim-listen "127.0.0.1:$SIM_PORT")
if "$CS_BIN" demo --help 2>/dev/null | grep -q -- '--data-dir'; then
  DEMO_ARGS+=(--data-dir "$WORK/data")
fi
# Started from the scratch directory, so nothing the demo writes lands in the repository.
(cd "$WORK" && exec env CS__SERVER__STATIC_DIR="$DIST" "$CS_BIN" "${DEMO_ARGS[@]}") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; fail "the server exited during start"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { tail -n 40 "$WORK/server.log" >&2; fail "no /healthz after 60 s"; }

export CS_BASE_URL="http://127.0.0.1:$PORT"
export CS_SIM_URL="http://127.0.0.1:$SIM_PORT"
export CS_PERSONS_FILE="$WORK/persons.json"
export CS_ARTIFACTS="$HERE/artifacts"
mkdir -p "$CS_ARTIFACTS"
node build/snapshot-persons.js >/dev/null

FILES=()
if [ "$#" -gt 0 ]; then
  for name in "$@"; do FILES+=("build/$name.test.js"); done
else
  FILES=(build/*.test.js)
fi

# The server's log is kept as artifacts/server.log; the runner's summary is the last output.
node --test --test-concurrency=1 --test-reporter=spec "${FILES[@]}"
