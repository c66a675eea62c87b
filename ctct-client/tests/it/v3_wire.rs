//! V3 requests on the wire (replay transport): method, URL, headers and body bytes of each
//! quick-start endpoint, decoding of the answers, 202 and 204, cursor paging, the rate limit,
//! both 429s, both error shapes and the retry after a 401.

#![allow(clippy::unwrap_used)]

use ctct_models::endpoint::Endpoint as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::v3::oauth::{StaticToken, TokenFuture, TokenSource};
use ctct_client::v3::{PollOptions, V3Client};
use ctct_client::{Error, RetryPolicy, Secret};
use ctct_models::endpoint::NoContent;
use ctct_models::form::Table;
use ctct_models::v3::activities::{self, ActivityState};
use ctct_models::v3::contact_lists::{self, ContactLists, ListInput};
use ctct_models::v3::contacts::{self, ContactInclude};
use futures_util::TryStreamExt as _;

const BASE: &str = "https://api.example.test/v3";
const CONTACTS_PAGE: &str = include_str!("../../../tests/fixtures/v3/contacts_page.json");
const IMPORT: &str = include_str!("../../../tests/fixtures/v3/activity_import.json");
const ERROR_ARRAY: &str = include_str!("../../../tests/fixtures/v3/error_array.json");

fn client(replay: &ReplayTransport) -> V3Client {
    V3Client::builder(Arc::new(StaticToken(Secret::new("tok-123"))))
        .base_url(BASE)
        .transport(Arc::new(replay.clone()))
        .rate_limit(None)
        .build()
        .unwrap()
}

fn get(url: &str) -> Expect {
    Expect::get(url)
        .header("authorization", "Bearer tok-123")
        .header("accept", "application/json")
        .no_header("content-type")
}

fn json(status: u16, body: &str) -> Reply {
    Reply::status(status, body).with_header("content-type", "application/json")
}

fn contacts_with_memberships() -> contacts::GetContacts {
    contacts::GetContacts::new()
        .include([ContactInclude::ListMemberships])
        .limit(500)
}

#[tokio::test]
async fn contacts_are_paged_through_links_next_href_with_bearer_auth() {
    let replay = ReplayTransport::new();
    replay.expect(
        get(&format!(
            "{BASE}/contacts?include=list_memberships&limit=500"
        )),
        json(200, CONTACTS_PAGE),
    );
    replay.expect(
        get("https://api.example.test/v3/contacts?cursor=bGltaXQ9MSZuZXh0PTI"),
        json(
            200,
            r#"{"contacts":[{"contact_id":"c3","list_memberships":["l1"]}]}"#,
        ),
    );
    let all: Vec<_> = client(&replay)
        .items(contacts_with_memberships())
        .try_collect()
        .await
        .unwrap();
    replay.assert_done();
    let ids: Vec<_> = all.iter().map(|c| c.contact_id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "1618ae62-4752-11e9-9c8a-fa163e6b01c1",
            "2a4e3d2c-4752-11e9-9c8a-fa163e6b01c1",
            "c3"
        ]
    );
    assert_eq!(
        all[0].list_memberships.as_deref(),
        Some(&["07936f78-662a-11eb-af0a-fa163e56c9b0".into()][..])
    );
}

