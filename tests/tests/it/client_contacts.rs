//! The contact and list workflows end to end against the sandbox, with and without injected
//! faults: each either succeeds with nothing lost or duplicated (checked through the API) or
//! fails with a clear error, and the attempt counts show no retry storms.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use ctct_client::Error;
use ctct_models::ids::ListId;
use ctct_models::v1::contacts::{Contact, ContactLists, ContactMembership};
use ctct_sandbox::{Effect, FaultRule, FaultSpec};
use futures_util::{StreamExt as _, TryStreamExt as _};
use support::client::*;

fn wanted(email: &str, lists: &[&ListId]) -> Contact {
    Contact {
        email_address: Some(email.to_owned()),
        first_name: Some("Ann".to_owned()),
        contact_lists: Some(ContactLists {
            lists: lists
                .iter()
                .map(|l| ContactMembership {
                    id: Some(l.uri()),
                    ..ContactMembership::default()
                })
                .collect(),
        }),
        ..Contact::default()
    }
}

fn status(code: u16) -> Effect {
    Effect::Status {
        code,
        retry_after: None,
        error_key: None,
    }
}

/// How many contacts of the account have `email`, read through the API.
async fn copies(env: &Env, email: &str) -> usize {
    let all: Vec<_> = env.client.contacts().try_collect().await.unwrap();
    all.iter()
        .filter(|e| e.content.email_address.as_deref() == Some(email))
        .count()
}

#[tokio::test]
async fn upsert_creates_then_updates_and_merges_lists() {
    let env = start(3, 2).await;
    let l1 = env.client.create_list("Upsert one").await.unwrap();
    let l2 = env.client.create_list("Upsert two").await.unwrap();
    let first = env
        .client
        .upsert_contact(&wanted("new@example.com", &[&l1]))
        .await
        .unwrap();
    assert!(first.created);
    let second = env
        .client
        .upsert_contact(&wanted("NEW@example.com", &[&l2]))
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(first.id, second.id);
    let stored = env
        .client
        .find_contact_by_email("new@example.com")
        .await
        .unwrap()
        .unwrap()
        .0;
    let on: HashSet<String> = env
        .client
        .send(ctct_models::v1::contacts::GetContact::new(&stored))
        .await
        .unwrap()
        .content
        .contact_lists
        .unwrap()
        .lists
        .iter()
        .filter_map(|m| m.resource_id().ok().map(|id| id.tail().to_owned()))
        .collect();
    assert_eq!(
        on,
        HashSet::from([l1.tail().to_owned(), l2.tail().to_owned()])
    );
    assert_eq!(copies(&env, "new@example.com").await, 1);
}

#[tokio::test]
async fn upsert_rides_out_transient_read_failures_without_duplicates() {
    let env = start(0, 1).await;
    let list = env.client.create_list("Faulty").await.unwrap();
    env.counts.reset();
    env.sandbox.set_faults(
        FaultSpec::none()
            .with(
                FaultRule::new(status(503))
                    .on_method("GET")
                    .on_path("/contacts")
                    .times(2),
            )
            .with(FaultRule::new(Effect::Latency(Duration::from_millis(30))).with_rate(0.5)),
    );
    let done = env
        .client
        .upsert_contact(&wanted("flaky@example.com", &[&list]))
        .await
        .unwrap();
    assert!(done.created);
    // The search was tried three times (two 503s), the create once.
    assert_eq!(env.counts.count("GET /contacts"), 3);
    assert_eq!(env.counts.count("POST /contacts"), 1);
    env.sandbox.clear_faults();
    assert_eq!(copies(&env, "flaky@example.com").await, 1);
}

