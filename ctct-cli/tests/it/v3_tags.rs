//! `ctct v3 tags …` against a sandbox in the test process, with an access token from the
//! environment: create, list with counts (table and JSON), tag and untag contacts through
//! bulk activities, delete, and the exit code of a refusal.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use std::process::Output;

use ctct_sandbox::Config;
use support::{Env, bare};

const TOKEN: &str = "cli-tags-token";

fn env() -> Env {
    Env::start_config(Config {
        access_token: Some(TOKEN.into()),
        v3: ctct_sandbox::V3Config {
            activity_duration: std::time::Duration::ZERO,
            ..ctct_sandbox::V3Config::default()
        },
        ..Config::default()
    })
}

fn v3(env: &Env, args: &[&str]) -> Output {
    bare()
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_ACCESS_TOKEN", TOKEN)
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn create_list_tag_untag_delete() {
    let env = env();
    let created = json(&v3(
        &env,
        &["--output", "json", "v3", "tags", "create", "VIP"],
    ));
    let tag = created["tag_id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "VIP");

    let contacts = json(&v3(&env, &["--output", "json", "v3", "contacts", "list"]));
    let ids: Vec<String> = contacts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contact_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3);

    let mut args = vec!["--output", "json", "v3", "tags", "tag", tag.as_str()];
    args.extend(ids.iter().map(String::as_str));
    let tagged = json(&v3(&env, &args));
    assert_eq!(tagged["contacts"], 3);
    assert_eq!(tagged["activities"].as_array().unwrap().len(), 1);
    assert_eq!(tagged["requests"], 2);

    let listed = v3(&env, &["v3", "tags", "list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(table.contains("VIP"), "{table}");
    let listed = json(&v3(&env, &["--output", "json", "v3", "tags", "list"]));
    assert_eq!(listed[0]["contacts_count"], 3);

    let untagged = json(&v3(
        &env,
        &["--output", "json", "v3", "tags", "untag", &tag, &ids[0]],
    ));
    assert_eq!(untagged["contacts"], 1);
    let listed = json(&v3(&env, &["--output", "json", "v3", "tags", "list"]));
    assert_eq!(listed[0]["contacts_count"], 2);

    let deleted = json(&v3(
        &env,
        &["--yes", "--output", "json", "v3", "tags", "delete", &tag],
    ));
    assert!(deleted["activity_id"].is_string());
    let listed = json(&v3(&env, &["--output", "json", "v3", "tags", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 0);
}

#[test]
fn a_refused_tag_fails_with_the_servers_reason() {
    let env = env();
    assert!(v3(&env, &["v3", "tags", "create", "dup"]).status.success());
    let out = v3(&env, &["v3", "tags", "create", "DUP"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    let out = v3(&env, &["--yes", "v3", "tags", "delete", "no-such-tag"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-tag"));
}
