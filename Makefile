# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint-rust test-rust frontend-check compose-check browser-test release bench bench-sessions soak hostile fuzz openapi

CARGO ?= cargo
NPM_CI = npm ci --no-audit --no-fund --loglevel=error
SERVER = target/release/customer-service
FRONTEND_SOURCES = $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

## Build what changed, then start Customer Service against the embedded Onegini simulator.
## Ctrl-C stops it (and the simulator inside it).
run: frontend/dist/index.html release
	./$(SERVER) demo

## Every check and test; CI runs exactly this (.ci/run).
test: lint-rust test-rust frontend-check compose-check browser-test

lint-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## The store tests run on SQLite and PostgreSQL: tests/db/postgres.sh finds a server or starts one.
test-rust:
	url=$$(tests/db/postgres.sh url) || exit 1; \
	CS_TEST_POSTGRES_URL="$$url" $(CARGO) test --workspace --locked; status=$$?; \
	tests/db/postgres.sh stop; exit $$status

release:
	$(CARGO) build --release --locked --bin customer-service

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM_CI)

frontend/dist/index.html: frontend/node_modules/.package-lock.json frontend/package.json openapi/customer-service.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

## The SPA: generated API types up to date, types, lint, unit tests, and the size-checked build.
frontend-check: frontend/node_modules/.package-lock.json
	cd frontend && npm run check:api && npm run typecheck && npm run lint && npm test && npm run build

compose-check:
	tests/compose/check.sh

## Debian's Chromium (installed when missing) driven by playwright-core against `customer-service demo`.
browser-test: release frontend-check
	tests/browser/run.sh

## Benchmarks (not part of `test`): results go in BENCHMARKS.md.
bench: release
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(CARGO) build --release --locked --bin cs-bench
	./target/release/cs-bench goals

## Cookie sessions against bearer tokens, on SQLite and on PostgreSQL (tests/db/postgres.sh).
bench-sessions: release
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(CARGO) build --release --locked --bin cs-bench
	url=$$(tests/db/postgres.sh url) || exit 1; \
	CS_TEST_POSTGRES_URL="$$url" ./target/release/cs-bench sessions; status=$$?; \
	tests/db/postgres.sh stop; exit $$status

soak: release
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(CARGO) build --release --locked --bin cs-bench
	./target/release/cs-bench soak --warmup 180s --duration 60s --rate 100

## API fuzzing with schemathesis against the demo (not part of `test`: it takes minutes).
hostile: release
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(CARGO) build --release --locked --bin cs-bench
	./target/release/cs-bench hostile

fuzz: release
	tests/fuzz/run.sh 100

## Regenerate the checked-in OpenAPI document from the code.
openapi:
	$(CARGO) run --quiet --bin customer-service -- openapi > openapi/customer-service.json
