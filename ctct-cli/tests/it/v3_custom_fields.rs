//! `ctct v3 custom-fields …` against a sandbox in the test process: create (with choices),
//! list as a table and JSON, get-or-create finding a field by label without case, update of
//! the label and choices read back, delete only with `--yes`, and the exit codes of a label
//! that is too long (5) or taken (6).

use crate::support::v3::{json, parsed, run, sandbox, stderr, stdout, v3};

#[test]
fn custom_fields_are_created_found_changed_and_deleted() {
    let env = sandbox();
    let created = json(
        &env,
        &[
            "custom-fields",
            "create",
            "--label",
            "Shirt size",
            "--type",
            "single_select",
            "--choice",
            "S",
            "--choice",
            "M",
        ],
    );
    let id = created["custom_field_id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "shirt_size");
    assert_eq!(created["type"], "single_select");
    assert_eq!(created["choices"], serde_json::json!(["S", "M"]));

    let found = json(
        &env,
        &["custom-fields", "get-or-create", "--label", "SHIRT size"],
    );
    assert_eq!(found["custom_field_id"], id.as_str());
    assert_eq!(found["requests"], 1, "one page read, nothing created");
    let made = json(
        &env,
        &["custom-fields", "get-or-create", "--label", "Nickname"],
    );
    assert_ne!(made["custom_field_id"], id.as_str());
    assert_eq!(made["type"], "string");
    assert_eq!(made["requests"], 2, "one page read, one create");

    let listed = json(&env, &["custom-fields", "list"]);
    let labels: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Shirt size", "Nickname"]);
    let table = stdout(&run(&env, &["v3", "custom-fields", "list"]));
    assert!(table.starts_with("CUSTOM_FIELD_ID"), "{table}");
    assert!(
        table.contains("shirt_size") && table.contains("nickname"),
        "{table}"
    );

    let updated = json(
        &env,
        &[
            "custom-fields",
            "update",
            &id,
            "--label",
            "Size",
            "--choice",
            "M",
            "--choice",
            "L",
        ],
    );
    assert_eq!(updated["label"], "Size");
    let got = json(&env, &["custom-fields", "get", &id]);
    assert_eq!(got["name"], "size");
    assert_eq!(got["choices"], serde_json::json!(["M", "L"]));

    let deleted = json(&env, &["--yes", "custom-fields", "delete", &id]);
    assert_eq!(deleted["deleted"], id.as_str());
    let gone = v3(&env, &["custom-fields", "get", &id]);
    assert_eq!(gone.status.code(), Some(4), "{}", stderr(&gone));
    assert!(stderr(&gone).contains(&id), "{}", stderr(&gone));
}

#[test]
fn a_bad_or_taken_label_is_refused_naming_it() {
    let env = sandbox();
    let long = "x".repeat(51);
    let out = v3(&env, &["custom-fields", "create", "--label", &long]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("label") && err.contains("51 characters, at most 50"),
        "{err}"
    );
    let out = v3(&env, &["custom-fields", "get-or-create", "--label", &long]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json(&env, &["custom-fields", "list"]),
        serde_json::json!([])
    );

    json(&env, &["custom-fields", "create", "--label", "Region"]);
    let again = v3(&env, &["custom-fields", "create", "--label", "region"]);
    assert_eq!(again.status.code(), Some(6), "{}", stderr(&again));
    assert!(stderr(&again).contains("\"region\""), "{}", stderr(&again));
    let nothing = v3(&env, &["custom-fields", "update", "no-such-field"]);
    assert_eq!(nothing.status.code(), Some(2), "{}", stderr(&nothing));
    assert!(stderr(&nothing).contains("--label or --choice"));
}

#[test]
fn a_delete_without_yes_off_a_terminal_is_refused_and_changes_nothing() {
    let env = sandbox();
    let created = json(&env, &["custom-fields", "create", "--label", "Keep"]);
    let id = created["custom_field_id"].as_str().unwrap().to_owned();
    let out = v3(&env, &["custom-fields", "delete", &id]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "refusing to delete custom field {id} without --yes"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        parsed(&v3(&env, &["custom-fields", "get", &id]), 0)["label"],
        "Keep"
    );
}
