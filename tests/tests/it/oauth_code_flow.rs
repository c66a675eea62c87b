//! The authorization code flow with PKCE against the sandbox's authorization server: the
//! happy path, single-use codes, PKCE verification, state checking, redirect URI checks and
//! confidential clients with HTTP Basic.

#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_client::Secret;
use ctct_client::v3::oauth::{OAuthApp, OAuthEndpoints, PkceVerifier};
use ctct_sandbox::oauth::{OAuthConfig, RegisteredClient};
use support::oauth::{REDIRECT, app, follow, login, oauth, post_form, sandbox};

fn code_of(location: &str) -> Secret {
    let url = url_query(location, "code").unwrap();
    Secret::new(url)
}

fn url_query(location: &str, name: &str) -> Option<String> {
    let (_, query) = location.split_once('?')?;
    query.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

#[tokio::test]
async fn pkce_login_issues_tokens_the_sandbox_accepts() {
    let sb = sandbox(OAuthConfig::default()).await;
    let oauth = oauth(app(&sb));
    let request = oauth.authorization_request().unwrap();
    assert!(
        request.url().contains("code_challenge_method=S256"),
        "{}",
        request.url()
    );
    assert!(request.url().contains("scope=contact_data+offline_access"));
    assert!(request.url().contains(&format!(
        "code_challenge={}",
        request.verifier().challenge()
    )));
    let back = follow(request.url()).await;
    assert!(back.starts_with(REDIRECT), "{back}");
    assert_eq!(
        url_query(&back, "state").as_deref(),
        Some(request.state().expose())
    );

    let tokens = oauth.complete(&request, &back).await.unwrap();
    assert_eq!(
        sb.access_token_scope(tokens.access_token.expose())
            .as_deref(),
        Some("contact_data offline_access")
    );
    assert!(tokens.refresh_token.is_some());
    assert_eq!(tokens.token_type.as_deref(), Some("Bearer"));
    let left = tokens
        .expires_at
        .unwrap()
        .duration_since(std::time::SystemTime::now())
        .unwrap()
        .as_secs();
    assert!((86_300..=86_400).contains(&left), "{left}");
    assert_eq!(sb.oauth_stats().code_exchanges, 1);
    assert!(!format!("{tokens:?}").contains(tokens.access_token.expose()));
}

#[tokio::test]
async fn a_code_is_spent_by_its_first_exchange() {
    let sb = sandbox(OAuthConfig::default()).await;
    let oauth = oauth(app(&sb));
    let request = oauth.authorization_request().unwrap();
    let back = follow(request.url()).await;
    let code = code_of(&back);
    oauth
        .exchange_code(&code, Some(request.verifier()))
        .await
        .unwrap();
    let e = oauth
        .exchange_code(&code, Some(request.verifier()))
        .await
        .unwrap_err();
    let o = e.oauth().unwrap();
    assert_eq!((o.error.as_str(), o.status), ("invalid_grant", Some(400)));
    assert!(!e.to_string().contains(code.expose()), "{e}");
}

#[tokio::test]
async fn a_wrong_verifier_fails_pkce_and_spends_the_code() {
    let sb = sandbox(OAuthConfig::default()).await;
    let oauth = oauth(app(&sb));
    let request = oauth.authorization_request().unwrap();
    let code = code_of(&follow(request.url()).await);
    let other = PkceVerifier::generate().unwrap();
    let e = oauth.exchange_code(&code, Some(&other)).await.unwrap_err();
    assert!(e.to_string().contains("PKCE verification failed"), "{e}");
    assert!(!e.to_string().contains(other.secret().expose()));
    let e = oauth
        .exchange_code(&code, Some(request.verifier()))
        .await
        .unwrap_err();
    assert_eq!(e.oauth().unwrap().error, "invalid_grant");
    assert_eq!(sb.oauth_stats().code_exchanges, 0);
}

#[tokio::test]
async fn a_redirect_with_another_state_is_refused_before_any_exchange() {
    let sb = sandbox(OAuthConfig::default()).await;
    let oauth = oauth(app(&sb));
    let request = oauth.authorization_request().unwrap();
    let back = follow(request.url()).await;
    let forged = back.replace(request.state().expose(), "attacker-state");
    let e = oauth.complete(&request, &forged).await.unwrap_err();
    assert_eq!(e.oauth().unwrap().error, "state_mismatch");
    assert_eq!(
        sb.oauth_stats().code_exchanges + sb.oauth_stats().refusals,
        0
    );
}

#[tokio::test]
async fn authorize_refuses_unregistered_redirects_and_public_clients_without_pkce() {
    let sb = sandbox(OAuthConfig::default()).await;
    let authorize = OAuthEndpoints::at(&sb.base_url()).authorize;
    let r = crate::support::sandbox::get(format!(
        "{authorize}?response_type=code&client_id=sandbox-client&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&scope=contact_data&state=s"
    ))
    .await
    .unwrap();
    assert_eq!(
        r.status().as_u16(),
        400,
        "never redirected to an unregistered URI"
    );
    let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["error"], "invalid_request");

    let back = follow(&format!(
        "{authorize}?response_type=code&client_id=sandbox-client&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcallback&scope=contact_data&state=s1"
    ))
    .await;
    assert_eq!(
        url_query(&back, "error").as_deref(),
        Some("invalid_request"),
        "{back}"
    );
    assert_eq!(url_query(&back, "state").as_deref(), Some("s1"));
    assert_eq!(url_query(&back, "code"), None);

    let back = follow(&format!(
        "{authorize}?response_type=code&client_id=sandbox-client&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&scope=contact_data+everything&state=s2&code_challenge=abc&code_challenge_method=S256"
    ))
    .await;
    assert_eq!(url_query(&back, "error").as_deref(), Some("invalid_scope"));
}

