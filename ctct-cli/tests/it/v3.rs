//! `ctct v3 …` against a sandbox in the test process: device-flow login into a token file,
//! listing contacts with the stored tokens, importing a CSV with bad rows, and no token ever
//! shown.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use std::path::Path;
use std::process::Output;

use ctct_sandbox::Config;
use ctct_sandbox::oauth::OAuthConfig;
use support::{Env, bare};

fn env() -> Env {
    Env::start_config(Config {
        oauth: OAuthConfig {
            device_interval_secs: 1,
            ..OAuthConfig::default()
        },
        v3: ctct_sandbox::V3Config {
            activity_duration: std::time::Duration::from_millis(200),
            ..ctct_sandbox::V3Config::default()
        },
        ..Config::default()
    })
}

/// `ctct ARGS` pointed at the sandbox with `tokens` as the token file and no other credentials.
fn v3(env: &Env, tokens: &Path, args: &[&str]) -> Output {
    bare()
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_TOKEN_FILE", tokens)
        .env_remove("CTCT_ACCESS_TOKEN")
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Logs in with the device flow, approving the code through the sandbox's verify page the way
/// a person would in a browser (the code is read from ctct's stderr, so ctct runs in the
/// background meanwhile).
fn login(env: &Env, tokens: &Path, verbose: &[&str]) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ctct"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_TOKEN_FILE", tokens)
        .args(verbose)
        .args(["v3", "login"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let code = loop {
        use std::io::Read as _;
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "ctct ended before showing a code: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        if let Some(at) = seen.find("enter the code ") {
            let rest = &seen[at + "enter the code ".len()..];
            if let Some(end) = rest.find('\n') {
                break rest[..end].trim().to_owned();
            }
        }
    };
    let verify = format!(
        "{}/oauth2/default/v1/device/verify?user_code={code}",
        env.sandbox.base_url()
    );
    let approved = env.runtime.block_on(async {
        use ctct_client::transport::{HttpRequest, Method, Transport as _};
        ctct_client::reqwest_transport::ReqwestTransport::new(std::time::Duration::from_secs(5))
            .unwrap()
            .send(HttpRequest {
                method: Method::Get,
                url: verify,
                headers: Vec::new(),
                body: None,
                max_response_bytes: 64 * 1024,
            })
            .await
            .unwrap()
    });
    assert_eq!(approved.status, 200);
    let mut out = child.wait_with_output().unwrap();
    {
        use std::io::Read as _;
        let mut rest = Vec::new();
        stderr.read_to_end(&mut rest).unwrap();
        let mut all = seen.into_bytes();
        all.extend(rest);
        out.stderr = all;
    }
    out
}

fn stored_tokens(tokens: &Path) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(tokens).unwrap()).unwrap();
    ["access_token", "refresh_token"]
        .iter()
        .filter_map(|k| json[*k].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn device_login_writes_a_private_token_file_that_contacts_list_uses() {
    let env = env();
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("ctct").join("tokens.json");
    let out = login(&env, &tokens, &[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("Logged in"), "{stdout}");
    let secrets = stored_tokens(&tokens);
    assert_eq!(secrets.len(), 2, "access and refresh tokens are stored");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&tokens).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let out = v3(
        &env,
        &tokens,
        &[
            "--output",
            "json",
            "v3",
            "contacts",
            "list",
            "--include",
            "list_memberships",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let emails: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        [
            "owner@joesflowers.example",
            "ada@example.com",
            "grace@example.com"
        ]
    );
    assert_eq!(rows[2]["list_memberships"].as_array().unwrap().len(), 2);
    for secret in &secrets {
        assert!(!stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()));
    }

    let out = v3(
        &env,
        &tokens,
        &["--output", "json", "v3", "contacts", "list", "--limit", "2"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2, "--limit caps the rows");
}

#[test]
fn no_token_is_shown_even_with_vv() {
    let env = env();
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.json");
    let login_out = login(&env, &tokens, &["-vv"]);
    assert_eq!(login_out.status.code(), Some(0));
    let secrets = stored_tokens(&tokens);
    let list_out = v3(&env, &tokens, &["-vv", "v3", "contacts", "list"]);
    assert_eq!(list_out.status.code(), Some(0));
    for out in [&login_out, &list_out] {
        let (stdout, stderr) = text(out);
        for secret in &secrets {
            assert!(
                !stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()),
                "a token leaked: {stdout}{stderr}"
            );
        }
    }
    let (_, stderr) = text(&list_out);
    assert!(
        stderr.contains("ctct.request"),
        "-vv traces requests: {stderr}"
    );
}

#[test]
fn import_with_two_bad_rows_exits_7_naming_them_and_imports_the_rest() {
    let env = env();
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.json");
    assert_eq!(login(&env, &tokens, &[]).status.code(), Some(0));
    let list = {
        let out = v3(
            &env,
            &tokens,
            &[
                "--output",
                "json",
                "v3",
                "contacts",
                "list",
                "--include",
                "list_memberships",
            ],
        );
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows[1]["list_memberships"][0].as_str().unwrap().to_owned()
    };
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "email,first_name,last_name\n\
         alan@example.com,Alan,Turing\n\
         not-an-email,Bad,Row\n\
         katherine@example.com,Katherine,Johnson\n\
         ,Missing,Email\n",
    )
    .unwrap();
    let out = v3(
        &env,
        &tokens,
        &["v3", "import", csv.to_str().unwrap(), "--list", &list],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(7), "{stdout}{stderr}");
    assert!(stdout.contains("2 contact(s) imported"), "{stdout}");
    assert!(
        stdout.contains("line 3") && stdout.contains("line 5"),
        "{stdout}"
    );

    let out = v3(
        &env,
        &tokens,
        &[
            "--output",
            "json",
            "v3",
            "contacts",
            "list",
            "--include",
            "list_memberships",
        ],
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for email in ["alan@example.com", "katherine@example.com"] {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["email"] == email)
            .unwrap_or_else(|| panic!("{email} was not imported: {rows}"));
        assert_eq!(row["list_memberships"], serde_json::json!([list]));
    }
    assert!(
        !rows
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["first_name"] == "Bad"),
        "the bad row was not imported"
    );
}

#[test]
fn import_of_a_csv_with_an_open_quote_exits_5_naming_the_line() {
    let env = env();
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.json");
    assert_eq!(login(&env, &tokens, &[]).status.code(), Some(0));
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "email,first_name\nalan@example.com,Alan\n\"katherine@example.com,Katherine\n",
    )
    .unwrap();
    let out = v3(
        &env,
        &tokens,
        &["v3", "import", csv.to_str().unwrap(), "--list", "any-list"],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(5), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "people.csv: CSV line 3: a quoted cell is never closed (line 3 not read) (nothing was imported)"
        ),
        "{stderr}"
    );
}

#[test]
fn contacts_list_without_a_login_exits_3_saying_to_log_in() {
    let env = env();
    let dir = tempfile::tempdir().unwrap();
    let out = v3(
        &env,
        &dir.path().join("none.json"),
        &["v3", "contacts", "list"],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    assert!(stderr.contains("ctct v3 login"), "{stderr}");
    assert!(stdout.is_empty());
}
