//! Clients configured from environment variables, with the names the `ctct` command reads.
//!
//! A service or a script usually gets its account and credentials from the environment;
//! reading them here, once, keeps every program on the same names and the same rules
//! (`CTCT_ACCESS_TOKEN` wins over a key and password, empty counts as unset, a URL or a
//! duration that cannot be used is refused naming its variable). The reading is done
//! through a lookup function so that it can be tested without touching the process
//! environment, which all the tests of a binary share.
//!
//! Secret values go straight into [`Secret`]s; no error built here contains one.

#[cfg(feature = "v3")]
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "v1")]
use crate::auth::Auth;
#[cfg(feature = "v1")]
use crate::client::Client;
#[cfg(feature = "v3")]
use crate::engine::DEFAULT_BASE_URL;
use crate::engine::parse_base;
use crate::error::{ConfigError, Error};
#[cfg(feature = "v3")]
use crate::secret::Secret;
#[cfg(feature = "v3")]
use crate::v3::V3Client;
#[cfg(feature = "v3")]
use crate::v3::oauth::StaticToken;

/// The V1 service root.
pub const BASE_URL: &str = "CTCT_BASE_URL";
/// The V1 account username.
pub const USERNAME: &str = "CTCT_USERNAME";
/// The V1 API key (HTTP Basic, with [`PASSWORD`]).
pub const API_KEY: &str = "CTCT_API_KEY";
/// The V1 account password (HTTP Basic, with [`API_KEY`]).
pub const PASSWORD: &str = "CTCT_PASSWORD";
/// An OAuth 2.0 access token (V1 bearer, and the V3 token).
pub const ACCESS_TOKEN: &str = "CTCT_ACCESS_TOKEN";
/// The V3 base URL.
pub const V3_BASE_URL: &str = "CTCT_V3_BASE_URL";
/// The time one attempt of a request may take, e.g. `30s` or `500ms`.
pub const TIMEOUT: &str = "CTCT_TIMEOUT";

/// The variables as a lookup gives them: unset and whitespace-only values are both absent.
struct Vars<F>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }

    fn require(&self, name: &'static str, instead: Option<&'static str>) -> Result<String, Error> {
        self.get(name)
            .ok_or_else(|| ConfigError::MissingEnv { name, instead }.into())
    }

    /// A URL variable, checked here so that a bad one is reported under its variable's name.
    fn url(&self, name: &'static str) -> Result<Option<String>, Error> {
        self.get(name)
            .map(|raw| parse_base(&raw, name).map(|_| raw))
            .transpose()
    }

    fn timeout(&self) -> Result<Option<Duration>, Error> {
        let Some(raw) = self.get(TIMEOUT) else {
            return Ok(None);
        };
        parse_duration(raw.trim()).map(Some).ok_or_else(|| {
            ConfigError::BadEnv {
                name: TIMEOUT,
                reason: format!("{raw:?} is not a duration such as 30s or 500ms"),
            }
            .into()
        })
    }
}

/// `500ms` or `30s` / `1.5s`, more than zero and less than an hour.
fn parse_duration(s: &str) -> Option<Duration> {
    let d = if let Some(ms) = s.strip_suffix("ms") {
        Duration::from_millis(ms.parse().ok()?)
    } else {
        let secs: f64 = s.strip_suffix('s')?.parse().ok()?;
        if !(secs.is_finite() && (0.0..3600.0).contains(&secs)) {
            return None;
        }
        Duration::from_secs_f64(secs)
    };
    (!d.is_zero() && d < Duration::from_secs(3600)).then_some(d)
}

