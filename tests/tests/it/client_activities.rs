//! Bulk import, activity waits and exports end to end against the sandbox, with faults:
//! every row read is imported or reported, nothing is imported twice, and failures are clear.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::collections::HashSet;
use std::io::Write as _;
use std::time::Duration;

use ctct_client::Error;
use ctct_client::workflows::activities::{ActivityFailureKind, WaitOptions};
use ctct_client::workflows::export::ExportOptions;
use ctct_client::workflows::import::{FormEncoding, ImportOptions};
use ctct_models::ids::ListId;
use ctct_models::v1::contacts::Contact;
use ctct_sandbox::{Effect, FaultRule, FaultSpec};
use futures_util::TryStreamExt as _;
use support::client::*;

fn fast_wait() -> WaitOptions {
    WaitOptions {
        initial_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(50),
        timeout: Duration::from_secs(10),
    }
}

/// The email addresses of every member of `list`, read through the API.
async fn members(env: &Env, list: &ListId) -> HashSet<String> {
    let entries: Vec<_> = env.client.list_members(list).try_collect().await.unwrap();
    entries
        .into_iter()
        .map(|e| e.content.email_address.unwrap())
        .collect()
}

fn csv_file(rows: usize, bad_every: usize) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "ctct-import-{}-{}.csv",
        std::process::id(),
        fastrand_name()
    ));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "EMAIL ADDRESS,FIRST NAME,CITY").unwrap();
    for i in 0..rows {
        if bad_every > 0 && i % bad_every == bad_every - 1 {
            writeln!(f, "broken-{i},Bad,Nowhere").unwrap();
        } else {
            writeln!(f, "user{i}@example.com,First {i},\"Town, {i}\"").unwrap();
        }
    }
    f.flush().unwrap();
    path
}

fn fastrand_name() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

#[tokio::test]
async fn a_csv_file_is_imported_in_chunks_and_every_row_is_accounted_for() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Imported").await.unwrap();
    let path = csv_file(120, 40);
    let options = ImportOptions {
        max_rows: 50,
        ..ImportOptions::new([list.clone()])
    };
    let report = env.client.import_csv_file(&path, &options).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    // 120 rows, 3 bad (lines 41, 81, 121): 117 sent in chunks of 50, 50, 17.
    assert_eq!(report.rows_read, 120);
    assert_eq!(report.rows_sent, 117);
    assert_eq!(
        report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![41, 81, 121]
    );
    assert_eq!(
        report
            .chunks
            .iter()
            .map(|c| c.lines.len())
            .collect::<Vec<_>>(),
        vec![50, 50, 17]
    );
    assert_eq!(env.counts.count("POST /activities"), 3);
    for chunk in &report.chunks {
        let done = env
            .client
            .wait_for_activity(&chunk.activity, &fast_wait(), |_| {})
            .await
            .unwrap();
        assert_eq!(done.transaction_count, Some(chunk.lines.len() as i64));
    }
    let got = members(&env, &list).await;
    assert_eq!(got.len(), 117);
    assert!(got.contains("user0@example.com") && got.contains("user118@example.com"));
    let (id, _) = env
        .client
        .find_contact_by_email("user0@example.com")
        .await
        .unwrap()
        .unwrap();
    let stored = env
        .client
        .send(ctct_models::v1::contacts::GetContact::new(&id))
        .await
        .unwrap()
        .content;
    assert_eq!(stored.first_name.as_deref(), Some("First 0"));
    assert_eq!(stored.city.as_deref(), Some("Town, 0"));
}

#[tokio::test]
async fn contacts_import_multipart_with_progress_then_export_round_trips() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Round trip").await.unwrap();
    let contacts: Vec<Contact> = (0..30)
        .map(|i| Contact {
            email_address: Some(format!("rt{i:02}@example.com")),
            last_name: Some(format!("Last {i}")),
            ..Contact::default()
        })
        .collect();
    let options = ImportOptions {
        encoding: FormEncoding::Multipart,
        ..ImportOptions::new([list.clone()])
    };
    let report = env
        .client
        .import_contacts(contacts, &options)
        .await
        .unwrap();
    assert_eq!(report.chunks.len(), 1);
    let mut polls = Vec::new();
    env.client
        .wait_for_activity(&report.chunks[0].activity, &fast_wait(), |p| {
            polls.push(p.status.map(|s| s.as_str().to_owned()))
        })
        .await
        .unwrap();
    assert_eq!(polls.last().unwrap().as_deref(), Some("COMPLETE"));
    assert!(polls.len() >= 2, "saw it running first: {polls:?}");

    let dir = std::env::temp_dir().join(format!("ctct-export-{}", fastrand_name()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("list.csv");
    let written = env
        .client
        .export_list_to(
            &list,
            &ExportOptions {
                columns: vec!["LAST NAME".into()],
                ..ExportOptions::default()
            },
            &fast_wait(),
            |_| {},
            &path,
            |_| {},
        )
        .await
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, text.len() as u64);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "EMAIL ADDRESS,LAST NAME");
    assert_eq!(lines[1], "rt00@example.com,Last 0");
    assert_eq!(lines.len(), 31);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_failed_activity_post_stops_the_import_without_duplicates() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Half").await.unwrap();
    // POST /activities fails with 500 (which may have been processed, so it is not retried).
    let contacts: Vec<Contact> = (0..60)
        .map(|i| Contact {
            email_address: Some(format!("h{i}@example.com")),
            ..Contact::default()
        })
        .collect();
    let options = ImportOptions {
        max_rows: 30,
        ..ImportOptions::new([list.clone()])
    };
    env.sandbox.set_faults(
        FaultSpec::none().with(
            FaultRule::new(Effect::Status {
                code: 500,
                retry_after: None,
                error_key: None,
            })
            .on_method("POST")
            .on_path("/activities")
            .times(2),
        ),
    );
    // The first POST is hit too: nothing is created, nothing retried.
    let err = env
        .client
        .import_contacts(contacts.clone(), &options)
        .await
        .unwrap_err();
    assert!(err.report.chunks.is_empty());
    assert_eq!(err.error.status(), Some(500));
    assert_eq!(env.counts.count("POST /activities"), 1);
    // Second run: one more 500 on the first chunk, then the sandbox is healthy.
    let err = env
        .client
        .import_contacts(contacts.clone(), &options)
        .await
        .unwrap_err();
    assert_eq!(err.report.chunks.len(), 0);
    let report = env
        .client
        .import_contacts(contacts, &options)
        .await
        .unwrap();
    assert_eq!(report.chunks.len(), 2);
    for c in &report.chunks {
        env.client
            .wait_for_activity(&c.activity, &fast_wait(), |_| {})
            .await
            .unwrap();
    }
    assert_eq!(members(&env, &list).await.len(), 60);
    assert_eq!(env.counts.count("POST /activities"), 4);
}

