//! Bulk import, activity waits and exports, request by request against the replay transport.
#![allow(clippy::unwrap_used)]

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ctct_client::Error;
use ctct_client::error::chain;
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::workflows::activities::{ActivityFailureKind, WaitOptions};
use ctct_client::workflows::export::ExportOptions;
use ctct_client::workflows::import::{FormEncoding, ImportOptions};
use ctct_models::ids::{ActivityId, ListId};
use ctct_models::v1::activities::{
    Activity, ActivityError, ActivityErrors, ActivityStatus, ActivityType,
};
use ctct_models::v1::contacts::Contact;
use support::*;

const FORM: &str = "application/x-www-form-urlencoded";
const LIST1: &str =
    "lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1";

fn activity_uri(id: &str) -> String {
    format!("http://api.constantcontact.com/ws/customers/joesflowers/activities/{id}")
}

fn activity_xml(id: &str, status: &str, count: i64, errors: &[(i64, &str, &str)]) -> String {
    let a = Activity {
        id: Some(activity_uri(id)),
        type_: Some(ActivityType::AddContactDetail),
        status: Some(ActivityStatus::Unknown(status.to_owned())),
        errors: Some(ActivityErrors {
            errors: errors
                .iter()
                .map(|(line, email, message)| ActivityError {
                    line_number: Some(*line),
                    email_address: Some((*email).to_owned()),
                    message: Some((*message).to_owned()),
                })
                .collect(),
        }),
        file_name: Some(String::new()),
        transaction_count: Some(count),
        ..Activity::default()
    };
    entry(
        activity_uri(id),
        format!("/ws/customers/joesflowers/activities/{id}"),
        a,
    )
    .to_xml()
    .expect("activity xml")
}

fn created(id: &str) -> Reply {
    Reply::status(201, activity_xml(id, "QUEUED", 0, &[]))
        .with_header("content-type", "application/atom+xml")
        .with_header("location", &activity_uri(id))
}

fn list1() -> ListId {
    ListId::new("joesflowers", "1")
}

#[tokio::test]
async fn csv_import_is_chunked_validated_and_sent_byte_for_byte() {
    let replay = ReplayTransport::new();
    let first = format!(
        "activityType=SV_ADD&data=EMAIL+ADDRESS%2CFIRST+NAME%2CCITY%0Aann%40example.com%2CAnn%2C%22Boston%2C+MA%22%0Abob%40example.com%2CBob%2C&{LIST1}"
    );
    let second = format!(
        "activityType=SV_ADD&data=EMAIL+ADDRESS%2CFIRST+NAME%2CCITY%0Adee%40example.com%2C%22D%0Aline%22%2C&{LIST1}"
    );
    replay
        .expect(
            Expect::post(format!("{ACCOUNT}/activities"))
                .header("content-type", FORM)
                .header("authorization", basic_header())
                .body(first),
            created("a1"),
        )
        .expect(
            Expect::post(format!("{ACCOUNT}/activities"))
                .header("content-type", FORM)
                .body(second),
            created("a2"),
        );
    let csv = "Email Address,first_name,CITY\r\n\
               ann@example.com,Ann,\"Boston, MA\"\r\n\
               bob@example.com,Bob,\r\n\
               not-an-email,Carl,\r\n\
               \r\n\
               dee@example.com,\"D\nline\",\r\n";
    let options = ImportOptions {
        max_rows: 2,
        ..ImportOptions::new([list1()])
    };
    let report = client(&replay)
        .import_csv(std::io::Cursor::new(csv.as_bytes().to_vec()), &options)
        .await
        .expect("import");
    replay.assert_done();
    assert_eq!(
        report.activity_ids(),
        vec![
            ActivityId::new("joesflowers", "a1"),
            ActivityId::new("joesflowers", "a2")
        ]
    );
    assert_eq!(report.chunks[0].lines, vec![2, 3]);
    assert_eq!(report.chunks[1].lines, vec![6]);
    // The activity's own line 2 (after its header) is the file's line 6.
    assert_eq!(report.chunks[1].source_line(2), Some(6));
    assert_eq!(
        (report.rows_read, report.rows_sent, report.blank_lines),
        (4, 3, 1)
    );
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].line, 4);
    assert_eq!(
        report.rejected[0].reason,
        "EMAIL ADDRESS \"not-an-email\" is not an email address"
    );
}