#[cfg(feature = "v1")]
impl Client {
    /// A V1 client configured from the process environment; see [`Client::from_env_with`]
    /// for the variables. Unset, empty and non-UTF-8 variables count as absent.
    ///
    /// # Errors
    ///
    /// As [`Client::from_env_with`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// A V1 client configured from the variables `lookup` returns (`None` or a blank value
    /// is an unset variable). The variables, as the `ctct` command reads them:
    ///
    /// - `CTCT_USERNAME` (required): the account username.
    /// - `CTCT_ACCESS_TOKEN`: an OAuth 2.0 access token, sent as `Authorization: Bearer`;
    ///   when it is set, the key and password are not read.
    /// - `CTCT_API_KEY` and `CTCT_PASSWORD` (both required without an access token): HTTP
    ///   Basic credentials.
    /// - `CTCT_BASE_URL` (optional, default [`crate::engine::DEFAULT_BASE_URL`]): the service root, e.g. a
    ///   sandbox's `http://127.0.0.1:8080`.
    /// - `CTCT_TIMEOUT` (optional, default 30 s): the time one attempt may take, as `30s`,
    ///   `1.5s` or `500ms`.
    ///
    /// Everything else keeps the [`Client::builder`] defaults (10 s connect timeout,
    /// 3 attempts, no rate limit).
    ///
    /// # Errors
    ///
    /// [`ConfigError::MissingEnv`] naming the first required variable that is not set,
    /// [`ConfigError::BadEnv`] for an unusable `CTCT_TIMEOUT`, a URL error naming
    /// `CTCT_BASE_URL` when it is not an absolute `http(s)` URL, and the errors of
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) (credentials over plain `http://`
    /// to a host that is not a loopback address). No error shows a credential.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let vars = Vars(lookup);
        let username = vars.require(USERNAME, None)?;
        let auth = match vars.get(ACCESS_TOKEN) {
            Some(token) => Auth::bearer(token),
            None => {
                let api_key = vars.require(API_KEY, Some(ACCESS_TOKEN))?;
                let password = vars.require(PASSWORD, Some(ACCESS_TOKEN))?;
                Auth::basic(api_key, password)
            }
        };
        let mut builder = Client::builder().username(username).auth(auth);
        if let Some(url) = vars.url(BASE_URL)? {
            builder = builder.base_url(url);
        }
        if let Some(timeout) = vars.timeout()? {
            builder = builder.request_timeout(timeout);
        }
        builder.build()
    }
}

#[cfg(feature = "v3")]
impl V3Client {
    /// A V3 client configured from the process environment; see [`V3Client::from_env_with`]
    /// for the variables. Unset, empty and non-UTF-8 variables count as absent.
    ///
    /// # Errors
    ///
    /// As [`V3Client::from_env_with`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// A V3 client configured from the variables `lookup` returns (`None` or a blank value
    /// is an unset variable). The variables, as `ctct v3` reads them:
    ///
    /// - `CTCT_ACCESS_TOKEN` (required): the OAuth 2.0 access token, sent as
    ///   `Authorization: Bearer` and never refreshed ([`StaticToken`]); a program that needs
    ///   refreshing builds an [`OAuthSession`](crate::v3::oauth::OAuthSession) and
    ///   [`V3Client::builder`] instead.
    /// - `CTCT_V3_BASE_URL` (optional): the V3 base, e.g. `http://127.0.0.1:8080/v3`.
    ///   Without it: `CTCT_BASE_URL` + `/v3` when `CTCT_BASE_URL` is set to something other
    ///   than the real V1 service, else
    ///   [`ctct_models::endpoint::V3_BASE_URL`].
    /// - `CTCT_TIMEOUT` (optional, default 30 s): the time one attempt may take, as `30s`,
    ///   `1.5s` or `500ms`.
    ///
    /// `CTCT_CLIENT_ID` is not read: a request with an access token needs no client id (it
    /// is only used to obtain tokens). Everything else keeps the [`V3Client::builder`]
    /// defaults (10 s connect timeout, 3 attempts, 4 requests a second).
    ///
    /// # Errors
    ///
    /// [`ConfigError::MissingEnv`] when `CTCT_ACCESS_TOKEN` is not set,
    /// [`ConfigError::BadEnv`] for an unusable `CTCT_TIMEOUT`, a URL error naming the URL
    /// variable that is not an absolute `http(s)` URL, and the errors of
    /// [`V3ClientBuilder::build`](crate::v3::V3ClientBuilder::build) (plain `http://` to a
    /// host that is not a loopback address). No error shows the token.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let vars = Vars(lookup);
        let token = vars.require(ACCESS_TOKEN, None)?;
        let base_url = match vars.url(V3_BASE_URL)? {
            Some(url) => url,
            None => match vars.url(BASE_URL)? {
                Some(root)
                    if root.trim_end_matches('/') != DEFAULT_BASE_URL.trim_end_matches('/') =>
                {
                    format!("{}/v3", root.trim_end_matches('/'))
                }
                _ => ctct_models::endpoint::V3_BASE_URL.to_owned(),
            },
        };
        let mut builder =
            V3Client::builder(Arc::new(StaticToken(Secret::new(token)))).base_url(base_url);
        if let Some(timeout) = vars.timeout()? {
            builder = builder.request_timeout(timeout);
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_in_seconds_and_milliseconds() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
    }

    #[test]
    fn zero_unitless_negative_and_huge_durations_are_refused() {
        for bad in [
            "0s",
            "0ms",
            "30",
            "-1s",
            "NaNs",
            "3600s",
            "4000000ms",
            "s",
            "ms",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
