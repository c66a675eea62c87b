//! Characters XML 1.0 cannot carry (NUL and the other controls but tab, line feed and carriage
//! return; U+FFFE, U+FFFF) never get into the account: a stored one would make every later
//! document carrying the contact unwritable, and so every later read of the account fail.
//! Tried through the client's import and over raw HTTP against the sandbox.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::time::Duration;

use ctct_client::workflows::activities::WaitOptions;
use ctct_client::workflows::import::ImportOptions;
use ctct_models::atom::{Entry, Feed};
use ctct_models::v1::activities::{Activity, ActivityStatus};
use ctct_models::v1::contacts::Contact;
use futures_util::TryStreamExt as _;
use support::client::*;

fn fast_wait() -> WaitOptions {
    WaitOptions {
        initial_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(50),
        timeout: Duration::from_secs(10),
    }
}

/// `GET` over raw HTTP, with the status and the body.
async fn raw_get(env: &Env, rest: &str) -> (u16, String) {
    let r = crate::support::sandbox::http_client()
        .get(format!("{}{rest}", env.sandbox.account_url()))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// `POST` over raw HTTP.
async fn raw_post(env: &Env, rest: &str, content_type: &str, body: String) -> (u16, String) {
    let r = crate::support::sandbox::http_client()
        .post(format!("{}{rest}", env.sandbox.account_url()))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Every contact's email, read over raw HTTP (which fails if any document is unreadable).
async fn raw_emails(env: &Env) -> Vec<String> {
    let (status, body) = raw_get(env, "/contacts").await;
    assert_eq!(status, 200, "{body}");
    let feed = Feed::<Contact>::from_xml(&body).unwrap();
    let mut emails: Vec<String> = feed.into_items().filter_map(|c| c.email_address).collect();
    emails.sort();
    emails
}

#[tokio::test]
async fn an_imported_row_with_a_nul_is_rejected_with_line_and_column_and_never_sent() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Imported").await.unwrap();
    let csv =
        "EMAIL ADDRESS,FIRST NAME\nok@example.com,Ann\nnul@example.com,A\0n\nlast@example.com,Bo\n";
    let report = env
        .client
        .import_csv(std::io::Cursor::new(csv), &ImportOptions::new([list]))
        .await
        .unwrap();
    assert_eq!((report.rows_read, report.rows_sent), (3, 2));
    assert_eq!(report.rejected.len(), 1);
    let rejected = &report.rejected[0];
    assert_eq!(rejected.line, 3);
    assert_eq!(rejected.email.as_deref(), Some("nul@example.com"));
    assert!(
        rejected
            .reason
            .starts_with("FIRST NAME (column 2) holds U+0000 at line 3, character 2 of \"A\\0n\""),
        "{}",
        rejected.reason
    );
    assert_eq!(env.counts.count("POST /activities"), 1);
    for id in report.activity_ids() {
        env.client
            .wait_for_activity(&id, &fast_wait(), |_| {})
            .await
            .unwrap();
    }
    assert_eq!(
        raw_emails(&env).await,
        vec!["last@example.com", "ok@example.com"]
    );
    // Every later read through the client still works.
    let all: Vec<_> = env.client.contacts().try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn the_sandbox_refuses_an_activity_line_with_a_nul_and_later_reads_work() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Raw").await.unwrap();
    // As a client that checks nothing would send it: `%00` in the form-encoded data.
    let form = format!(
        "activityType=SV_ADD&data=EMAIL+ADDRESS%2CFIRST+NAME%0Anul%40example.com%2CA%00n%0Aok%40example.com%2CAnn\
         %0Aff%40example.com%2C%EF%BF%BF&lists={}",
        ctct_models::form::encode_form_value(&list.uri())
    );
    let (status, body) = raw_post(
        &env,
        "/activities",
        "application/x-www-form-urlencoded",
        form,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let created = Entry::<Activity>::from_xml(&body).unwrap();
    let id = created.content.resource_id().unwrap();
    let done = env
        .client
        .wait_for_activity(&id, &fast_wait(), |_| {})
        .await
        .unwrap_err();
    let ctct_client::Error::Activity(failure) = done else {
        panic!("{done}")
    };
    let activity = failure.activity.unwrap();
    assert_eq!(activity.status, Some(ActivityStatus::Complete));
    assert_eq!(activity.transaction_count, Some(1));
    let errors: Vec<(Option<i64>, Option<String>)> = activity
        .errors
        .iter()
        .flat_map(|e| e.errors.iter())
        .map(|e| (e.line_number, e.message.clone()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                Some(2),
                Some("FIRST NAME holds U+0000 at character 2, which XML cannot carry".into())
            ),
            (
                Some(4),
                Some("FIRST NAME holds U+FFFF at character 1, which XML cannot carry".into())
            ),
        ]
    );
    assert_eq!(raw_emails(&env).await, vec!["ok@example.com"]);
    let (status, body) = raw_get(&env, "/contacts?email=ok%40example.com").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn an_entry_with_a_reference_to_an_illegal_character_is_refused_and_not_stored() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Refs").await.unwrap();
    let entry = format!(
        r#"<?xml version="1.1"?><entry xmlns="http://www.w3.org/2005/Atom"><content type="application/vnd.ctct+xml"><Contact xmlns="http://ws.constantcontact.com/ns/1.0/"><EmailAddress>ref@example.com</EmailAddress><FirstName>a&#1;b</FirstName><OptInSource>ACTION_BY_CUSTOMER</OptInSource><ContactLists><ContactList id="{}"/></ContactLists></Contact></content></entry>"#,
        list.uri()
    );
    let (status, body) = raw_post(&env, "/contacts", "application/atom+xml", entry).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("&#1;") && body.contains("U+0001"), "{body}");
    assert!(raw_emails(&env).await.is_empty());
}