#[tokio::test]
async fn waiting_rides_out_poll_faults_and_rejected_lines_are_reported() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Rejections").await.unwrap();
    // The sandbox rejects a state code it does not know, per line, like the real service.
    let csv = "EMAIL ADDRESS,STATE\nok@example.com,MA\nbad@example.com,Test2\n";
    let report = env
        .client
        .import_csv(
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            &ImportOptions::new([list.clone()]),
        )
        .await
        .unwrap();
    let id = report.chunks[0].activity.clone();
    env.sandbox.set_faults(
        FaultSpec::none()
            .with(
                FaultRule::new(Effect::Status {
                    code: 503,
                    retry_after: None,
                    error_key: None,
                })
                .on_path("/activities/*")
                .times(1),
            )
            .with(
                FaultRule::new(Effect::Truncate)
                    .on_path("/activities/*")
                    .times(1),
            ),
    );
    env.counts.reset();
    let result = env
        .client
        .wait_for_activity(&id, &fast_wait(), |_| {})
        .await;
    match result {
        Err(Error::Activity(f)) => {
            assert_eq!(f.kind, ActivityFailureKind::RejectedLines(1));
            let lines = f.rejected_lines();
            assert_eq!(lines[0].0, Some(3));
            assert_eq!(lines[0].1, Some("bad@example.com"));
            assert_eq!(report.chunks[0].source_line(3), Some(3));
            assert!(
                f.to_string().ends_with(
                    "rejected 1 line(s): line 3 (bad@example.com): Unknown US/Canadian state/prov \"Test2\""
                ),
                "{f}"
            );
        }
        Ok(a) => panic!("the bad line was accepted: {a:?}"),
        Err(e) => panic!("{e}"),
    }
    let polls = env.counts.count(&format!("GET /activities/{}", id.tail()));
    assert!(polls >= 3, "503 and truncation retried: {polls}");
}

#[tokio::test]
async fn an_activity_post_answered_429_or_503_is_retried_and_imported_once() {
    for code in [429, 503] {
        let env = start(0, 0).await;
        let list = env.client.create_list("Busy").await.unwrap();
        let contacts: Vec<Contact> = (0..40)
            .map(|i| Contact {
                email_address: Some(format!("b{i}@example.com")),
                ..Contact::default()
            })
            .collect();
        let options = ImportOptions {
            max_rows: 20,
            ..ImportOptions::new([list.clone()])
        };
        // The first two attempts of the first chunk say "not processed".
        env.sandbox.set_faults(
            FaultSpec::none().with(
                FaultRule::new(Effect::Status {
                    code,
                    retry_after: None,
                    error_key: None,
                })
                .on_method("POST")
                .on_path("/activities")
                .times(2),
            ),
        );
        let report = env
            .client
            .import_contacts(contacts, &options)
            .await
            .unwrap();
        assert_eq!((report.chunks.len(), report.rows_sent), (2, 40), "{code}");
        for c in &report.chunks {
            env.client
                .wait_for_activity(&c.activity, &fast_wait(), |_| {})
                .await
                .unwrap();
        }
        assert_eq!(members(&env, &list).await.len(), 40);
        assert_eq!(env.counts.count("POST /activities"), 4, "{code}");
    }
}

#[tokio::test]
async fn an_import_between_1_mib_and_4_mb_goes_in_one_activity() {
    let env = start(0, 0).await;
    let list = env.client.create_list("Big").await.unwrap();
    // 25,000 rows: about 1.5 MB of form, over the sandbox's general 1 MiB cap.
    let path = csv_file(25_000, 0);
    let client = ctct_client::Client::builder()
        .base_url(env.sandbox.base_url())
        .username(USER)
        .auth(ctct_client::Auth::basic(KEY, PASS))
        .transport(std::sync::Arc::new(env.counts.clone()))
        .request_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let report = client
        .import_csv_file(&path, &ImportOptions::new([list.clone()]))
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!((report.rows_read, report.rows_sent), (25_000, 25_000));
    assert_eq!(report.chunks.len(), 1);
    assert_eq!(env.counts.count("POST /activities"), 1);
    let wait = WaitOptions {
        timeout: Duration::from_secs(120),
        ..fast_wait()
    };
    let done = client
        .wait_for_activity(&report.chunks[0].activity, &wait, |_| {})
        .await
        .unwrap();
    assert_eq!(done.transaction_count, Some(25_000));
    assert_eq!(members(&env, &list).await.len(), 25_000);
}
