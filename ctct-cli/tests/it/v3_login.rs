//! `ctct v3 login --pkce` with the loopback redirect: the test plays the browser against the
//! embedded sandbox's authorization server, and nothing is pasted.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::process::Stdio;
use std::time::Duration;

use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::{HttpRequest, Method, Transport as _};
use tokio::io::{AsyncBufReadExt as _, BufReader};

async fn get(url: &str) -> ctct_client::transport::HttpResponse {
    ReqwestTransport::new(Duration::from_secs(10))
        .unwrap()
        .send(HttpRequest {
            method: Method::Get,
            url: url.to_owned(),
            headers: Vec::new(),
            body: None,
            max_response_bytes: 64 * 1024,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn pkce_login_completes_through_the_loopback_listener() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.json");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ctct"))
        .args(["--sandbox", "v3", "login", "--pkce", "--token-file"])
        .arg(&tokens)
        .env("CTCT_CONFIG", "/nonexistent/ctct-test/config.toml")
        .env_remove("CTCT_CLIENT_ID")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let authorize = loop {
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("the URL is printed")
            .unwrap()
            .expect("stderr stays open until the URL");
        if line.starts_with("http://") {
            break line;
        }
    };
    assert!(
        authorize.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"),
        "a loopback redirect with a port: {authorize}"
    );
    // The browser: the sandbox consents at once and redirects to the loopback listener.
    let consent = get(&authorize).await;
    assert_eq!(
        consent.status,
        302,
        "{}",
        String::from_utf8_lossy(&consent.body)
    );
    let back = consent.header("location").unwrap().to_owned();
    assert!(
        back.starts_with("http://127.0.0.1:") && back.contains("code="),
        "{back}"
    );
    let page = get(&back).await;
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("go back to the terminal"));

    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("login ends")
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Logged in"));
    let saved = std::fs::read_to_string(&tokens).unwrap();
    assert!(saved.contains("access_token"), "the tokens were saved");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&tokens).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the token file is private");
    }
}
