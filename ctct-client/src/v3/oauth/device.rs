//! The device authorization grant (RFC 8628) for input-constrained apps and CLIs.
//!
//! [`OAuthClient::device_authorization`] gets a `user_code` and a verification URL to show
//! the user; [`OAuthClient::poll_device`] then asks the token endpoint every `interval`
//! seconds until the user has approved. `authorization_pending` keeps polling, `slow_down`
//! adds 5 seconds to the interval for the rest of the flow (RFC 8628 §3.5), and
//! `expired_token`, `access_denied` or any other error end it with an [`OAuthError`]. Waiting
//! uses the tokio clock, so tests can pause time instead of sleeping.

use std::time::Duration;

use serde::Deserialize;

use super::client::OAuthClient;
use super::error::OAuthError;
use super::token::TokenSet;
use crate::error::Error;
use crate::secret::Secret;

/// The grant type of device-code polling.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// What `slow_down` adds to the polling interval (RFC 8628 §3.5).
pub const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// The polling interval when the server names none (RFC 8628 §3.2).
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// A started device authorization: what to show the user, and the code to poll with.
#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    /// The code the app polls with; never shown to the user.
    pub device_code: Secret,
    /// The code the user types at `verification_uri`.
    pub user_code: String,
    /// Where the user goes.
    pub verification_uri: String,
    /// The same page with the code filled in, when the server sends one.
    pub verification_uri_complete: Option<String>,
    /// How long the codes are valid.
    pub expires_in: Duration,
    /// The minimum time between polls.
    pub interval: Duration,
}

#[derive(Deserialize)]
struct Json {
    device_code: Option<String>,
    user_code: Option<String>,
    verification_uri: Option<String>,
    verification_uri_complete: Option<String>,
    expires_in: Option<u64>,
    interval: Option<u64>,
}

impl OAuthClient {
    /// Starts a device authorization (`POST {device_authorize}` with `client_id` and
    /// `scope`).
    ///
    /// # Errors
    ///
    /// [`Error::OAuth`] when the server refuses (e.g. `invalid_client` for an app not set up
    /// for the device flow), [`Error::Decode`] when the answer lacks a field.
    pub async fn device_authorization(&self) -> Result<DeviceAuthorization, Error> {
        let scope = self.app().scope();
        let url = self.app().endpoints.device_authorize.clone();
        let body = self
            .post_form(
                "device_authorize",
                &url,
                &[("client_id", &self.app().client_id), ("scope", &scope)],
                None,
                &[],
            )
            .await?;
        let missing = |field: &str| {
            Error::from(OAuthError::local(
                "device_authorize",
                "invalid_response",
                format!("the device authorization response has no {field}"),
            ))
        };
        let json: Json = serde_json::from_slice(&body).map_err(|e| {
            Error::from(OAuthError::local(
                "device_authorize",
                "invalid_response",
                format!("the device authorization response is not the expected JSON ({e})"),
            ))
        })?;
        Ok(DeviceAuthorization {
            device_code: Secret::new(
                json.device_code
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| missing("device_code"))?,
            ),
            user_code: json.user_code.ok_or_else(|| missing("user_code"))?,
            verification_uri: json
                .verification_uri
                .ok_or_else(|| missing("verification_uri"))?,
            verification_uri_complete: json.verification_uri_complete,
            expires_in: Duration::from_secs(json.expires_in.unwrap_or(600)),
            interval: json.interval.map_or(DEFAULT_INTERVAL, Duration::from_secs),
        })
    }

    /// Polls the token endpoint until the user approves `device`, the codes expire or the
    /// server refuses.
    ///
    /// # Errors
    ///
    /// [`Error::OAuth`] with `expired_token` (the server said so, or `expires_in` passed),
    /// `access_denied` (the user declined), or any other error code the server sent;
    /// transport errors as any request.
    pub async fn poll_device(&self, device: &DeviceAuthorization) -> Result<TokenSet, Error> {
        let deadline = tokio::time::Instant::now() + device.expires_in;
        let mut interval = device.interval;
        loop {
            if tokio::time::Instant::now() + interval > deadline {
                return Err(OAuthError::local(
                    "device_code",
                    "expired_token",
                    "the device code expired before the user approved; start again",
                )
                .into());
            }
            tokio::time::sleep(interval).await;
            let result = self
                .token_request(
                    "device_code",
                    vec![
                        ("grant_type", DEVICE_CODE_GRANT),
                        ("device_code", device.device_code.expose()),
                    ],
                )
                .await;
            match result {
                Err(Error::OAuth(e)) if e.is("authorization_pending") => {
                    tracing::debug!("device flow: authorization pending");
                }
                Err(Error::OAuth(e)) if e.is("slow_down") => {
                    interval += SLOW_DOWN_STEP;
                    tracing::debug!(interval_s = interval.as_secs(), "device flow: slow down");
                }
                other => return other,
            }
        }
    }
}
