//! OAuth 2.0 requests on the wire (replay transport): the exact form bodies and headers of the
//! code exchange, refresh and device flow, and device-flow polling on tokio's paused clock
//! (`authorization_pending` keeps the interval, `slow_down` adds 5 s, `expired_token` ends).

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::v3::oauth::{
    DeviceAuthorization, OAuthApp, OAuthClient, OAuthEndpoints, PkceVerifier,
};
use ctct_client::{Client, Secret};

const ROOT: &str = "https://auth.example.test";
const TOKEN: &str = "https://auth.example.test/oauth2/default/v1/token";
const FORM: &str = "application/x-www-form-urlencoded";

fn oauth(replay: &ReplayTransport, app: OAuthApp) -> OAuthClient {
    let http = Client::builder()
        .transport(Arc::new(replay.clone()))
        .build()
        .unwrap();
    OAuthClient::with_http(app.endpoints(OAuthEndpoints::at(ROOT)), http)
}

fn tokens_json() -> Reply {
    Reply::status(
        200,
        r#"{"access_token":"at-1","token_type":"Bearer","expires_in":86400,"refresh_token":"rt-2","scope":"contact_data offline_access"}"#,
    )
}

fn oauth_error(code: &str) -> Reply {
    Reply::status(
        400,
        format!(r#"{{"error":"{code}","error_description":"d"}}"#),
    )
}

#[tokio::test]
async fn the_pkce_exchange_sends_the_verifier_and_client_id_and_no_secret() {
    let replay = ReplayTransport::new();
    let verifier = PkceVerifier::from_value("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    replay.expect(
        Expect::post(TOKEN)
            .header("content-type", FORM)
            .header("accept", "application/json")
            .no_header("authorization")
            .body(
                "grant_type=authorization_code&code=c%2F1&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcb&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_id=app-key",
            ),
        tokens_json(),
    );
    let client = oauth(
        &replay,
        OAuthApp::public("app-key").redirect_uri("http://127.0.0.1:8080/cb"),
    );
    let t = client
        .exchange_code(&Secret::new("c/1"), Some(&verifier))
        .await
        .unwrap();
    assert_eq!(t.access_token.expose(), "at-1");
    assert_eq!(t.refresh_token.unwrap().expose(), "rt-2");
    replay.assert_done();

    let request = client.authorization_request().unwrap();
    let url = request.url();
    assert!(url.starts_with("https://auth.example.test/oauth2/default/v1/authorize?response_type=code&client_id=app-key&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcb&scope=contact_data+offline_access&state="), "{url}");
    assert!(url.ends_with(&format!(
        "&code_challenge={}&code_challenge_method=S256",
        request.verifier().challenge()
    )));
}

#[tokio::test]
async fn a_confidential_refresh_uses_basic_auth() {
    let replay = ReplayTransport::new();
    let basic = base64::engine::general_purpose::STANDARD.encode("app-key:s3cret");
    replay.expect(
        Expect::post(TOKEN)
            .header("authorization", format!("Basic {basic}"))
            .body("grant_type=refresh_token&refresh_token=rt-1"),
        tokens_json(),
    );
    replay.expect(
        Expect::post(TOKEN).body("grant_type=refresh_token&refresh_token=rt-1"),
        Reply::status(400, r#"{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}"#),
    );
    let client = oauth(&replay, OAuthApp::public("app-key").client_secret("s3cret"));
    client.refresh(&Secret::new("rt-1")).await.unwrap();
    let e = client.refresh(&Secret::new("rt-1")).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "OAuth 2.0 refresh_token failed (400): invalid_grant: The refresh token is invalid or expired."
    );
    replay.assert_done();
}

#[tokio::test]
async fn basic_credentials_are_form_urlencoded_before_base64() {
    // RFC 6749 §2.3.1 and Appendix B: each half is form-urlencoded, then joined with `:`.
    let replay = ReplayTransport::new();
    let basic = base64::engine::general_purpose::STANDARD.encode("app+key:s%3Ac%25r%2Be+t%C2%A3");
    assert_eq!(basic, "YXBwK2tleTpzJTNBYyUyNXIlMkJlK3QlQzIlQTM=");
    replay.expect(
        Expect::post(TOKEN)
            .header("authorization", format!("Basic {basic}"))
            .body("grant_type=refresh_token&refresh_token=rt-1"),
        tokens_json(),
    );
    let client = oauth(
        &replay,
        OAuthApp::public("app key").client_secret("s:c%r+e t£"),
    );
    client.refresh(&Secret::new("rt-1")).await.unwrap();
    replay.assert_done();
}

#[tokio::test]
async fn a_non_oauth_failure_body_is_scrubbed_of_what_was_sent() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(TOKEN),
        Reply::status(500, "<html>refresh_token=rt-SECRET failed</html>"),
    );
    let client = oauth(&replay, OAuthApp::public("app-key"));
    let e = client.refresh(&Secret::new("rt-SECRET")).await.unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert!(!format!("{e} {e:?}").contains("rt-SECRET"), "{e:?}");
}

