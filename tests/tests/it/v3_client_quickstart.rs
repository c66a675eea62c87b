//! The V3 quick start end to end against the sandbox with the real client: OAuth login, a CSV
//! with bad rows (reported, good rows imported, nothing dropped), activity polling, cursor
//! paging with list memberships, 204 and asynchronous list deletes, both error shapes, and a
//! refresh after a 401.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use ctct_client::Secret;
use ctct_client::v3::oauth::{MemoryTokenStore, OAuthSession, StaticToken, TokenSet};
use ctct_client::v3::{PollOptions, V3Client};
use ctct_models::endpoint::NoContent;
use ctct_models::v3::activities::ActivityState;
use ctct_models::v3::contact_lists::{self, ListInput};
use ctct_models::v3::contacts;
use support::v3_client::{
    all_contacts, client, get_contacts, instant, login, oauth, sandbox, session,
};

const CSV: &str = "email,first_name,last_name\n\
ann@example.com,Ann,Able\n\
not-an-email,Bad,Address\n\
bob@example.com,Bob,\"Baker, Jr\"\n\
,No,Email\n\
cy@example.com,Cy,Cole\n";

fn poll() -> PollOptions {
    PollOptions::new(Duration::from_millis(50), Duration::from_secs(30))
}

#[tokio::test]
async fn a_csv_with_bad_rows_imports_the_good_ones_and_reports_every_bad_one() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session(&sb).await);
    let list = c
        .send(contact_lists::CreateList::new(
            (ListInput::new("Imported".into())).clone(),
        ))
        .await
        .unwrap();
    let list_id = list.list_id.unwrap();

    let started = c
        .import_csv(CSV, std::slice::from_ref(&list_id), None)
        .await
        .unwrap();
    let id = started.activity_id.unwrap();
    let mut seen = 0;
    let done = c
        .wait_for_activity(&id, poll(), |_| seen += 1)
        .await
        .unwrap();
    assert!(seen >= 1);
    assert_eq!(done.state, Some(ActivityState::Completed));
    assert_eq!(done.percent_done, Some(100));
    assert!(done.completed_at.is_some());

    let errors = done.activity_errors.clone().unwrap_or_default();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("not-an-email")),
        "{errors:?}"
    );
    let status = done.status.unwrap();
    let imported = status.person_count.unwrap_or(0);
    let bad = status.error_count.unwrap_or(0) + status.correctable_count.unwrap_or(0);
    assert_eq!((imported, bad), (3, 2), "every row is counted: {status:?}");

    let in_list: HashSet<String> = all_contacts(&c, None)
        .await
        .into_iter()
        .filter(|c| {
            c.list_memberships
                .as_ref()
                .is_some_and(|l| l.contains(&list_id))
        })
        .filter_map(|c| c.email_address?.address)
        .collect();
    let expected: HashSet<String> = ["ann@example.com", "bob@example.com", "cy@example.com"]
        .map(String::from)
        .into();
    assert_eq!(in_list, expected);
}

#[tokio::test]
async fn cursor_paging_reads_every_contact_once() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session(&sb).await);
    let lists = c.send(contact_lists::GetLists::new()).await.unwrap();
    let list_id = lists.lists.unwrap()[0].list_id.clone().unwrap();
    let mut csv = String::from("email\n");
    for i in 0..9 {
        csv.push_str(&format!("p{i}@example.com\n"));
    }
    let id = c
        .import_csv(&csv, std::slice::from_ref(&list_id), None)
        .await
        .unwrap()
        .activity_id
        .unwrap();
    c.wait_for_activity(&id, poll(), |_| {}).await.unwrap();

    let one_page = c.send(get_contacts(&[], Some(500))).await.unwrap();
    let total = one_page.contacts.unwrap().len();
    assert!(total >= 9, "{total}");
    let paged = all_contacts(&c, Some(2)).await;
    let ids: HashSet<_> = paged
        .iter()
        .map(|c| c.contact_id.clone().unwrap())
        .collect();
    assert_eq!(
        (paged.len(), ids.len()),
        (total, total),
        "no page lost or repeated"
    );
}

#[tokio::test]
async fn deletes_answer_204_and_a_list_delete_is_an_activity() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session(&sb).await);
    let list_id = c
        .send(contact_lists::CreateList::new(
            (ListInput::new("Doomed".into())).clone(),
        ))
        .await
        .unwrap()
        .list_id
        .unwrap();
    let activity = c
        .send(contact_lists::DeleteList::new(&list_id))
        .await
        .unwrap();
    let done = c
        .wait_for_activity(&activity.activity_id.unwrap(), poll(), |_| {})
        .await
        .unwrap();
    assert_eq!(done.state, Some(ActivityState::Completed));
    let e = c
        .send(contact_lists::GetList::new(&list_id))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");

    let victim = all_contacts(&c, None).await.remove(0).contact_id.unwrap();
    let NoContent = c.send(contacts::DeleteContact::new(&victim)).await.unwrap();
}

#[tokio::test]
async fn both_error_shapes_reach_the_caller_with_the_server_keys() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session(&sb).await);
    let e = c
        .send(contacts::GetContact::new(
            "00000000-0000-0000-0000-000000000000",
        ))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    assert!(
        !e.api().unwrap().error_keys().is_empty(),
        "array shape: {e}"
    );

    let stranger = V3Client::builder(Arc::new(StaticToken(Secret::new("not-a-token"))))
        .base_url(sb.v3_url())
        .build()
        .unwrap();
    let e = stranger.send(get_contacts(&[], None)).await.unwrap_err();
    assert!(e.is_unauthorized());
    assert_eq!(
        e.api().unwrap().error_keys(),
        ["unauthorized"],
        "object shape: {e}"
    );
    assert!(!e.to_string().contains("not-a-token"));
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once_and_the_request_resent() {
    let sb = sandbox(instant()).await;
    let oauth = oauth(&sb);
    let real = login(&oauth).await;
    // The session believes in a token the server does not know.
    let stale = TokenSet {
        access_token: Secret::new("stale-token"),
        expires_at: None,
        ..real
    };
    let session = Arc::new(OAuthSession::new(
        oauth,
        Arc::new(MemoryTokenStore::with(stale)),
    ));
    let c = client(&sb, session.clone());
    c.send(get_contacts(&[], None)).await.unwrap();
    assert_eq!(session.refresh_count(), 1);
    c.send(get_contacts(&[], None)).await.unwrap();
    assert_eq!(session.refresh_count(), 1, "the new token is kept");
    assert_eq!(sb.oauth_stats().refreshes, 1);
}
