//! The contact and list workflows, request by request.

use crate::support;

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::workflows::contacts::Upserted;
use ctct_client::{Error, WorkflowError};
use ctct_models::atom::Entry;
use ctct_models::ids::{ContactId, ListId};
use ctct_models::v1::contacts::{ActionSource, Contact, ContactLists, ContactMembership};
use futures_util::TryStreamExt as _;
use support::*;

fn body_of(replay: &ReplayTransport, i: usize) -> String {
    String::from_utf8(replay.requests()[i].body.clone().expect("body")).expect("utf-8")
}

fn put_contact(replay: &ReplayTransport, i: usize) -> Contact {
    let body = body_of(replay, i);
    Entry::<Contact>::from_xml(&body)
        .expect("PUT body is a contact entry")
        .content
}

fn list_ids(c: &Contact) -> Vec<String> {
    c.contact_lists
        .as_ref()
        .map(|l| l.lists.iter().filter_map(|m| m.id.clone()).collect())
        .unwrap_or_default()
}

fn wanted(email: &str, lists: &[&str]) -> Contact {
    Contact {
        email_address: Some(email.to_owned()),
        last_name: Some("Smith".to_owned()),
        contact_lists: Some(ContactLists {
            lists: lists
                .iter()
                .map(|l| ContactMembership {
                    id: Some(list_uri(l)),
                    ..ContactMembership::default()
                })
                .collect(),
        }),
        ..Contact::default()
    }
}

#[tokio::test]
async fn upsert_updates_an_existing_contact_with_merged_lists() {
    let replay = ReplayTransport::new();
    let existing = contact(2, "jon@example.com", &["1"]);
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?email=jon%40example.com")),
            Reply::atom(contacts_feed_xml(vec![existing.clone()], None)),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts/2")),
            Reply::atom(contact_entry_xml(existing)),
        )
        .expect(
            Expect::put(format!("{ACCOUNT}/contacts/2"))
                .header("content-type", "application/atom+xml"),
            Reply::status(204, ""),
        );
    let outcome = client(&replay)
        .upsert_contact(&wanted("  Jon@Example.COM ", &["3"]))
        .await
        .expect("upsert");
    assert_eq!(
        outcome,
        Upserted {
            id: ContactId::new("joesflowers", "2"),
            created: false
        }
    );
    replay.assert_done();
    let sent = put_contact(&replay, 2);
    assert_eq!(list_ids(&sent), [list_uri("1"), list_uri("3")]);
    assert_eq!(sent.first_name.as_deref(), Some("Jon"), "kept from the GET");
    assert_eq!(
        sent.last_name.as_deref(),
        Some("Smith"),
        "taken from the patch"
    );
    assert_eq!(sent.id.as_deref(), Some(contact_uri(2).as_str()));
    let body = body_of(&replay, 2);
    assert!(
        !body.contains("<OptInTime>"),
        "read-only fields cleared: {body}"
    );
    assert!(
        body.contains(&format!("<id>{}</id>", contact_uri(2))),
        "{body}"
    );
}

#[tokio::test]
async fn upsert_creates_when_the_search_finds_nothing() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?email=new%40example.com")),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(
            Expect::post(format!("{ACCOUNT}/contacts"))
                .header("content-type", "application/atom+xml"),
            Reply::status(201, "").with_header(
                "location",
                "https://api.example.test/ws/customers/joesflowers/contacts/41",
            ),
        );
    let outcome = client(&replay)
        .upsert_contact(&wanted("New@Example.com", &["1"]))
        .await
        .expect("created");
    assert_eq!(
        outcome,
        Upserted {
            id: ContactId::new("joesflowers", "41"),
            created: true
        }
    );
    let sent = put_contact(&replay, 1);
    assert_eq!(sent.email_address.as_deref(), Some("new@example.com"));
    assert_eq!(list_ids(&sent), [list_uri("1")]);
    replay.assert_done();
}

