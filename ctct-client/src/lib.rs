//! The Constant Contact API client.
//!
//! This crate is a placeholder until the transport lands: it re-exports the models so
//! downstream code can already name the types. The request descriptions in
//! [`ctct_models::endpoint`] are what the client will execute.

pub use ctct_models as models;