#[tokio::test]
async fn paging_stops_on_a_repeated_or_foreign_next_link() {
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/contact_lists?limit=1");
    replay.expect(
        get(&url),
        json(
            200,
            r#"{"lists":[],"_links":{"next":{"href":"/v3/contact_lists?limit=1"}}}"#,
        ),
    );
    let request = contact_lists::GetLists::new()
        .limit(1)
        .to_request()
        .unwrap();
    let pages: Vec<Result<ContactLists, Error>> =
        futures_util::StreamExt::collect(client(&replay).pages_of(request)).await;
    assert_eq!(pages.len(), 2);
    let e = pages[1].as_ref().unwrap_err();
    assert!(e.to_string().contains("repeats a page"), "{e}");

    let replay = ReplayTransport::new();
    replay.expect(
        get(&url),
        json(
            200,
            r#"{"lists":[],"_links":{"next":{"href":"https://evil.example/v3/x"}}}"#,
        ),
    );
    let request = contact_lists::GetLists::new()
        .limit(1)
        .to_request()
        .unwrap();
    let pages: Vec<Result<ContactLists, Error>> =
        futures_util::StreamExt::collect(client(&replay).pages_of(request)).await;
    assert!(
        pages[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("leaves the API host")
    );
    replay.assert_done();
}

#[tokio::test]
async fn list_create_and_async_delete_and_contact_delete() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{BASE}/contact_lists"))
            .header("authorization", "Bearer tok-123")
            .header("content-type", "application/json")
            .body(r#"{"name":"Quick start"}"#),
        json(
            201,
            r#"{"list_id":"l-1","name":"Quick start","favorite":false}"#,
        ),
    );
    replay.expect(
        Expect::delete(format!("{BASE}/contact_lists/l-1")).header("authorization", "Bearer tok-123"),
        json(
            202,
            r#"{"activity_id":"a-9","state":"initialized","percent_done":0,"_links":{"self":{"href":"/v3/activities/a-9"}}}"#,
        )
        .with_header("location", "/v3/activities/a-9"),
    );
    replay.expect(
        Expect::delete(format!("{BASE}/contacts/c%2F1")),
        Reply::status(204, ""),
    );
    let c = client(&replay);
    let list = c
        .send(contact_lists::CreateList::new(
            (ListInput::new("Quick start".into())).clone(),
        ))
        .await
        .unwrap();
    assert_eq!(list.list_id.as_deref(), Some("l-1"));
    let activity = c.send(contact_lists::DeleteList::new("l-1")).await.unwrap();
    assert_eq!(activity.activity_id.as_deref(), Some("a-9"));
    assert_eq!(activity.state, Some(ActivityState::Initialized));
    let NoContent = c.send(contacts::DeleteContact::new("c/1")).await.unwrap();
    replay.assert_done();
}

#[tokio::test]
async fn csv_import_is_multipart_with_the_rows_as_written() {
    let table = Table::new(["email", "first_name"])
        .row(["ann@example.com", "Ann"])
        .row(["not-an-email", "Bad"]);
    let request = activities::ImportContactsCsv::new(&table)
        .list_ids(["l-1", "l-2"])
        .to_request()
        .unwrap();
    let body = request.body.clone().unwrap();
    let text = String::from_utf8(body.as_bytes().to_vec()).unwrap();
    assert!(
        text.contains("email,first_name\nann@example.com,Ann\nnot-an-email,Bad"),
        "{text}"
    );
    assert!(
        text.contains("name=\"list_ids\"\r\n\r\nl-1,l-2\r\n"),
        "{text}"
    );

    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{BASE}/activities/contacts_file_import"))
            .header("authorization", "Bearer tok-123")
            .header("content-type", body.content_type())
            .body(body.as_bytes().to_vec()),
        json(201, IMPORT),
    );
    let c = client(&replay);
    let import = c
        .import_csv(
            "email,first_name\nann@example.com,Ann\nnot-an-email,Bad\n",
            &["l-1".into(), "l-2".into()],
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        import.activity_id.as_deref(),
        Some("04fe9a97-a579-43c5-bb1a-58ed29bf0a6a")
    );
    replay.assert_done();
    assert!(
        body.content_type()
            .starts_with("multipart/form-data; boundary=")
    );
}

