//! `ctct v3 login`: get OAuth 2.0 tokens and keep them in the token file.
//!
//! The device flow is the default because it suits a terminal: nothing to paste back, and it
//! works over SSH. PKCE (`--pkce`) is there for applications not enabled for the device flow.
//! Either way the tokens go straight into the file store (mode 0600, replaced atomically) and
//! are never printed; only the file's path and the granted scope are. The client id the login
//! used is saved with them, so later commands refresh with the same application.

use std::io::{BufRead as _, IsTerminal as _};
use std::time::Duration;

use ctct_client::transport::{HttpRequest, Method, Transport as _};
use ctct_client::v3::oauth::{OAuthClient, TokenSet, TokenStore as _};
use serde_json::json;

use super::loopback;
use crate::failure::{ExitStatus, Failure};
use crate::output::Output;
use crate::v3_session::{V3Settings, v3_failure};

/// How to log in.
#[derive(Debug)]
pub enum Flow {
    /// The device flow; `approve` plays the user on a sandbox by opening its verify page.
    Device {
        /// Approve the code automatically (sandbox only).
        approve: bool,
    },
    /// The authorization code flow with PKCE; the redirected URL is read from stdin.
    Pkce {
        /// The redirect URI registered for the client.
        redirect_uri: String,
    },
}

/// Runs `ctct v3 login`; `save` says whether to write the token file.
pub async fn run(settings: &V3Settings, flow: Flow, save: bool) -> Result<Output, Failure> {
    let tokens = match flow {
        Flow::Device { approve } => device_flow(&settings.oauth(None)?, approve).await?,
        Flow::Pkce { redirect_uri } => match loopback::loopback_path(&redirect_uri) {
            Some(path) => match loopback::Loopback::bind(path).await {
                Ok(listener) => loopback_flow(settings, listener).await?,
                Err(e) => {
                    eprintln!(
                        "ctct: cannot listen on a loopback port ({e}); paste the address instead"
                    );
                    pkce_flow(&settings.oauth(Some(&redirect_uri))?).await?
                }
            },
            None => pkce_flow(&settings.oauth(Some(&redirect_uri))?).await?,
        },
    };
    let path = settings.token_file.display().to_string();
    if save {
        settings
            .token_store()
            .save(&tokens)
            .map_err(|e| v3_failure(e, "the token file"))?;
    } else {
        eprintln!(
            "ctct: the embedded sandbox's tokens are not saved (they end with it); \
             pass --token-file FILE to save them anyway"
        );
    }
    let scope = tokens.scope.clone().unwrap_or_default();
    let text = if save {
        format!("Logged in (scope: {scope}); tokens saved to {path}.")
    } else {
        format!("Logged in (scope: {scope}).")
    };
    Ok(Output::message(
        text,
        json!({ "logged_in": true, "scope": tokens.scope, "token_file": save.then_some(path) }),
    ))
}

/// The device flow: shows the code on stderr, optionally approves it (sandbox), and polls
/// until the tokens come.
pub async fn device_flow(oauth: &OAuthClient, approve: bool) -> Result<TokenSet, Failure> {
    let device = oauth
        .device_authorization()
        .await
        .map_err(|e| v3_failure(e, "the device authorization"))?;
    eprintln!(
        "To log in, open {} and enter the code {}",
        device.verification_uri, device.user_code
    );
    if approve {
        let page = device.verification_uri_complete.clone().unwrap_or_else(|| {
            format!("{}?user_code={}", device.verification_uri, device.user_code)
        });
        eprintln!("ctct: sandbox: approving the code automatically by opening {page}");
        open(&page).await?;
    } else {
        eprintln!("Waiting for approval (Ctrl-C to give up)…");
    }
    oauth
        .poll_device(&device)
        .await
        .map_err(|e| v3_failure(e, "the device login"))
}

