//! Shared by the V3 client tests: a sandbox, a PKCE login against its authorization server and
//! a V3 client on the resulting session.

#![allow(dead_code, clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::sync::Arc;
use std::time::Duration;

use ctct_client::Client;
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::{
    DEFAULT_SCOPES, MemoryTokenStore, OAuthApp, OAuthClient, OAuthEndpoints, OAuthSession, TokenSet,
};
use ctct_models::v3::contacts::{self, ContactInclude, ContactResource};
use ctct_sandbox::oauth::DEFAULT_CLIENT_ID;
use ctct_sandbox::{Config, Sandbox, V3Config};
use futures_util::TryStreamExt as _;

pub async fn sandbox(v3: V3Config) -> Sandbox {
    Sandbox::start(Config {
        v3,
        ..Config::default()
    })
    .await
    .unwrap()
}

/// Activities finish at the next poll.
pub fn instant() -> V3Config {
    V3Config {
        activity_duration: Duration::ZERO,
        ..V3Config::default()
    }
}

pub fn oauth(sb: &Sandbox) -> OAuthClient {
    oauth_asking(sb, &DEFAULT_SCOPES)
}

/// An OAuth client asking for `scopes` rather than the default ones.
pub fn oauth_asking(sb: &Sandbox, scopes: &[&str]) -> OAuthClient {
    let app = OAuthApp::public(DEFAULT_CLIENT_ID)
        .redirect_uri("http://127.0.0.1:8123/callback")
        .endpoints(OAuthEndpoints::at(&sb.base_url()))
        .scopes(scopes.iter().copied());
    OAuthClient::with_http(app, Client::builder().build().unwrap())
}

/// A PKCE login (the sandbox consents by itself).
pub async fn login(oauth: &OAuthClient) -> TokenSet {
    let request = oauth.authorization_request().unwrap();
    let r = crate::support::sandbox::http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(request.url())
        .send()
        .await
        .unwrap();
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    oauth.complete(&request, &back).await.unwrap()
}

pub async fn session(sb: &Sandbox) -> Arc<OAuthSession> {
    session_asking(sb, &DEFAULT_SCOPES).await
}

/// A logged-in session whose tokens were granted `scopes`.
pub async fn session_asking(sb: &Sandbox, scopes: &[&str]) -> Arc<OAuthSession> {
    let oauth = oauth_asking(sb, scopes);
    let tokens = login(&oauth).await;
    Arc::new(OAuthSession::new(
        oauth,
        Arc::new(MemoryTokenStore::with(tokens)),
    ))
}

/// A V3 client without the client-side limiter (the sandbox's limits are off unless a test
/// turns them on).
pub fn client(sb: &Sandbox, session: Arc<OAuthSession>) -> V3Client {
    V3Client::builder(session)
        .base_url(sb.v3_url())
        .rate_limit(None)
        .build()
        .unwrap()
}

pub fn get_contacts(include: &[ContactInclude], limit: Option<i64>) -> contacts::GetContacts {
    let mut request = contacts::GetContacts::new().include(include.iter().cloned());
    request.limit = limit;
    request
}

pub async fn all_contacts(client: &V3Client, limit: Option<i64>) -> Vec<ContactResource> {
    client
        .items(get_contacts(&[ContactInclude::ListMemberships], limit))
        .try_collect()
        .await
        .unwrap()
}