#[tokio::test(start_paused = true)]
async fn activities_are_polled_until_done_at_the_given_interval() {
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/activities/a-1");
    replay.expect(
        get(&url),
        json(
            200,
            r#"{"activity_id":"a-1","state":"processing","percent_done":40}"#,
        ),
    );
    replay.expect(
        get(&url),
        json(
            200,
            r#"{"activity_id":"a-1","state":"processing","percent_done":100}"#,
        ),
    );
    replay.expect(
        get(&url),
        json(
            200,
            r#"{"activity_id":"a-1","state":"completed","percent_done":100,"completed_at":"2026-01-23T13:48:44.108Z","activity_errors":["Line 3: not-an-email is not a valid email address"],"status":{"items_total_count":3,"person_count":1,"error_count":1}}"#,
        ),
    );
    let start = tokio::time::Instant::now();
    let mut seen = Vec::new();
    let done = client(&replay)
        .wait_for_activity(
            &"a-1".into(),
            PollOptions::new(Duration::from_secs(2), Duration::from_secs(60)),
            |a| seen.push(a.percent_done.unwrap_or(0)),
        )
        .await
        .unwrap();
    assert_eq!(seen, [40, 100, 100], "100 without completed_at is not done");
    assert_eq!(start.elapsed(), Duration::from_secs(4));
    assert_eq!(done.status.unwrap().error_count, Some(1));
    assert_eq!(done.activity_errors.unwrap().len(), 1);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn an_activity_that_ended_badly_is_an_error_with_its_id_state_and_errors() {
    for (state, want) in [
        ("failed", ActivityState::Failed),
        ("cancelled", ActivityState::Cancelled),
        ("timed_out", ActivityState::TimedOut),
    ] {
        let replay = ReplayTransport::new();
        let url = format!("{BASE}/activities/a-9");
        replay.expect(
            get(&url),
            json(
                200,
                r#"{"activity_id":"a-9","state":"processing","percent_done":10}"#,
            ),
        );
        replay.expect(
            get(&url),
            json(
                200,
                &format!(
                    r#"{{"activity_id":"a-9","state":"{state}","percent_done":10,"activity_errors":["the file could not be read","try again later"]}}"#
                ),
            ),
        );
        let mut polls = 0;
        let e = client(&replay)
            .wait(&"a-9".into(), PollOptions::default(), |_| polls += 1)
            .await
            .unwrap_err();
        assert_eq!(polls, 2);
        match &e {
            Error::Workflow(ctct_client::WorkflowError::ActivityEnded {
                activity,
                state,
                errors,
                last,
            }) => {
                assert_eq!(activity, "a-9");
                assert_eq!(*state, want);
                assert_eq!(errors, &["the file could not be read", "try again later"]);
                assert_eq!(last.percent_done, Some(10));
            }
            other => panic!("{state}: {other:?}"),
        }
        assert_eq!(
            e.to_string(),
            format!("activity a-9 ended {state}: the file could not be read; try again later")
        );
        replay.assert_done();
    }
}

#[tokio::test(start_paused = true)]
async fn an_asynchronous_delete_whose_answer_was_lost_and_is_gone_on_retry_is_done() {
    // The 202 of a tag delete names an activity; the retry after the lost answer finds
    // the tag gone, which is the delete done, not a body that does not decode.
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/contact_tags/t-1");
    replay.expect(Expect::delete(&url), Reply::broken()).expect(
        Expect::delete(&url),
        json(
            404,
            r#"[{"error_key":"not.found","error_message":"no tag t-1"}]"#,
        ),
    );
    let done = client(&replay)
        .send(ctct_models::v3::contact_tags::DeleteTag::new("t-1"))
        .await
        .expect("the first attempt deleted it");
    assert_eq!(done.activity_id, None, "that attempt's activity is unknown");
    replay.assert_done();

    // A 404 to the first attempt is still "no such tag".
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::delete(&url),
        json(
            404,
            r#"[{"error_key":"not.found","error_message":"no tag t-1"}]"#,
        ),
    );
    let e = client(&replay)
        .send(ctct_models::v3::contact_tags::DeleteTag::new("t-1"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
}

#[tokio::test(start_paused = true)]
async fn a_segment_query_answering_202_is_asked_again() {
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/contacts?segment_id=7");
    replay.expect(
        get(&url),
        json(202, r#"{"contacts":[],"status":"processing"}"#),
    );
    replay.expect(
        get(&url),
        json(200, r#"{"contacts":[{"contact_id":"c1"}]}"#),
    );
    let request = contacts::GetContacts::new().segment_id("7");
    let (status, page) = client(&replay).send_with_status(request).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(page.contacts.unwrap().len(), 1);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn throttled_is_retried_even_for_a_post_after_retry_after() {
    let replay = ReplayTransport::new();
    let post = Expect::post(format!("{BASE}/contact_lists")).body(r#"{"name":"L"}"#);
    replay.expect(
        post.clone(),
        json(
            429,
            r#"{"error_key":"throttled","error_message":"Too Many Requests"}"#,
        )
        .with_header("retry-after", "2"),
    );
    replay.expect(post, json(201, r#"{"list_id":"l-1","name":"L"}"#));
    let start = tokio::time::Instant::now();
    let list = client(&replay)
        .send(contact_lists::CreateList::new(
            (ListInput::new("L".into())).clone(),
        ))
        .await
        .unwrap();
    assert_eq!(list.list_id.as_deref(), Some("l-1"));
    assert_eq!(start.elapsed(), Duration::from_secs(2));
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn throttled_without_retry_after_waits_a_second_and_gives_up_after_the_attempts() {
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/activities/a-1");
    for _ in 0..3 {
        replay.expect(
            get(&url),
            json(
                429,
                r#"{"error_key":"throttled","error_message":"Too Many Requests"}"#,
            ),
        );
    }
    let start = tokio::time::Instant::now();
    let e = client(&replay)
        .send(activities::GetActivity::new("a-1"))
        .await
        .unwrap_err();
    assert!(e.is_throttled() && !e.is_quota_exceeded(), "{e}");
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    replay.assert_done();
}

#[tokio::test]
async fn quota_exceeded_fails_at_once_and_says_so() {
    let replay = ReplayTransport::new();
    replay.expect(
        get(&format!("{BASE}/activities/a-1")),
        json(
            429,
            r#"{"error_key":"quota_exceeded","error_message":"Limit Exceeded"}"#,
        ),
    );
    let e = client(&replay)
        .send(activities::GetActivity::new("a-1"))
        .await
        .unwrap_err();
    replay.assert_done(); // exactly one request: no retry
    assert!(e.is_quota_exceeded(), "{e}");
    assert_eq!(
        e.to_string(),
        "GET /v3/activities/a-1 failed: 429 Too Many Requests: quota_exceeded: Limit Exceeded (the daily request quota is used up; it resets at 00:00 UTC)"
    );
}

#[tokio::test]
async fn both_error_shapes_show_the_server_keys_and_messages() {
    let replay = ReplayTransport::new();
    replay.expect(
        get(&format!("{BASE}/contacts/nope")),
        json(404, ERROR_ARRAY),
    );
    replay.expect(
        get(&format!("{BASE}/contacts/x")),
        json(
            401,
            r#"{"error_key":"unauthorized","error_message":"Unauthorized"}"#,
        ),
    );
    let c = client(&replay);
    let e = c.send(contacts::GetContact::new("nope")).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "GET /v3/contacts/nope failed: 404 Not Found: contacts.api.not_found: contact_id is in an invalid format."
    );
    assert_eq!(e.api().unwrap().error_keys(), ["contacts.api.not_found"]);
    // A static token cannot be refreshed: the 401 reaches the caller after one request.
    let e = c.send(contacts::GetContact::new("x")).await.unwrap_err();
    assert!(e.is_unauthorized());
    assert!(
        e.to_string()
            .ends_with("401 Unauthorized: unauthorized: Unauthorized"),
        "{e}"
    );
    replay.assert_done();
}

/// Hands out `old` until told it was rejected, then `new`.
#[derive(Debug, Default)]
struct Rotating {
    refreshed: AtomicU32,
}

impl TokenSource for Rotating {
    fn access_token(&self) -> TokenFuture<'_, Secret> {
        let t = if self.refreshed.load(Ordering::SeqCst) == 0 {
            "old"
        } else {
            "new"
        };
        Box::pin(async move { Ok(Secret::new(t)) })
    }
    fn unauthorized<'a>(&'a self, _: &'a Secret) -> TokenFuture<'a, Option<Secret>> {
        self.refreshed.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Some(Secret::new("new"))) })
    }
}

#[tokio::test]
async fn a_401_refreshes_once_and_resends_with_the_new_token() {
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/activities/a-1");
    replay.expect(
        Expect::get(&url).header("authorization", "Bearer old"),
        json(
            401,
            r#"{"error_key":"unauthorized","error_message":"Unauthorized"}"#,
        ),
    );
    replay.expect(
        Expect::get(&url).header("authorization", "Bearer new"),
        json(200, r#"{"activity_id":"a-1"}"#),
    );
    let tokens = Arc::new(Rotating::default());
    let c = V3Client::builder(tokens.clone())
        .base_url(BASE)
        .transport(Arc::new(replay.clone()))
        .build()
        .unwrap();
    c.send(activities::GetActivity::new("a-1")).await.unwrap();
    assert_eq!(tokens.refreshed.load(Ordering::SeqCst), 1);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn the_default_limit_paces_requests_at_four_a_second() {
    let replay = ReplayTransport::new();
    let url = format!("{BASE}/activities/a-1");
    for _ in 0..5 {
        replay.expect(get(&url), json(200, r#"{"activity_id":"a-1"}"#));
    }
    let c = V3Client::builder(Arc::new(StaticToken(Secret::new("tok-123"))))
        .base_url(BASE)
        .transport(Arc::new(replay.clone()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    for _ in 0..5 {
        c.send(activities::GetActivity::new("a-1")).await.unwrap();
    }
    assert_eq!(start.elapsed(), Duration::from_secs(1));
    replay.assert_done();
}

#[tokio::test]
async fn each_api_refuses_the_other_apis_requests_and_tokens_never_go_in_clear() {
    let replay = ReplayTransport::new();
    let v1 = ctct_models::v1::lists::ListLists::new()
        .to_request()
        .expect("valid request");
    let e = client(&replay).send_request(v1).await.unwrap_err();
    assert!(e.to_string().contains("is a V1 endpoint"), "{e}");
    let v1_client = ctct_client::Client::builder()
        .base_url("https://api.example.test")
        .username("joe")
        .transport(Arc::new(replay.clone()))
        .build()
        .unwrap();
    let e = v1_client
        .send(activities::GetActivity::new("a"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("is a V3 endpoint"), "{e}");
    assert_eq!(replay.request_count(), 0);

    let e = V3Client::builder(Arc::new(StaticToken(Secret::new("t"))))
        .base_url("http://api.example.test/v3")
        .transport(Arc::new(replay.clone()))
        .build()
        .unwrap_err();
    assert!(
        e.to_string().contains("refusing to send credentials"),
        "{e}"
    );
}

#[tokio::test]
async fn the_other_endpoints_send_json_bodies_and_decode_their_answers() {
    use ctct_models::v3::activities::{ContactsJsonImport, JsonImportContact};
    use ctct_models::v3::contacts::{
        ContactCreateOrUpdateInput, ContactPostRequest, ContactPutRequest, EmailAddressPost, Source,
    };

    let replay = ReplayTransport::new();
    let post = |url: &str, body: &str| {
        Expect::post(format!("{BASE}{url}"))
            .header("authorization", "Bearer tok-123")
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body.to_owned())
    };
    replay.expect(
        post(
            "/contacts",
            r#"{"email_address":{"address":"ann@example.com"},"first_name":"Ann","create_source":"Account"}"#,
        ),
        json(201, r#"{"contact_id":"c-1","first_name":"Ann"}"#),
    );
    replay.expect(
        Expect::put(format!("{BASE}/contacts/c-1"))
            .header("content-type", "application/json")
            .body(r#"{"first_name":"Annie","update_source":"Contact"}"#),
        json(200, r#"{"contact_id":"c-1","first_name":"Annie"}"#),
    );
    replay.expect(
        post(
            "/contacts/sign_up_form",
            r#"{"email_address":"bo@example.com","list_memberships":["l-1"]}"#,
        ),
        json(201, r#"{"contact_id":"c-2","action":"created"}"#),
    );
    replay.expect(
        get(&format!("{BASE}/contact_lists/l-1")),
        json(200, r#"{"list_id":"l-1","name":"A"}"#),
    );
    replay.expect(
        Expect::put(format!("{BASE}/contact_lists/l-1")).body(r#"{"name":"B"}"#),
        json(200, r#"{"list_id":"l-1","name":"B"}"#),
    );
    replay.expect(
        post(
            "/activities/contacts_json_import",
            r#"{"import_data":[{"email":"cy@example.com"}],"list_ids":["l-1"]}"#,
        ),
        json(201, IMPORT),
    );
    replay.expect(
        get(&format!("{BASE}/activities?limit=10")),
        json(
            200,
            r#"{"activities":[{"activity_id":"a-1","state":"completed"}]}"#,
        ),
    );

    let c = client(&replay);
    let mut new = ContactPostRequest::new();
    new.create_source = Some(Source::Account);
    new.email_address = Some(EmailAddressPost::new("ann@example.com".into()));
    new.first_name = Some("Ann".into());
    let created = c
        .send(contacts::CreateContact::new(new.clone()))
        .await
        .unwrap();
    assert_eq!(created.contact_id.as_deref(), Some("c-1"));

    let mut put = ContactPutRequest::new(Source::Contact);
    put.first_name = Some("Annie".into());
    let updated = c
        .send(contacts::PutContact::new("c-1", put.clone()))
        .await
        .unwrap();
    assert_eq!(updated.first_name.as_deref(), Some("Annie"));

    let mut signup = ContactCreateOrUpdateInput::new(vec!["l-1".into()]);
    signup.email_address = Some("bo@example.com".into());
    let (status, answer) = c
        .send_with_status(contacts::CreateOrUpdateContact::new(signup.clone()))
        .await
        .unwrap();
    assert_eq!((status, answer.contact_id.as_deref()), (201, Some("c-2")));

    let list = c.send(contact_lists::GetList::new("l-1")).await.unwrap();
    assert_eq!(list.name.as_deref(), Some("A"));
    let renamed = c
        .send(contact_lists::PutList::new(
            "l-1",
            (ListInput::new("B".into())).clone(),
        ))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("B"));

    let mut row = JsonImportContact::new();
    row.email = Some("cy@example.com".into());
    let import = ContactsJsonImport::new(vec![row], vec!["l-1".into()]);
    let started = c
        .send(activities::ImportContactsJson::new(import.clone()))
        .await
        .unwrap();
    assert!(started.activity_id.is_some());

    let page = c
        .send(activities::GetActivities::new().limit(10))
        .await
        .unwrap();
    assert_eq!(page.activities.unwrap().len(), 1);
    replay.assert_done();
}
