//! The token file remembers the application it was logged in with: after `ctct v3 login
//! --client-id APP`, later commands refresh with APP without being told it again, and an
//! explicit other id is used but warned about. The sandbox registers a second application,
//! so the CLI's own fallback (the sandbox's default client) would be refused on refresh.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::{HttpRequest, Method, Transport as _};
use ctct_sandbox::Config;
use ctct_sandbox::oauth::{DEFAULT_REDIRECT_URI, OAuthConfig, RegisteredClient};

use crate::support::Env;

const APP: &str = "my-registered-app";

/// `ctct` against the sandbox with the token file and no client id from anywhere.
fn ctct(env: &Env, tokens: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ctct"));
    for var in [
        "CTCT_ACCESS_TOKEN",
        "CTCT_CLIENT_ID",
        "CTCT_PROFILE",
        "CTCT_V3_BASE_URL",
        "CTCT_AUTH_URL",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CTCT_CONFIG", "/nonexistent/ctct-test/config.toml")
        .env("CTCT_BASE_URL", env.sandbox.base_url())
        .env("CTCT_TOKEN_FILE", tokens)
        .stdin(Stdio::null());
    cmd
}

/// `ctct v3 login --client-id APP` (device flow), approving the code as the user would.
fn login(env: &Env, tokens: &Path) {
    let mut child = ctct(env, tokens)
        .args(["v3", "login", "--client-id", APP])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let page = loop {
        let line = lines.next().expect("the code is printed").unwrap();
        // "To log in, open URL and enter the code CODE"
        if let Some(rest) = line.strip_prefix("To log in, open ") {
            let (uri, code) = rest.split_once(" and enter the code ").unwrap();
            break format!("{uri}?user_code={code}");
        }
    };
    let approved = env.runtime.block_on(async {
        ReqwestTransport::new(Duration::from_secs(10))
            .unwrap()
            .send(HttpRequest {
                method: Method::Get,
                url: page,
                headers: Vec::new(),
                body: None,
                max_response_bytes: 64 * 1024,
            })
            .await
            .unwrap()
    });
    assert_eq!(approved.status, 200);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "login failed");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Logged in"));
}

fn saved(tokens: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(tokens).unwrap()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_command_after_login_refreshes_with_the_saved_client_id() {
    let env = Env::start_config(Config {
        oauth: OAuthConfig {
            clients: vec![
                RegisteredClient::public(
                    ctct_sandbox::oauth::DEFAULT_CLIENT_ID,
                    DEFAULT_REDIRECT_URI,
                ),
                RegisteredClient::public(APP, DEFAULT_REDIRECT_URI),
            ],
            // Shorter than the CLI's refresh skew: every command refreshes first.
            access_token_lifetime: Duration::from_secs(60),
            device_interval_secs: 1,
            ..OAuthConfig::default()
        },
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.json");
    login(&env, &tokens);
    let first = saved(&tokens);
    assert_eq!(first["client_id"], APP, "login writes the client id");
    assert!(first["refresh_token"].is_string());
    assert!(!first.to_string().contains("secret"), "no client secret");

    // No --client-id, no CTCT_CLIENT_ID, no profile: the saved one refreshes.
    let out = ctct(&env, &tokens)
        .args(["--output", "json", "v3", "contacts", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("client id"), "{}", stderr(&out));
    assert_eq!(env.sandbox.oauth_stats().refreshes, 1);
    let second = saved(&tokens);
    assert_ne!(second["refresh_token"], first["refresh_token"], "rotated");
    assert_eq!(second["client_id"], APP, "the refresh keeps the client id");

    // An explicit other id wins, with a warning; the sandbox refuses its refresh.
    let out = ctct(&env, &tokens)
        .args(["--output", "json", "v3", "--client-id", "sandbox-client"])
        .args(["contacts", "list"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "were issued to client id \"{APP}\", but client id \"sandbox-client\" was given"
        )),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert_eq!(env.sandbox.oauth_stats().refreshes, 1);
    assert_eq!(
        saved(&tokens),
        second,
        "nothing saved by the refused refresh"
    );

    // The same id as saved, given explicitly: no warning.
    let out = ctct(&env, &tokens)
        .args([
            "--output",
            "json",
            "v3",
            "--client-id",
            APP,
            "contacts",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("issued to"), "{}", stderr(&out));
    assert_eq!(env.sandbox.oauth_stats().refreshes, 2);
}
