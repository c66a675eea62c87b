//! `--sandbox`: run the command against an embedded emulator instead of the real service.
//!
//! People who want to see what the tool does should not need an account. The sandbox from
//! `ctct-sandbox` starts on a free loopback port inside this process, seeded with the same
//! deterministic sample data every time, and stops when the command ends. Where it listens is
//! printed on stderr, so stdout stays the command's own output (and valid JSON).

use std::path::PathBuf;

use ctct_client::Auth;
use ctct_sandbox::{Config, Sandbox};

use crate::failure::{ExitStatus, Failure};

/// How many sample contacts the embedded sandbox holds.
pub const SEED_CONTACTS: usize = 120;
/// How many sample lists the embedded sandbox holds.
pub const SEED_LISTS: usize = 3;

/// A running embedded sandbox and the credentials it accepts.
pub struct Embedded {
    /// The server; dropping it stops it.
    pub sandbox: Sandbox,
    /// The account username.
    pub username: String,
    /// Credentials the sandbox accepts.
    pub auth: Auth,
}

/// Starts the sandbox and says where it listens on stderr. With a `state` file (from
/// `--sandbox-state`) its contacts and lists come from the file when it exists and are
/// written back when the [`Embedded`] is dropped at the end of the command.
///
/// # Errors
///
/// When no loopback port can be bound, or the state file cannot be read.
pub async fn start(state: Option<PathBuf>) -> Result<Embedded, Failure> {
    let config = Config {
        state_file: state,
        seed_contacts: SEED_CONTACTS,
        seed_lists: SEED_LISTS,
        // The V3 device flow polls once a second instead of five: the sandbox approves
        // at once, so `ctct --sandbox v3 …` need not wait.
        oauth: ctct_sandbox::oauth::OAuthConfig {
            device_interval_secs: 1,
            ..ctct_sandbox::oauth::OAuthConfig::default()
        },
        ..Config::default()
    };
    let username = config.username.clone();
    let auth = Auth::basic(config.api_key.clone(), config.password.clone());
    let sandbox = Sandbox::start(config).await.map_err(|e| {
        Failure::new(
            ExitStatus::Api,
            format!("cannot start the embedded sandbox: {e}"),
        )
    })?;
    if !crate::output::quiet() {
        eprintln!(
            "ctct: sandbox listening on {} (account {username}, {SEED_CONTACTS} sample contacts, \
         {SEED_LISTS} lists; its data is gone when this command ends)",
            sandbox.base_url()
        );
    }
    Ok(Embedded {
        sandbox,
        username,
        auth,
    })
}

impl Drop for Embedded {
    /// Writes the state file of `--sandbox-state` back, so the next command sees the changes.
    fn drop(&mut self) {
        if let Err(e) = self.sandbox.save_state() {
            eprintln!("error: the sandbox state was not saved: {e}");
        }
    }
}
