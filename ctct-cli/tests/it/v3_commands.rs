//! `ctct v3 contacts …`, `ctct v3 lists …` and `ctct v3 account` against a sandbox in the test
//! process, with an access token from the environment: what each prints (JSON), the state it
//! leaves, and its exit code when the server refuses (404 is 4, 409 is 6, a bad value is 5,
//! a token without the scope is 1 with the server's message).

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use std::process::Output;

use ctct_sandbox::Config;
use serde_json::Value;
use support::{Env, bare};

const TOKEN: &str = "cli-v3-token";

fn env_with(scopes: Option<&str>) -> Env {
    Env::start_config(Config {
        access_token: Some(TOKEN.into()),
        v3: ctct_sandbox::V3Config {
            activity_duration: std::time::Duration::ZERO,
            access_token_scopes: scopes.map(str::to_owned),
            ..ctct_sandbox::V3Config::default()
        },
        ..Config::default()
    })
}

fn ctct(env: &Env, args: &[&str]) -> Output {
    bare()
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_ACCESS_TOKEN", TOKEN)
        .args(["--output", "json", "v3"])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn lists_are_created_listed_renamed_and_deleted() {
    let env = env_with(None);
    let created = json(&ctct(&env, &["lists", "create", "Spring", "--favorite"]));
    let id = created["list_id"].as_str().unwrap().to_owned();
    assert_eq!(created["favorite"], true);
    let all = json(&ctct(&env, &["lists", "list"]));
    assert_eq!(all.as_array().unwrap().len(), 3);
    let again = ctct(&env, &["lists", "create", "Spring"]);
    assert_eq!(again.status.code(), Some(6), "{}", stderr(&again));
    let renamed = json(&ctct(&env, &["lists", "update", &id, "--name", "Summer"]));
    assert_eq!(renamed["name"], "Summer");
    let got = json(&ctct(&env, &["lists", "get", &id]));
    assert_eq!(got["name"], "Summer");
    assert_eq!(got["membership_count"], 0);
    let deleted = json(&ctct(&env, &["--yes", "lists", "delete", &id]));
    assert_eq!(deleted["deleted"], id.as_str());
    let gone = ctct(&env, &["lists", "get", &id]);
    assert_eq!(gone.status.code(), Some(4), "{}", stderr(&gone));
    assert_eq!(
        json(&ctct(&env, &["lists", "list"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn contacts_are_created_found_updated_off_every_list_and_deleted() {
    let env = env_with(None);
    let lists = json(&ctct(&env, &["lists", "list"]));
    let list = lists[0]["list_id"].as_str().unwrap().to_owned();
    let c = json(&ctct(
        &env,
        &[
            "contacts",
            "create",
            "--email",
            "pat@example.com",
            "--first-name",
            "Pat",
            "--list",
            &list,
        ],
    ));
    let id = c["contact_id"].as_str().unwrap().to_owned();
    assert_eq!(c["list_memberships"], serde_json::json!([list]));
    let dup = ctct(&env, &["contacts", "create", "--email", "pat@example.com"]);
    assert_eq!(dup.status.code(), Some(6), "{}", stderr(&dup));

    let found = json(&ctct(
        &env,
        &["contacts", "search", "--email", "pat@example.com"],
    ));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["contact_id"], id.as_str());
    let changed = json(&ctct(&env, &["contacts", "changed-since", "2000-01-01"]));
    assert!(
        changed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["contact_id"] == id.as_str())
    );
    let bad = ctct(&env, &["contacts", "changed-since", "yesterday"]);
    assert_eq!(bad.status.code(), Some(5));
    assert!(stderr(&bad).contains("\"yesterday\""), "{}", stderr(&bad));

    // A name change keeps the address and the lists; --no-lists empties them.
    let u = json(&ctct(
        &env,
        &["contacts", "update", &id, "--last-name", "Lee"],
    ));
    assert_eq!(u["first_name"], "Pat");
    assert_eq!(u["last_name"], "Lee");
    assert_eq!(u["email"], "pat@example.com");
    let got = json(&ctct(&env, &["contacts", "get", &id]));
    assert_eq!(got["list_memberships"], serde_json::json!([list]));
    json(&ctct(&env, &["contacts", "update", &id, "--no-lists"]));
    let got = json(&ctct(&env, &["contacts", "get", &id]));
    assert_eq!(got["list_memberships"], serde_json::json!([]));

    let d = json(&ctct(&env, &["--yes", "contacts", "delete", &id]));
    assert_eq!(d["deleted"], id.as_str());
    let missing = ctct(&env, &["contacts", "get", "no-such-contact"]);
    assert_eq!(missing.status.code(), Some(4), "{}", stderr(&missing));
}

#[test]
fn the_account_shows_its_summary_and_emails() {
    let env = env_with(None);
    let a = json(&ctct(&env, &["account"]));
    assert_eq!(a["organization_name"], "Joe's Flowers");
    assert_eq!(a["owner"], "Joe Flowers");
    assert_eq!(
        a["emails"],
        serde_json::json!(["owner@joesflowers.example (CONFIRMED)"])
    );
}

#[test]
fn a_token_without_the_scope_fails_with_the_servers_reason() {
    let env = env_with(Some("contact_data"));
    let out = ctct(&env, &["account"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("account_read"), "{}", stderr(&out));
    assert!(!stderr(&out).contains(TOKEN), "the token is never shown");
}

#[test]
fn a_list_delete_whose_answer_was_lost_is_deleted_all_the_same() {
    let env = env_with(None);
    let lists = json(&ctct(&env, &["lists", "list"]));
    let id = lists[0]["list_id"].as_str().unwrap().to_owned();
    // The first DELETE is handled and its answer lost; the retry finds the list gone.
    env.sandbox.set_faults(
        "lose,method=DELETE,path=/v3/contact_lists/*,times=1"
            .parse()
            .unwrap(),
    );
    let deleted = json(&ctct(&env, &["--yes", "lists", "delete", &id]));
    assert_eq!(deleted["deleted"], id.as_str());
    assert_eq!(deleted["activity_id"], Value::Null);
    env.sandbox.clear_faults();
    let gone = ctct(&env, &["lists", "get", &id]);
    assert_eq!(gone.status.code(), Some(4), "{}", stderr(&gone));
}
