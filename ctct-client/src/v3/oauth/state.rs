//! One authorization request, kept until the browser comes back: its `state` (CSRF
//! protection, RFC 6749 §10.12) and its PKCE verifier.
//!
//! The redirect is checked before any code is exchanged: an `error` from the server becomes
//! an [`OAuthError`]; a missing or different `state` is refused, because a code that arrives
//! with someone else's state may be an attacker's.

use url::Url;

use super::error::OAuthError;
use super::pkce::PkceVerifier;
use crate::error::{ConfigError, Error};
use crate::secret::Secret;

/// An authorization URL with the `state` and PKCE verifier it was built with.
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    url: String,
    state: Secret,
    verifier: PkceVerifier,
}

/// Compares without an early exit, so timing does not tell how much matched.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl AuthorizationRequest {
    pub(crate) fn new(url: String, state: Secret, verifier: PkceVerifier) -> Self {
        Self {
            url,
            state,
            verifier,
        }
    }

    /// The URL to open in the user's browser.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `state` sent (compare with the redirect's, or use [`Self::code_from_redirect`]).
    pub fn state(&self) -> &Secret {
        &self.state
    }

    /// The PKCE verifier to send with the code exchange.
    pub fn verifier(&self) -> &PkceVerifier {
        &self.verifier
    }

    /// The authorization code of the redirect URL the browser came back to, after checking
    /// its `state`.
    ///
    /// # Errors
    ///
    /// [`Error::OAuth`] (operation `authorize`) when the redirect carries `error` (e.g.
    /// `access_denied`), when its `state` is missing or differs (`state_mismatch`), or when
    /// it has no `code`; [`Error::Config`] when it is not a URL.
    pub fn code_from_redirect(&self, redirect_url: &str) -> Result<Secret, Error> {
        let url = Url::parse(redirect_url.trim())
            .map_err(|source| ConfigError::UnparsableRedirect { source })?;
        let get = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        if let Some(error) = get("error") {
            return Err(OAuthError {
                operation: "authorize",
                status: None,
                error: error.chars().take(100).collect(),
                description: get("error_description").map(|d| crate::error::excerpt(&d)),
            }
            .into());
        }
        match get("state") {
            Some(s) if same(s.as_bytes(), self.state.expose().as_bytes()) => {}
            Some(_) => {
                return Err(OAuthError::local(
                    "authorize",
                    "state_mismatch",
                    "the redirect's state is not the one this request sent; not using its code",
                )
                .into());
            }
            None => {
                return Err(OAuthError::local(
                    "authorize",
                    "state_mismatch",
                    "the redirect has no state; not using its code",
                )
                .into());
            }
        }
        match get("code") {
            Some(code) if !code.is_empty() => Ok(Secret::new(code)),
            _ => Err(
                OAuthError::local("authorize", "invalid_request", "the redirect has no code")
                    .into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AuthorizationRequest {
        AuthorizationRequest::new(
            "https://x/authorize".into(),
            Secret::new("st4te"),
            PkceVerifier::generate().unwrap(),
        )
    }

    #[test]
    fn takes_the_code_when_the_state_matches() {
        let code = request()
            .code_from_redirect("http://127.0.0.1:5/cb?code=c0de&state=st4te")
            .unwrap();
        assert_eq!(code.expose(), "c0de");
    }

    #[test]
    fn refuses_a_wrong_or_missing_state_and_reports_server_errors() {
        let r = request();
        for (url, key) in [
            ("http://h/cb?code=c&state=other", "state_mismatch"),
            ("http://h/cb?code=c", "state_mismatch"),
            ("http://h/cb?state=st4te", "invalid_request"),
            (
                "http://h/cb?error=access_denied&error_description=User+said+no&state=st4te",
                "access_denied",
            ),
        ] {
            let e = r.code_from_redirect(url).unwrap_err();
            let o = e.oauth().unwrap_or_else(|| panic!("{url}: {e}"));
            assert_eq!(o.error, key, "{url}");
            assert!(!e.to_string().contains("st4te"), "{e}");
        }
        let e = r
            .code_from_redirect("http://h/cb?error=access_denied&error_description=User+said+no")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "OAuth 2.0 authorize failed: access_denied: User said no"
        );
        assert!(matches!(
            r.code_from_redirect("not a url"),
            Err(Error::Config(ConfigError::UnparsableRedirect { .. }))
        ));
    }
}
