#!/usr/bin/env bash
# The PostgreSQL server the Rust tests use (each test makes and drops a database of its own).
#
#   tests/db/postgres.sh url    prints its URL: $CS_TEST_POSTGRES_URL, else 127.0.0.1:5432 when
#                               it answers, else a throwaway cluster under target/ that it
#                               installs (Debian's postgresql) and starts on 127.0.0.1
#   tests/db/postgres.sh stop   stops the throwaway cluster, if one was started
#
# It never prints nothing: without a database the tests must fail, not skip.
set -euo pipefail
cd "$(dirname "$0")/../.."

DATA=target/postgres/data
LOG=target/postgres/server.log
PORT=55432

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

start_throwaway() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    echo "installing Debian's postgresql for the tests" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  mkdir -p target/postgres
  # PostgreSQL refuses to run as root: the cluster belongs to the `postgres` user when we are root.
  local as=()
  if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown -R postgres target/postgres
    as=(runuser -u postgres --)
  fi
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    "${as[@]}" "$bin/initdb" -D "$DATA" -A trust -U postgres >/dev/null
  fi
  if ! answers 127.0.0.1 "$PORT"; then
    "${as[@]}" "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c max_connections=300" start >&2
  fi
  echo "postgres://postgres@127.0.0.1:$PORT/postgres"
}

case "${1:-url}" in
  url)
    if [[ -n "${CS_TEST_POSTGRES_URL:-}" ]]; then
      echo "$CS_TEST_POSTGRES_URL"
    elif [[ -z "${CS_TEST_POSTGRES_THROWAWAY:-}" ]] && answers 127.0.0.1 5432; then
      echo "postgres://postgres@127.0.0.1:5432/postgres"
    else
      start_throwaway
    fi
    ;;
  stop)
    if [[ -f "$DATA/postmaster.pid" ]]; then
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
      if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$DATA" -m fast stop >&2
      else
        "$bin/pg_ctl" -D "$DATA" -m fast stop >&2
      fi
    fi
    ;;
  *) echo "usage: $0 url|stop" >&2; exit 2 ;;
esac
