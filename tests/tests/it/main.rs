//! Cross-crate integration tests: the client against the sandbox, wire snapshots,
//! round trips and hostile input, in one binary so the workspace links it once.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod support;

mod client_activities;
mod client_campaigns;
mod client_contacts;
mod client_summary;
mod fault_matrix;
mod lenient_dates;
mod oauth_code_flow;
mod oauth_device;
mod oauth_refresh;
mod sandbox_v3_contract;
mod security_credentials;
mod security_wire;
mod v1_client_compat;
mod v1_endpoints;
mod v1_endpoints_activities;
mod v1_endpoints_campaigns;
mod v1_endpoints_events;
mod v1_endpoints_tracking;
mod v1_fast_reader;
mod v1_malformed;
mod v1_oauth1_flow;
mod v1_oauth2_flow;
mod v1_round_trip;
mod v3_client_emails;
mod v3_client_limits;
mod v3_client_quickstart;
mod v3_client_social;
mod v3_contract_shapes;
mod v3_endpoints;
mod v3_every_operation;
mod v3_fault_matrix;
mod v3_round_trip;
mod xml_characters;
