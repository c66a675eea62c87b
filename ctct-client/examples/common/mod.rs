//! Shared by the examples: a client configured from the environment.
//!
//! * `CTCT_BASE_URL`: the service root (default the real service; a sandbox's URL in tests);
//! * `CTCT_USERNAME`: the account username;
//! * `CTCT_API_KEY` and `CTCT_PASSWORD` for Basic auth, or `CTCT_ACCESS_TOKEN` for OAuth 2.0.

// Not every example uses every helper.
#![allow(dead_code)]

use ctct_client::{Auth, Client};

/// What an example fails with: a client error, or a message of its own (a missing variable,
/// a bad argument).
pub type Failure = Box<dyn std::error::Error>;

/// Reads a required variable, with a clear message when it is missing.
pub fn var(name: &str) -> Result<String, Failure> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

/// Builds the client from `CTCT_*` variables.
pub fn client_from_env() -> Result<Client, Failure> {
    let auth = match std::env::var("CTCT_ACCESS_TOKEN") {
        Ok(token) => Auth::bearer(token),
        Err(_) => Auth::basic(var("CTCT_API_KEY")?, var("CTCT_PASSWORD")?),
    };
    let mut builder = Client::builder().username(var("CTCT_USERNAME")?).auth(auth);
    if let Ok(base) = std::env::var("CTCT_BASE_URL") {
        builder = builder.base_url(base);
    }
    Ok(builder.build()?)
}
