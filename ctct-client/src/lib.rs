//! The Constant Contact API client.
//!
//! [`Client`] (V1) and [`v3::V3Client`] stand on one [`Engine`] (transport, limiter,
//! timeouts, retries, tracing) and add only their API's rules.
//!
//! [`Client`] executes the request descriptions that [`ctct_models`] builds from the schema:
//! it adds the account path and credentials ([`Auth`]: Basic, OAuth 2.0 bearer or OAuth 1.0a),
//! rate-limits, times out, retries idempotent requests ([`RetryPolicy`]), pages collections as
//! `futures` streams ([`Pages`], [`Items`]) and turns every failure into one [`Error`]. On top
//! sit the documented V1 workflows ([`workflows`]): contacts and lists, bulk import and export,
//! activity waits, campaign scheduling and tracking.
//!
//! ```no_run
//! # async fn run() -> Result<(), ctct_client::Error> {
//! use ctct_client::{Auth, Client};
//! use futures_util::TryStreamExt as _;
//!
//! let client = Client::builder()
//!     .username("joesflowers")
//!     .auth(Auth::basic("API_KEY", "password"))
//!     .build()?;
//! let lists: Vec<_> = client.lists().try_collect().await?;
//! # let _ = lists;
//! # Ok(())
//! # }
//! ```
//!
//! [`Client::from_env`] and [`v3::V3Client::from_env`] build a client from the `CTCT_*`
//! environment variables the `ctct` command reads ([`mod@env`]).
//!
//! The transport is a trait object ([`Transport`]): reqwest with rustls by default (feature
//! `reqwest`), a replay transport for tests (feature `test-util`, module `replay`), or your own.
//! Credentials are [`Secret`]s, never shown by `Debug`, logs or errors, and never sent over
//! plain `http://` except to a loopback address.
//!
//! Each API is a cargo feature, both on by default: `v1` ([`Client`], [`Auth`], OAuth 1.0a,
//! the V1 OAuth 2.0 flow, [`workflows`], [`Pages`]) and `v3` ([`v3`]: the V3 client, its
//! OAuth 2.0 flows and workflows). `default-features = false, features = ["v3", "rustls"]`
//! builds the V3 client without the XML stack or OAuth 1.0a. The [`Engine`], transports,
//! retries, rate limits, errors and downloads are in both.
//!
//! Failures that are not one request's answer carry small enums to match on
//! ([`ConfigError`], [`WorkflowError`], [`CsvError`]) with the setting, value, id or line
//! involved. Each error's `Display` says what happened at its level and leaves the cause to
//! `source()`; [`error::chain`] joins them for a person to read.

// Without either API only the engine, transports and errors remain; the helpers the API
// modules share are then unused.
#![cfg_attr(
    not(any(feature = "v1", feature = "v3")),
    allow(dead_code, unused_imports)
)]

mod ahead;
#[cfg(feature = "v1")]
pub mod auth;
pub mod classifier;
#[cfg(feature = "v1")]
pub mod client;
mod collection;
pub mod download;
pub mod engine;
pub mod env;
pub mod error;
pub use ctct_models::excerpt;
#[cfg(feature = "v1")]
pub mod oauth1;
#[cfg(feature = "v1")]
pub mod oauth1_flow;
#[cfg(feature = "v1")]
pub mod oauth2;
mod page_walk;
#[cfg(feature = "v1")]
pub mod paging;
pub mod rate_limit;
pub mod retry;
pub mod secret;
pub mod transport;
#[cfg(feature = "v3")]
pub mod v3;
#[cfg(feature = "v1")]
pub mod workflows;

#[cfg(feature = "reqwest")]
pub mod reqwest_transport;

#[cfg(feature = "test-util")]
pub mod replay;

#[cfg(feature = "v1")]
pub use auth::Auth;
#[cfg(feature = "v1")]
pub use client::{Client, ClientBuilder};
pub use collection::Items;
pub use engine::{Engine, EngineBuilder};
pub use error::{ApiError, ConfigError, CsvError, Error, WorkflowError};
#[cfg(feature = "v1")]
pub use paging::Pages;
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use transport::{
    HttpRequest, HttpResponse, StreamingResponse, Transport, TransportError, TransportErrorKind,
};

pub use ctct_models as models;
