//! The command line itself: help, usage errors, the embedded sandbox, JSON output.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use predicates::prelude::*;
use support::bare;

#[test]
fn help_teaches_the_environment_and_exit_codes() {
    bare()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("CTCT_ACCESS_TOKEN"))
        .stdout(predicate::str::contains("4    not found"))
        .stdout(predicate::str::contains("7    partial"))
        .stdout(predicate::str::contains("ctct --sandbox lists list"));
    bare()
        .args(["import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("EMAIL ADDRESS (required)"));
}

#[test]
fn usage_errors_exit_2() {
    bare().arg("frobnicate").assert().code(2);
    bare()
        .args(["contacts", "create", "--email", "a@b.c"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--list"));
    bare()
        .args(["--output", "yaml", "lists", "list"])
        .assert()
        .code(2);
    bare()
        .args(["lists", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no account username"));
}

#[test]
fn sandbox_mode_needs_no_account_and_keeps_stdout_json() {
    let out = bare()
        .args(["--sandbox", "--output", "json", "lists", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sandbox listening on http://127.0.0.1:"),
        "{stderr}"
    );
    let lists: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.contains(&"Newsletter"), "{names:?}");
}

#[test]
fn sandbox_mode_runs_a_whole_import_in_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("few.csv");
    let mut text = String::from("Email Address,First Name\n");
    for i in 0..30 {
        text.push_str(&format!("few{i}@example.com,F{i}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = bare()
        .args(["--sandbox", "--output", "json", "import"])
        .arg(&csv)
        .args(["--list", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["imported"], 30);
    assert_eq!(json["rejected"], serde_json::json!([]));
}
