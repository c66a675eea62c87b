//! A stateful local emulator of the Constant Contact V1 API.
//!
//! Nobody can test against the real service from here, and users have no way to try the API
//! without an account. `ctct-sandbox` serves every endpoint of the V1 table over real HTTP
//! with the behaviour the wire notes document (`docs/v1/`): contacts and lists (Basic and
//! Bearer auth, 201 + `Location`, 204, 409 on existing addresses, DELETE as opt-out, system
//! lists, 50-entry pages with opaque `next` tokens, `updatedsince` sync), bulk activities that
//! really run in the background and produce export files, campaigns with their Draft-only
//! rules and schedules, tracking feeds, account email addresses, Event Marketing, service
//! documents, plain-text errors, and injected faults for resilience tests. Every body it reads
//! or writes goes through `ctct-models`, and it routes from the same endpoint table the client
//! calls ([`ctct_models::v1::ENDPOINTS`]).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use ctct_sandbox::{Config, Sandbox};
//! let sandbox = Sandbox::start(Config { seed_contacts: 120, seed_lists: 3, ..Config::default() }).await?;
//! println!("{}", sandbox.account_url()); // http://127.0.0.1:PORT/ws/customers/joesflowers
//! # Ok(()) }
//! ```
//!
//! The server runs on the caller's tokio runtime and stops when the [`Sandbox`] is dropped.

mod activity;
mod auth;
mod bad_body;
mod body_timeout;
mod bulk;
pub mod faults;
mod form_body;
mod handlers;
mod inject;
pub mod oauth;
mod origin;
mod paging;
mod respond;
mod routing;
mod seed;
mod server;
mod state_file;
mod store;
pub mod v3;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use faults::{Effect, FaultRule, FaultSpec, FaultSpecError};
pub use paging::PAGE_SIZE;
pub use v3::V3Config;

/// How to start a sandbox.
#[derive(Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free port. Default `127.0.0.1:0`.
    pub addr: SocketAddr,
    /// The account username in `/ws/customers/{username}`. Default `joesflowers`.
    pub username: String,
    /// The API key expected in Basic auth (`{api_key}%{username}`). Default `sandbox-key`.
    pub api_key: String,
    /// The account password expected in Basic auth. Default `sandbox-password`.
    pub password: String,
    /// A Bearer token accepted besides Basic auth. Default none.
    pub access_token: Option<String>,
    /// How many contacts to seed. Default 0.
    pub seed_contacts: usize,
    /// How many lists to seed. Default 0.
    pub seed_lists: usize,
    /// Faults to inject from the start.
    pub faults: FaultSpec,
    /// Request bodies larger than this are answered 413 (except bulk activities, see
    /// `max_activity_body_bytes`). Default 1 MiB.
    pub max_body_bytes: usize,
    /// `POST /activities` bodies larger than this are answered 413. Default 4 MiB: the
    /// V1 reference sets no limit and the client cuts its imports at 4,000,000 bytes (the V3
    /// import limit), so everything it sends must fit.
    pub max_activity_body_bytes: usize,
    /// How long a request body may take to arrive, from the end of its headers; a body
    /// still unfinished then is answered 408 and its connection closed. Default 30 s.
    pub body_timeout: Duration,
    /// How long a bulk activity waits between its steps (PENDING → RUNNING, each chunk of
    /// rows, → COMPLETE), so clients polling it see it progress. Default 200 ms; tests use a
    /// few milliseconds or zero.
    pub activity_step: Duration,
    /// The OAuth 2.0 authorization server: registered clients and token lifetimes.
    pub oauth: oauth::OAuthConfig,
    /// The V3 emulator under `/v3/` (activity pace, rate limits).
    pub v3: V3Config,
    /// A state file: when it exists, the contacts and lists are loaded from it instead of
    /// seeded, and [`Sandbox::save_state`] writes them back (see `ctct-sandbox --state`).
    /// Default none.
    pub state_file: Option<std::path::PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            username: "joesflowers".to_owned(),
            api_key: "sandbox-key".to_owned(),
            password: "sandbox-password".to_owned(),
            access_token: None,
            seed_contacts: 0,
            seed_lists: 0,
            faults: FaultSpec::none(),
            max_body_bytes: 1024 * 1024,
            max_activity_body_bytes: 4 * 1024 * 1024,
            body_timeout: Duration::from_secs(30),
            activity_step: Duration::from_millis(200),
            oauth: oauth::OAuthConfig::default(),
            v3: V3Config::default(),
            state_file: None,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("username", &self.username)
            .field("api_key", &"<redacted>")
            .field("password", &"<redacted>")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .field("seed_contacts", &self.seed_contacts)
            .field("seed_lists", &self.seed_lists)
            .field("faults", &self.faults)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_activity_body_bytes", &self.max_activity_body_bytes)
            .field("body_timeout", &self.body_timeout)
            .field("activity_step", &self.activity_step)
            .field("oauth", &self.oauth)
            .field("v3", &self.v3)
            .field("state_file", &self.state_file)
            .finish()
    }
}

