//! Refresh with rotating refresh tokens against the sandbox: concurrent callers cause exactly
//! one refresh, the used refresh token stops working, the newest one is stored, refresh
//! happens before expiry and after a 401, and long-lived refresh tokens keep working.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ctct_client::v3::oauth::{
    FileTokenStore, MemoryTokenStore, OAuthSession, TokenSet, TokenStore,
};
use ctct_sandbox::oauth::OAuthConfig;
use support::oauth::{app, login, oauth, sandbox};

fn expired(mut tokens: TokenSet) -> TokenSet {
    tokens.expires_at = Some(SystemTime::now() - Duration::from_secs(1));
    tokens
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_concurrent_callers_cause_one_refresh_and_the_old_token_dies() {
    let sb = sandbox(OAuthConfig::default()).await;
    let client = oauth(app(&sb));
    let first = login(&client).await;
    let old_refresh = first.refresh_token.clone().unwrap();
    let dir = std::env::temp_dir().join(format!("ctct-oauth-refresh-{}", std::process::id()));
    let store = Arc::new(FileTokenStore::new(dir.join("tokens.json")));
    store.save(&expired(first.clone())).unwrap();
    let session = Arc::new(OAuthSession::new(client.clone(), store.clone()));

    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let s = session.clone();
            tokio::spawn(async move { s.access_token().await })
        })
        .collect();
    let mut tokens = Vec::new();
    for t in tasks {
        tokens.push(t.await.unwrap().unwrap());
    }
    assert_eq!(session.refresh_count(), 1);
    assert_eq!(sb.oauth_stats().refreshes, 1);
    assert_eq!(
        sb.oauth_stats().refusals,
        0,
        "no caller spent a rotated token"
    );
    assert!(
        tokens.iter().all(|t| t == &tokens[0]),
        "all got the one new token"
    );
    assert_ne!(tokens[0], first.access_token);
    assert!(sb.access_token_scope(tokens[0].expose()).is_some());

    let saved = store.load().unwrap().unwrap();
    assert_eq!(saved.access_token, tokens[0]);
    let newest = saved.refresh_token.unwrap();
    assert_ne!(newest, old_refresh, "rotated");

    let e = client.refresh(&old_refresh).await.unwrap_err();
    assert_eq!(e.oauth().unwrap().error, "invalid_grant");
    assert!(!e.to_string().contains(old_refresh.expose()));
    client.refresh(&newest).await.unwrap();
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_401s_for_one_token_refresh_once() {
    let sb = sandbox(OAuthConfig::default()).await;
    let client = oauth(app(&sb));
    let first = login(&client).await;
    let session = Arc::new(OAuthSession::new(
        client,
        Arc::new(MemoryTokenStore::with(first.clone())),
    ));
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let s = session.clone();
            let rejected = first.access_token.clone();
            tokio::spawn(async move { s.refresh_if_current(&rejected).await })
        })
        .collect();
    let mut retried = Vec::new();
    for t in tasks {
        retried.push(t.await.unwrap().unwrap().unwrap());
    }
    assert_eq!(session.refresh_count(), 1);
    assert!(
        retried
            .iter()
            .all(|t| t == &retried[0] && t != &first.access_token)
    );
}

#[tokio::test]
async fn tokens_are_refreshed_within_the_skew_of_expiry_only() {
    let sb = sandbox(OAuthConfig {
        access_token_lifetime: Duration::from_secs(30),
        ..OAuthConfig::default()
    })
    .await;
    let client = oauth(app(&sb));
    let tokens = login(&client).await;
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::with(tokens.clone()));

    let relaxed =
        OAuthSession::new(client.clone(), store.clone()).with_refresh_skew(Duration::from_secs(5));
    assert_eq!(relaxed.access_token().await.unwrap(), tokens.access_token);
    assert_eq!(relaxed.refresh_count(), 0);

    let eager = OAuthSession::new(client, store.clone()).with_refresh_skew(Duration::from_secs(60));
    let fresh = eager.access_token().await.unwrap();
    assert_ne!(fresh, tokens.access_token);
    assert_eq!(eager.refresh_count(), 1);
    assert_eq!(store.load().unwrap().unwrap().access_token, fresh);
}

#[tokio::test]
async fn long_lived_refresh_tokens_are_kept_and_a_session_without_tokens_says_log_in() {
    let sb = sandbox(OAuthConfig {
        rotate_refresh_tokens: false,
        ..OAuthConfig::default()
    })
    .await;
    let client = oauth(app(&sb));
    let tokens = login(&client).await;
    let rt = tokens.refresh_token.clone().unwrap();
    let session = OAuthSession::new(client.clone(), Arc::new(MemoryTokenStore::with(tokens)));
    let a = session.force_refresh().await.unwrap();
    let b = session.force_refresh().await.unwrap();
    assert_eq!(a.refresh_token.as_ref(), Some(&rt));
    assert_eq!(b.refresh_token.as_ref(), Some(&rt));
    assert_ne!(a.access_token, b.access_token);

    let empty = OAuthSession::new(client, Arc::new(MemoryTokenStore::new()));
    let e = empty.access_token().await.unwrap_err();
    assert!(e.to_string().contains("log in first"), "{e}");
}
