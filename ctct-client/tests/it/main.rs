//! The client's integration tests, one module per behaviour, in one binary.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod support;

mod bulk;
mod campaigns;
mod errors;
mod from_env;
mod oauth1_flow;
mod outcome_unknown;
mod paging;
mod paging_ahead;
mod reqwest_transport;
mod retries;
mod security;
mod streamed_download;
mod streamed_export;
mod tls;
mod traces;
mod v3_bulk;
mod v3_oauth_wire;
mod v3_quickstart;
mod v3_request_fixes;
mod v3_wire;
mod v3_workflows;
mod wire;
mod workflows;