#[tokio::test]
async fn contacts_import_multipart_sends_the_columns_used() {
    let replay = ReplayTransport::new();
    let boundary = "ctct-rs-form-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"activityType\"\r\n\r\nSV_ADD\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"data\"; filename=\"data.csv\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\
         EMAIL ADDRESS,LAST NAME\na@example.com,Smith\nb@example.com,\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"lists\"\r\n\r\nhttp://api.constantcontact.com/ws/customers/joesflowers/lists/1\r\n\
         --{boundary}--\r\n"
    );
    replay.expect(
        Expect::post(format!("{ACCOUNT}/activities"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body),
        created("m1"),
    );
    let contacts = vec![
        Contact {
            email_address: Some("a@example.com".into()),
            last_name: Some("Smith".into()),
            ..Contact::default()
        },
        Contact {
            email_address: Some(format!("{}@example.com", "x".repeat(80))),
            ..Contact::default()
        },
        Contact {
            email_address: Some(" B@example.com ".to_lowercase()),
            ..Contact::default()
        },
    ];
    let options = ImportOptions {
        encoding: FormEncoding::Multipart,
        ..ImportOptions::new([list1()])
    };
    let report = client(&replay)
        .import_contacts(contacts, &options)
        .await
        .expect("import");
    replay.assert_done();
    assert_eq!(report.chunks[0].lines, vec![1, 3]);
    assert_eq!(report.rejected[0].line, 2);
    assert!(
        report.rejected[0]
            .reason
            .contains("has 92 characters (at most 80)")
    );
}

#[tokio::test]
async fn a_failed_activity_post_is_not_retried_and_keeps_the_report() {
    let replay = ReplayTransport::new();
    replay
        .expect(Expect::post(format!("{ACCOUNT}/activities")), created("a1"))
        .expect(
            Expect::post(format!("{ACCOUNT}/activities")),
            Reply::status(500, "Internal Server Error"),
        );
    let rows: Vec<Contact> = (0..3)
        .map(|i| Contact {
            email_address: Some(format!("u{i}@example.com")),
            ..Contact::default()
        })
        .collect();
    let options = ImportOptions {
        max_rows: 2,
        ..ImportOptions::new([list1()])
    };
    let err = client(&replay)
        .import_contacts(rows, &options)
        .await
        .expect_err("second chunk fails");
    replay.assert_done();
    assert_eq!(replay.request_count(), 2, "a POST is never retried");
    assert_eq!(err.report.chunks.len(), 1);
    assert_eq!(err.report.chunks[0].lines, vec![1, 2]);
    assert_eq!(err.error.status(), Some(500));
    assert_eq!(
        chain(&err),
        "bulk import stopped after creating 1 activity (2 rows sent: activity a1 has input lines 1\u{2013}2), resume from input line 3: POST /ws/customers/joesflowers/activities failed: 500 Internal Server Error: Internal Server Error"
    );
    assert_eq!(err.resume_line, Some(3));
}

