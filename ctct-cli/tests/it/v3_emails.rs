//! `ctct v3 emails …` against a sandbox in the test process: a campaign created from an HTML
//! file, read back with its activities, scheduled to a list (the activity's lists replaced,
//! its content kept), unscheduled, test-sent, listed and deleted only with `--yes`; bad dates,
//! too many test addresses and unknown ids are refused naming the value. With `--sandbox` the
//! login asks for the scopes the commands need, so the email commands work there too.

use crate::support::bare;
use crate::support::v3::{json, list_ids, run, sandbox, stderr, stdout, v3};

fn html_file(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("may.html");
    std::fs::write(
        &path,
        "<html><body><p>Fresh tulips</p>[[trackingImage]]</body></html>",
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_campaign_is_created_scheduled_tested_and_deleted() {
    let env = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let html = html_file(&dir);
    let created = json(
        &env,
        &[
            "emails",
            "create",
            "--name",
            "May news",
            "--subject",
            "Fresh tulips",
            "--from-name",
            "Joe's Flowers",
            "--from-email",
            "owner@joesflowers.example",
            "--html-file",
            &html,
        ],
    );
    assert_eq!(created["name"], "May news");
    assert_eq!(created["status"], "Draft");
    let campaign = created["campaign_id"].as_str().unwrap().to_owned();
    let primary = created["primary_activity_id"].as_str().unwrap().to_owned();
    let roles: Vec<_> = created["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["primary_email", "permalink"]);
    let got = json(&env, &["emails", "get", &campaign]);
    assert_eq!(got["primary_activity_id"], primary.as_str());

    let activity = json(&env, &["emails", "activity", &primary]);
    assert_eq!(activity["status"], "DRAFT");
    assert_eq!(activity["subject"], "Fresh tulips");
    assert_eq!(
        activity["reply_to_email"], "owner@joesflowers.example",
        "replies go to the sender by default"
    );
    assert_eq!(activity["contact_list_ids"], serde_json::json!([]));

    // No lists yet: the server refuses (exit 1, an API failure), and says why.
    let out = v3(
        &env,
        &["emails", "schedule", &primary, "--at", "2030-05-01"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("contact_list_ids"),
        "{}",
        stderr(&out)
    );

    let list = list_ids(&env)[0].clone();
    let scheduled = json(
        &env,
        &[
            "emails",
            "schedule",
            &primary,
            "--at",
            "2030-05-01",
            "--list",
            &list,
        ],
    );
    assert_eq!(scheduled["scheduled_date"], "2030-05-01T00:00:00.000Z");
    let activity = json(&env, &["emails", "activity", &primary]);
    assert_eq!(activity["status"], "SCHEDULED");
    assert_eq!(activity["contact_list_ids"], serde_json::json!([list]));
    assert_eq!(
        activity["subject"], "Fresh tulips",
        "the rest of the activity is kept"
    );

    json(&env, &["emails", "unschedule", &primary]);
    assert_eq!(
        json(&env, &["emails", "activity", &primary])["status"],
        "DRAFT"
    );

    let tested = json(
        &env,
        &[
            "emails",
            "test-send",
            &primary,
            "--to",
            "ann@example.com",
            "--message",
            "Draft for review",
        ],
    );
    assert_eq!(tested["to"], serde_json::json!(["ann@example.com"]));

    let listed = json(&env, &["emails", "list"]);
    assert_eq!(listed[0]["campaign_id"], campaign.as_str());
    let table = stdout(&run(&env, &["v3", "emails", "list"]));
    assert!(
        table.starts_with("CAMPAIGN_ID") && table.contains("May news"),
        "{table}"
    );

    let refused = v3(&env, &["emails", "delete", &campaign]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("without --yes"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(json(&env, &["emails", "get", &campaign])["status"], "Draft");
    json(&env, &["--yes", "emails", "delete", &campaign]);
    assert_eq!(
        json(&env, &["emails", "get", &campaign])["status"],
        "Removed"
    );
}

#[test]
fn bad_dates_addresses_and_ids_are_refused_naming_the_value() {
    let env = sandbox();
    let out = v3(&env, &["emails", "list", "--after", "last tuesday"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("invalid --after \"last tuesday\""),
        "{}",
        stderr(&out)
    );
    let mut args = vec!["emails", "test-send", "a1"];
    for _ in 0..6 {
        args.extend(["--to", "x@example.com"]);
    }
    let out = v3(&env, &args);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("at most 5"), "{}", stderr(&out));
    let out = v3(&env, &["emails", "get", "no-such-campaign"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no-such-campaign"),
        "{}",
        stderr(&out)
    );
    let out = v3(&env, &["emails", "activity", "a/../b"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"a/../b\""), "{}", stderr(&out));
}

#[test]
fn the_embedded_sandbox_login_asks_for_the_campaign_scope() {
    let out = bare()
        .args(["--sandbox", "--output", "json", "v3", "emails", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
    // Asking for less is possible, and then the server says what is missing.
    let out = bare()
        .args([
            "--sandbox",
            "--output",
            "json",
            "v3",
            "--scope",
            "contact_data",
            "emails",
            "list",
        ])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("campaign_data"), "{}", stderr(&out));
}
