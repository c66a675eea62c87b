//! Contact commands end to end: the real binary against a sandbox.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use std::collections::BTreeSet;

use predicates::prelude::*;
use serde_json::Value;
use support::Env;

fn ids(json: &Value) -> BTreeSet<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn create_get_search_and_update_a_contact() {
    let env = Env::start(3, 2);
    let created = env.json(&[
        "contacts",
        "create",
        "--email",
        "Ann@Example.com",
        "--first-name",
        "Ann",
        "--list",
        "1",
        "--list",
        "2",
    ]);
    assert_eq!(
        created["email"], "ann@example.com",
        "addresses are lower-cased"
    );
    let id = created["id"].as_str().unwrap().to_owned();

    let got = env.json(&["contacts", "get", &id]);
    assert_eq!(got["email"], "ann@example.com");
    assert_eq!(got["first_name"], "Ann");
    assert_eq!(got["lists"], serde_json::json!(["1", "2"]));

    let found = env.json(&["contacts", "search", "--email", "ANN@example.com"]);
    assert_eq!(ids(&found), BTreeSet::from([id.clone()]));

    env.ctct()
        .args([
            "contacts",
            "update",
            &id,
            "--last-name",
            "Lee",
            "--remove-list",
            "2",
        ])
        .assert()
        .success()
        .stdout(format!("Updated contact {id}.\n"));
    let got = env.json(&["contacts", "get", &id]);
    assert_eq!(got["last_name"], "Lee");
    assert_eq!(got["first_name"], "Ann", "fields not given are kept");
    assert_eq!(got["lists"], serde_json::json!(["1"]));

    // The same address again is a conflict: exit 6.
    env.ctct()
        .args([
            "contacts",
            "create",
            "--email",
            "ann@example.com",
            "--list",
            "1",
        ])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("exists already"));
}

#[test]
fn the_people_view_is_a_table() {
    let env = Env::start(2, 1);
    env.ctct()
        .args(["contacts", "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "ID  EMAIL                     STATUS  NAME",
        ))
        .stdout(predicate::str::contains("contact00002@example.com  Active"));
}