/// Opens `url` as a browser would (the sandbox approves a device code when its page is
/// opened).
async fn open(url: &str) -> Result<(), Failure> {
    let http = ctct_client::reqwest_transport::ReqwestTransport::new(Duration::from_secs(10))
        .map_err(|e| {
            Failure::new(
                ExitStatus::Api,
                format!("cannot start the HTTP client: {e}"),
            )
        })?;
    let answer = http
        .send(HttpRequest {
            method: Method::Get,
            url: url.to_owned(),
            headers: Vec::new(),
            body: None,
            max_response_bytes: 64 * 1024,
        })
        .await
        .map_err(|e| {
            Failure::new(
                ExitStatus::Api,
                format!("the verify page did not answer: {e}"),
            )
        })?;
    if answer.status != 200 {
        return Err(Failure::new(
            ExitStatus::Auth,
            format!(
                "the verify page answered {} instead of approving",
                answer.status
            ),
        ));
    }
    Ok(())
}

/// The authorization code flow with PKCE and a loopback redirect: prints the URL on stderr,
/// opens it in a browser when a person is at the terminal, and waits for the browser to come
/// back to the listener. A redirected address pasted on stdin is taken too, for a browser
/// on another machine.
async fn loopback_flow(
    settings: &V3Settings,
    listener: loopback::Loopback,
) -> Result<TokenSet, Failure> {
    let oauth = settings.oauth(Some(&listener.redirect_uri))?;
    let request = oauth
        .authorization_request()
        .map_err(|e| v3_failure(e, "the authorization request"))?;
    eprintln!("Open this URL and grant access (ctct waits for the browser to come back):");
    eprintln!("{}", request.url());
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        loopback::open_browser(request.url());
        eprintln!("(or paste the address the browser was sent to, then Enter)");
    }
    let pasted = async {
        match read_stdin_line().await {
            Ok(line) if !line.trim().is_empty() => line.trim().to_owned(),
            // Nothing to paste (stdin closed or empty): wait for the browser alone.
            _ => std::future::pending().await,
        }
    };
    let redirected = tokio::select! {
        got = tokio::time::timeout(loopback::WAIT, listener.redirected_url()) => match got {
            Ok(Ok(url)) => url,
            Ok(Err(e)) => {
                return Err(Failure::new(ExitStatus::Api, format!("the loopback listener failed: {e}")));
            }
            Err(_) => {
                return Err(Failure::new(
                    ExitStatus::Auth,
                    format!("no browser came back within {} s", loopback::WAIT.as_secs()),
                ));
            }
        },
        line = pasted => line,
    };
    oauth
        .complete(&request, &redirected)
        .await
        .map_err(|e| v3_failure(e, "the authorization"))
}

/// One line of stdin, read off the async runtime.
async fn read_stdin_line() -> Result<String, Failure> {
    tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map(|_| line)
    })
    .await
    .map_err(|e| Failure::new(ExitStatus::Api, format!("cannot read stdin: {e}")))?
    .map_err(|e| Failure::invalid(format!("cannot read the redirected URL: {e}")))
}

/// The authorization code flow with PKCE: prints the URL on stderr and reads the redirected
/// URL from stdin.
async fn pkce_flow(oauth: &OAuthClient) -> Result<TokenSet, Failure> {
    let request = oauth
        .authorization_request()
        .map_err(|e| v3_failure(e, "the authorization request"))?;
    eprintln!("Open this URL, grant access, then paste the address the browser was sent to:");
    eprintln!("{}", request.url());
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map(|_| line)
    })
    .await
    .map_err(|e| Failure::new(ExitStatus::Api, format!("cannot read stdin: {e}")))?
    .map_err(|e| Failure::invalid(format!("cannot read the redirected URL: {e}")))?;
    if line.trim().is_empty() {
        return Err(Failure::invalid("no redirected URL was pasted"));
    }
    oauth
        .complete(&request, line.trim())
        .await
        .map_err(|e| v3_failure(e, "the authorization"))
}