#[tokio::test]
async fn a_bad_header_sends_nothing() {
    let replay = ReplayTransport::new();
    let err = client(&replay)
        .import_csv(
            std::io::Cursor::new(b"EMAIL ADDRESS,SHOE SIZE\na@example.com,9\n".to_vec()),
            &ImportOptions::new([list1()]),
        )
        .await
        .expect_err("unknown column");
    assert_eq!(replay.request_count(), 0);
    assert!(
        chain(&err).contains("column 2 \"SHOE SIZE\" is not a bulk-activity column"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn waiting_polls_with_growing_intervals_and_reports_progress() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/activities/a1");
    replay
        .expect(
            Expect::get(&url),
            Reply::atom(activity_xml("a1", "QUEUED", 0, &[])),
        )
        .expect(
            Expect::get(&url),
            Reply::atom(activity_xml("a1", "RUNNING", 10, &[])),
        )
        .expect(
            Expect::get(&url),
            Reply::atom(activity_xml("a1", "COMPLETE", 25, &[])),
        );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let start = tokio::time::Instant::now();
    let done = client(&replay)
        .wait_for_activity(
            &ActivityId::new("joesflowers", "a1"),
            &WaitOptions::default(),
            move |p| {
                log.lock().unwrap().push((
                    p.poll,
                    p.status.map(|s| s.as_str().to_owned()),
                    p.transactions,
                    p.elapsed,
                ))
            },
        )
        .await
        .expect("complete");
    replay.assert_done();
    assert_eq!(done.transaction_count, Some(25));
    // Waits of 1 s then 1.5 s.
    assert_eq!(start.elapsed(), Duration::from_millis(2500));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen.iter()
            .map(|s| (s.0, s.1.clone(), s.2))
            .collect::<Vec<_>>(),
        vec![
            (1, Some("QUEUED".into()), Some(0)),
            (2, Some("RUNNING".into()), Some(10)),
            (3, Some("COMPLETE".into()), Some(25)),
        ]
    );
    assert_eq!(seen[2].3, Duration::from_millis(2500));
}

#[tokio::test(start_paused = true)]
async fn an_activity_with_rejected_lines_is_an_error_naming_them() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/activities/a1")),
        Reply::atom(activity_xml(
            "a1",
            "COMPLETE",
            1,
            &[
                (
                    3,
                    "test2@test.com",
                    "Unknown US/Canadian state/prov \"Test2\"",
                ),
                (
                    4,
                    "test3@test.com",
                    "Unknown US/Canadian state/prov \"Test3\"",
                ),
            ],
        )),
    );
    let err = client(&replay)
        .wait_for_activity(
            &ActivityId::new("joesflowers", "a1"),
            &WaitOptions::default(),
            |_| {},
        )
        .await
        .expect_err("rejected lines");
    let Error::Activity(failure) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.kind, ActivityFailureKind::RejectedLines(2));
    assert_eq!(
        err.to_string(),
        "activity a1 completed but rejected 2 line(s): line 3 (test2@test.com): Unknown US/Canadian state/prov \"Test2\"; line 4 (test3@test.com): Unknown US/Canadian state/prov \"Test3\""
    );
}

#[tokio::test(start_paused = true)]
async fn waiting_times_out_and_failed_activities_fail() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/activities/a1");
    for _ in 0..4 {
        replay.expect(
            Expect::get(&url),
            Reply::atom(activity_xml("a1", "RUNNING", 0, &[])),
        );
    }
    let options = WaitOptions {
        initial_interval: Duration::from_secs(1),
        max_interval: Duration::from_secs(2),
        timeout: Duration::from_secs(4),
    };
    let err = client(&replay)
        .wait_for_activity(&ActivityId::new("joesflowers", "a1"), &options, |_| {})
        .await
        .expect_err("timeout");
    // Polls at 0, 1, 2.5 and (capped by the timeout) 4 s.
    replay.assert_done();
    assert_eq!(
        err.to_string(),
        "activity a1 had not finished after 4s (last status RUNNING)"
    );

    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(&url),
        Reply::atom(activity_xml("a1", "ERROR", 0, &[])),
    );
    let err = client(&replay)
        .wait_for_activity(&ActivityId::new("joesflowers", "a1"), &options, |_| {})
        .await
        .expect_err("failed");
    assert_eq!(err.to_string(), "activity a1 failed (status ERROR)");
}

