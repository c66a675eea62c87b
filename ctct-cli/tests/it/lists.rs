//! List commands end to end: the real binary against a sandbox.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use predicates::prelude::*;
use support::Env;

#[test]
fn create_rename_read_and_delete_a_list() {
    let env = Env::start(0, 1);
    let created = env.json(&["lists", "create", "Spring Sale"]);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "Spring Sale");

    env.ctct()
        .args(["lists", "create", "Spring Sale"])
        .assert()
        .code(6);

    env.ctct()
        .args(["lists", "update", &id, "--name", "Summer Sale"])
        .assert()
        .success()
        .stdout(format!("Renamed list {id} to \"Summer Sale\".\n"));
    let got = env.json(&["lists", "get", &id]);
    assert_eq!(got["name"], "Summer Sale");
    assert_eq!(got["system"], false);

    let all = env.json(&["lists", "list"]);
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Summer Sale"), "{names:?}");
    let user = env.json(&["lists", "list", "--user-only"]);
    assert_eq!(user.as_array().unwrap().len(), 2, "{user}");

    env.ctct()
        .args(["--yes", "lists", "delete", &id])
        .assert()
        .success();
    env.ctct()
        .args(["lists", "get", &id])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(format!("list {id} not found")));
}

#[test]
fn members_of_a_list() {
    let env = Env::start(6, 2);
    let members = env.json(&["lists", "members", "1"]);
    let mut emails = support::emails(&members);
    emails.dedup();
    // Seeding: contact i is on list (i % 2) + 1, and every third also on the next.
    assert_eq!(
        emails,
        [
            "contact00002@example.com",
            "contact00003@example.com",
            "contact00004@example.com",
            "contact00006@example.com",
        ]
    );
    env.ctct().args(["lists", "members", "77"]).assert().code(4);
}

#[test]
fn system_lists_cannot_be_renamed_or_deleted() {
    let env = Env::start(0, 1);
    env.ctct()
        .args(["--yes", "lists", "delete", "do-not-mail"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("cannot be deleted"));
    env.ctct()
        .args(["lists", "update", "active", "--name", "Everyone"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("cannot be renamed"));
    assert_eq!(env.json(&["lists", "get", "active"])["name"], "Active");
}

#[test]
fn an_id_of_another_account_is_refused_and_changes_nothing() {
    let env = Env::start(0, 1);
    let created = env.json(&["lists", "create", "Keep Me"]);
    let id = created["id"].as_str().unwrap().to_owned();
    let foreign = format!("http://api.constantcontact.com/ws/customers/someoneelse/lists/{id}");
    env.ctct()
        .args(["--yes", "lists", "delete", &foreign])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("someoneelse"))
        .stderr(predicate::str::contains("nothing was sent"));
    let got = env.json(&["lists", "get", &id]);
    assert_eq!(
        got["name"], "Keep Me",
        "the account's own list is untouched"
    );
}
