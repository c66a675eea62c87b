//! One request as the engine sends it, and the per-call choices of the front end that
//! prepared it: which credential goes on each attempt and which retry rules apply.

use crate::classifier::{DEFAULT_CLASSIFIERS, RetryClassifier};
use crate::secret::Secret;
use crate::transport::Method;

/// One request, resolved by a front end (V1 or V3) to an absolute URL.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// A name for traces: the endpoint function, e.g. `get_contact`.
    pub name: &'static str,
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    pub accept: &'static str,
    pub body: Option<(String, Vec<u8>)>,
    pub success: &'static [u16],
}

/// Makes the `Authorization` header of one attempt. A front end's own rule: V1 signs each
/// attempt (OAuth 1.0a needs a fresh nonce) or sends Basic/bearer credentials; V3 sends the
/// bearer token of the moment; a token endpoint sends the app's Basic credentials.
pub(crate) trait Authorize: Sync {
    /// The header value for an attempt of `method` to `url`; `None` sends none.
    fn header(&self, method: Method, url: &str) -> Option<String>;
}

/// A fixed header value (a bearer token, or Basic client credentials).
impl Authorize for Secret {
    fn header(&self, _: Method, _: &str) -> Option<String> {
        Some(self.expose().to_owned())
    }
}

/// Per-call choices for [`super::Engine::execute_with`].
#[derive(Clone, Copy)]
pub(crate) struct ExecOptions<'a> {
    /// The credential of every attempt; `None` sends no `Authorization`. When one is given,
    /// the URL must be `https://` or loopback.
    pub authorization: Option<&'a dyn Authorize>,
    /// The retry rules, in order ([`crate::classifier`]): V1's by default, V3's for V3 calls.
    pub classifiers: &'a [&'a dyn RetryClassifier],
}

impl Default for ExecOptions<'_> {
    fn default() -> Self {
        Self {
            authorization: None,
            classifiers: DEFAULT_CLASSIFIERS,
        }
    }
}
