//! The `ctct-sandbox` binary: first stdout line, and a fresh 10000-contact account that a
//! full paging pass reads completely.

use std::collections::BTreeSet;
use std::process::Stdio;

use ctct_models::atom::Feed;
use ctct_models::v1::contacts::Contact;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test]
async fn serves_ten_thousand_seeded_contacts() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--username",
            "joesflowers",
            "--api-key",
            "KEY",
            "--password",
            "PASS",
            "--seed-contacts",
            "10000",
            "--seed-lists",
            "4",
        ])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .await
        .expect("a first line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let http = reqwest::Client::new();
    let mut url = format!("{base}/ws/customers/joesflowers/contacts");
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    loop {
        let r = http
            .get(&url)
            .basic_auth("KEY%joesflowers", Some("PASS"))
            .send()
            .await
            .expect("a response");
        assert_eq!(r.status(), 200);
        let feed = Feed::<Contact>::from_xml(&r.text().await.expect("a body")).expect("a feed");
        assert!(feed.entries.len() <= 50);
        pages += 1;
        for e in &feed.entries {
            assert!(
                seen.insert(e.id.clone().expect("an id")),
                "repeated {:?}",
                e.id
            );
        }
        match feed.next_href() {
            Some(next) => url = format!("{base}{next}"),
            None => break,
        }
        assert!(pages <= 201, "paging does not end");
    }
    assert_eq!(seen.len(), 10_000);
    assert_eq!(pages, 200);
    // Wrong credentials are refused by the binary too.
    let r = http
        .get(format!("{base}/ws/customers/joesflowers/"))
        .basic_auth("KEY%joesflowers", Some("WRONG"))
        .send()
        .await
        .expect("a response");
    assert_eq!(r.status(), 401);
    child.kill().await.expect("the child stops");
}

#[tokio::test]
async fn bad_arguments_exit_2_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args(["--faults", "status=200"])
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid fault spec") && err.contains("usage:"),
        "{err}"
    );
}

#[tokio::test]
async fn a_bad_activity_step_is_refused_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--activity-step", "soon"])
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--activity-step needs 250ms or 1s, got \"soon\"") && err.contains("usage:"),
        "{err}"
    );
}
