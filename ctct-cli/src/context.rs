//! What every command runs with: a client, the output format and, with `--sandbox`, the
//! embedded server that client talks to.

use std::io::IsTerminal as _;

use ctct_client::Client;

use crate::confirm::Consent;
use crate::credentials;
use crate::failure::Failure;
use crate::options::{Global, OutputFormat};
use crate::sandbox::{self, Embedded};

/// The client and settings one command runs with.
pub struct Context {
    /// The API client for the account.
    pub client: Client,
    /// How to print results.
    pub output: OutputFormat,
    /// Whether a person is watching: stdout and stderr are both terminals (nothing piped).
    pub interactive: bool,
    /// Whether changes that are hard to undo may go ahead (`--yes`, or asking at a terminal).
    pub consent: Consent,
    /// Keeps the embedded sandbox alive for the command's duration.
    _sandbox: Option<Embedded>,
}

impl Context {
    /// Builds the client from the global options and the environment, starting the embedded
    /// sandbox first with `--sandbox`.
    ///
    /// # Errors
    ///
    /// Missing username or credentials (exit 2 or 3), a bad base URL (exit 2), or a sandbox
    /// that cannot start.
    pub async fn new(global: &Global) -> Result<Self, Failure> {
        let (builder, embedded) = if global.sandbox {
            let embedded = sandbox::start(global.sandbox_state.clone()).await?;
            let builder = Client::builder()
                .base_url(embedded.base_url())
                .username(embedded.username.clone())
                .auth(embedded.auth.clone());
            (builder, Some(embedded))
        } else {
            let username = global.username.clone().ok_or_else(|| {
                Failure::usage("no account username")
                    .with_hint("set CTCT_USERNAME or pass --username NAME (or try --sandbox)")
            })?;
            let auth = credentials::from_env()?;
            let builder = Client::builder()
                .base_url(global.base_url.clone())
                .username(username)
                .auth(auth);
            (builder, None)
        };
        let builder = match global.timeout {
            Some(t) => builder.request_timeout(t),
            None => builder,
        };
        let client = builder
            .user_agent(concat!("ctct-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Failure::from)?;
        Ok(Self {
            client,
            output: global.output,
            interactive: std::io::stderr().is_terminal() && std::io::stdout().is_terminal(),
            consent: Consent::from_env(global.yes),
            _sandbox: embedded,
        })
    }
}
