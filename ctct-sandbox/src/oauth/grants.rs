//! What the authorization server has issued and not yet spent: codes waiting for their
//! exchange, device codes waiting for approval, refresh tokens and access tokens.
//!
//! Codes and rotated refresh tokens are single-use: they are removed from the maps as they are
//! spent, so a replay finds nothing and answers `invalid_grant`. Values are random from
//! `fastrand`, which is fine for a local emulator and nothing else. Times are on the tokio
//! clock.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

/// An authorization code waiting for its exchange.
#[derive(Debug, Clone)]
pub(crate) struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    /// The S256 `code_challenge`, when one was sent.
    pub challenge: Option<String>,
    pub expires: Instant,
}

/// Whether a device code was approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Approval {
    Pending,
    Approved,
    Denied,
}

/// A device code waiting for the user.
#[derive(Debug, Clone)]
pub(crate) struct DeviceGrant {
    pub client_id: String,
    pub scope: String,
    pub user_code: String,
    pub expires: Instant,
    pub interval: Duration,
    pub last_poll: Option<Instant>,
    pub approval: Approval,
}

/// A refresh token's grant.
#[derive(Debug, Clone)]
pub(crate) struct RefreshGrant {
    pub client_id: String,
    pub scope: String,
}

/// An access token's grant.
#[derive(Debug, Clone)]
pub(crate) struct AccessGrant {
    pub scope: String,
    pub expires: Instant,
}

/// Everything issued, and counts for tests.
#[derive(Debug, Default)]
pub(crate) struct Grants {
    pub codes: HashMap<String, CodeGrant>,
    pub devices: HashMap<String, DeviceGrant>,
    pub refresh: HashMap<String, RefreshGrant>,
    pub access: HashMap<String, AccessGrant>,
    pub stats: OAuthStats,
}

/// How many grants of each kind the authorization server has answered with tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OAuthStats {
    /// Codes exchanged.
    pub code_exchanges: u64,
    /// Refreshes made.
    pub refreshes: u64,
    /// Device codes exchanged.
    pub device_exchanges: u64,
    /// Token requests refused with an OAuth error.
    pub refusals: u64,
}

/// A random token of `n` characters of `[A-Za-z0-9]`, with a readable prefix.
pub(crate) fn token(prefix: &str, n: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + n);
    s.push_str(prefix);
    s.extend((0..n).map(|_| fastrand::alphanumeric()));
    s
}

/// A user code such as `WDJB-MJHT` (no vowels, so no words; RFC 8628 §6.1).
pub(crate) fn user_code() -> String {
    const SET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
    let mut s = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            s.push('-');
        }
        s.push(char::from(SET[fastrand::usize(..SET.len())]));
    }
    s
}

impl Grants {
    /// The scope of `token` when it is an unexpired access token.
    pub fn access_scope(&self, token: &str, now: Instant) -> Option<&str> {
        self.access
            .get(token)
            .filter(|g| g.expires > now)
            .map(|g| g.scope.as_str())
    }

    /// Removes expired codes, device codes and access tokens.
    pub fn sweep(&mut self, now: Instant) {
        self.codes.retain(|_, g| g.expires > now);
        self.devices.retain(|_, g| g.expires > now);
        self.access.retain(|_, g| g.expires > now);
    }
}
