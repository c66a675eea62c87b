//! Import and export end to end: the real binary against a sandbox.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;

use predicates::prelude::*;
use support::{Env, emails};

/// 500 data rows; rows 10, 200 and 300 (file lines 11, 201, 301) are bad: not an address,
/// an address over 80 characters, and a stray quote.
fn write_csv(path: &Path) -> BTreeSet<String> {
    let mut text = String::from("EMAIL ADDRESS,FIRST NAME,LAST NAME\n");
    let mut good = BTreeSet::new();
    for i in 1..=500 {
        match i {
            10 => text.push_str("not-an-email,Bad,Row\n"),
            200 => text.push_str(&format!("{}@example.com,Long,Address\n", "x".repeat(75))),
            300 => text.push_str("bad\"quote@example.com,\"Un,closed\n"),
            _ => {
                let email = format!("imp{i:04}@example.com");
                text.push_str(&format!("{email},First{i},Last{i}\n"));
                good.insert(email);
            }
        }
    }
    std::fs::write(path, text).unwrap();
    good
}

#[test]
fn import_reports_bad_rows_by_line_and_export_returns_the_rest() {
    let env = Env::start(0, 2);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    let good = write_csv(&csv);
    assert_eq!(good.len(), 497);

    // People's view: a summary with the three lines, and exit 7 (partial).
    env.ctct()
        .arg("import")
        .arg(&csv)
        .args(["--list", "1"])
        .assert()
        .code(7)
        .stdout(predicate::str::contains("Imported 497 of 500 rows"))
        .stdout(predicate::str::contains("3 row(s) not imported"))
        .stdout(predicate::str::contains("line 11 (not-an-email)"))
        .stdout(predicate::str::contains("line 201 ("))
        .stdout(predicate::str::contains("line 301: a stray double quote"))
        // Piped: no progress bar, no escape codes.
        .stderr(predicate::str::contains("\u{1b}[").not());

    let members = env.json(&["lists", "members", "1"]);
    let on_list: BTreeSet<String> = emails(&members).into_iter().collect();
    assert_eq!(on_list, good, "exactly the 497 good rows are on the list");

    let out = dir.path().join("export.csv");
    env.ctct()
        .args(["export", "--list", "1", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Exported 497 contacts of list 1"));
    let exported = std::fs::read_to_string(&out).unwrap();
    let mut lines = exported.lines();
    assert_eq!(lines.next(), Some("EMAIL ADDRESS"));
    let addresses: BTreeSet<String> = lines.map(str::to_owned).collect();
    assert_eq!(addresses, good, "the export holds the same 497 addresses");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
}

#[test]
fn import_json_lists_the_rejected_lines_for_scripts() {
    let env = Env::start(0, 1);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    write_csv(&csv);
    let out = env
        .ctct()
        .args(["--output", "json", "import"])
        .arg(&csv)
        .args(["--list", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rows_read"], 500);
    assert_eq!(json["imported"], 497);
    let lines: Vec<u64> = json["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [11, 201, 301]);
}

#[test]
fn import_to_an_unknown_list_sends_nothing_and_exits_4() {
    let env = Env::start(0, 1);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    write_csv(&csv);
    env.ctct()
        .arg("import")
        .arg(&csv)
        .args(["--list", "99"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("list 99 not found"));
    assert_eq!(env.json(&["contacts", "list"]), serde_json::json!([]));
    assert_eq!(env.json(&["activities", "list"]), serde_json::json!([]));
}

#[test]
fn a_file_without_an_email_column_is_refused_with_exit_5() {
    let env = Env::start(0, 1);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "FIRST NAME,LAST NAME\nAnn,Lee\n").unwrap();
    env.ctct()
        .arg("import")
        .arg(&csv)
        .args(["--list", "1"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("EMAIL ADDRESS"))
        .stderr(predicate::str::contains("nothing was imported"));
}

#[test]
fn export_of_an_unknown_list_leaves_no_file() {
    let env = Env::start(5, 1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.csv");
    env.ctct()
        .args(["export", "--list", "42", "--out"])
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("list 42 not found"));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The client's error says what it could not do and leaves the operating system's reason to
/// its source; the CLI prints both. The target is an existing directory: the download is
/// written beside it and then cannot replace it.
#[test]
fn an_export_that_cannot_replace_its_target_prints_the_cause() {
    let env = Env::start(2, 1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken");
    std::fs::create_dir(&out).unwrap();
    let assert = env
        .ctct()
        .args(["export", "--list", "1", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot replace "))
        .stderr(predicate::str::contains("taken"))
        .stderr(predicate::str::contains("(os error "));
    assert_ne!(assert.get_output().status.code(), Some(0));
    assert!(out.is_dir(), "the directory is left as it was");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file remains: {left:?}");
}

#[test]
fn export_into_a_missing_directory_is_a_usage_error_before_anything_is_sent() {
    let env = Env::start(5, 1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("export.csv");
    env.ctct()
        .args(["export", "--list", "1", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"))
        .stderr(predicate::str::contains("missing"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn activities_can_be_listed_read_and_waited_for() {
    let env = Env::start(0, 1);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    write_csv(&csv);
    let queued = env
        .ctct()
        .args(["--output", "json", "import", "--no-wait"])
        .arg(&csv)
        .args(["--list", "1"])
        .output()
        .unwrap();
    // The client-side rejections are known at once: still exit 7.
    assert_eq!(queued.status.code(), Some(7));
    let queued: serde_json::Value = serde_json::from_slice(&queued.stdout).unwrap();
    let id = queued["activities"][0].as_str().unwrap().to_owned();
    env.ctct()
        .args(["activities", "wait", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("COMPLETE"));
    let listed = env.json(&["activities", "list"]);
    assert_eq!(listed[0]["id"], id.as_str());
    let one = env.json(&["activities", "get", &id]);
    assert_eq!(one["status"], "COMPLETE");
    assert_eq!(one["rows"], 497);
    env.ctct()
        .args(["activities", "get", "nosuchactivity"])
        .assert()
        .code(4);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_an_export_leaves_no_file_and_exits_130() {
    // Activities take 3 steps of 10 s: the export is still waiting when interrupted.
    let env = Env::start_with_step(50, 1, std::time::Duration::from_secs(10));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.csv");
    std::fs::write(&out, "the previous export\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ctct");
    let child = std::process::Command::new(bin)
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_USERNAME", "joesflowers")
        .env("CTCT_API_KEY", "sandbox-key")
        .env("CTCT_PASSWORD", support::PASSWORD)
        .env_remove("CTCT_ACCESS_TOKEN")
        .args(["export", "--list", "1", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the export activity exists, then interrupt.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while env.json(&["activities", "list"]) == serde_json::json!([]) {
        assert!(
            std::time::Instant::now() < deadline,
            "the export never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous export\n",
        "the earlier file is untouched"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file"
    );
}

/// 300 rows over the 15 custom fields, left empty except on line 201, whose cells are full
/// of commas: about 2.3 kB of form for that row alone, about 70 bytes for every other row.
fn write_wide_csv(path: &Path, line_201_big: bool) {
    let header: Vec<String> = std::iter::once("EMAIL ADDRESS".to_owned())
        .chain((1..=15).map(|i| format!("CUSTOM FIELD {i}")))
        .collect();
    let mut text = header.join(",");
    text.push('\n');
    for i in 2..=301 {
        let cell = if i == 201 && line_201_big {
            format!("\"{}\"", ",".repeat(50))
        } else {
            String::new()
        };
        let cells = vec![cell; 15].join(",");
        text.push_str(&format!("wide{i:04}@example.com,{cells}\n"));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_413_halves_the_activity_and_a_stopped_import_says_where_to_resume() {
    // Activities over 2000 bytes are refused: the client halves its one activity until
    // the pieces fit, and the row of line 201 never fits (the 21 kB body stays under the
    // 16 times the cap the sandbox reads before answering 413).
    let env = Env::start_config(ctct_sandbox::Config {
        seed_lists: 1,
        max_activity_body_bytes: 2000,
        activity_step: std::time::Duration::from_millis(5),
        ..ctct_sandbox::Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("wide.csv");
    write_wide_csv(&csv, true);
    let out = env
        .ctct()
        .args(["--output", "json", "import"])
        .arg(&csv)
        .args(["--list", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the server refuses the row of input line 201 as too large even alone in an activity"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("nothing from input line 201 on was sent; resume with: ctct import"),
        "{stderr}"
    );
    assert!(stderr.contains("--list 1 --from-line 201"), "{stderr}");
    // JSON on stdout: the activities, which lines each holds, and where to resume.
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["resume_from_line"], 201);
    let chunks = json["activities"].as_array().unwrap();
    assert!(chunks.len() > 1, "{json}");
    let mut next = 2;
    for c in chunks {
        assert_eq!(c["first_line"], next, "{json}");
        let last = c["last_line"].as_u64().unwrap();
        assert_eq!(c["rows"].as_u64().unwrap(), last - next + 1);
        next = last + 1;
    }
    assert_eq!(next, 201, "lines 2–200 were sent, in order, each once");
    assert_eq!(json["rows_sent"], 199);
    assert!(
        stderr.contains(&format!(
            "{} (input lines 2\u{2013}",
            chunks[0]["id"].as_str().unwrap()
        )),
        "{stderr}"
    );

    // Fixed, the file is resumed from line 201: lines before it are skipped, the rest sent.
    write_wide_csv(&csv, false);
    let json = env.json(&[
        "import",
        csv.to_str().unwrap(),
        "--list",
        "1",
        "--from-line",
        "201",
    ]);
    assert_eq!(json["rows_skipped"], 199, "{json}");
    assert_eq!(
        (json["rows_read"].as_u64(), json["imported"].as_u64()),
        (Some(101), Some(101))
    );
    assert_eq!(json["chunks"][0]["first_line"], 201);
    // Once the first run's activities have run too, every row is on the list exactly once.
    for c in chunks {
        env.json(&["activities", "wait", c["id"].as_str().unwrap()]);
    }
    let members = env.json(&["lists", "members", "1"]);
    let expected: BTreeSet<String> = (2..=301)
        .map(|i| format!("wide{i:04}@example.com"))
        .collect();
    let got = emails(&members);
    assert_eq!(got.len(), 300);
    assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), expected);

    // --from-line 1 would read the header as a row.
    env.ctct()
        .args(["import"])
        .arg(&csv)
        .args(["--list", "1", "--from-line", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from-line"));
}

#[test]
fn an_unclosed_quote_is_counted_as_lines_not_imported() {
    let env = Env::start(0, 1);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("open.csv");
    let mut text = String::from("EMAIL ADDRESS,CITY\nfirst@example.com,Boston\n");
    text.push_str("second@example.com,\"Salem\n");
    for i in 4..=10_000 {
        text.push_str(&format!("u{i}@example.com,Town\n"));
    }
    std::fs::write(&csv, text).unwrap();
    env.ctct()
        .arg("import")
        .arg(&csv)
        .args(["--list", "1"])
        .assert()
        .code(7)
        .stdout(predicate::str::contains("Imported 1 of 1 rows"))
        .stdout(predicate::str::contains(
            "9998 line(s) not imported: lines 3\u{2013}10000 not read: quote opened on line 3 never closed.",
        ));
    let out = env
        .ctct()
        .args(["--output", "json", "import"])
        .arg(&csv)
        .args(["--list", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["not_read"]["first_line"], 3);
    assert_eq!(json["not_read"]["last_line"], 10_000);
    assert_eq!(json["not_read"]["lines"], 9_998);
}