#[test]
fn an_email_over_80_characters_is_refused_before_sending() {
    let env = Env::start(0, 1);
    let long = format!("{}@example.com", "a".repeat(70));
    env.ctct()
        .args(["contacts", "create", "--email", &long, "--list", "1"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("EmailAddress"))
        .stderr(predicate::str::contains("at most 80"))
        .stderr(predicate::str::contains("nothing was sent"));
    assert_eq!(env.json(&["contacts", "list"]), serde_json::json!([]));
    env.ctct()
        .args(["contacts", "search", "--email", &long])
        .assert()
        .code(5);
}

#[test]
fn unknown_contacts_and_bad_ids_have_their_own_exit_codes() {
    let env = Env::start(1, 1);
    env.ctct()
        .args(["contacts", "get", "9999"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("contact 9999 not found"));
    env.ctct()
        .args(["contacts", "get", "12?x"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("\"12?x\" is not a contact id"));
    env.ctct()
        .args(["contacts", "changed-since", "yesterday"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("invalid DATE \"yesterday\""));
}

#[test]
fn changed_since_returns_exactly_what_changed() {
    let env = Env::start(30, 2);
    // Every seeded contact is older than this instant.
    let since = now_rfc3339();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let created = env.json(&[
        "contacts",
        "create",
        "--email",
        "new@example.com",
        "--list",
        "2",
    ]);
    let new_id = created["id"].as_str().unwrap().to_owned();
    env.json(&["contacts", "update", "2", "--city", "Lisbon"]);
    env.json(&["--yes", "contacts", "opt-out", "3"]);
    env.json(&["--yes", "contacts", "remove", "4"]);

    let changed = env.json(&["contacts", "changed-since", &since]);
    assert_eq!(
        ids(&changed),
        BTreeSet::from([new_id.clone(), "2".into(), "3".into(), "4".into()])
    );
    let removed = env.json(&[
        "contacts",
        "changed-since",
        &since,
        "--list-type",
        "removed",
    ]);
    assert_eq!(ids(&removed), BTreeSet::from(["4".to_owned()]));
    let opted_out = env.json(&[
        "contacts",
        "changed-since",
        &since,
        "--list-type",
        "do-not-mail",
    ]);
    assert_eq!(ids(&opted_out), BTreeSet::from(["3".to_owned()]));
    let on_list = env.json(&["contacts", "changed-since", &since, "--list", "2"]);
    assert!(ids(&on_list).contains(&new_id), "{on_list}");
    assert!(
        !ids(&on_list).contains("2"),
        "contact 2 is on list 1 only: {on_list}"
    );

    let status = env.json(&["contacts", "get", "3"]);
    assert_eq!(status["status"], "Do Not Mail");
    let status = env.json(&["contacts", "get", "4"]);
    assert_eq!(status["status"], "Removed");
}

#[test]
fn changed_since_help_says_it_reads_all_three_list_types() {
    let out = support::bare()
        .args(["contacts", "changed-since", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{help}");
    assert!(
        help.contains("by default on all three system list types"),
        "{help}"
    );
    assert!(help.contains("(default: all three)"), "{help}");
    assert!(!help.contains("default: active"), "{help}");
}

/// `--output ndjson`: one compact contact a line, the same records `--output json` lists.
#[test]
fn contacts_list_as_ndjson_is_one_contact_a_line() {
    let env = Env::start(120, 1);
    let out = env
        .ctct()
        .args(["--output", "ndjson", "contacts", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 120, "{text}");
    let listed = env.json(&["contacts", "list"]);
    assert_eq!(Value::Array(lines), listed);
}

fn ndjson_rows(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Every listing that streams gives in `--output ndjson` the rows of its `--output json`
/// document, over several pages.
#[test]
fn streamed_listings_as_ndjson_hold_the_json_rows() {
    let env = Env::start(120, 1);
    for args in [
        &["contacts", "list"][..],
        &["contacts", "changed-since", "2000-01-01"],
        &["contacts", "changed-since", "2000-01-01", "--list", "1"],
        &["lists", "members", "1"],
    ] {
        let out = env
            .ctct()
            .args(["--output", "ndjson"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows = ndjson_rows(&out.stdout);
        assert!(
            rows.len() > 50,
            "{args:?}: {} rows, expected several pages",
            rows.len()
        );
        assert_eq!(Value::Array(rows), env.json(args), "{args:?}");
    }
}

/// `--output ndjson` writes each page's rows as the page arrives. Every page is slowed
/// down; once page 1's rows have been read from the running process's stdout, every
/// further page request is refused. The command then fails, and the rows it wrote first
/// are those of the pages fetched before the refusal (page 1, and page 2 if it was
/// already on its way), never all three.
#[test]
fn ndjson_listings_write_each_page_before_fetching_the_next() {
    use std::io::{BufRead as _, BufReader};
    use std::process::Stdio;

    use ctct_sandbox::{Effect, FaultRule, FaultSpec};

    let env = Env::start(150, 0);
    let listed = env.json(&["contacts", "list"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 150);
    let slow =
        FaultRule::new(Effect::Latency(std::time::Duration::from_millis(700))).on_path("/contacts");
    env.sandbox.set_faults(FaultSpec::none().with(slow));
    let mut child = env
        .ctct_process()
        .args(["--output", "ndjson", "contacts", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut rows: Vec<Value> = (0..50)
        .map(|i| {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("stdout ended after {i} rows"))
                .unwrap();
            serde_json::from_str(&line).unwrap()
        })
        .collect();
    let refuse = FaultRule::new(Effect::Status {
        code: 404,
        retry_after: None,
        error_key: None,
    })
    .on_path("/contacts");
    env.sandbox.set_faults(FaultSpec::none().with(refuse));
    rows.extend(lines.map(|l| serde_json::from_str::<Value>(&l.unwrap()).unwrap()));
    let out = child.wait_with_output().unwrap();
    assert!(
        !out.status.success(),
        "the refused page must fail the command"
    );
    assert!(
        rows.len() == 50 || rows.len() == 100,
        "{} rows written: expected page 1, or pages 1 and 2",
        rows.len()
    );
    assert_eq!(rows[..], listed[..rows.len()]);
}
