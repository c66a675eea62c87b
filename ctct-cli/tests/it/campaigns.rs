//! Campaign and Event Marketing commands end to end: the real binary against a sandbox
//! seeded with sent campaigns (and their tracking events) and events with registrants.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use predicates::prelude::*;
use serde_json::Value;
use support::Env;

fn names(json: &Value) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

fn in_an_hour() -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::hours(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn create_schedule_and_unschedule_a_campaign() {
    let env = Env::start(20, 2);
    let sent = env.json(&["campaigns", "list", "--status", "sent"]);
    assert_eq!(
        names(&sent),
        ["Spring Sale", "Summer Newsletter", "Autumn Bouquets"]
    );

    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("may.html");
    std::fs::write(&html, "<html><body><p>May news</p></body></html>").unwrap();
    let create = |from: &str| {
        let mut cmd = env.ctct();
        cmd.args([
            "campaigns",
            "create",
            "--name",
            "May News",
            "--subject",
            "Our May news",
            "--from",
            from,
            "--list",
            "1",
            "--html",
        ])
        .arg(&html);
        cmd
    };
    create("nobody@example.com")
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "\"nobody@example.com\" is not one of the account's email addresses",
        ))
        .stderr(predicate::str::contains("joesflowers@example.com"));

    let out = create("JoesFlowers@example.com")
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let got = env.json(&["campaigns", "get", &id]);
    assert_eq!(got["status"], "Draft");
    assert_eq!(got["subject"], "Our May news");
    assert_eq!(got["from_email"], "joesflowers@example.com");
    assert!(
        names(&env.json(&["campaigns", "list", "--status", "draft"]))
            .contains(&"May News".to_owned())
    );

    // Too soon: refused before anything is sent.
    env.ctct()
        .args(["campaigns", "schedule", &id, "--at", "2020-01-01T00:00:00Z"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("less than 15 minutes ahead"));
    env.ctct()
        .args(["campaigns", "schedule", &id, "--at", &in_an_hour()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Scheduled campaign {id} for "
        )));
    assert_eq!(env.json(&["campaigns", "get", &id])["status"], "Scheduled");
    env.ctct()
        .args(["--yes", "campaigns", "unschedule", &id])
        .assert()
        .success()
        .stdout(format!("Unscheduled campaign {id}.\n"));
    assert_eq!(env.json(&["campaigns", "get", &id])["status"], "Draft");
    env.ctct()
        .args(["campaigns", "get", "424242"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("campaign 424242 not found"));
}

#[test]
fn tracking_events_of_a_sent_campaign() {
    let env = Env::start(20, 2);
    let sent = env.json(&["campaigns", "list", "--status", "sent"]);
    let id = sent[0]["id"].as_str().unwrap().to_owned();
    let all = env.json(&["campaigns", "events", &id]);
    let clicks = env.json(&["campaigns", "events", &id, "clicks"]);
    let sends = env.json(&["campaigns", "events", &id, "sends"]);
    let clicks = clicks.as_array().unwrap();
    assert!(!clicks.is_empty());
    for click in clicks {
        assert_eq!(click["kind"], "click");
        assert!(
            click["detail"].as_str().unwrap().starts_with("https://"),
            "{click}"
        );
    }
    let kinds: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "click").count(),
        clicks.len(),
        "`all` holds every click"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "sent").count(),
        sends.as_array().unwrap().len()
    );
}

#[test]
fn events_and_their_registrants() {
    let env = Env::start(20, 1);
    let events = env.json(&["events", "list"]);
    let first = &events[0];
    let id = first["id"].as_str().unwrap().to_owned();
    let registered = first["registered"].as_u64().unwrap();
    assert!(registered > 0);
    let one = env.json(&["events", "get", &id]);
    assert_eq!(one["name"], first["name"]);
    let registrants = env.json(&["events", "registrants", &id]);
    assert_eq!(registrants.as_array().unwrap().len() as u64, registered);
    assert!(
        registrants[0]["email"]
            .as_str()
            .unwrap()
            .ends_with("@example.com")
    );
    env.ctct()
        .args(["events", "get", "nosuchevent"])
        .assert()
        .code(4);
}
