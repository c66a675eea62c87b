//! Shared by the OAuth tests: a sandbox, an OAuth client pointed at it, and a "browser" that
//! follows the authorize redirect once (the sandbox consents automatically).

#![allow(dead_code, clippy::unwrap_used)] // test helpers: a failure here is a test failure

use ctct_client::Engine;
use ctct_client::v3::oauth::{OAuthApp, OAuthClient, OAuthEndpoints, TokenSet};
use ctct_sandbox::oauth::{DEFAULT_CLIENT_ID, OAuthConfig};
use ctct_sandbox::{Config, Sandbox};

/// A loopback redirect URI (any port matches the registered `http://127.0.0.1/callback`).
pub const REDIRECT: &str = "http://127.0.0.1:53682/callback";

pub async fn sandbox(oauth: OAuthConfig) -> Sandbox {
    Sandbox::start(Config {
        oauth,
        ..Config::default()
    })
    .await
    .unwrap()
}

pub fn app(sandbox: &Sandbox) -> OAuthApp {
    OAuthApp::public(DEFAULT_CLIENT_ID)
        .redirect_uri(REDIRECT)
        .endpoints(OAuthEndpoints::at(&sandbox.base_url()))
}

/// An OAuth client on an engine of its own (no V1 client around it).
pub fn oauth(app: OAuthApp) -> OAuthClient {
    OAuthClient::with_http(app, Engine::builder().build().unwrap())
}

/// Plays the browser: opens `url` and returns the `Location` the server redirected to.
pub async fn follow(url: &str) -> String {
    let http = crate::support::sandbox::http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http.get(url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302, "{}", r.text().await.unwrap());
    r.headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// A full PKCE login.
pub async fn login(oauth: &OAuthClient) -> TokenSet {
    let request = oauth.authorization_request().unwrap();
    let back = follow(request.url()).await;
    oauth.complete(&request, &back).await.unwrap()
}

/// A raw form POST; returns the status and the JSON body.
pub async fn post_form(url: &str, form: &str) -> (u16, serde_json::Value) {
    let r = crate::support::sandbox::http_client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("{body}")),
    )
}