#[tokio::test]
async fn upsert_falls_back_to_search_get_put_when_post_answers_409() {
    let replay = ReplayTransport::new();
    // The address exists as a Removed contact the first search did not return (a race).
    let mut removed = contact(9, "jon@example.com", &[]);
    removed.contact_lists = Some(ContactLists::default());
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?email=jon%40example.com")),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(
            Expect::post(format!("{ACCOUNT}/contacts")),
            Reply::status(409, "Error 409: Conflict").with_header("content-type", "text/plain"),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?email=jon%40example.com")),
            Reply::atom(contacts_feed_xml(vec![removed.clone()], None)),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts/9")),
            Reply::atom(contact_entry_xml(removed)),
        )
        .expect(
            Expect::put(format!("{ACCOUNT}/contacts/9")),
            Reply::status(204, ""),
        );
    let outcome = client(&replay)
        .upsert_contact(&wanted("jon@example.com", &["1"]))
        .await
        .expect("upsert after 409");
    assert_eq!(outcome.id, ContactId::new("joesflowers", "9"));
    assert!(!outcome.created);
    assert_eq!(list_ids(&put_contact(&replay, 4)), [list_uri("1")]);
    // One POST only: the 409 is not retried.
    let posts = replay
        .requests()
        .iter()
        .filter(|r| r.method == ctct_models::endpoint::Method::Post)
        .count();
    assert_eq!(posts, 1);
    replay.assert_done();
}

#[tokio::test]
async fn upsert_reports_a_409_that_no_search_explains() {
    let replay = ReplayTransport::new();
    let search = format!("{ACCOUNT}/contacts?email=ghost%40example.com");
    replay
        .expect(
            Expect::get(&search),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(
            Expect::post(format!("{ACCOUNT}/contacts")),
            Reply::status(409, "Conflict"),
        )
        .expect(
            Expect::get(&search),
            Reply::atom(contacts_feed_xml(vec![], None)),
        );
    let err = client(&replay)
        .upsert_contact(&wanted("ghost@example.com", &["1"]))
        .await
        .expect_err("unexplained 409");
    assert!(
        matches!(
            &err,
            Error::Workflow(WorkflowError::ConflictWithoutContact { email }) if email == "ghost@example.com"
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("409"), "{err}");
    assert!(err.to_string().contains("\"ghost@example.com\""), "{err}");
    replay.assert_done();
}

#[tokio::test]
async fn upsert_refuses_a_new_contact_without_lists_before_sending_it() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts?email=x%40example.com")),
        Reply::atom(contacts_feed_xml(vec![], None)),
    );
    let err = client(&replay)
        .upsert_contact(&wanted("x@example.com", &[]))
        .await
        .expect_err("needs a list");
    assert_eq!(
        err.validation().map(|v| v.field.as_str()),
        Some("ContactLists")
    );
    replay.assert_done();
    let no_email = client(&replay)
        .upsert_contact(&Contact::default())
        .await
        .expect_err("needs an address");
    assert_eq!(
        no_email.validation().map(|v| v.field.as_str()),
        Some("EmailAddress")
    );
}

fn get_then_put(replay: &ReplayTransport, existing: Contact) {
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts/2")),
            Reply::atom(contact_entry_xml(existing)),
        )
        .expect(
            Expect::put(format!("{ACCOUNT}/contacts/2")),
            Reply::status(204, ""),
        );
}

#[tokio::test]
async fn add_to_and_remove_from_lists() {
    let id = ContactId::new("joesflowers", "2");
    let replay = ReplayTransport::new();
    get_then_put(&replay, contact(2, "jon@example.com", &["1", "2"]));
    let client = client(&replay);
    let changed = client
        .add_contact_to_lists(
            &id,
            &[
                ListId::new("joesflowers", "2"),
                ListId::new("joesflowers", "5"),
            ],
        )
        .await
        .expect("add");
    assert!(changed);
    let sent = put_contact(&replay, 1);
    assert_eq!(
        list_ids(&sent),
        [list_uri("1"), list_uri("2"), list_uri("5")]
    );
    let added = &sent.contact_lists.as_ref().expect("lists").lists[2];
    assert_eq!(added.opt_in_source, Some(ActionSource::ActionByCustomer));
    replay.assert_done();

    get_then_put(&replay, contact(2, "jon@example.com", &["1", "2", "5"]));
    client
        .remove_contact_from_lists(&id, &[ListId::new("joesflowers", "2")])
        .await
        .expect("remove");
    assert_eq!(
        list_ids(&put_contact(&replay, 3)),
        [list_uri("1"), list_uri("5")]
    );
    replay.assert_done();

    // Nothing to change: a GET and no PUT.
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts/2")),
        Reply::atom(contact_entry_xml(contact(2, "jon@example.com", &["1"]))),
    );
    let changed = client
        .add_contact_to_lists(&id, &[ListId::new("joesflowers", "1")])
        .await
        .expect("no-op");
    assert!(!changed);
    replay.assert_done();
}

