//! `ctct v3 segments …` against a sandbox in the test process: create from criteria text,
//! update from a criteria file keeping the name, rename, list (table and JSON), delete only
//! with `--yes`; criteria that are not well formed are refused before anything is sent,
//! naming the part, and so is an id that is not a number.

use crate::support::v3::{json, run, sandbox, stderr, stdout, v3};

const HOPPER: &str = r#"{"version":"1.0.0","criteria":{"type":"and","group":[
    {"source":"contact","field":"last_name","op":"eq","const_value":"Hopper"}]}}"#;

#[test]
fn segments_are_created_changed_renamed_and_deleted() {
    let env = sandbox();
    let created = json(
        &env,
        &[
            "segments",
            "create",
            "--name",
            "Hoppers",
            "--criteria",
            HOPPER,
        ],
    );
    let id = created["segment_id"].as_i64().unwrap().to_string();
    // Sent compact, in the order written.
    assert_eq!(
        created["segment_criteria"],
        "{\"version\":\"1.0.0\",\"criteria\":{\"type\":\"and\",\"group\":[{\"source\":\
         \"contact\",\"field\":\"last_name\",\"op\":\"eq\",\"const_value\":\"Hopper\"}]}}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("criteria.json");
    std::fs::write(
        &file,
        r#"{"criteria": {"source": "contact", "field": "first_name", "op": "starts-with",
            "const_value": "A"}}"#,
    )
    .unwrap();
    let updated = json(
        &env,
        &[
            "segments",
            "update",
            &id,
            "--criteria-file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(updated["name"], "Hoppers", "the name is kept");
    let got = json(&env, &["segments", "get", &id]);
    assert!(
        got["segment_criteria"]
            .as_str()
            .unwrap()
            .contains("\"starts-with\""),
        "{got}"
    );

    let renamed = json(&env, &["segments", "rename", &id, "--name", "A-names"]);
    assert_eq!(renamed["name"], "A-names");
    let listed = json(&env, &["segments", "list", "--sort-by", "name"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["name"], "A-names");
    assert!(listed[0].get("segment_criteria").is_none());
    let table = stdout(&run(&env, &["v3", "segments", "list"]));
    assert!(
        table.starts_with("SEGMENT_ID") && table.contains("A-names"),
        "{table}"
    );

    let refused = v3(&env, &["segments", "delete", &id]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains(&format!("refusing to delete segment {id} without --yes")),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        json(&env, &["segments", "list"]).as_array().unwrap().len(),
        1
    );
    let deleted = json(&env, &["--yes", "segments", "delete", &id]);
    assert_eq!(deleted["deleted"].as_i64().unwrap().to_string(), id);
    assert_eq!(json(&env, &["segments", "list"]), serde_json::json!([]));
}

#[test]
fn malformed_criteria_and_ids_are_refused_naming_the_part() {
    let env = sandbox();
    let no_op = r#"{"criteria":{"type":"and","group":[
        {"source":"contact","field":"city","const_value":"Boston"}]}}"#;
    let out = v3(
        &env,
        &["segments", "create", "--name", "X", "--criteria", no_op],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("segment_criteria.criteria.group[0] has no \"op\""),
        "{}",
        stderr(&out)
    );
    let out = v3(
        &env,
        &[
            "segments",
            "create",
            "--name",
            "X",
            "--criteria",
            "{not json",
        ],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("segment_criteria is not JSON: key must be a string at line 1 column 2"),
        "{}",
        stderr(&out)
    );
    let missing = v3(
        &env,
        &[
            "segments",
            "create",
            "--name",
            "X",
            "--criteria-file",
            "/nonexistent/c.json",
        ],
    );
    assert_eq!(missing.status.code(), Some(5), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("/nonexistent/c.json"));
    assert_eq!(
        json(&env, &["segments", "list"]),
        serde_json::json!([]),
        "nothing was created"
    );

    let both = v3(
        &env,
        &[
            "segments",
            "create",
            "--name",
            "X",
            "--criteria",
            HOPPER,
            "--criteria-file",
            "f",
        ],
    );
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    let bad_id = v3(&env, &["segments", "get", "seg-1"]);
    assert_eq!(bad_id.status.code(), Some(5), "{}", stderr(&bad_id));
    assert!(
        stderr(&bad_id).contains("\"seg-1\" is not an integer"),
        "{}",
        stderr(&bad_id)
    );
    let missing = v3(&env, &["segments", "get", "999"]);
    assert_eq!(missing.status.code(), Some(4), "{}", stderr(&missing));
}
