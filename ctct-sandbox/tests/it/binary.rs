//! The `ctct-sandbox` binary: first stdout line, a fresh 10000-contact account that a full
//! paging pass reads completely, its arguments, and `--state` across a restart.

use std::collections::BTreeSet;
use std::process::Stdio;

use ctct_models::atom::Feed;
use ctct_models::v1::contacts::Contact;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test]
async fn serves_ten_thousand_seeded_contacts() {
    let (mut child, base) = start(&[
        "--addr",
        "127.0.0.1:0",
        "--username",
        "joesflowers",
        "--api-key",
        "KEY",
        "--password",
        "PASS",
        "--seed-contacts",
        "10000",
        "--seed-lists",
        "4",
    ])
    .await;
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let http = crate::support::v1::http_client();
    let mut url = format!("{base}/ws/customers/joesflowers/contacts");
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    loop {
        let r = http
            .get(&url)
            .basic_auth("KEY%joesflowers", Some("PASS"))
            .send()
            .await
            .expect("a response");
        assert_eq!(r.status(), 200);
        let feed = Feed::<Contact>::from_xml(&r.text().await.expect("a body")).expect("a feed");
        assert!(feed.entries.len() <= 50);
        pages += 1;
        for e in &feed.entries {
            assert!(
                seen.insert(e.id.clone().expect("an id")),
                "repeated {:?}",
                e.id
            );
        }
        match feed.next_href() {
            Some(next) => url = format!("{base}{next}"),
            None => break,
        }
        assert!(pages <= 201, "paging does not end");
    }
    assert_eq!(seen.len(), 10_000);
    assert_eq!(pages, 200);
    // Wrong credentials are refused by the binary too.
    let r = http
        .get(format!("{base}/ws/customers/joesflowers/"))
        .basic_auth("KEY%joesflowers", Some("WRONG"))
        .send()
        .await
        .expect("a response");
    assert_eq!(r.status(), 401);
    child.kill().await.expect("the child stops");
}

#[tokio::test]
async fn bad_arguments_exit_2_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args(["--faults", "status=200"])
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid fault spec") && err.contains("--faults") && err.contains("--help"),
        "{err}"
    );
}

#[tokio::test]
async fn a_bad_activity_step_is_refused_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--activity-step", "soon"])
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--activity-step")
            && err.contains("needs a duration such as 250ms or 1s, got \"soon\"")
            && err.contains("--help"),
        "{err}"
    );
}

#[tokio::test]
async fn help_and_version_go_to_stdout_and_exit_0() {
    let help = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .arg("--help")
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("--state <FILE>") && text.contains("--faults <SPEC>"),
        "{text}"
    );
    let version = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .arg("--version")
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("ctct-sandbox {}", env!("CARGO_PKG_VERSION"))
    );
}

/// Starts the binary with `args`, returning it and the base URL of its ready line.
async fn start(args: &[&str]) -> (tokio::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .await
        .expect("a first line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, base)
}

/// Starts the binary with `--state FILE`, returning it and its base URL.
async fn start_with_state(state: &std::path::Path) -> (tokio::process::Child, String) {
    let state = state.to_str().expect("a UTF-8 temp path");
    start(&[
        "--addr",
        "127.0.0.1:0",
        "--seed-lists",
        "1",
        "--state",
        state,
    ])
    .await
}

/// Sends SIGTERM and waits for a clean exit.
async fn terminate(mut child: tokio::process::Child) {
    let pid = child.id().expect("running").to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().await.expect("the child exits");
    assert_eq!(status.code(), Some(0), "a clean exit after SIGTERM");
}

#[cfg(unix)]
#[tokio::test]
async fn a_sandbox_restarted_with_state_serves_the_contacts_it_had() {
    let dir = std::env::temp_dir().join(format!("ctct-sandbox-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let state = dir.join("account.json");
    let _ = std::fs::remove_file(&state);
    let http = crate::support::v1::http_client();
    let contacts = |base: &str| format!("{base}/ws/customers/joesflowers/contacts");
    let body = r#"<entry xmlns="http://www.w3.org/2005/Atom"><id>data:,none</id><title/><author/><updated>1970-01-01T00:00:00.000Z</updated><content type="application/vnd.ctct+xml"><Contact xmlns="http://ws.constantcontact.com/ns/1.0/"><EmailAddress>kept@example.com</EmailAddress><FirstName>Kept</FirstName><OptInSource>ACTION_BY_CUSTOMER</OptInSource><ContactLists><ContactList id="http://api.constantcontact.com/ws/customers/joesflowers/lists/1"/></ContactLists></Contact></content></entry>"#;

    let (child, base) = start_with_state(&state).await;
    let r = http
        .post(contacts(&base))
        .basic_auth("sandbox-key%joesflowers", Some("sandbox-password"))
        .header("content-type", "application/atom+xml")
        .body(body)
        .send()
        .await
        .expect("a response");
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    terminate(child).await;
    assert!(state.exists(), "the state was written on SIGTERM");

    let (child, base) = start_with_state(&state).await;
    let r = http
        .get(format!("{}?email=kept@example.com", contacts(&base)))
        .basic_auth("sandbox-key%joesflowers", Some("sandbox-password"))
        .send()
        .await
        .expect("a response");
    assert_eq!(r.status(), 200);
    let feed = Feed::<Contact>::from_xml(&r.text().await.expect("a body")).expect("a feed");
    assert_eq!(feed.entries.len(), 1, "the contact survived the restart");
    // A search answers summaries; the full entry has every saved field.
    let uri = feed.entries[0].id.clone().expect("an id");
    let tail = uri.rsplit('/').next().expect("a tail").to_owned();
    let r = http
        .get(format!("{}/{tail}", contacts(&base)))
        .basic_auth("sandbox-key%joesflowers", Some("sandbox-password"))
        .send()
        .await
        .expect("a response");
    assert_eq!(r.status(), 200);
    let entry = ctct_models::atom::Entry::<Contact>::from_xml(&r.text().await.expect("a body"))
        .expect("an entry");
    let c = &entry.content;
    assert_eq!(c.first_name.as_deref(), Some("Kept"));
    let on = c.contact_lists.as_ref().map(|l| l.lists.len());
    assert_eq!(on, Some(1), "its membership survived too");
    terminate(child).await;
    let saved = std::fs::read_to_string(&state).expect("the state file");
    assert!(saved.contains("kept@example.com"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_state_file_that_is_not_one_is_refused_at_start() {
    let dir = std::env::temp_dir().join(format!("ctct-sandbox-bad-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let state = dir.join("account.json");
    std::fs::write(&state, "not json").expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_ctct-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--state"])
        .arg(&state)
        .output()
        .await
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a sandbox state file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&state).ok().as_deref(),
        Some("not json"),
        "left alone"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The signal handlers are installed before the ready line: a SIGTERM sent the moment
/// `listening on` is read still ends cleanly and writes the state file.
#[cfg(unix)]
#[tokio::test]
async fn a_sigterm_right_after_the_ready_line_still_saves_the_state() {
    let dir = std::env::temp_dir().join(format!("ctct-sandbox-early-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let state = dir.join("account.json");
    let _ = std::fs::remove_file(&state);
    for _ in 0..5 {
        let (child, _base) = start_with_state(&state).await;
        terminate(child).await;
        assert!(state.is_file(), "the state was written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