/// Shared by every request.
pub(crate) struct App {
    pub creds: auth::Credentials,
    pub store: Arc<Mutex<store::Store>>,
    pub faults: faults::Faults,
    pub max_body_bytes: usize,
    pub max_activity_body_bytes: usize,
    /// Bulk activities: their pace and how many are still running.
    pub activities: activity::Runner,
    pub oauth: oauth::AuthServer,
    /// The V3 emulator (its own store and token registry).
    #[allow(dead_code)] // reached through the OAuth server emulation, which holds it too
    pub v3: Arc<v3::V3App>,
}

/// A running sandbox. Dropping it stops the server and closes its connections.
pub struct Sandbox {
    addr: SocketAddr,
    username: String,
    app: Arc<App>,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    state_file: Option<std::path::PathBuf>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Seeds the account, binds `config.addr` and starts serving on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn start(config: Config) -> std::io::Result<Self> {
        let v3 = Arc::new(v3::V3App::new(&config.v3, config.access_token.as_deref()));
        let mut store = store::Store::new(&config.username);
        seed::seed(&mut store, config.seed_contacts, config.seed_lists);
        if let Some(path) = &config.state_file {
            let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
            if let Some(snapshot) = state_file::load(path).map_err(invalid)? {
                store
                    .restore(snapshot)
                    .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
            }
        }
        let app = Arc::new(App {
            creds: auth::Credentials {
                username: config.username.clone(),
                api_key: config.api_key,
                password: config.password,
                access_token: config.access_token,
            },
            store: Arc::new(Mutex::new(store)),
            faults: faults::Faults::new(config.faults),
            max_body_bytes: config.max_body_bytes,
            max_activity_body_bytes: config.max_activity_body_bytes,
            activities: activity::Runner::new(config.activity_step),
            oauth: oauth::AuthServer::new(config.oauth, v3.clone()),
            v3: v3.clone(),
        });
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let router = Router::new()
            .merge(oauth::routes())
            .nest_service("/v3", v3::router(v3))
            .fallback(handlers::dispatch)
            .layer(axum::middleware::from_fn_with_state(
                app.clone(),
                inject::inject,
            ))
            .with_state(app.clone())
            .layer(axum::middleware::from_fn_with_state(
                config.body_timeout,
                body_timeout::limit,
            ));
        let (shutdown, rx) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, router, rx));
        Ok(Self {
            addr,
            username: config.username,
            app,
            shutdown,
            task: Some(task),
            state_file: config.state_file,
        })
    }

    /// Writes the contacts and lists to the configured state file, atomically; does nothing
    /// without one. Call it before stopping (the binary does, on Ctrl-C and `SIGTERM`).
    ///
    /// # Errors
    ///
    /// The file cannot be written; the message names it.
    pub fn save_state(&self) -> std::io::Result<()> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let snapshot = self
            .app
            .store
            .lock()
            .map_err(|_| std::io::Error::other("the store's lock is poisoned"))?
            .snapshot()
            .map_err(std::io::Error::other)?;
        state_file::save(path, &snapshot).map_err(std::io::Error::other)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://ADDR/ws/customers/{username}`: the base every V1 path is relative to.
    pub fn account_url(&self) -> String {
        format!("{}/ws/customers/{}", self.base_url(), self.username)
    }

    /// Counts of the OAuth 2.0 grants answered and refused (for tests).
    pub fn oauth_stats(&self) -> oauth::OAuthStats {
        self.app.oauth.stats()
    }

    /// The granted scope of `token` when it is an unexpired access token issued by the
    /// sandbox's authorization server; `None` for unknown or expired tokens.
    pub fn access_token_scope(&self, token: &str) -> Option<String> {
        self.app.oauth.access_token_scope(token)
    }

    /// `http://ADDR/v3`: the base every V3 path is relative to.
    pub fn v3_url(&self) -> String {
        format!("{}/v3", self.base_url())
    }

    /// Replaces the injected faults; requests already past the fault check are unaffected.
    pub fn set_faults(&self, spec: FaultSpec) {
        self.app.faults.set(spec);
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.set_faults(FaultSpec::none());
    }

    /// Waits until every bulk activity created so far is `COMPLETE` (its rows applied, its
    /// export file ready). Tests use it instead of polling.
    pub async fn settle(&self) {
        self.app.activities.settled().await;
    }

    /// Stops the server and waits until the accept loop has ended.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
