//! An embedded sandbox over real sockets, with known credentials for both APIs.

use ctct_sandbox::{Config, Sandbox};

/// The sandbox's V1 username, API key and password (its defaults).
pub const USERNAME: &str = "joesflowers";
/// The API key the sandbox expects in Basic auth.
pub const API_KEY: &str = "sandbox-key";
/// The password the sandbox expects in Basic auth.
pub const PASSWORD: &str = "sandbox-password";

/// A sandbox seeded with `lists` V1 lists that also accepts the bearer token `token`
/// (V1 and V3).
pub async fn start(token: &str, lists: usize) -> Sandbox {
    Sandbox::start(Config {
        access_token: Some(token.to_owned()),
        seed_lists: lists,
        ..Config::default()
    })
    .await
    .expect("sandbox starts")
}
