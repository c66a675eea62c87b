//! Codegen's integration tests: the awkward-case fixtures and the schema errors.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod cases;
mod errors;
