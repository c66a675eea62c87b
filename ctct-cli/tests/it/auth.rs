//! Credentials: refused, missing, and never shown, not even with `-vv`.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use base64::Engine as _;
use predicates::prelude::*;
use support::{Env, PASSWORD, bare};

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

#[test]
fn an_access_token_is_used_instead_of_key_and_password() {
    let env = Env::start_config(ctct_sandbox::Config {
        seed_contacts: 1,
        seed_lists: 1,
        access_token: Some("tok-good-31".into()),
        ..ctct_sandbox::Config::default()
    });
    let with_token = |token: &str| {
        let mut cmd = bare();
        cmd.env("CTCT_BASE_URL", env.sandbox.base_url())
            .env("CTCT_USERNAME", "joesflowers")
            .env("CTCT_ACCESS_TOKEN", token)
            .args(["--output", "json", "contacts", "list"]);
        cmd
    };
    let out = with_token("tok-good-31").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let contacts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(contacts[0]["email"], "contact00001@example.com");
    with_token("tok-bad-99")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("refused the credentials"))
        .stderr(predicate::str::contains("tok-bad-99").not());
}
