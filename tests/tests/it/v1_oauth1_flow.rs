//! The client's V1 OAuth 1.0a flow end to end against the sandbox: the request token (signed
//! with the consumer key alone), the owner's approval at `confirm_access` and its redirect
//! with `oauth_verifier`, the access token, and API requests signed with it; and the sandbox's
//! refusals (a wrong signature, a replayed nonce, a stale timestamp, a spent request token)
//! with their `oauth_problem` bodies.

#![allow(clippy::unwrap_used)]

use ctct_client::oauth1::{Nonce, OAuth1Credentials};
use ctct_client::oauth1_flow::{OAuth1App, RequestToken};
use ctct_client::{Auth, Client, Error, Secret};
use ctct_sandbox::oauth::{DEFAULT_OAUTH1_CONSUMER_KEY, DEFAULT_OAUTH1_CONSUMER_SECRET};
use ctct_sandbox::{Config, Sandbox};
use futures_util::TryStreamExt as _;

const CALLBACK: &str = "http://127.0.0.1:9/back";

async fn sandbox() -> Sandbox {
    Sandbox::start(Config {
        seed_contacts: 3,
        ..Config::default()
    })
    .await
    .unwrap()
}

fn app(sandbox: &Sandbox, secret: &str) -> OAuth1App {
    OAuth1App::new(DEFAULT_OAUTH1_CONSUMER_KEY, Secret::new(secret))
        .with_callback(Some(CALLBACK.into()))
        .with_base_url(sandbox.base_url())
}

fn client(sandbox: &Sandbox, auth: Auth) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .username("joesflowers")
        .auth(auth)
        .build()
        .unwrap()
}

fn unused(sandbox: &Sandbox) -> Client {
    client(sandbox, Auth::basic("unused", "unused"))
}

/// Status and body of a refusal.
fn refusal(e: &Error) -> (u16, String) {
    let api = e.api().unwrap_or_else(|| panic!("not an API error: {e}"));
    (api.status, api.body.clone())
}

/// Opens the authorization URL as a browser would and returns the verifier from the redirect.
async fn approve(app: &OAuth1App, token: &RequestToken) -> String {
    let http = crate::support::sandbox::http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http.get(app.authorize_url(token)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    let expected = format!(
        "{CALLBACK}?oauth_token={}&oauth_verifier=",
        token.token.expose()
    );
    assert!(back.starts_with(&expected), "{back}");
    back[expected.len()..].to_owned()
}

#[tokio::test]
async fn the_oauth1_flow_runs_against_the_sandbox_and_signs_api_requests() {
    let sandbox = sandbox().await;
    let app = app(&sandbox, DEFAULT_OAUTH1_CONSUMER_SECRET);
    let flow = unused(&sandbox);

    let request = flow.oauth1_request_token(&app).await.unwrap();
    assert!(request.callback_confirmed);
    assert!(!request.token.expose().is_empty());
    let verifier = approve(&app, &request).await;
    assert!(!verifier.is_empty());

    // A wrong verifier is refused and does not spend the request token.
    let e = flow
        .oauth1_access_token(&app, &request, "not-the-verifier")
        .await
        .unwrap_err();
    assert_eq!(
        refusal(&e),
        (
            401,
            "oauth_problem=parameter_rejected&oauth_parameters_rejected=oauth_verifier".into()
        )
    );

    let grant = flow
        .oauth1_access_token(&app, &request, &verifier)
        .await
        .unwrap();
    assert_ne!(grant.credentials.token.expose(), request.token.expose());
    // The request token is spent by its exchange.
    let e = flow
        .oauth1_access_token(&app, &request, &verifier)
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (401, "oauth_problem=token_rejected".into()));

    // The access token signs API requests: the seeded contacts are listed.
    let signed = client(&sandbox, Auth::OAuth1(grant.credentials.clone()));
    let contacts: Vec<_> = signed.contacts().try_collect().await.unwrap();
    assert_eq!(contacts.len(), 3);

    // Signed with a wrong token secret, the same request is refused.
    let forged = client(
        &sandbox,
        Auth::OAuth1(OAuth1Credentials {
            token_secret: Secret::new("wrong"),
            ..grant.credentials.clone()
        }),
    );
    let e = forged.contacts().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(refusal(&e), (401, "oauth_problem=signature_invalid".into()));

    // A token the sandbox never issued is refused.
    let unknown = client(
        &sandbox,
        Auth::OAuth1(OAuth1Credentials {
            token: Secret::new("at1_never-issued"),
            ..grant.credentials
        }),
    );
    let e = unknown
        .contacts()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (401, "oauth_problem=token_rejected".into()));
}

#[tokio::test]
async fn a_wrong_consumer_secret_is_refused_as_signature_invalid() {
    let sandbox = sandbox().await;
    let e = unused(&sandbox)
        .oauth1_request_token(&app(&sandbox, "wrong-secret"))
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (401, "oauth_problem=signature_invalid".into()));
}

#[tokio::test]
async fn a_replayed_nonce_is_refused_as_nonce_used() {
    let sandbox = sandbox().await;
    let app = app(&sandbox, DEFAULT_OAUTH1_CONSUMER_SECRET);
    let flow = unused(&sandbox);
    let nonce = Nonce::fresh();
    flow.oauth1_request_token_with(&app, &nonce).await.unwrap();
    let e = flow
        .oauth1_request_token_with(&app, &nonce)
        .await
        .unwrap_err();
    assert_eq!(refusal(&e), (401, "oauth_problem=nonce_used".into()));
    // A fresh nonce is accepted again.
    flow.oauth1_request_token(&app).await.unwrap();
}

#[tokio::test]
async fn a_stale_timestamp_is_refused_as_timestamp_refused() {
    let sandbox = sandbox().await;
    let nonce = Nonce {
        nonce: "stale".into(),
        timestamp: 1_191_242_096,
    };
    let e = unused(&sandbox)
        .oauth1_request_token_with(&app(&sandbox, DEFAULT_OAUTH1_CONSUMER_SECRET), &nonce)
        .await
        .unwrap_err();
    let (status, body) = refusal(&e);
    assert_eq!(status, 401);
    assert!(
        body.starts_with("oauth_problem=timestamp_refused&oauth_acceptable_timestamps="),
        "{body}"
    );
}

#[tokio::test]
async fn an_oob_request_token_shows_the_verifier_instead_of_redirecting() {
    let sandbox = sandbox().await;
    let app = app(&sandbox, DEFAULT_OAUTH1_CONSUMER_SECRET).with_callback(None);
    let flow = unused(&sandbox);
    let request = flow.oauth1_request_token(&app).await.unwrap();
    let r = crate::support::sandbox::get(app.authorize_url(&request))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    let verifier = page
        .trim()
        .strip_prefix("Access granted. Your verification code: ")
        .unwrap_or_else(|| panic!("{page}"));
    let grant = flow
        .oauth1_access_token(&app, &request, verifier)
        .await
        .unwrap();
    assert!(grant.username.is_none());
}
