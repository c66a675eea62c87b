//! Credentials: refused, missing, and never shown, not even with `-vv`.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use base64::Engine as _;
use common::{Env, PASSWORD, bare};
use predicates::prelude::*;

const WRONG: &str = "wrong-pass-Zq81";

#[test]
fn a_wrong_password_exits_3_naming_the_problem_without_the_password() {
    let env = Env::start(2, 1);
    for verbosity in [None, Some("-v"), Some("-vv")] {
        let mut cmd = env.ctct_with_password(WRONG);
        if let Some(v) = verbosity {
            cmd.arg(v);
        }
        let out = cmd.args(["contacts", "list"]).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{verbosity:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stderr.contains("the server refused the credentials") && stderr.contains("401"),
            "{stderr}"
        );
        assert!(
            stderr.contains("CTCT_PASSWORD"),
            "the hint names the variable: {stderr}"
        );
        for shown in [&stderr, &stdout] {
            assert!(
                !shown.contains(WRONG),
                "{verbosity:?} leaked the password: {shown}"
            );
            assert!(
                !shown.contains("sandbox-key"),
                "{verbosity:?} leaked the key: {shown}"
            );
        }
    }
}

#[test]
fn tracing_shows_requests_but_never_credentials() {
    let env = Env::start(2, 1);
    let basic = base64::engine::general_purpose::STANDARD
        .encode(format!("sandbox-key%joesflowers:{PASSWORD}"));
    let out = env
        .ctct()
        .args(["-vv", "contacts", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ctct.request"),
        "requests are traced: {stderr}"
    );
    assert!(stderr.contains("list_contacts"), "{stderr}");
    for secret in [PASSWORD, "sandbox-key", basic.as_str()] {
        assert!(!stderr.contains(secret), "leaked {secret}: {stderr}");
    }
}

#[test]
fn missing_credentials_exit_3_with_a_hint() {
    bare()
        .args([
            "--username",
            "joe",
            "--base-url",
            "http://127.0.0.1:9",
            "lists",
            "list",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "no credentials in the environment",
        ))
        .stderr(predicate::str::contains("CTCT_API_KEY"));
    bare()
        .env("CTCT_API_KEY", "k")
        .args([
            "--username",
            "joe",
            "--base-url",
            "http://127.0.0.1:9",
            "lists",
            "list",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "CTCT_API_KEY is set but CTCT_PASSWORD is not",
        ));
}

#[test]
fn credentials_are_not_sent_over_plain_http_to_a_remote_host() {
    bare()
        .env("CTCT_API_KEY", "k")
        .env("CTCT_PASSWORD", "p-secret-77")
        .args([
            "--username",
            "joe",
            "--base-url",
            "http://example.com",
            "lists",
            "list",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "refusing to send credentials over plain http",
        ))
        .stderr(predicate::str::contains("p-secret-77").not());
}

#[test]
fn there_is_no_password_flag() {
    bare()
        .args(["--password", "x", "lists", "list"])
        .assert()
        .code(2);
}
