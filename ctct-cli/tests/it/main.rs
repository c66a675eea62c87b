//! The `ctct` binary's tests, one module per command family, in one binary.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod support;

mod auth;
mod bulk;
mod campaigns;
mod cli;
mod contacts;
mod conventions;
mod fault_matrix;
mod lists;
mod v3;
mod v3_activities;
mod v3_commands;
mod v3_custom_fields;
mod v3_emails;
mod v3_export;
mod v3_login;
mod v3_segments;
mod v3_social;
mod v3_tags;
mod v3_token_app;
