//! Credentials: never in Debug, errors or traces; never over plain http to a remote host;
//! the OAuth 2.0 helpers and OAuth 1.0a signing on the wire.

use crate::support;

use std::sync::Arc;

use ctct_client::oauth1::OAuth1Credentials;
use ctct_client::oauth2::OAuth2App;
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::{Auth, Client, ConfigError, Error, Secret};
use support::*;

const TOKEN: &str = "tok-9b1e2c";
const CLIENT_SECRET: &str = "app-secret-55e1";

fn assert_no_secret(text: &str) {
    for secret in [
        API_KEY,
        PASSWORD,
        TOKEN,
        CLIENT_SECRET,
        basic_header().as_str(),
    ] {
        assert!(
            !text.contains(secret),
            "secret {secret:?} leaked in:\n{text}"
        );
    }
    // Nor the base64 of the Basic credential.
    let b64 = basic_header();
    assert!(!text.contains(b64.trim_start_matches("Basic ")), "{text}");
}

#[test]
fn credentials_are_refused_over_plain_http_to_a_remote_host() {
    let replay = ReplayTransport::new();
    for base in [
        "http://api.constantcontact.com",
        "http://10.0.0.8:8080",
        "http://example.test/",
    ] {
        let err = Client::builder()
            .base_url(base)
            .username("joesflowers")
            .auth(Auth::bearer(TOKEN))
            .transport(Arc::new(replay.clone()))
            .build()
            .expect_err("refused");
        assert!(
            matches!(
                &err,
                Error::Config(ConfigError::InsecureCredentials { scheme, .. }) if scheme == "http"
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("plain http"), "{err}");
        assert_no_secret(&err.to_string());
    }
    for base in [
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:9000",
    ] {
        Client::builder()
            .base_url(base)
            .username("joesflowers")
            .auth(Auth::basic(API_KEY, PASSWORD))
            .transport(Arc::new(replay.clone()))
            .build()
            .expect("loopback is fine");
    }
    // Without credentials a plain http host is allowed (a public mirror, a sandbox).
    Client::builder()
        .base_url("http://sandbox.test")
        .username("joesflowers")
        .transport(Arc::new(replay.clone()))
        .build()
        .expect("no credentials");
    assert_eq!(replay.request_count(), 0);
}

#[tokio::test]
async fn bearer_tokens_go_in_the_authorization_header() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/lists")).header("authorization", format!("Bearer {TOKEN}")),
        Reply::atom(contacts_feed_xml(vec![], None)),
    );
    let client = builder(&replay)
        .auth(Auth::bearer(TOKEN))
        .build()
        .expect("client");
    client
        .send(ctct_models::v1::lists::ListLists::new())
        .await
        .expect("ok");
    replay.assert_done();
}

#[tokio::test]
async fn oauth1_signs_every_request() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/lists")),
        Reply::atom(contacts_feed_xml(vec![], None)),
    );
    let client = builder(&replay)
        .auth(Auth::OAuth1(OAuth1Credentials {
            consumer_key: "ck".into(),
            consumer_secret: "cs-secret".into(),
            token: "at".into(),
            token_secret: "ts-secret".into(),
        }))
        .build()
        .expect("client");
    client
        .send(ctct_models::v1::lists::ListLists::new())
        .await
        .expect("ok");
    let header = replay.requests()[0]
        .header("authorization")
        .expect("signed")
        .to_owned();
    assert!(
        header.starts_with("OAuth oauth_consumer_key=\"ck\", oauth_nonce=\""),
        "{header}"
    );
    assert!(
        header.contains("oauth_signature_method=\"HMAC-SHA1\""),
        "{header}"
    );
    assert!(header.contains("oauth_token=\"at\""), "{header}");
    assert!(!header.contains("cs-secret") && !header.contains("ts-secret"));
    replay.assert_done();
}

fn app() -> OAuth2App {
    OAuth2App::new(
        "KEY-7f3a",
        Secret::new(CLIENT_SECRET),
        "https://app.example/callback?x=1",
    )
}

