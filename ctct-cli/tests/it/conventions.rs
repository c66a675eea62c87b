//! The conventions people expect of a command-line tool: completions, man pages, asking
//! before destructive changes, `--color`, `--quiet`, config-file profiles.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use predicates::prelude::*;
use support::Env;

#[test]
fn bash_completions_source_cleanly_and_complete_subcommands() {
    let out = support::bare()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("ctct.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // Sourcing must define the completion function and register it for `ctct`.
    let check = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(format!(
            "set -e; source {}; complete -p ctct",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "sourcing failed: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("ctct"));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["contacts", "lists", "import", "completions", "--yes"] {
        assert!(text.contains(word), "{word} missing from the script");
    }
}

#[test]
fn man_pages_are_written_for_the_tool_and_its_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    support::bare()
        .arg("manpages")
        .arg(dir.path())
        .assert()
        .success();
    let main = std::fs::read_to_string(dir.path().join("ctct.1")).unwrap();
    assert!(
        main.starts_with(".ie") || main.contains(".TH ctct 1"),
        "{main:.200}"
    );
    assert!(main.contains("\\-\\-yes") || main.contains("--yes"));
    assert!(dir.path().join("ctct-lists-delete.1").exists());
}

#[test]
fn destructive_commands_need_yes_off_a_terminal_and_change_nothing_without_it() {
    let env = Env::start(0, 1);
    let created = env.json(&["lists", "create", "Keep Me"]);
    let id = created["id"].as_str().unwrap().to_owned();
    // assert_cmd runs with stdin and stderr piped: nobody can be asked.
    env.ctct()
        .args(["lists", "delete", &id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "refusing to delete list {id} without --yes"
        )));
    assert_eq!(env.json(&["lists", "get", &id])["name"], "Keep Me");
    for args in [
        vec!["contacts", "opt-out", "1"],
        vec!["contacts", "remove", "1"],
        vec!["campaigns", "unschedule", "1"],
    ] {
        env.ctct()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("without --yes"));
    }
    env.ctct()
        .args(["--yes", "lists", "delete", &id])
        .assert()
        .success();
    env.ctct().args(["lists", "get", &id]).assert().code(4);
}

#[test]
fn color_never_writes_no_escape_codes_even_when_forced_elsewhere() {
    let env = Env::start(2, 1);
    let out = env
        .ctct()
        .args(["--color", "never", "-vv", "lists", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!out.stderr.is_empty(), "-vv traces requests");
    assert!(
        !out.stderr.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.contains(&0x1b));
    // `always` does colour the trace, so the check above can fail.
    let out = env
        .ctct()
        .args(["--color", "always", "-vv", "lists", "list"])
        .output()
        .unwrap();
    assert!(out.stderr.contains(&0x1b));
    // NO_COLOR with the default `auto` (stderr piped anyway): plain.
    let out = env
        .ctct()
        .env("NO_COLOR", "1")
        .args(["-vv", "lists", "list"])
        .output()
        .unwrap();
    assert!(!out.stderr.contains(&0x1b));
}

#[test]
fn quiet_drops_the_confirmation_sentence_but_not_the_data() {
    let env = Env::start(0, 1);
    env.ctct()
        .args(["--quiet", "lists", "create", "Quiet One"])
        .assert()
        .success()
        .stdout("");
    let lists = env.json(&["--quiet", "lists", "list"]);
    assert!(lists.to_string().contains("Quiet One"), "{lists}");
    env.ctct()
        .args(["-q", "lists", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Quiet One"));
}

#[test]
fn a_profile_supplies_the_username_and_output_and_flags_win() {
    let env = Env::start(3, 1);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[default]\nusername = \"joesflowers\"\noutput = \"json\"\n\n[other]\nusername = \"nobody\"\n",
    )
    .unwrap();
    let ctct = || {
        let mut cmd = env.ctct();
        cmd.env_remove("CTCT_USERNAME").env("CTCT_CONFIG", &config);
        cmd
    };
    // No username anywhere but the profile; output JSON from the profile too.
    let out = ctct().args(["lists", "list"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.is_array());
    // A flag wins over the profile.
    ctct()
        .args(["--output", "table", "lists", "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ID"));
    // Another profile: its username reaches the server (which does not know it).
    ctct()
        .args(["--profile", "other", "lists", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody").or(predicate::str::contains("401")));
    ctct()
        .args(["--profile", "missing", "lists", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no profile [missing]"));
    std::fs::write(&config, "[default]\napi_key = \"k\"\n").unwrap();
    ctct()
        .args(["lists", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "secrets are not read from the config file",
        ));
}

#[test]
fn sandbox_state_keeps_the_embedded_sandbox_data_between_commands() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let state = state.to_str().unwrap();
    let created = support::bare()
        .args([
            "--output",
            "json",
            "--sandbox-state",
            state,
            "lists",
            "create",
            "Kept List",
        ])
        .output()
        .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let lists = support::bare()
        .args([
            "--output",
            "json",
            "--sandbox-state",
            state,
            "lists",
            "list",
        ])
        .output()
        .unwrap();
    assert!(lists.status.success());
    assert!(String::from_utf8_lossy(&lists.stdout).contains("Kept List"));
    // Plain --sandbox starts afresh.
    let fresh = support::bare()
        .args(["--output", "json", "--sandbox", "lists", "list"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&fresh.stdout).contains("Kept List"));
}
