#!/usr/bin/env bash
# API fuzzing: schemathesis generates requests from the served OpenAPI document (following its
# links from search to profile to devices to deletion) and runs every one of its checks on
# every answer, against `customer-service demo` with a bearer token given as the document's
# `bearer` scheme (so the auth checks can also try without it).
#   tests/fuzz/run.sh [max examples per operation, default 50]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CS_BIN="${CS_BIN:-$ROOT/target/release/customer-service}"
EXAMPLES="${1:-50}"
[ -x "$CS_BIN" ] || { echo "no server binary at $CS_BIN: cargo build --release --bin customer-service" >&2; exit 1; }
command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check schemathesis==4.32.5

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT="$(free_port)"; SIM_PORT="$(free_port)"; WORK="$(mktemp -d)"
"$CS_BIN" demo --listen "127.0.0.1:$PORT" --sim-listen "127.0.0.1:$SIM_PORT" --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
# The bearer token as the document's own `bearer` security scheme.
cat >"$WORK/schemathesis.toml" <<'TOML'
[auth.openapi.bearer]
bearer = "${CS_FUZZ_TOKEN}"
TOML
# No demo agent holds every permission: `agent` works with users and devices, `supervisor` reads
# the audit trail. Each fuzzes the operations it may use, so no operation only meets 403.
fuzz() {
  local agent="$1"; shift
  CS_FUZZ_TOKEN="$("$CS_BIN" token --agent "$agent" --data-dir "$WORK/data")"
  export CS_FUZZ_TOKEN
  # From the scratch directory: schemathesis reads its config and keeps its cache there.
  (cd "$WORK" && schemathesis run "http://127.0.0.1:$PORT/api-docs/openapi.json" \
    --max-examples "$EXAMPLES" --workers 2 --checks all "$@")
}
fuzz agent --exclude-path /api/v1/audit
# The audit trail links nowhere: no stateful phase for it alone.
fuzz supervisor --include-path /api/v1/audit --phases examples,coverage,fuzzing