fn device(interval: u64, expires_in: u64) -> DeviceAuthorization {
    DeviceAuthorization {
        device_code: Secret::new("dc-1"),
        user_code: "WDJB-MJHT".into(),
        verification_uri: "https://auth.example.test/device".into(),
        verification_uri_complete: None,
        expires_in: Duration::from_secs(expires_in),
        interval: Duration::from_secs(interval),
    }
}

const POLL: &str = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1&client_id=app-key";

#[tokio::test]
async fn device_authorization_is_asked_with_client_id_and_scope() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post("https://auth.example.test/oauth2/default/v1/device/authorize")
            .header("content-type", FORM)
            .body("client_id=app-key&scope=contact_data%20offline_access"),
        Reply::status(
            200,
            r#"{"device_code":"dc-1","user_code":"WDJB-MJHT","verification_uri":"https://v","verification_uri_complete":"https://v?c=WDJB-MJHT","expires_in":600}"#,
        ),
    );
    let d = oauth(&replay, OAuthApp::public("app-key"))
        .device_authorization()
        .await
        .unwrap();
    assert_eq!(d.user_code, "WDJB-MJHT");
    assert_eq!(d.interval, Duration::from_secs(5), "RFC 8628 default");
    assert!(!format!("{d:?}").contains("dc-1"));
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn device_polling_waits_the_interval_and_slows_down_by_five_seconds() {
    let replay = ReplayTransport::new();
    for reply in [
        oauth_error("authorization_pending"),
        oauth_error("slow_down"),
        oauth_error("authorization_pending"),
        tokens_json(),
    ] {
        replay.expect(Expect::post(TOKEN).body(POLL), reply);
    }
    let client = oauth(&replay, OAuthApp::public("app-key"));
    let start = tokio::time::Instant::now();
    let t = client.poll_device(&device(5, 600)).await.unwrap();
    // 5 s, 5 s (slow_down), then 10 s twice.
    assert_eq!(start.elapsed(), Duration::from_secs(30));
    assert_eq!(t.access_token.expose(), "at-1");
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn device_polling_ends_on_expiry_denial_or_the_deadline() {
    for (code, expected) in [
        ("expired_token", "expired_token"),
        ("access_denied", "access_denied"),
    ] {
        let replay = ReplayTransport::new();
        replay.expect(Expect::post(TOKEN).body(POLL), oauth_error(code));
        let e = oauth(&replay, OAuthApp::public("app-key"))
            .poll_device(&device(1, 600))
            .await
            .unwrap_err();
        assert_eq!(e.oauth().unwrap().error, expected);
        replay.assert_done();
    }
    // Pending forever: the client stops by itself when expires_in has passed.
    let replay = ReplayTransport::new();
    for _ in 0..3 {
        replay.expect(
            Expect::post(TOKEN).body(POLL),
            oauth_error("authorization_pending"),
        );
    }
    let start = tokio::time::Instant::now();
    let e = oauth(&replay, OAuthApp::public("app-key"))
        .poll_device(&device(5, 17))
        .await
        .unwrap_err();
    assert_eq!(e.oauth().unwrap().error, "expired_token");
    assert_eq!(start.elapsed(), Duration::from_secs(15));
    replay.assert_done();
}
