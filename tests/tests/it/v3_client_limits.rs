//! The two V3 429s against the sandbox: `throttled` is waited out and retried, even for a
//! POST; `quota_exceeded` fails at once with a clear message.

#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_client::RetryPolicy;
use ctct_client::v3::V3Client;
use ctct_models::v3::contact_lists::{self, ListInput};
use ctct_sandbox::V3Config;
use support::v3_client::{get_contacts, sandbox, session};

#[tokio::test]
async fn throttled_requests_fail_without_retries_and_succeed_with_them() {
    let sb = sandbox(V3Config {
        rate_limit: Some(1),
        ..V3Config::default()
    })
    .await;
    let s = session(&sb).await;
    let no_retries = V3Client::builder(s.clone())
        .base_url(sb.v3_url())
        .rate_limit(None)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    no_retries.send(get_contacts(&[], None)).await.unwrap();
    let e = no_retries.send(get_contacts(&[], None)).await.unwrap_err();
    assert!(e.is_throttled(), "{e}");

    let patient = V3Client::builder(s)
        .base_url(sb.v3_url())
        .rate_limit(None)
        .build()
        .unwrap();
    // Straight after a request: throttled at first, then retried after the wait.
    let list = patient
        .send(contact_lists::CreateList::new(
            (ListInput::new("After a wait".into())).clone(),
        ))
        .await
        .unwrap();
    assert_eq!(list.name.as_deref(), Some("After a wait"));
}

#[tokio::test]
async fn quota_exceeded_is_not_retried() {
    let sb = sandbox(V3Config {
        daily_quota: Some(2),
        ..V3Config::default()
    })
    .await;
    let c = V3Client::builder(session(&sb).await)
        .base_url(sb.v3_url())
        .rate_limit(None)
        .build()
        .unwrap();
    c.send(get_contacts(&[], None)).await.unwrap();
    c.send(get_contacts(&[], None)).await.unwrap();
    let e = c.send(get_contacts(&[], None)).await.unwrap_err();
    assert!(e.is_quota_exceeded(), "{e}");
    assert!(e.to_string().contains("resets at 00:00 UTC"), "{e}");
}