fn oauth_client(replay: &ReplayTransport) -> Client {
    Client::builder()
        .oauth2_base_url("https://oauth.example.test")
        .transport(Arc::new(replay.clone()))
        .build()
        .expect("client without a username")
}

#[test]
fn the_authorization_url_is_the_documented_one() {
    let client = Client::builder()
        .transport(Arc::new(ReplayTransport::new()))
        .build()
        .expect("client");
    assert_eq!(
        client.oauth2_authorization_url(&app()),
        "https://oauth2.constantcontact.com/oauth2/oauth/siteowner/authorize?response_type=code\
         &client_id=KEY-7f3a&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback%3Fx%3D1"
    );
}

#[tokio::test]
async fn code_exchange_and_token_lookup_go_through_the_transport() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::post(format!(
                "https://oauth.example.test/oauth2/oauth/token?grant_type=authorization_code\
                 &client_id=KEY-7f3a&client_secret={CLIENT_SECRET}&code=c0de\
                 &redirect_uri=https%3A%2F%2Fapp.example%2Fcallback%3Fx%3D1"
            ))
            .no_header("authorization"),
            Reply::status(
                200,
                format!(
                    r#"{{"access_token":"{TOKEN}","expires_in":315359999,"token_type":"Bearer"}}"#
                ),
            ),
        )
        .expect(
            Expect::post("https://oauth.example.test/oauth2/tokeninfo.htm")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("access_token={TOKEN}")),
            Reply::status(
                200,
                r#"{"client_id":"KEY-7f3a","user_name":"joesflowers","expires_in":"315359999"}"#,
            ),
        );
    let client = oauth_client(&replay);
    let token = client
        .oauth2_exchange_code(&app(), "c0de")
        .await
        .expect("token");
    assert_eq!(token.access_token.expose(), TOKEN);
    assert_eq!(token.expires_in, Some(315_359_999));
    assert_no_secret(&format!("{token:?}"));
    let user = client
        .oauth2_token_username(&token.access_token)
        .await
        .expect("username");
    assert_eq!(user, "joesflowers");
    replay.assert_done();
}

#[tokio::test]
async fn oauth_failures_never_quote_secrets() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::post(format!(
                "https://oauth.example.test/oauth2/oauth/token?grant_type=authorization_code\
                 &client_id=KEY-7f3a&client_secret={CLIENT_SECRET}&code=c0de\
                 &redirect_uri=https%3A%2F%2Fapp.example%2Fcallback%3Fx%3D1"
            )),
            Reply::status(400, format!("invalid client_secret={CLIENT_SECRET}")),
        )
        .expect(
            Expect::post("https://oauth.example.test/oauth2/tokeninfo.htm"),
            Reply::status(200, format!(r#"{{"token":"{TOKEN}"}}"#)),
        );
    let client = oauth_client(&replay);
    let err = client
        .oauth2_exchange_code(&app(), "c0de")
        .await
        .expect_err("400");
    assert_eq!(err.status(), Some(400));
    assert!(err.to_string().contains("[redacted]"), "{err}");
    assert_no_secret(&format!("{err} {err:?}"));
    let err = client
        .oauth2_token_username(&Secret::new(TOKEN))
        .await
        .expect_err("no user_name");
    let shown = ctct_client::error::chain(&err);
    assert!(shown.contains("no user_name"), "{shown}");
    assert_no_secret(&format!("{shown} {err:?}"));
    replay.assert_done();

    let insecure = Client::builder()
        .oauth2_base_url("http://oauth.example.test")
        .transport(Arc::new(replay.clone()))
        .build()
        .expect("client");
    let err = insecure
        .oauth2_exchange_code(&app(), "c0de")
        .await
        .expect_err("http");
    assert!(
        matches!(
            &err,
            Error::Config(ConfigError::InsecureCredentials { host, .. }) if host == "oauth.example.test"
        ),
        "{err:?}"
    );
    assert_eq!(replay.request_count(), 2, "nothing sent over http");
}
