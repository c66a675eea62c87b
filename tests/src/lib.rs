//! Cross-crate integration tests live in one binary, `tests/tests/it/` (one module per behaviour); example documents in `tests/fixtures/`.