#[tokio::test]
async fn remove_puts_an_empty_contact_lists_while_opt_out_deletes() {
    let id = ContactId::new("joesflowers", "2");
    let replay = ReplayTransport::new();
    get_then_put(&replay, contact(2, "jon@example.com", &["1", "2"]));
    let client = client(&replay);
    client.remove_contact(&id).await.expect("remove");
    let body = body_of(&replay, 1);
    assert!(
        body.contains("<ContactLists/>"),
        "an explicit empty ContactLists: {body}"
    );
    assert!(list_ids(&put_contact(&replay, 1)).is_empty());
    replay.assert_done();

    replay.expect(
        Expect::delete(format!("{ACCOUNT}/contacts/2")).no_header("content-type"),
        Reply::status(204, ""),
    );
    client.opt_out_contact(&id).await.expect("opt out");
    assert_eq!(replay.requests()[2].body, None);
    replay.assert_done();
}

#[tokio::test]
async fn reopt_in_is_the_contacts_own_action() {
    let id = ContactId::new("joesflowers", "2");
    let replay = ReplayTransport::new();
    let mut dnm = contact(2, "jon@example.com", &[]);
    dnm.status = Some(ctct_models::v1::contacts::ContactStatus::DoNotMail);
    dnm.opt_in_source = Some(ActionSource::ActionByCustomer);
    get_then_put(&replay, dnm);
    client(&replay)
        .reopt_in_by_contact(&id, &[ListId::new("joesflowers", "4")])
        .await
        .expect("re-opt-in");
    let sent = put_contact(&replay, 1);
    assert_eq!(sent.opt_in_source, Some(ActionSource::ActionByContact));
    assert_eq!(list_ids(&sent), [list_uri("4")]);
    assert_eq!(
        sent.contact_lists.expect("lists").lists[0].opt_in_source,
        Some(ActionSource::ActionByContact)
    );
    assert_eq!(sent.status, None, "read-only Status is not sent");
    assert!(body_of(&replay, 1).contains("<OptInSource>ACTION_BY_CONTACT</OptInSource>"));
    replay.assert_done();
}

