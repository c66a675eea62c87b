//! A sandbox whose V3 access token is fixed and whose activities finish at once, and the
//! `ctct v3 …` binary pointed at it with that token: what the V3 command tests share.

#![allow(dead_code)] // each test module uses part of the helpers
#![allow(clippy::unwrap_used)] // a test helper: a failed unwrap is a failed test

use std::process::Output;

use ctct_sandbox::{Config, V3Config};
use serde_json::Value;

use super::{Env, bare};

/// The access token the sandbox accepts.
pub const TOKEN: &str = "cli-v3-suite-token";

/// A sandbox with the seeded V3 account (3 contacts, 2 lists) and instant activities.
pub fn sandbox() -> Env {
    Env::start_config(Config {
        access_token: Some(TOKEN.into()),
        v3: V3Config {
            activity_duration: std::time::Duration::ZERO,
            ..V3Config::default()
        },
        ..Config::default()
    })
}

/// `ctct ARGS` with the token (stdin not a terminal).
pub fn run(env: &Env, args: &[&str]) -> Output {
    bare()
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_ACCESS_TOKEN", TOKEN)
        .args(args)
        .output()
        .unwrap()
}

/// `ctct --output json v3 ARGS`.
pub fn v3(env: &Env, args: &[&str]) -> Output {
    let mut all = vec!["--output", "json", "v3"];
    all.extend_from_slice(args);
    run(env, &all)
}

/// `ctct --output json v3 ARGS`, expecting exit 0, parsed.
pub fn json(env: &Env, args: &[&str]) -> Value {
    parsed(&v3(env, args), 0)
}

/// stdout parsed as JSON, after checking the exit code.
pub fn parsed(out: &Output, code: i32) -> Value {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The ids of the seeded lists, in order (General Interest, Newsletter).
pub fn list_ids(env: &Env) -> Vec<String> {
    let lists = json(env, &["lists", "list"]);
    let mut named: Vec<(String, String)> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["list_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    named.sort();
    named.into_iter().map(|(_, id)| id).collect()
}