#[tokio::test]
async fn a_dropped_create_is_not_retried_and_a_second_upsert_does_not_duplicate() {
    let env = start(0, 1).await;
    let list = env.client.create_list("Dropped").await.unwrap();
    env.sandbox.set_faults(
        FaultSpec::none().with(
            FaultRule::new(Effect::Drop)
                .on_method("POST")
                .on_path("/contacts")
                .times(1),
        ),
    );
    env.counts.reset();
    let err = env
        .client
        .upsert_contact(&wanted("once@example.com", &[&list]))
        .await
        .unwrap_err();
    // The dropped POST was never handled: the check by address finds nothing.
    let Error::NotApplied { cause, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(**cause, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    let shown = ctct_client::error::chain(&err);
    assert!(
        shown.starts_with(
            "the answer was lost; checked afterwards: no contact has the address \
             \"once@example.com\", so nothing was changed: POST /ws/customers/joesflowers/contacts \
             failed after 1 attempt(s)"
        ),
        "{shown}"
    );
    assert_eq!(
        env.counts.count("POST /contacts"),
        1,
        "a POST is never retried"
    );
    // Whatever the dropped request did, running the upsert again converges on one contact.
    let again = env
        .client
        .upsert_contact(&wanted("once@example.com", &[&list]))
        .await
        .unwrap();
    assert_eq!(copies(&env, "once@example.com").await, 1);
    assert_eq!(
        env.client
            .find_contact_by_email("once@example.com")
            .await
            .unwrap()
            .map(|(id, _)| id),
        Some(again.id)
    );
}

#[tokio::test]
async fn paging_survives_429_truncated_pages_503_and_drops_with_every_contact_once() {
    let env = start(280, 0).await;
    let on_contacts = |effect| FaultRule::new(effect).on_path("/contacts");
    // One kind of fault per page, set before the page's request is sent. The stream asks
    // for page k+1 as soon as page k is answered, so the fault set before taking page k
    // meets page k+1 (for the first, page 1 itself; page 2 then goes out clean). Each page
    // is fully answered, retries included, before the next fault is set.
    let faults = [
        (
            on_contacts(Effect::Status {
                code: 429,
                retry_after: Some(1),
                error_key: None,
            })
            .times(1),
            2 + 1,
        ),
        (on_contacts(Effect::Truncate).times(1), 2),
        (on_contacts(status(503)).times(2), 3),
        (on_contacts(Effect::Drop).times(1), 2),
        (on_contacts(Effect::Latency(Duration::from_millis(50))), 1),
    ];
    let mut pages = env
        .client
        .pages(ctct_models::v1::contacts::ListContacts::new());
    let mut ids = Vec::new();
    let mut attempts = 0;
    let started = Instant::now();
    for (rule, sent) in faults {
        env.sandbox.set_faults(FaultSpec::none().with(rule));
        let page = pages.next().await.unwrap().unwrap();
        ids.extend(page.entries.into_iter().map(|e| e.id.unwrap()));
        attempts += sent;
        env.counts.wait_answered("GET /contacts", attempts).await;
    }
    env.sandbox.clear_faults();
    let last = pages.next().await.unwrap().unwrap();
    ids.extend(last.entries.into_iter().map(|e| e.id.unwrap()));
    assert!(pages.next().await.is_none(), "6 pages");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (280, 280));
    // 6 pages; one retry each for 429, truncation and the drop, two for the 503s.
    assert_eq!(env.counts.count("GET /contacts"), 6 + 1 + 1 + 2 + 1);
}

#[tokio::test]
async fn truncated_bodies_fail_clearly_once_retries_run_out() {
    let env = start(60, 0).await;
    env.sandbox
        .set_faults(FaultSpec::none().with(FaultRule::new(Effect::Truncate).on_path("/contacts")));
    let err = env
        .client
        .contacts()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("GET /ws/customers/joesflowers/contacts failed after 3 attempt(s)"),
        "{err}"
    );
    assert_eq!(env.counts.count("GET /contacts"), 3);
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_gives_a_timeout_after_three_attempts() {
    let env = start(1, 0).await;
    env.sandbox.set_faults(
        FaultSpec::none()
            .with(FaultRule::new(Effect::Latency(Duration::from_secs(3))).on_path("/lists")),
    );
    let err = env
        .client
        .lists()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "GET /ws/customers/joesflowers/lists timed out after 2s (the last of 3 attempt(s), 6."
        ),
        "{text}"
    );
    assert_eq!(env.counts.count("GET /lists"), 3);
}

#[tokio::test]
async fn persistent_server_errors_end_in_a_clear_error_after_bounded_attempts() {
    let env = start(1, 1).await;
    env.sandbox
        .set_faults(FaultSpec::none().with(FaultRule::new(status(500)).on_method("PUT")));
    let id = env
        .client
        .find_contact_by_email(&seed_email(&env).await)
        .await
        .unwrap()
        .unwrap()
        .0;
    let list = env.client.create_list("Never joined").await.unwrap();
    let err = env
        .client
        .add_contact_to_lists(&id, std::slice::from_ref(&list))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    // 500 on a PUT is not retried (V1 answers 500 to a bad OptInSource).
    assert_eq!(env.counts.count(&format!("PUT /contacts/{}", id.tail())), 1);
    env.sandbox.clear_faults();
    let members: Vec<_> = env.client.list_members(&list).try_collect().await.unwrap();
    assert!(members.is_empty(), "nothing half-applied");
}

async fn seed_email(env: &Env) -> String {
    let all: Vec<_> = env.client.contacts().try_collect().await.unwrap();
    all[0].content.email_address.clone().unwrap()
}

#[tokio::test]
async fn remove_versus_opt_out_and_list_lifecycle() {
    let env = start(2, 0).await;
    let list = env.client.create_list("Lifecycle").await.unwrap();
    env.client.rename_list(&list, "Lifecycle 2").await.unwrap();
    let names: Vec<String> = env
        .client
        .user_lists()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| e.content.name)
        .collect();
    assert_eq!(names, vec!["Lifecycle 2".to_owned()]);
    let a = env
        .client
        .upsert_contact(&wanted("a@example.com", &[&list]))
        .await
        .unwrap();
    let b = env
        .client
        .upsert_contact(&wanted("b@example.com", &[&list]))
        .await
        .unwrap();
    env.client.remove_contact(&a.id).await.unwrap();
    env.client.opt_out_contact(&b.id).await.unwrap();
    let status_of = |id| {
        let client = env.client.clone();
        async move {
            client
                .send(ctct_models::v1::contacts::GetContact::new(&id))
                .await
                .unwrap()
                .content
                .status
                .map(|s| s.as_str().to_owned())
        }
    };
    assert_eq!(status_of(a.id.clone()).await.as_deref(), Some("Removed"));
    assert_eq!(
        status_of(b.id.clone()).await.as_deref(),
        Some("Do Not Mail")
    );
    let members: Vec<_> = env.client.list_members(&list).try_collect().await.unwrap();
    assert!(members.is_empty());
    env.client.delete_list(&list).await.unwrap();
    let err = env.client.rename_list(&list, "gone").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
}