#[tokio::test]
async fn sync_by_list_id_pages_through_changes() {
    let replay = ReplayTransport::new();
    let since: ctct_models::DateTime = "2024-05-06T07:08:09.010+02:00".parse().expect("date");
    replay
        .expect(
            Expect::get(format!(
                "{ACCOUNT}/contacts?updatedsince=2024-05-06T05%3A08%3A09.010Z&listid=12"
            )),
            Reply::atom(contacts_feed_xml(
                vec![contact(2, "a@example.com", &["12"])],
                Some("/ws/customers/joesflowers/contacts?next=t2"),
            )),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?next=t2")),
            Reply::atom(contacts_feed_xml(
                vec![contact(3, "b@example.com", &["12"])],
                None,
            )),
        );
    let changed: Vec<_> = client(&replay)
        .contacts_updated_since_on_list(&since, &ListId::new("joesflowers", "12"))
        .map_ok(|e| e.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("sync");
    assert_eq!(changed, [contact_uri(2), contact_uri(3)]);
    replay.assert_done();
}

#[tokio::test]
async fn lists_create_rename_delete_and_members() {
    let replay = ReplayTransport::new();
    let client = client(&replay);
    replay.expect(
        Expect::post(format!("{ACCOUNT}/lists")),
        Reply::status(201, list_entry_xml("7", "Spring")).with_header(
            "location",
            "https://api.example.test/ws/customers/joesflowers/lists/7",
        ),
    );
    let id = client.create_list("Spring").await.expect("create");
    assert_eq!(id, ListId::new("joesflowers", "7"));
    let body = body_of(&replay, 0);
    assert!(
        body.contains("<Name>Spring</Name>") && body.contains("<SortOrder>99</SortOrder>"),
        "{body}"
    );

    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/lists/7")),
            Reply::atom(list_entry_xml("7", "Spring")),
        )
        .expect(
            Expect::put(format!("{ACCOUNT}/lists/7")),
            Reply::status(204, ""),
        );
    client.rename_list(&id, "Summer").await.expect("rename");
    let body = body_of(&replay, 2);
    assert!(body.contains("<Name>Summer</Name>"), "{body}");
    assert!(
        !body.contains("<ContactCount>"),
        "read-only count not sent: {body}"
    );

    replay.expect(
        Expect::delete(format!("{ACCOUNT}/lists/7")),
        Reply::status(204, ""),
    );
    client.delete_list(&id).await.expect("delete");

    let err = client
        .delete_list(&ListId::new("joesflowers", "active"))
        .await
        .expect_err("system list");
    assert!(
        matches!(
            &err,
            Error::Workflow(WorkflowError::SystemList { list, action: "deleted" }) if list == "active"
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the system list \"active\" cannot be deleted"
    );

    replay.expect(
        Expect::get(format!("{ACCOUNT}/lists/7/members")),
        Reply::atom(contacts_feed_xml(vec![], None)),
    );
    let members: Vec<_> = client
        .list_members(&id)
        .try_collect()
        .await
        .expect("members");
    assert!(members.is_empty());
    replay.assert_done();
}

#[tokio::test]
async fn creating_a_list_whose_name_exists_is_a_conflict() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{ACCOUNT}/lists")),
        Reply::status(409, "exists"),
    );
    let err = client(&replay)
        .create_list("Spring")
        .await
        .expect_err("409");
    assert!(err.is_conflict());
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn upsert_rides_out_transient_faults_on_idempotent_steps_only() {
    let replay = ReplayTransport::new();
    let existing = contact(2, "jon@example.com", &["1"]);
    let search = format!("{ACCOUNT}/contacts?email=jon%40example.com");
    replay
        .expect(Expect::get(&search), Reply::status(503, "busy"))
        .expect(
            Expect::get(&search),
            Reply::atom(contacts_feed_xml(vec![existing.clone()], None)),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts/2")),
            Reply::connect_error(),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts/2")),
            Reply::atom(contact_entry_xml(existing)),
        )
        .expect(
            Expect::put(format!("{ACCOUNT}/contacts/2")),
            Reply::status(502, ""),
        )
        .expect(
            Expect::put(format!("{ACCOUNT}/contacts/2")),
            Reply::status(204, ""),
        );
    let outcome = client(&replay)
        .upsert_contact(&wanted("jon@example.com", &["3"]))
        .await
        .expect("succeeds despite the faults");
    assert!(!outcome.created);
    // Both PUTs carried the same whole contact, so repeating it changed nothing twice.
    assert_eq!(body_of(&replay, 4), body_of(&replay, 5));
    assert_eq!(
        list_ids(&put_contact(&replay, 5)),
        [list_uri("1"), list_uri("3")]
    );
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn a_failed_create_is_reported_not_repeated() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts?email=new%40example.com")),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(
            Expect::post(format!("{ACCOUNT}/contacts")),
            Reply::status(500, "oops"),
        );
    let err = client(&replay)
        .upsert_contact(&wanted("new@example.com", &["1"]))
        .await
        .expect_err("the POST is not retried");
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string()
            .starts_with("POST /ws/customers/joesflowers/contacts failed: 500"),
        "{err}"
    );
    replay.assert_done();
}
