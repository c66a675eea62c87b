//! The sandbox's behaviour tests, one module per behaviour, in one binary: V1 and V3 over
//! real sockets (raw HTTP, no client), faults, concurrency, load and the `ctct-sandbox`
//! binary itself.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod support;

mod binary;
mod concurrency;
mod faults;
mod load;
mod v1_activities;
mod v1_api;
mod v1_campaigns;
mod v1_events;
mod v1_tracking;
mod v3_account;
mod v3_api;
mod v3_bulk;
mod v3_custom_fields;
mod v3_every_operation;
mod v3_quick_start;
mod v3_segments;
mod v3_tags;
