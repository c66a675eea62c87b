//! A logged-in session: the newest tokens, refreshed before they expire and after a 401, one
//! refresh at a time.
//!
//! Refresh tokens rotate: the first refresh that reaches the server invalidates the refresh
//! token every other concurrent refresh would send, and those fail with `invalid_grant`
//! (`docs/v3/auth.md#token-lifetimes-and-refresh`). So [`OAuthSession`] holds its tokens behind one async mutex and refreshes
//! while holding it; a caller that waited re-checks under the lock and finds a token that is
//! already fresh (or, after a 401, different from the one that was rejected) and does not
//! refresh again. Thirty-two concurrent requests that all see an expired token cause exactly
//! one refresh. Every new token set is saved to the [`TokenStore`] before it is used.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::client::OAuthClient;
use super::error::OAuthError;
use super::store::TokenStore;
use super::token::TokenSet;
use crate::error::{ConfigError, Error};
use crate::secret::Secret;

/// A boxed future of a token source.
pub type TokenFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// Where a V3 client gets its bearer token.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// A token to send now (refreshed first if it is about to expire).
    fn access_token(&self) -> TokenFuture<'_, Secret>;

    /// `rejected` was answered 401: a newer token to retry with once, or `None` when there
    /// is none (the 401 then reaches the caller).
    fn unauthorized<'a>(&'a self, rejected: &'a Secret) -> TokenFuture<'a, Option<Secret>>;
}

/// A fixed access token, never refreshed (a token obtained elsewhere).
#[derive(Debug, Clone)]
pub struct StaticToken(pub Secret);

impl TokenSource for StaticToken {
    fn access_token(&self) -> TokenFuture<'_, Secret> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn unauthorized<'a>(&'a self, _: &'a Secret) -> TokenFuture<'a, Option<Secret>> {
        Box::pin(async { Ok(None) })
    }
}

/// How long before expiry a token is refreshed by default.
pub const DEFAULT_REFRESH_SKEW: Duration = Duration::from_secs(300);

/// Tokens of one login, kept fresh.
pub struct OAuthSession {
    oauth: OAuthClient,
    store: Arc<dyn TokenStore>,
    skew: Duration,
    current: Mutex<Option<TokenSet>>,
    refreshes: AtomicU64,
}

impl fmt::Debug for OAuthSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthSession")
            .field("client_id", &self.oauth.app().client_id)
            .field("store", &self.store)
            .field("skew", &self.skew)
            .field("refreshes", &self.refresh_count())
            .finish_non_exhaustive()
    }
}

impl OAuthSession {
    /// A session that reads its tokens from `store` (saved by an earlier login, or by
    /// [`OAuthSession::set_tokens`]) and refreshes them through `oauth`.
    pub fn new(oauth: OAuthClient, store: Arc<dyn TokenStore>) -> Self {
        Self {
            oauth,
            store,
            skew: DEFAULT_REFRESH_SKEW,
            current: Mutex::new(None),
            refreshes: AtomicU64::new(0),
        }
    }

    /// Refreshes a token this long before it expires (default [`DEFAULT_REFRESH_SKEW`]).
    pub fn with_refresh_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// The OAuth client the session refreshes through.
    pub fn oauth(&self) -> &OAuthClient {
        &self.oauth
    }

    /// Uses `tokens` from now on (after a login) and saves them.
    ///
    /// # Errors
    ///
    /// [`Error::TokenStore`] when they cannot be saved (they are used anyway).
    pub async fn set_tokens(&self, tokens: TokenSet) -> Result<(), Error> {
        let mut current = self.current.lock().await;
        *current = Some(tokens.clone());
        self.store.save(&tokens)
    }

    /// The tokens in use (loaded from the store if none yet).
    ///
    /// # Errors
    ///
    /// [`Error::TokenStore`] when the store cannot be read.
    pub async fn tokens(&self) -> Result<Option<TokenSet>, Error> {
        let mut current = self.current.lock().await;
        self.load(&mut current)?;
        Ok(current.clone())
    }

    /// How many refreshes this session has made.
    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::SeqCst)
    }

    fn load(&self, current: &mut Option<TokenSet>) -> Result<(), Error> {
        if current.is_none() {
            *current = self.store.load()?;
        }
        Ok(())
    }

    /// A token valid for at least the skew, refreshing (once, whoever else is waiting) when
    /// the current one is about to expire.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when there are no tokens (log in first), [`Error::OAuth`] when the
    /// refresh is refused, [`Error::TokenStore`] when the new tokens cannot be saved.
    pub async fn access_token(&self) -> Result<Secret, Error> {
        let mut current = self.current.lock().await;
        self.load(&mut current)?;
        let Some(tokens) = current.as_ref() else {
            return Err(not_logged_in());
        };
        if !tokens.expires_within(self.skew, SystemTime::now()) {
            return Ok(tokens.access_token.clone());
        }
        self.refresh_locked(&mut current).await
    }

    /// After a 401 for `rejected`: refreshes unless another caller already replaced that
    /// token, and returns the token to retry with (`None` without a refresh token).
    ///
    /// # Errors
    ///
    /// As [`OAuthSession::access_token`].
    pub async fn refresh_if_current(&self, rejected: &Secret) -> Result<Option<Secret>, Error> {
        let mut current = self.current.lock().await;
        self.load(&mut current)?;
        let Some(tokens) = current.as_ref() else {
            return Err(not_logged_in());
        };
        if &tokens.access_token != rejected {
            return Ok(Some(tokens.access_token.clone()));
        }
        if tokens.refresh_token.is_none() {
            return Ok(None);
        }
        self.refresh_locked(&mut current).await.map(Some)
    }

    /// Refreshes now, whatever the expiry.
    ///
    /// # Errors
    ///
    /// As [`OAuthSession::access_token`].
    pub async fn force_refresh(&self) -> Result<TokenSet, Error> {
        let mut current = self.current.lock().await;
        self.load(&mut current)?;
        self.refresh_locked(&mut current).await?;
        current.clone().ok_or_else(not_logged_in)
    }

    async fn refresh_locked(&self, current: &mut Option<TokenSet>) -> Result<Secret, Error> {
        let Some(old) = current.as_ref() else {
            return Err(not_logged_in());
        };
        let Some(refresh_token) = old.refresh_token.clone() else {
            return Err(OAuthError::local(
                "refresh_token",
                "no_refresh_token",
                "the access token expired and there is no refresh token (ask for the offline_access scope); log in again",
            )
            .into());
        };
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        tracing::debug!("refreshing the OAuth 2.0 access token");
        let mut fresh = self.oauth.refresh(&refresh_token).await?;
        // Long-lived refresh tokens may not come back; rotating ones always do. Keep the
        // newest either way.
        if fresh.refresh_token.is_none() {
            fresh.refresh_token = Some(refresh_token);
        }
        let token = fresh.access_token.clone();
        *current = Some(fresh.clone());
        self.store.save(&fresh)?;
        Ok(token)
    }
}

fn not_logged_in() -> Error {
    Error::Config(ConfigError::NoTokens)
}

impl TokenSource for OAuthSession {
    fn access_token(&self) -> TokenFuture<'_, Secret> {
        Box::pin(OAuthSession::access_token(self))
    }

    fn unauthorized<'a>(&'a self, rejected: &'a Secret) -> TokenFuture<'a, Option<Secret>> {
        Box::pin(self.refresh_if_current(rejected))
    }
}
