//! The Constant Contact API client.
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
//! Failures that are not one request's answer carry small enums to match on
//! ([`ConfigError`], [`WorkflowError`], [`CsvError`]) with the setting, value, id or line
//! involved. Each error's `Display` says what happened at its level and leaves the cause to
//! `source()`; [`error::chain`] joins them for a person to read.

mod ahead;
pub mod auth;
pub mod client;
pub mod env;
pub mod error;
pub use ctct_models::excerpt;
pub mod classifier;
pub mod oauth1;
pub mod oauth1_flow;
pub mod oauth2;
pub mod paging;
pub mod rate_limit;
pub mod retry;
pub mod secret;
pub mod transport;
pub mod v3;
pub mod workflows;

#[cfg(feature = "reqwest")]
pub mod reqwest_transport;

#[cfg(feature = "test-util")]
pub mod replay;

pub use auth::Auth;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, ConfigError, CsvError, Error, WorkflowError};
pub use paging::{Items, Pages};
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use transport::{
    HttpRequest, HttpResponse, StreamingResponse, Transport, TransportError, TransportErrorKind,
};

pub use ctct_models as models;
