//! Black-box test suites of Customer Service; the tests live in `api/` (Rust) and `browser/`.
