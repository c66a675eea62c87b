//! `--sandbox`: run the command against an embedded emulator instead of the real service.
//!
//! People who want to see what the tool does should not need an account. The sandbox from
//! `ctct-sandbox` starts on a free loopback port inside this process, seeded with the same
//! deterministic sample data every time, and stops when the command ends. Where it listens is
//! printed on stderr, so stdout stays the command's own output (and valid JSON).
//!
//! Built without the `sandbox` feature (no ctct-sandbox, no HTTP server linked), the flags
//! stay so scripts get a clear error: [`start`] fails with exit 2 naming the feature.

use std::path::PathBuf;

use ctct_client::Auth;
#[cfg(feature = "sandbox")]
use ctct_sandbox::{Config, Sandbox};

#[cfg(feature = "sandbox")]
use crate::failure::ExitStatus;
use crate::failure::Failure;

/// How many sample contacts the embedded sandbox holds.
#[cfg(feature = "sandbox")]
pub const SEED_CONTACTS: usize = 120;
/// How many sample lists the embedded sandbox holds.
#[cfg(feature = "sandbox")]
pub const SEED_LISTS: usize = 3;

/// A running embedded sandbox and the credentials it accepts.
#[cfg(feature = "sandbox")]
pub struct Embedded {
    /// The server; dropping it stops it.
    sandbox: Sandbox,
    /// The account username.
    pub username: String,
    /// Credentials the sandbox accepts.
    pub auth: Auth,
}

#[cfg(feature = "sandbox")]
impl Embedded {
    /// The root URL the sandbox serves (V1 under it, V3 under `/v3`).
    pub fn base_url(&self) -> String {
        self.sandbox.base_url()
    }
}

/// Starts the sandbox and says where it listens on stderr. With a `state` file (from
/// `--sandbox-state`) its contacts and lists come from the file when it exists and are
/// written back when the [`Embedded`] is dropped at the end of the command.
///
/// # Errors
///
/// When no loopback port can be bound, or the state file cannot be read.
#[cfg(feature = "sandbox")]
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

#[cfg(feature = "sandbox")]
impl Drop for Embedded {
    /// Writes the state file of `--sandbox-state` back, so the next command sees the changes.
    fn drop(&mut self) {
        if let Err(e) = self.sandbox.save_state() {
            eprintln!("error: the sandbox state was not saved: {e}");
        }
    }
}

/// Stands for a running sandbox in a build without one: never made ([`start`] always fails).
#[cfg(not(feature = "sandbox"))]
pub struct Embedded {
    never: std::convert::Infallible,
    /// The account username.
    pub username: String,
    /// Credentials the sandbox accepts.
    pub auth: Auth,
}

#[cfg(not(feature = "sandbox"))]
impl Embedded {
    /// Never called: no value of this type exists.
    pub fn base_url(&self) -> String {
        match self.never {}
    }
}

/// Fails: this build has no embedded sandbox.
///
/// # Errors
///
/// Always, with exit 2 and a hint to use a build with the feature or a sandbox elsewhere.
#[cfg(not(feature = "sandbox"))]
#[allow(clippy::unused_async)] // the same signature as the real one
pub async fn start(_state: Option<PathBuf>) -> Result<Embedded, Failure> {
    Err(no_sandbox())
}

#[cfg(not(feature = "sandbox"))]
fn no_sandbox() -> Failure {
    Failure::usage("--sandbox and --sandbox-state need the `sandbox` feature, which this ctct was built without")
        .with_hint("install a build with it (`cargo install ctct-cli`, default features), or run `ctct-sandbox` and pass --base-url")
}

#[cfg(all(test, not(feature = "sandbox")))]
mod tests {
    use crate::failure::ExitStatus;

    #[tokio::test]
    async fn start_fails_naming_the_feature() {
        // `Embedded` has no values in this build, so the result can only be an error.
        let Err(failure) = super::start(None).await;
        assert_eq!(failure.status(), ExitStatus::Usage);
        assert!(
            failure.to_string().contains("`sandbox` feature"),
            "{failure}"
        );
    }
}
