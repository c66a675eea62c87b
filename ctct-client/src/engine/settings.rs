//! How an [`Engine`] is configured: transport, retries, rate limit, timeouts, extra TLS
//! roots, response cap, `User-Agent`. The V1 and V3 client builders hold an
//! [`EngineBuilder`] and offer the same setters ([`engine_setters!`]), so a setting is
//! written, documented and defaulted once.

use std::sync::Arc;
use std::time::Duration;

use super::{Engine, Inner};
use crate::error::{ConfigError, Error};
use crate::rate_limit::{Limiter, RateLimit};
use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// The real service's root: V1 lives under it, and `CTCT_BASE_URL` other than it names a
/// sandbox whose V3 base is its `/v3`.
pub const DEFAULT_BASE_URL: &str = "https://api.constantcontact.com";
/// Default time to establish a connection (declared with the transports, which use it too).
pub use crate::transport::DEFAULT_CONNECT_TIMEOUT;
/// Default time for one attempt, from sending to the last body byte.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on a response body: 32 MiB (a 50-entry page is tens of KiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Builds an [`Engine`]; see [`Engine::builder`].
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    pub(crate) transport: Option<Arc<dyn Transport>>,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) user_agent: String,
    pub(crate) root_certificates: Vec<Vec<u8>>,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        Self {
            transport: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: concat!("ctct-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            root_certificates: Vec::new(),
        }
    }
}

/// The engine's setters on a builder that holds an [`EngineBuilder`] in the field named
/// by the argument: one definition (and one doc) for [`EngineBuilder`] and both client
/// builders. The rate limit is left out: its default differs between the APIs.
macro_rules! engine_setters {
    ($($engine:ident)?) => {
        /// Sends through `transport` instead of the default reqwest transport.
        pub fn transport(mut self, transport: std::sync::Arc<dyn $crate::transport::Transport>) -> Self {
            $crate::engine::engine_setters!(@set self $($engine)?, transport, Some(transport));
            self
        }

        /// The retry policy (default [`RetryPolicy::default`](crate::RetryPolicy::default):
        /// 3 attempts).
        pub fn retry(mut self, retry: $crate::retry::RetryPolicy) -> Self {
            $crate::engine::engine_setters!(@set self $($engine)?, retry, retry);
            self
        }

        /// Time to establish a connection (TCP and TLS), default 10 s: an address that does
        /// not answer fails after it with [`Error::Transport`](crate::Error::Transport)
        /// instead of waiting for the request timeout. It applies to the default reqwest
        /// transport only; a transport given with `transport` keeps its own.
        pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
            $crate::engine::engine_setters!(@set self $($engine)?, connect_timeout, timeout);
            self
        }

        /// Time for one attempt (default 30 s); for a streamed download, the most the wait
        /// for any one chunk may take.
        pub fn request_timeout(mut self, timeout: std::time::Duration) -> Self {
            $crate::engine::engine_setters!(@set self $($engine)?, request_timeout, timeout);
            self
        }

        /// Trusts the certificates in `pem` (one or more `BEGIN CERTIFICATE` blocks) as roots
        /// on top of those the TLS feature brings (`rustls`: bundled Mozilla roots;
        /// `rustls-native-roots` and `native-tls`: the platform's): a corporate CA, or a test
        /// server's own. May be called more than once. Checked when the client is built; it
        /// applies to the default reqwest transport only, as `connect_timeout`.
        pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
            let pem = pem.into();
            $crate::engine::engine_setters!(@push self $($engine)?, pem);
            self
        }

        /// The largest response body accepted (default 32 MiB); streamed downloads (export
        /// files) have no cap.
        pub fn max_response_bytes(mut self, bytes: usize) -> Self {
            $crate::engine::engine_setters!(@set self $($engine)?, max_response_bytes, bytes);
            self
        }

        /// The `User-Agent` header (default `ctct-rs/{version}`).
        pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
            $crate::engine::engine_setters!(@set self $($engine)?, user_agent, agent.into());
            self
        }
    };
    (@set $self:ident $engine:ident, $field:ident, $value:expr) => {
        $self.$engine.$field = $value
    };
    (@set $self:ident, $field:ident, $value:expr) => {
        $self.$field = $value
    };
    (@push $self:ident $engine:ident, $pem:ident) => {
        $self.$engine.root_certificates.push($pem)
    };
    (@push $self:ident, $pem:ident) => {
        $self.root_certificates.push($pem)
    };
}
pub(crate) use engine_setters;

impl EngineBuilder {
    engine_setters!();

    /// A client-side rate limit (default none).
    pub fn rate_limit(mut self, rate: Option<RateLimit>) -> Self {
        self.rate_limit = rate;
        self
    }

    /// Builds the engine.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no transport is available (no transport given and the
    /// `reqwest` feature off) or the default transport cannot be set up (an unreadable root
    /// certificate).
    pub fn build(self) -> Result<Engine, Error> {
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(self.connect_timeout, self.root_certificates)?,
        };
        Ok(Engine {
            inner: Arc::new(Inner {
                transport,
                retry: self.retry,
                limiter: self.rate_limit.map(Limiter::new),
                request_timeout: self.request_timeout,
                max_response_bytes: self.max_response_bytes,
                user_agent: self.user_agent,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(
    connect_timeout: Duration,
    root_certificates: Vec<Vec<u8>>,
) -> Result<Arc<dyn Transport>, Error> {
    let builder = root_certificates.into_iter().fold(
        crate::reqwest_transport::ReqwestTransport::builder().connect_timeout(connect_timeout),
        |b, pem| b.root_certificate_pem(pem),
    );
    let t = builder
        .build()
        .map_err(|source| ConfigError::TransportSetup { source })?;
    Ok(Arc::new(t))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_: Duration, _: Vec<Vec<u8>>) -> Result<Arc<dyn Transport>, Error> {
    Err(ConfigError::NoTransport.into())
}
