//! The V3 (JSON) API: OAuth 2.0 bearer tokens on `https://api.cc.email/v3`.
//!
//! V3 is a different service from V1: JSON instead of Atom, OAuth 2.0 bearer JWTs that expire
//! after a day instead of Basic auth, cursor paging through `_links.next.href`, a limit of
//! 4 requests a second and a daily quota, and error bodies of `{error_key, error_message}`.
//! [`oauth`] gets and keeps the tokens; [`V3Client`] sends the requests of
//! [`ctct_models::v3`] with them ([`client`]), pages collections ([`paging`]), imports CSV
//! files and polls activities ([`activities`]), upserts by email and counts contacts
//! ([`contact_workflows`]), tags, deletes and exports contacts in bulk ([`bulk`]); [`errors`]
//! reads the error bodies.
//!
//! ```no_run
//! # async fn run(session: std::sync::Arc<ctct_client::v3::oauth::OAuthSession>) -> Result<(), ctct_client::Error> {
//! use ctct_client::v3::V3Client;
//! use ctct_models::v3::contacts::{ContactInclude, GetContacts};
//! use futures_util::TryStreamExt as _;
//!
//! let client = V3Client::builder(session).build()?;
//! let request = GetContacts::new()
//!     .include([ContactInclude::ListMemberships])
//!     .limit(500);
//! let all: Vec<_> = client
//!     .items(request)
//!     .try_collect()
//!     .await?;
//! # let _ = all;
//! # Ok(())
//! # }
//! ```

pub mod activities;
pub mod bulk;
pub mod client;
pub mod contact_workflows;
pub mod csv;
pub mod email_workflows;
pub mod errors;
pub mod oauth;
pub mod paging;

pub use activities::{MAX_IMPORT_ROWS, PollOptions, is_finished};
pub use bulk::{BATCH, BulkReport, ExportReport};
pub use client::{V3_RATE_LIMIT, V3Client, V3ClientBuilder};
pub use contact_workflows::Counted;
pub use paging::CursorPages;
