//! `ctct v3 export …` against a sandbox in the test process: every contact, one list's, a
//! segment's and some ids' to a CSV file (the file's rows are the assertion), the JSON
//! summary, values refused before anything is sent, and a failed download leaving an
//! existing file as it was (the write is atomic).

use crate::support::v3::{json, list_ids, parsed, sandbox, stderr, v3};

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn contacts_are_exported_by_list_segment_or_id() {
    let env = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.csv");
    let summary = json(
        &env,
        &[
            "export",
            "--to",
            all.to_str().unwrap(),
            "--fields",
            "email_address,first_name",
        ],
    );
    let rows = lines(&all);
    assert_eq!(
        rows,
        [
            "email_address,first_name",
            "owner@joesflowers.example,Joe",
            "ada@example.com,Ada",
            "grace@example.com,Grace"
        ]
    );
    assert_eq!(summary["contacts"], 3);
    assert_eq!(
        summary["bytes"].as_u64().unwrap(),
        std::fs::metadata(&all).unwrap().len()
    );
    assert_eq!(summary["requests"], 3, "start, one poll, download");
    assert!(summary["activity_id"].is_string());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("all.csv")],
        "no temporary file stays"
    );

    let newsletter = &list_ids(&env)[1];
    let by_list = dir.path().join("list.csv");
    json(
        &env,
        &[
            "export",
            "--to",
            by_list.to_str().unwrap(),
            "--list",
            newsletter,
            "--fields",
            "email_address",
        ],
    );
    assert_eq!(lines(&by_list), ["email_address", "grace@example.com"]);

    let segment = json(
        &env,
        &[
            "segments",
            "create",
            "--name",
            "A",
            "--criteria",
            r#"{"criteria":{"source":"contact","field":"first_name","op":"starts-with","const_value":"a"}}"#,
        ],
    );
    let segment = segment["segment_id"].as_i64().unwrap().to_string();
    let by_segment = dir.path().join("segment.csv");
    json(
        &env,
        &[
            "export",
            "--to",
            by_segment.to_str().unwrap(),
            "--segment",
            &segment,
            "--fields",
            "email_address",
        ],
    );
    assert_eq!(lines(&by_segment), ["email_address", "ada@example.com"]);

    let everyone = json(&env, &["contacts", "list"]);
    let ids: Vec<&str> = everyone
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contact_id"].as_str().unwrap())
        .collect();
    let by_id = dir.path().join("ids.csv");
    let picked = format!("{},{}", ids[0], ids[2]);
    json(
        &env,
        &[
            "export",
            "--to",
            by_id.to_str().unwrap(),
            "--contacts",
            &picked,
            "--fields",
            "email_address",
        ],
    );
    assert_eq!(
        lines(&by_id),
        [
            "email_address",
            "owner@joesflowers.example",
            "grace@example.com"
        ]
    );
}

#[test]
fn bad_values_are_refused_before_anything_is_sent() {
    let env = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("out.csv");
    let out = v3(
        &env,
        &["export", "--to", to.to_str().unwrap(), "--segment", "abc"],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("segment id \"abc\" is not an integer"),
        "{}",
        stderr(&out)
    );
    let nowhere = dir.path().join("missing-dir").join("out.csv");
    let out = v3(&env, &["export", "--to", nowhere.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing-dir"), "{}", stderr(&out));
    let two = v3(
        &env,
        &[
            "export",
            "--to",
            to.to_str().unwrap(),
            "--segment",
            "1",
            "--list",
            "x",
        ],
    );
    assert_eq!(two.status.code(), Some(2), "{}", stderr(&two));
    assert!(!to.exists());
    let activities = json(&env, &["activities", "list"]);
    assert_eq!(activities, serde_json::json!([]), "no export was started");
}

#[test]
fn a_failed_download_leaves_the_old_file_untouched() {
    let env = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("out.csv");
    std::fs::write(&to, "the previous export\n").unwrap();
    env.sandbox
        .set_faults("status=400,path=/v3/contact_exports/*".parse().unwrap());
    let out = v3(&env, &["export", "--to", to.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&to).unwrap(),
        "the previous export\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    env.sandbox.clear_faults();
    let done = parsed(&v3(&env, &["export", "--to", to.to_str().unwrap()]), 0);
    assert_eq!(done["contacts"], 3);
    assert!(
        std::fs::read_to_string(&to)
            .unwrap()
            .starts_with("contact_id,")
    );
}
