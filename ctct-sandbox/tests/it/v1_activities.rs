//! Bulk activities in the sandbox over real HTTP: form-encoded and multipart creates, the
//! PENDING → RUNNING → COMPLETE progression, rows applied to the store, per-line errors,
//! export files, and the 4xx answers for bad requests.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use ctct_models::endpoint::Endpoint as _;
use std::time::Duration;

use ctct_models::atom::Entry;
use ctct_models::endpoint::Request;
use ctct_models::form::Table;
use ctct_models::ids::ListId;
use ctct_models::v1::activities::{self as act, Activity, ActivityStatus, ActivityType};
use ctct_models::v1::contacts::{Contact, ContactStatus};
use ctct_models::v1::lists::ContactListMember;
use ctct_sandbox::Config;
use support::v1::*;

async fn start_paced(contacts: usize, lists: usize, step_ms: u64) -> Api {
    start_with(Config {
        seed_contacts: contacts,
        seed_lists: lists,
        activity_step: Duration::from_millis(step_ms),
        ..config()
    })
    .await
}

/// Sends a generated request's body with its own content type.
async fn send<R>(api: &Api, req: Request<R>) -> Resp {
    let body = req.body.unwrap();
    let ct = body.content_type().to_owned();
    api.raw(
        "POST",
        &req.path,
        Some(&ct),
        Some(body.as_text().unwrap().to_owned()),
        Some((&format!("{KEY}%{USER}"), PASS)),
    )
    .await
}

async fn post_form(api: &Api, content_type: &str, body: &str) -> Resp {
    api.raw(
        "POST",
        "/activities",
        Some(content_type),
        Some(body.to_owned()),
        Some((&format!("{KEY}%{USER}"), PASS)),
    )
    .await
}

fn list(n: &str) -> ListId {
    ListId::new(USER, n)
}

async fn activity(api: &Api, id: &str) -> Activity {
    api.get(&format!("/activities/{id}"))
        .await
        .entry::<Activity>()
        .content
}

async fn find(api: &Api, email: &str) -> Option<Contact> {
    let feed = api
        .get(&format!("/contacts?email={}", email.replace('@', "%40")))
        .await
        .feed::<Contact>();
    match feed.entries.first() {
        Some(e) => Some(api.contact(&tail(e.id.as_deref().unwrap())).await),
        None => None,
    }
}

async fn members(api: &Api, list: &str) -> Vec<String> {
    let mut emails: Vec<String> = api
        .all::<ContactListMember>(&format!("/lists/{list}/members"))
        .await
        .into_iter()
        .map(|e| e.content.email_address.unwrap())
        .collect();
    emails.sort();
    emails
}

