# The two commands of the README: `make run` and `make test`.
.PHONY: run test test-rust lint-rust openapi

CARGO ?= cargo

## Run the demo: Customer Service against the embedded Onegini simulator.
run:
	$(CARGO) build --release --bin customer-service
	./target/release/customer-service demo

## Run every check and test.
test: lint-rust test-rust

lint-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

test-rust:
	$(CARGO) test --workspace --locked

## Regenerate the checked-in OpenAPI document from the code.
openapi:
	$(CARGO) run --quiet --bin customer-service -- openapi > openapi/customer-service.json
