//! Cross-crate integration tests live in `tests/tests/`; example documents in `tests/fixtures/`.
