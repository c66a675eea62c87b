//! The device flow against the sandbox: pending until the user opens the verification URL,
//! slow_down when polled too fast, denial and expiry.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::time::Duration;

use ctct_client::v3::oauth::{DEVICE_CODE_GRANT, OAuthEndpoints};
use ctct_sandbox::oauth::OAuthConfig;
use support::oauth::{app, oauth, post_form, sandbox};

fn quick() -> OAuthConfig {
    OAuthConfig {
        device_interval_secs: 0,
        ..OAuthConfig::default()
    }
}

#[tokio::test]
async fn polling_ends_with_tokens_once_the_user_approves() {
    let sb = sandbox(quick()).await;
    let client = oauth(app(&sb));
    let device = client.device_authorization().await.unwrap();
    assert_eq!(device.user_code.len(), 9);
    assert_eq!(device.interval, Duration::ZERO);
    let complete = device.verification_uri_complete.clone().unwrap();
    assert!(complete.contains(&device.user_code));

    let poller = {
        let client = client.clone();
        let device = device.clone();
        tokio::spawn(async move { client.poll_device(&device).await })
    };
    // Let it poll (and be told authorization_pending) before the user approves.
    while sb.oauth_stats().refusals < 2 {
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let page = crate::support::sandbox::get(&complete).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let tokens = poller.await.unwrap().unwrap();
    assert!(
        sb.access_token_scope(tokens.access_token.expose())
            .is_some()
    );
    assert!(tokens.refresh_token.is_some());
    assert_eq!(sb.oauth_stats().device_exchanges, 1);
}

#[tokio::test]
async fn the_server_answers_pending_then_slow_down_then_tokens() {
    let sb = sandbox(OAuthConfig::default()).await; // interval 5 s
    let endpoints = OAuthEndpoints::at(&sb.base_url());
    let (status, device) = post_form(
        &endpoints.device_authorize,
        "client_id=sandbox-client&scope=contact_data",
    )
    .await;
    assert_eq!(status, 200, "{device}");
    assert_eq!(device["interval"], 5);
    let form = format!(
        "grant_type={}&device_code={}&client_id=sandbox-client",
        DEVICE_CODE_GRANT.replace(':', "%3A"),
        device["device_code"].as_str().unwrap()
    );
    let (status, body) = post_form(&endpoints.token, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("authorization_pending"))
    );
    let (status, body) = post_form(&endpoints.token, &form).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("slow_down")));
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("10 seconds")
    );

    let verify = device["verification_uri_complete"].as_str().unwrap();
    assert_eq!(
        crate::support::sandbox::get(verify)
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let (status, body) = post_form(&endpoints.token, &form).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].as_str().is_some());
    assert!(
        body.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
    let (_, body) = post_form(&endpoints.token, &form).await;
    assert_eq!(
        body["error"], "expired_token",
        "a device code is spent once"
    );
}

#[tokio::test]
async fn a_declined_device_ends_with_access_denied() {
    let sb = sandbox(quick()).await;
    let client = oauth(app(&sb));
    let device = client.device_authorization().await.unwrap();
    let deny = format!(
        "{}&deny=true",
        device.verification_uri_complete.clone().unwrap()
    );
    assert_eq!(
        crate::support::sandbox::get(&deny)
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let e = client.poll_device(&device).await.unwrap_err();
    assert_eq!(e.oauth().unwrap().error, "access_denied");
}

#[tokio::test]
async fn an_expired_device_code_ends_with_expired_token() {
    let sb = sandbox(OAuthConfig {
        device_code_lifetime: Duration::ZERO,
        ..quick()
    })
    .await;
    let client = oauth(app(&sb));
    let device = client.device_authorization().await.unwrap();
    let e = client.poll_device(&device).await.unwrap_err();
    assert_eq!(e.oauth().unwrap().error, "expired_token");
    // The server agrees when asked anyway.
    let form = format!(
        "grant_type={}&device_code={}&client_id=sandbox-client",
        DEVICE_CODE_GRANT.replace(':', "%3A"),
        device.device_code.expose()
    );
    let (_, body) = post_form(&OAuthEndpoints::at(&sb.base_url()).token, &form).await;
    assert_eq!(body["error"], "expired_token");
}
