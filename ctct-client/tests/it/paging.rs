//! Paging: following `next` verbatim, relative links, the last page and the loop guard.

use crate::support;

use ctct_client::Error;
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_models::ids::ListId;
use ctct_models::v1::contacts;
use ctct_models::v1::lists;
use futures_util::{StreamExt as _, TryStreamExt as _};
use support::*;

fn page(first: u32, n: u32, next: Option<&str>) -> String {
    contacts_feed_xml(
        (first..first + n)
            .map(|i| contact(i, &format!("c{i}@example.com"), &["1"]))
            .collect(),
        next,
    )
}

#[tokio::test]
async fn items_follow_host_relative_and_collection_relative_next_links() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(
                1,
                3,
                Some("/ws/customers/joesflowers/contacts?next=g24umerp-fymhqg"),
            )),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=g24umerp-fymhqg")),
            // The older, collection-relative form.
            Reply::atom(page(4, 2, Some("contacts?next=6"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=6")),
            Reply::atom(page(6, 1, None)),
        );
    let emails: Vec<String> = client(&replay)
        .items(contacts::ListContacts::new())
        .map_ok(|c| c.email_address.unwrap_or_default())
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(
        emails,
        (1..=6)
            .map(|i| format!("c{i}@example.com"))
            .collect::<Vec<_>>()
    );
    replay.assert_done();
}

#[tokio::test]
async fn relative_links_resolve_against_the_collection_not_the_account() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/lists/1/members")),
            Reply::atom(members_feed_xml(&[1, 2], Some("members?next=2"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/lists/1/members?next=2")),
            Reply::atom(members_feed_xml(&[3], None)),
        );
    let pages: Vec<_> = client(&replay)
        .pages(lists::ListMembers::new(ListId::new("joesflowers", "1")))
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(pages.len(), 2);
    let ids: Vec<_> = pages
        .iter()
        .flat_map(|p| p.entries.iter().filter_map(|e| e.id.clone()))
        .collect();
    assert_eq!(ids, [contact_uri(1), contact_uri(2), contact_uri(3)]);
    replay.assert_done();
}

#[tokio::test]
async fn filters_live_in_the_server_token_and_are_never_rebuilt() {
    let replay = ReplayTransport::new();
    let since: ctct_models::DateTime = "2024-01-02T03:04:05.000Z".parse().expect("date");
    replay
        .expect(
            Expect::get(format!(
                "{ACCOUNT}/contacts?updatedsince=2024-01-02T03%3A04%3A05.000Z&listtype=active"
            )),
            Reply::atom(page(
                1,
                1,
                Some("/ws/customers/joesflowers/contacts?next=abc"),
            )),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=abc")),
            Reply::atom(page(2, 1, None)),
        );
    let n = client(&replay)
        .contacts_updated_since(&since, &contacts::SystemListType::Active)
        .try_fold(0, |n, _| async move { Ok(n + 1) })
        .await
        .expect("ok");
    assert_eq!(n, 2);
    replay.assert_done();
}

#[tokio::test]
async fn a_repeating_next_link_fails_instead_of_looping() {
    let replay = ReplayTransport::new();
    let next = "/ws/customers/joesflowers/contacts?next=A";
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(1, 1, Some(next))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=A")),
            Reply::atom(page(2, 1, Some("contacts?next=A"))),
        );
    let results: Vec<_> = client(&replay)
        .pages(contacts::ListContacts::new())
        .collect()
        .await;
    assert_eq!(results.len(), 2, "first page, then the error");
    let err = results[1].as_ref().expect_err("loop");
    assert!(matches!(err, Error::Paging { .. }), "{err:?}");
    assert!(err.to_string().contains("repeats"), "{err}");
    replay.assert_done();
}

#[tokio::test]
async fn a_next_link_to_the_first_page_is_a_loop_too() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::atom(page(1, 1, Some("contacts"))),
    );
    let err = client(&replay)
        .items(contacts::ListContacts::new())
        .try_collect::<Vec<_>>()
        .await
        .expect_err("loop");
    assert!(err.to_string().contains("repeats"), "{err}");
    replay.assert_done();
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed_with_credentials() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::atom(page(1, 1, Some("https://evil.example/steal?next=1"))),
    );
    let err = client(&replay)
        .items(contacts::ListContacts::new())
        .try_collect::<Vec<_>>()
        .await
        .expect_err("foreign host");
    assert!(err.to_string().contains("leaves the API host"), "{err}");
    replay.assert_done();
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_after_the_items_read() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts")),
            Reply::atom(page(1, 2, Some("contacts?next=2"))),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=2")),
            Reply::status(404, "gone"),
        );
    let results: Vec<_> = client(&replay)
        .items(contacts::ListContacts::new())
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(results[2].as_ref().is_err_and(Error::is_not_found));
    replay.assert_done();
}

#[tokio::test]
async fn an_empty_collection_is_one_page_and_no_items() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/lists")),
        Reply::atom(contacts_feed_xml(vec![], None)),
    );
    let lists: Vec<_> = client(&replay).lists().try_collect().await.expect("ok");
    assert!(lists.is_empty());
    replay.assert_done();
}
