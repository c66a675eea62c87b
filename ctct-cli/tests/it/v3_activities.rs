//! `ctct v3 activities …` against a sandbox in the test process: an import's activity
//! listed, read and waited on (exit 0), one with rejected rows waited on (exit 7, its errors
//! printed), one that failed on the server (exit 1, its errors printed), and a missing
//! activity (exit 4, named).

use crate::support::v3::{json, list_ids, parsed, run, sandbox, stderr, stdout, v3};

fn import(env: &crate::support::Env, csv: &str, code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, csv).unwrap();
    let list = &list_ids(env)[0];
    let out = parsed(
        &v3(env, &["import", file.to_str().unwrap(), "--list", list]),
        code,
    );
    out["activity_id"].as_str().unwrap().to_owned()
}

#[test]
fn an_import_is_listed_read_and_waited_on() {
    let env = sandbox();
    let id = import(
        &env,
        "email,first_name\nzoe@example.com,Zoe\nyan@example.com,Yan\n",
        0,
    );
    let listed = json(&env, &["activities", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["activity_id"], id.as_str());
    assert_eq!(listed[0]["state"], "completed");
    assert_eq!(
        json(&env, &["activities", "list", "--state", "failed"]),
        serde_json::json!([])
    );
    let second = import(&env, "email\nxu@example.com\n", 0);
    let listed = json(&env, &["activities", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let one = json(&env, &["activities", "list", "--limit", "1"]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert!(one[0]["activity_id"] == id.as_str() || one[0]["activity_id"] == second.as_str());
    let table = stdout(&run(&env, &["v3", "activities", "list"]));
    assert!(
        table.starts_with("ACTIVITY_ID") && table.contains(&id),
        "{table}"
    );

    let got = json(&env, &["activities", "get", &id]);
    assert_eq!(got["person_count"], 2);
    assert_eq!(got["percent_done"], 100);
    let waited = json(&env, &["activities", "wait", &id, "--interval", "0"]);
    assert_eq!(waited["state"], "completed");
    assert_eq!(waited["requests"], 1);
    assert_eq!(waited["activity_errors"], serde_json::json!([]));
}

#[test]
fn waiting_on_an_activity_with_errors_exits_7_and_prints_them() {
    let env = sandbox();
    let id = import(&env, "email\nok@example.com\nnot-an-email\n", 7);
    let out = run(&env, &["v3", "activities", "wait", &id]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("activity {id} completed")),
        "{text}"
    );
    assert!(text.contains("1 error(s):\n  line 3"), "{text}");
    let waited = parsed(&v3(&env, &["activities", "wait", &id]), 7);
    assert_eq!(waited["activity_errors"].as_array().unwrap().len(), 1);
}

#[test]
fn a_missing_activity_is_named_and_a_bad_state_refused() {
    let env = sandbox();
    let out = v3(&env, &["activities", "wait", "no-such-activity"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no-such-activity"),
        "{}",
        stderr(&out)
    );
    let out = v3(&env, &["activities", "list", "--state", "done"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'done'"), "{}", stderr(&out));
}

#[test]
fn an_activity_that_failed_exits_1_and_prints_its_errors() {
    let env = sandbox();
    env.sandbox
        .set_faults("fail-activity,times=1".parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, "email\nwin@example.com\n").unwrap();
    let list = &list_ids(&env)[0];
    // The import waits for its activity, and says it failed.
    let out = v3(&env, &["import", file.to_str().unwrap(), "--list", list]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = ctct_sandbox::faults::FAILED_ACTIVITY_MESSAGE;
    assert!(
        stderr(&out).contains(&format!("ended failed: {message}")),
        "{}",
        stderr(&out)
    );
    let failed = json(&env, &["activities", "list", "--state", "failed"]);
    let id = failed[0]["activity_id"].as_str().unwrap().to_owned();
    assert!(stderr(&out).contains(&id), "{}", stderr(&out));

    let out = run(&env, &["v3", "activities", "wait", &id]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("activity {id} failed (1 requests); 1 error(s):\n  {message}\n")
    );
    let waited = parsed(&v3(&env, &["activities", "wait", &id]), 1);
    assert_eq!(waited["state"], "failed");
    assert_eq!(waited["activity_errors"], serde_json::json!([message]));
    // Nothing was imported.
    let found = json(&env, &["contacts", "list"]);
    assert!(!found.to_string().contains("win@example.com"), "{found}");
}