#[tokio::test]
async fn an_add_activity_progresses_applies_its_rows_and_reports_bad_lines() {
    let api = start_paced(0, 2, 150).await;
    let data = Table::new(["Email Address", "FIRST NAME", "CITY", "STATE"])
        .row(["ann@example.com", "Ann", "Boston, MA", "MA"])
        .row(["not-an-email", "Bad", "Nowhere", ""])
        .row(["test2@example.com", "Tess", "Somewhere", "Test2"])
        .row(["bo@example.com", "Bo", "Toronto", "on"]);
    let r = send(
        &api,
        act::CreateSvAddActivity::new(&data)
            .lists([list("1"), list("2")])
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let created = r.entry::<Activity>();
    let id = tail(created.id.as_deref().unwrap());
    assert!(
        r.header("location")
            .unwrap()
            .ends_with(&format!("/ws/customers/{USER}/activities/{id}")),
        "{:?}",
        r.header("location")
    );
    let a = created.content;
    assert_eq!(a.status, Some(ActivityStatus::Pending));
    assert_eq!(a.type_, Some(ActivityType::SvAdd));
    assert_eq!(a.transaction_count, Some(0));
    assert!(a.insert_time.is_some() && a.run_start_time.is_none());
    assert_eq!(a.file_name.as_deref(), Some(""));
    // Poll until it completes, noting every status seen on the way.
    let mut seen = vec![ActivityStatus::Pending];
    let done = loop {
        let a = activity(&api, &id).await;
        let status = a.status.clone().unwrap();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == ActivityStatus::Complete {
            break a;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(
        seen,
        [
            ActivityStatus::Pending,
            ActivityStatus::Running,
            ActivityStatus::Complete
        ]
    );
    assert_eq!(done.transaction_count, Some(2));
    let (start, finish) = (done.run_start_time.unwrap(), done.run_finish_time.unwrap());
    assert!(done.insert_time.unwrap() < start && start < finish);
    let errors: Vec<(i64, String, String)> = done
        .errors
        .unwrap()
        .errors
        .into_iter()
        .map(|e| {
            (
                e.line_number.unwrap(),
                e.email_address.unwrap(),
                e.message.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                3,
                "not-an-email".to_owned(),
                "Invalid email address \"not-an-email\"".to_owned()
            ),
            (
                4,
                "test2@example.com".to_owned(),
                "Unknown US/Canadian state/prov \"Test2\"".to_owned()
            ),
        ]
    );
    // The good rows are contacts now, on both lists; the rejected ones are not.
    let ann = find(&api, "ann@example.com").await.unwrap();
    assert_eq!(ann.first_name.as_deref(), Some("Ann"));
    assert_eq!(ann.city.as_deref(), Some("Boston, MA"));
    assert_eq!(ann.state_code.as_deref(), Some("MA"));
    assert_eq!(ann.status, Some(ContactStatus::Active));
    assert_eq!(ann.contact_lists.unwrap().lists.len(), 2);
    assert!(find(&api, "bo@example.com").await.is_some());
    assert!(find(&api, "test2@example.com").await.is_none());
    assert_eq!(
        members(&api, "1").await,
        ["ann@example.com", "bo@example.com"]
    );
}

#[tokio::test]
async fn multipart_remove_and_clear_change_memberships() {
    let api = start_paced(12, 2, 0).await;
    let before_1 = members(&api, "1").await;
    let before_2 = members(&api, "2").await;
    assert!(before_1.contains(&"contact00003@example.com".to_owned()));
    // contact00003 is on lists 2 and 1 (every third contact is on two lists).
    let data = Table::new(["EMAIL ADDRESS"])
        .row(["contact00003@example.com"])
        .row(["nobody@example.com"]);
    let r = send(
        &api,
        act::CreateRemoveContactsFromListsActivityMultipart::new(&data)
            .lists([list("1")])
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let remove_id = tail(r.entry::<Activity>().id.as_deref().unwrap());
    api.sandbox.settle().await;
    let done = activity(&api, &remove_id).await;
    assert_eq!(done.status, Some(ActivityStatus::Complete));
    assert_eq!(done.type_, Some(ActivityType::RemoveContactsFromLists));
    assert_eq!(done.transaction_count, Some(1));
    let errs = done.errors.unwrap().errors;
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line_number, Some(3));
    assert_eq!(
        errs[0].message.as_deref(),
        Some("Contact nobody@example.com not found")
    );
    let after_1 = members(&api, "1").await;
    let expected: Vec<String> = before_1
        .iter()
        .filter(|e| *e != "contact00003@example.com")
        .cloned()
        .collect();
    assert_eq!(after_1, expected);
    assert_eq!(members(&api, "2").await, before_2);
    // Clear list 2 with a multipart body: every member goes, list 1 is untouched.
    let r = send(
        &api,
        act::CreateClearContactsFromListsActivityMultipart::new()
            .lists([list("2")])
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let clear_id = tail(r.entry::<Activity>().id.as_deref().unwrap());
    api.sandbox.settle().await;
    let done = activity(&api, &clear_id).await;
    assert_eq!(done.status, Some(ActivityStatus::Complete));
    assert_eq!(
        done.transaction_count,
        Some(i64::try_from(before_2.len()).unwrap())
    );
    assert!(members(&api, "2").await.is_empty());
    assert_eq!(members(&api, "1").await, after_1);
    // Contacts that were only on list 2 are Removed now.
    let only_on_2: Vec<&String> = before_2.iter().filter(|e| !after_1.contains(e)).collect();
    assert!(!only_on_2.is_empty());
    for e in only_on_2 {
        assert_eq!(
            find(&api, e).await.unwrap().status,
            Some(ContactStatus::Removed),
            "{e}"
        );
    }
    // The collection lists both, newest first.
    let ids = tails(&api.all::<Activity>("/activities").await);
    assert_eq!(ids, [clear_id, remove_id]);
}

#[tokio::test]
async fn an_export_writes_a_downloadable_file_of_the_list() {
    let api = start_paced(60, 3, 100).await;
    let req = act::CreateExportContactsActivity::new((act::ExportFileType::Csv).clone(), list("2"))
        .export_opt_date(false)
        .export_opt_source(false)
        .export_list_name(true)
        .sort_by((act::ExportSortBy::EmailAddress).clone())
        .columns(["FIRST NAME", "LAST NAME", "EMAIL ADDRESS", "CITY"])
        .to_request()
        .unwrap();
    let r = send(&api, req).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let a: Entry<Activity> = r.entry();
    let file_name = a.content.file_name.clone().unwrap();
    let id = tail(a.id.as_deref().unwrap());
    assert!(
        file_name.ends_with(&format!("/activities/{id}.csv")),
        "{file_name}"
    );
    let file = tail(&file_name);
    // Not downloadable before it is complete.
    assert_eq!(api.get(&format!("/activities/{file}")).await.status, 404);
    api.sandbox.settle().await;
    let done = activity(&api, &id).await;
    assert_eq!(done.status, Some(ActivityStatus::Complete));
    let r = api.get(&format!("/activities/{file}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("text/csv;charset=utf-8"));
    let mut lines = r.body.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(
        lines.next(),
        Some("EMAIL ADDRESS,FIRST NAME,LAST NAME,CITY,LIST NAME")
    );
    let rows: Vec<&str> = lines.collect();
    let expected = members(&api, "2").await;
    assert_eq!(
        done.transaction_count,
        Some(i64::try_from(expected.len()).unwrap())
    );
    assert_eq!(rows.len(), expected.len());
    for (row, email) in rows.iter().zip(&expected) {
        let c = find(&api, email).await.unwrap();
        assert_eq!(
            *row,
            format!(
                "{email},{},{},{},Newsletter",
                c.first_name.unwrap(),
                c.last_name.unwrap(),
                c.city.unwrap()
            )
        );
    }
    // A TXT export of a system list is tab-separated.
    let req = act::CreateExportContactsActivityMultipart::new(
        (act::ExportFileType::Txt).clone(),
        list("do-not-mail"),
    )
    .to_request()
    .unwrap();
    let r = send(&api, req).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let file = tail(&r.entry::<Activity>().content.file_name.unwrap());
    api.sandbox.settle().await;
    let r = api.get(&format!("/activities/{file}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain;charset=utf-8"));
    assert_eq!(r.body, "EMAIL ADDRESS\r\ncontact00050@example.com\r\n");
}

#[tokio::test]
async fn bad_activity_requests_are_refused_and_change_nothing() {
    let api = start_paced(5, 1, 0).await;
    let form = "application/x-www-form-urlencoded";
    let lists1 =
        "lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1";
    let cases: &[(&str, &str, u16, &str)] = &[
        (
            "application/atom+xml",
            "activityType=SV_ADD",
            415,
            "Unsupported Media Type",
        ),
        (form, "data=EMAIL+ADDRESS", 400, "activityType is missing"),
        (
            form,
            "activityType=ADD_EVERYTHING",
            400,
            "activityType: \"ADD_EVERYTHING\"",
        ),
        (
            form,
            "activityType=SV_ADD&data=EMAIL+ADDRESS%0Aa%40b.com",
            400,
            "lists is missing",
        ),
        (
            form,
            "activityType=SV_ADD&data=EMAIL+ADDRESS&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fother%2Flists%2F1",
            400,
            "is not a list of this account",
        ),
        (
            form,
            "activityType=SV_ADD&data=EMAIL+ADDRESS&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F9",
            400,
            "is not a list of this account",
        ),
        (
            form,
            "activityType=CLEAR_CONTACTS_FROM_LISTS&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2Factive",
            400,
            "system list",
        ),
        (
            form,
            &format!("activityType=SV_ADD&{lists1}"),
            400,
            "data is missing",
        ),
        (
            form,
            &format!("activityType=SV_ADD&{lists1}&data=EMAIL+ADDRESS%2CSHOE+SIZE"),
            400,
            "unknown column \"SHOE SIZE\" on line 1",
        ),
        (
            form,
            &format!("activityType=SV_ADD&{lists1}&data=FIRST+NAME"),
            400,
            "no EMAIL ADDRESS column",
        ),
        (
            form,
            "activityType=EXPORT_CONTACTS&fileType=XLS&listId=x",
            400,
            "fileType: \"XLS\" is not CSV or TXT",
        ),
        (
            form,
            "activityType=EXPORT_CONTACTS&fileType=CSV&listId=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1&exportOptDate=yes",
            400,
            "exportOptDate: \"yes\" is not true or false",
        ),
        ("multipart/form-data", "--x\r\n", 400, "boundary"),
    ];
    for (ct, body, status, needle) in cases {
        let r = post_form(&api, ct, body).await;
        assert_eq!(r.status, *status, "{body}: {}", r.body);
        assert!(r.body.contains(needle), "{body}: {}", r.body);
        assert_eq!(r.header("content-type"), Some("text/plain;charset=utf-8"));
    }
    assert!(api.all::<Activity>("/activities").await.is_empty());
    assert_eq!(members(&api, "1").await.len(), 5);
    assert_eq!(api.get("/activities/a07enothing").await.status, 404);
    assert_eq!(api.get("/activities/a07enothing.csv").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_activity_and_concurrent_api_writes_both_land() {
    let api = std::sync::Arc::new(start_paced(0, 1, 1).await);
    let mut data = Table::new(["EMAIL ADDRESS", "FIRST NAME"]);
    for i in 0..300 {
        data = data.row([format!("bulk{i:03}@example.com"), format!("Bulk{i}")]);
    }
    let r = send(
        &api,
        act::CreateAddContactsActivity::new(&data)
            .lists([list("1")])
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = tail(r.entry::<Activity>().id.as_deref().unwrap());
    let mut tasks = Vec::new();
    for t in 0..8 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let mut created = 0;
            for i in 0..10 {
                let r = api
                    .create(&new_contact(&format!("api{t}-{i}@example.com"), &["1"]))
                    .await;
                assert_eq!(r.status, 201, "{}", r.body);
                created += 1;
            }
            // Races the activity for an address it also adds: 201 or 409, never both lost.
            let r = api
                .create(&new_contact(
                    &format!("bulk{:03}@example.com", 150 + t),
                    &["1"],
                ))
                .await;
            assert!(matches!(r.status, 201 | 409), "{} {}", r.status, r.body);
            created
        }));
    }
    let mut created = 0;
    for t in tasks {
        created += t.await.unwrap();
    }
    api.sandbox.settle().await;
    let done = activity(&api, &id).await;
    assert_eq!(done.status, Some(ActivityStatus::Complete));
    assert_eq!(done.transaction_count, Some(300));
    assert!(done.errors.unwrap().errors.is_empty());
    let all = members(&api, "1").await;
    assert_eq!(all.len(), 300 + created);
    assert!(all.contains(&"bulk299@example.com".to_owned()));
    assert!(all.contains(&"api7-9@example.com".to_owned()));
}

#[tokio::test]
async fn an_activity_body_up_to_4_mib_is_accepted_other_bodies_keep_1_mib() {
    let api = start_paced(0, 1, 0).await;
    let rows = |n: usize| {
        let mut t = Table::new(["EMAIL ADDRESS", "CITY"]);
        for i in 0..n {
            t = t.row([format!("bulk{i:06}@example.com"), "Springfield".to_owned()]);
        }
        act::CreateSvAddActivity::new(&t)
            .lists([list("1")])
            .to_request()
            .unwrap()
    };
    // About 3 MB of form: over the 1 MiB general cap, under 4 MiB.
    let req = rows(60_000);
    let len = req.body.as_ref().unwrap().as_bytes().len();
    assert!((2_000_000..4 * 1024 * 1024).contains(&len), "{len} bytes");
    let r = send(&api, req).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Over 4 MiB: refused, nothing more created.
    let req = rows(110_000);
    let len = req.body.as_ref().unwrap().as_bytes().len();
    assert!(len > 4 * 1024 * 1024, "{len} bytes");
    let r = send(&api, req).await;
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(
        r.body,
        format!("Error 413: request body over {} bytes", 4 * 1024 * 1024)
    );
    let feed = api.get("/activities").await.feed::<Activity>();
    assert_eq!(feed.entries.len(), 1);
    // Other writes keep the 1 MiB cap.
    let r = api
        .call("POST", "/contacts", Some("<entry".repeat(200_000)))
        .await;
    assert_eq!(r.status, 413);
}
