//! Paging streams ask for the next page while the current one is read: at most one request
//! ahead, aborted when the stream is dropped, never to a link the guard refuses, and its
//! failure yielded after the items of the page before it. V1 and V3 alike.

use std::sync::Arc;
use std::time::Duration;

use crate::support;

use ctct_client::replay::{Chunk, Expect, ReplayTransport, Reply};
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::{Error, Secret};
use ctct_models::endpoint::Endpoint as _;
use ctct_models::v1::contacts;
use ctct_models::v3::contact_lists;
use futures_util::StreamExt as _;
use support::*;

fn page(first: u32, n: u32, next: Option<&str>) -> String {
    contacts_feed_xml(
        (first..first + n)
            .map(|i| contact(i, &format!("c{i}@example.com"), &["1"]))
            .collect(),
        next,
    )
}

/// Lets every other task run until it waits (the paused clock moves only when all wait).
async fn settle() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}

/// A reply whose body never comes: the request stays in flight until it times out.
fn stall() -> Reply {
    Reply::chunked(200, vec![Chunk::Stall])
}

fn hosts(replay: &ReplayTransport) -> Vec<String> {
    replay
        .requests()
        .iter()
        .map(|r| r.url.split('/').nth(2).unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn v1_the_next_page_is_asked_for_while_one_is_read_and_never_two_ahead() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(1, 2, Some("contacts?next=2"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=2")),
            Reply::atom(page(3, 2, Some("contacts?next=3"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=3")),
            Reply::atom(page(5, 1, None)),
        );
    let mut pages = client(&replay).pages(contacts::ListContacts::new());
    assert_eq!(replay.request_count(), 0, "nothing is sent before a poll");
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.entries.len(), 2);
    settle().await;
    // Page 2 has been answered (and names page 3), but page 3 waits for page 2 to be taken.
    assert_eq!(replay.request_count(), 2);
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(second.entries.len(), 2);
    settle().await;
    assert_eq!(replay.request_count(), 3);
    assert_eq!(pages.next().await.unwrap().unwrap().entries.len(), 1);
    assert!(pages.next().await.is_none());
    settle().await;
    assert_eq!(replay.request_count(), 3);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn v1_dropping_the_stream_aborts_the_request_ahead_and_its_retries() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(1, 2, Some("contacts?next=2"))),
        )
        .expect(Expect::get(format!("{ACCOUNT}/contacts?next=2")), stall());
    let client = builder(&replay)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut items = client.items(contacts::ListContacts::new());
    assert!(items.next().await.unwrap().is_ok());
    settle().await;
    assert_eq!(replay.request_count(), 2, "page 2 is on its way");
    drop(items);
    // Long past the timeout of the stalled attempt and every retry's backoff: a request
    // left running would have timed out and been sent again.
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(replay.request_count(), 2);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn v1_a_foreign_next_link_on_a_later_page_sends_nothing_there() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(1, 2, Some("contacts?next=2"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=2")),
            Reply::atom(page(3, 1, Some("https://evil.example/ws/contacts?next=3"))),
        );
    let results: Vec<_> = client(&replay)
        .items(contacts::ListContacts::new())
        .collect()
        .await;
    settle().await;
    assert_eq!(results.len(), 3, "page 1's items, then the refusal");
    assert!(results[0].is_ok() && results[1].is_ok());
    let err = results[2].as_ref().unwrap_err();
    assert!(err.to_string().contains("leaves the API host"), "{err}");
    assert_eq!(hosts(&replay), ["api.example.test", "api.example.test"]);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn v1_a_failure_of_the_page_ahead_comes_after_the_items_before_it() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(1, 3, Some("contacts?next=2"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=2")),
            Reply::status(404, "gone"),
        );
    let mut items = client(&replay).items(contacts::ListContacts::new());
    let mut results = vec![items.next().await.unwrap()];
    // The 404 is in hand long before page 1's other items are taken.
    settle().await;
    assert_eq!(replay.request_count(), 2);
    while let Some(item) = items.next().await {
        results.push(item);
    }
    let emails: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|c| c.email_address.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        emails,
        ["c1@example.com", "c2@example.com", "c3@example.com"]
    );
    assert_eq!(results.len(), 4);
    assert!(results[3].as_ref().is_err_and(Error::is_not_found));
    replay.assert_done();
}

const V3_BASE: &str = "https://api.example.test/v3";

fn v3_client(replay: &ReplayTransport) -> V3Client {
    V3Client::builder(Arc::new(StaticToken(Secret::new("tok-123"))))
        .base_url(V3_BASE)
        .transport(Arc::new(replay.clone()))
        .rate_limit(None)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn lists_page(ids: &[&str], next: Option<&str>) -> Reply {
    let lists: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"list_id":"{id}","name":"list {id}"}}"#))
        .collect();
    let links = next.map_or(String::new(), |n| {
        format!(r#","_links":{{"next":{{"href":"{n}"}}}}"#)
    });
    Reply::status(200, format!(r#"{{"lists":[{}]{links}}}"#, lists.join(",")))
        .with_header("content-type", "application/json")
}

fn v3_lists(replay: &ReplayTransport) -> ctct_client::v3::CursorPages<contact_lists::ContactLists> {
    let request = contact_lists::GetLists::new()
        .limit(2)
        .to_request()
        .unwrap();
    v3_client(replay).pages_of(request)
}

#[tokio::test(start_paused = true)]
async fn v3_the_next_page_is_asked_for_while_one_is_read_and_never_two_ahead() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?limit=2")),
            lists_page(&["a", "b"], Some("/v3/contact_lists?cursor=2")),
        )
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?cursor=2")),
            lists_page(&["c", "d"], Some("/v3/contact_lists?cursor=3")),
        )
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?cursor=3")),
            lists_page(&["e"], None),
        );
    let mut pages = v3_lists(&replay);
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.lists.map(|l| l.len()), Some(2));
    settle().await;
    assert_eq!(replay.request_count(), 2);
    assert!(pages.next().await.unwrap().is_ok());
    settle().await;
    assert_eq!(replay.request_count(), 3);
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.is_none());
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn v3_dropping_the_stream_aborts_the_request_ahead_and_its_retries() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?limit=2")),
            lists_page(&["a", "b"], Some("/v3/contact_lists?cursor=2")),
        )
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?cursor=2")),
            stall(),
        );
    let mut pages = v3_lists(&replay);
    assert!(pages.next().await.unwrap().is_ok());
    settle().await;
    assert_eq!(replay.request_count(), 2, "page 2 is on its way");
    drop(pages);
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(replay.request_count(), 2);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn v3_a_foreign_next_link_is_reported_after_its_page_and_never_sent() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?limit=2")),
            lists_page(&["a"], Some("/v3/contact_lists?cursor=2")),
        )
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?cursor=2")),
            lists_page(
                &["b"],
                Some("https://evil.example/v3/contact_lists?cursor=3"),
            ),
        );
    let pages: Vec<_> = v3_lists(&replay).collect().await;
    settle().await;
    assert_eq!(pages.len(), 3, "two pages, then the refusal");
    assert!(pages[0].is_ok() && pages[1].is_ok());
    let err = pages[2].as_ref().unwrap_err();
    assert!(err.to_string().contains("leaves the API host"), "{err}");
    assert_eq!(hosts(&replay), ["api.example.test", "api.example.test"]);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn v3_a_failure_of_the_page_ahead_comes_after_the_page_before_it() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?limit=2")),
            lists_page(&["a", "b"], Some("/v3/contact_lists?cursor=2")),
        )
        .expect(
            Expect::get(format!("{V3_BASE}/contact_lists?cursor=2")),
            Reply::status(404, r#"[{"error_key":"not_found","error_message":"gone"}]"#),
        );
    let mut pages = v3_lists(&replay);
    let first = pages.next().await.unwrap();
    settle().await;
    assert_eq!(replay.request_count(), 2, "the 404 is in hand");
    assert_eq!(first.unwrap().lists.map(|l| l.len()), Some(2));
    let second = pages.next().await.unwrap();
    assert!(
        second.as_ref().is_err_and(Error::is_not_found),
        "{second:?}"
    );
    assert!(pages.next().await.is_none());
    replay.assert_done();
}