#[tokio::test(start_paused = true)]
async fn export_creates_waits_downloads_and_writes_atomically() {
    let replay = ReplayTransport::new();
    let done = activity_xml("e1", "COMPLETE", 2, &[]).replace(
        "<FileName></FileName>",
        "<FileName>/ws/customers/joesflowers/activities/e1file.csv</FileName>",
    );
    assert!(done.contains("e1file.csv"), "{done}");
    replay
        .expect(
            Expect::post(format!("{ACCOUNT}/activities"))
                .header("content-type", FORM)
                .body(
                    "activityType=EXPORT_CONTACTS&fileType=CSV&exportOptDate=true&sortBy=EMAIL_ADDRESS&columns=FIRST+NAME&listId=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1",
                ),
            created("e1"),
        )
        .expect(Expect::get(format!("{ACCOUNT}/activities/e1")), Reply::atom(done))
        .expect(
            Expect::get(format!("{ACCOUNT}/activities/e1file.csv")).header("accept", "*/*"),
            Reply::status(200, "EMAIL ADDRESS,FIRST NAME\na@example.com,Ann\n"),
        );
    let dir = std::env::temp_dir().join(format!("ctct-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("list1.csv");
    let options = ExportOptions {
        columns: vec!["FIRST NAME".into()],
        opt_in_date: Some(true),
        sort_by: Some(ctct_models::v1::activities::ExportSortBy::EmailAddress),
        ..ExportOptions::default()
    };
    let mut progress = Vec::new();
    let written = client(&replay)
        .export_list_to(
            &list1(),
            &options,
            &WaitOptions::default(),
            |_| {},
            &path,
            |p| progress.push(p),
        )
        .await
        .expect("export");
    replay.assert_done();
    // A transport without its own streaming hands the body over as one chunk.
    assert_eq!(
        progress,
        vec![ctct_client::workflows::download::DownloadProgress {
            bytes: 43,
            total: None
        }]
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, "EMAIL ADDRESS,FIRST NAME\na@example.com,Ann\n");
    assert_eq!(written, text.len() as u64);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn an_unclosed_quote_stops_the_import_with_its_line_after_sending_the_rows_before() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{ACCOUNT}/activities")).body(format!(
            "activityType=SV_ADD&data=EMAIL+ADDRESS%2CCITY%0Aann%40example.com%2CBoston&{LIST1}"
        )),
        created("a1"),
    );
    let mut csv =
        String::from("EMAIL ADDRESS,CITY\nann@example.com,Boston\nbob@example.com,\"open\n");
    while csv.len() < 3 << 20 {
        csv.push_str("never closed\n");
    }
    csv.push_str("carl@example.com,Paris\n");
    let err = client(&replay)
        .import_csv(
            std::io::Cursor::new(csv.into_bytes()),
            &ImportOptions::new([list1()]),
        )
        .await
        .unwrap_err();
    replay.assert_done();
    assert_eq!(err.report.rows_sent, 1);
    assert_eq!(err.report.chunks[0].lines, vec![2]);
    assert_eq!(err.report.rejected.len(), 1);
    assert_eq!(err.report.rejected[0].line, 3);
    let msg = chain(&err);
    assert!(
        msg.contains("CSV line 3: the record is longer than 1048576 bytes"),
        "{msg}"
    );
    assert!(msg.contains("nothing from line 3 on was read"), "{msg}");
}

#[tokio::test]
async fn an_unclosed_quote_is_reported_as_the_range_of_lines_not_read() {
    // Line 3 opens a quote that is never closed: lines 3–10000 are one unfinished record.
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{ACCOUNT}/activities")).body(format!(
            "activityType=SV_ADD&data=EMAIL+ADDRESS%2CCITY%0Aann%40example.com%2CBoston&{LIST1}"
        )),
        created("a1"),
    );
    let mut csv =
        "EMAIL ADDRESS,CITY\nann@example.com,Boston\nbob@example.com,\"Salem\n".to_owned();
    for i in 4..=10_000 {
        csv.push_str(&format!("u{i}@example.com,Town {i}\n"));
    }
    let report = client(&replay)
        .import_csv(
            std::io::Cursor::new(csv.into_bytes()),
            &ImportOptions::new([list1()]),
        )
        .await
        .expect("import");
    replay.assert_done();
    assert_eq!((report.rows_read, report.rows_sent), (1, 1));
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let unread = report.unread.expect("lines not read");
    assert_eq!(
        (unread.first, unread.last, unread.count()),
        (3, 10_000, 9_998)
    );
    assert_eq!(
        unread.message,
        "lines 3\u{2013}10000 not read: quote opened on line 3 never closed"
    );
}