#[tokio::test]
async fn confidential_clients_authenticate_with_basic() {
    let mut config = OAuthConfig::default();
    config.clients.push(RegisteredClient {
        client_id: "server-app".into(),
        client_secret: Some("s3cret-value".into()),
        redirect_uris: vec!["https://app.example/cb".into()],
        device_flow: false,
    });
    let sb = sandbox(config).await;
    let confidential = |secret: &str| {
        OAuthApp::public("server-app")
            .client_secret(secret)
            .redirect_uri("https://app.example/cb")
            .endpoints(OAuthEndpoints::at(&sb.base_url()))
    };
    let good = oauth(confidential("s3cret-value"));
    let tokens = login(&good).await;
    assert!(
        sb.access_token_scope(tokens.access_token.expose())
            .is_some()
    );

    let bad = oauth(confidential("wrong-secret"));
    let request = bad.authorization_request().unwrap();
    let back = follow(request.url()).await;
    let e = bad.complete(&request, &back).await.unwrap_err();
    let o = e.oauth().unwrap();
    assert_eq!((o.error.as_str(), o.status), ("invalid_client", Some(401)));
    assert!(!e.to_string().contains("wrong-secret"), "{e}");

    // A confidential client cannot pass itself off as public.
    let (status, body) = post_form(
        &OAuthEndpoints::at(&sb.base_url()).token,
        "grant_type=refresh_token&refresh_token=x&client_id=server-app",
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
}

#[tokio::test]
async fn a_secret_with_colon_percent_plus_and_space_authenticates() {
    let secret = "s:c%r+e t";
    let mut config = OAuthConfig::default();
    config.clients.push(RegisteredClient {
        client_id: "server app".into(),
        client_secret: Some(secret.into()),
        redirect_uris: vec!["https://app.example/cb".into()],
        device_flow: false,
    });
    let sb = sandbox(config).await;
    let token_url = OAuthEndpoints::at(&sb.base_url()).token;

    // The bytes an RFC 6749 §2.3.1 client sends: each half form-urlencoded, then base64.
    let basic = |raw: &str| {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    };
    let send = |authorization: String| {
        let url = token_url.clone();
        async move {
            let r = crate::support::sandbox::http_client()
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("authorization", authorization)
                .body("grant_type=refresh_token&refresh_token=unknown")
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
            (status, body["error"].as_str().unwrap_or("").to_owned())
        }
    };
    // Authenticated: the refresh token is what fails, not the client.
    assert_eq!(
        send(basic("server+app:s%3Ac%25r%2Be+t")).await,
        (400, "invalid_grant".to_owned())
    );
    // The same secret joined raw is not the registered one once decoded.
    assert_eq!(
        send(basic("server+app:s:c%r+e t")).await,
        (401, "invalid_client".to_owned())
    );

    // The client's own code flow with that secret.
    let app = OAuthApp::public("server app")
        .client_secret(secret)
        .redirect_uri("https://app.example/cb")
        .endpoints(OAuthEndpoints::at(&sb.base_url()));
    let tokens = login(&oauth(app)).await;
    assert!(
        sb.access_token_scope(tokens.access_token.expose())
            .is_some()
    );
}