#[tokio::test]
async fn an_activity_answered_413_is_halved_down_to_one_row_which_then_fails_by_line() {
    // Rows on lines 2, 3, 4: all three → 413; line 2 alone → created; lines 3–4 → 413;
    // line 3 → created; line 4 alone → 413: the import stops there, naming line 4.
    let body = |emails: &[&str]| {
        let rows: String = emails
            .iter()
            .map(|e| format!("%0A{}", e.replace('@', "%40")))
            .collect();
        format!("activityType=SV_ADD&data=EMAIL+ADDRESS{rows}&{LIST1}")
    };
    let too_large = || Reply::status(413, "Error 413: request body over 100 bytes");
    let post = |emails: &[&str]| Expect::post(format!("{ACCOUNT}/activities")).body(body(emails));
    let replay = ReplayTransport::new();
    replay
        .expect(post(&["a@x.com", "b@x.com", "c@x.com"]), too_large())
        .expect(post(&["a@x.com"]), created("h1"))
        .expect(post(&["b@x.com", "c@x.com"]), too_large())
        .expect(post(&["b@x.com"]), created("h2"))
        .expect(post(&["c@x.com"]), too_large());
    let csv = "EMAIL ADDRESS\na@x.com\nb@x.com\nc@x.com\n";
    let err = client(&replay)
        .import_csv(
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            &ImportOptions::new([list1()]),
        )
        .await
        .unwrap_err();
    replay.assert_done();
    let lines: Vec<_> = err.report.chunks.iter().map(|c| c.lines.clone()).collect();
    assert_eq!(lines, vec![vec![2], vec![3]]);
    assert_eq!(err.report.rows_sent, 2);
    assert_eq!(err.resume_line, Some(4));
    let shown = chain(&err);
    assert!(
        shown.starts_with(
            "bulk import stopped after creating 2 activities (2 rows sent: activity h1 has \
             input line 2; activity h2 has input line 3), resume from input line 4: the server \
             refuses the row of input line 4 as too large even alone in an activity ("
        ),
        "{shown}"
    );
    assert!(shown.contains("413 Payload Too Large"), "{shown}");
}

#[tokio::test]
async fn from_line_skips_the_rows_before_it_and_keeps_the_header() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{ACCOUNT}/activities")).body(format!(
            "activityType=SV_ADD&data=EMAIL+ADDRESS%2CCITY%0Ac%40x.com%2C%22two%0Alines%22%0Ad%40x.com%2C&{LIST1}"
        )),
        created("r1"),
    );
    // Line 3 starts a record that runs to line 4; resuming from line 5 skips it whole.
    let csv = "EMAIL ADDRESS,CITY\na@x.com,\nb@x.com,\"x\ny\"\nc@x.com,\"two\nlines\"\nd@x.com,\n";
    let options = ImportOptions {
        from_line: Some(5),
        ..ImportOptions::new([list1()])
    };
    let report = client(&replay)
        .import_csv(std::io::Cursor::new(csv.as_bytes().to_vec()), &options)
        .await
        .unwrap();
    replay.assert_done();
    assert_eq!(report.skipped, 2);
    assert_eq!((report.rows_read, report.rows_sent), (2, 2));
    assert_eq!(report.chunks[0].lines, vec![5, 7]);
    let err = client(&replay)
        .import_csv(
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            &ImportOptions {
                from_line: Some(1),
                ..ImportOptions::new([list1()])
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.error.to_string(),
        "ImportOptions::from_line is 1: line 1 is the header, give 2 or more"
    );
}
