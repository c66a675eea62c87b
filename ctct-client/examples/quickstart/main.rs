//! The V3 quick start of Constant Contact's guide: authorize, list contacts, pick a list, import a CSV, poll
//! the import until it is done, and list the imported contacts with their list memberships.
//!
//! ```sh
//! cargo run -p ctct-client --example quickstart
//! ```
//!
//! By default it starts an embedded sandbox (`ctct-sandbox`: the V3 endpoints and an OAuth
//! authorization server that consents by itself), so it needs no account. The CSV shipped
//! next to it (`contacts.csv`) has two bad rows, which the import reports.
//!
//! Against the real service, set:
//!
//! - `CTCT_CLIENT_ID`: your application's API key (a public client; PKCE, no secret);
//! - `CTCT_REDIRECT_URI`: a redirect URI registered for it. The example prints the
//!   authorization URL; open it, grant access, and paste the address the browser was sent
//!   back to;
//! - optionally `CTCT_CSV` (a CSV file to import instead of the shipped one) and
//!   `CTCT_LIST_ID` (the list to import into; default: the account's first list).
//!
//! `CTCT_V3_BASE_URL` and `CTCT_AUTH_URL` point it at another server (a `ctct-sandbox` you
//! started yourself, for instance).

mod flow;

use std::io::BufRead as _;
use std::sync::Arc;

use ctct_client::Client;
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::{
    MemoryTokenStore, OAuthApp, OAuthClient, OAuthEndpoints, OAuthSession,
};
use ctct_sandbox::oauth::{DEFAULT_CLIENT_ID, DEFAULT_REDIRECT_URI};
use ctct_sandbox::{Config, Sandbox};

const SHIPPED_CSV: &str = include_str!("contacts.csv");

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "quickstart failed: {}",
                ctct_client::error::chain(e.as_ref())
            );
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), flow::Failure> {
    let csv = match env("CTCT_CSV") {
        Some(path) => {
            std::fs::read_to_string(&path).map_err(|e| format!("CTCT_CSV {path:?}: {e}"))?
        }
        None => SHIPPED_CSV.to_owned(),
    };
    let mut say = |line: String| println!("{line}");
    // Keeps the embedded sandbox alive until the end.
    let mut _sandbox = None;
    let (session, v3_base) = match env("CTCT_CLIENT_ID") {
        None => {
            let sandbox = Sandbox::start(Config::default())
                .await
                .map_err(|e| format!("cannot start the embedded sandbox: {e}"))?;
            say(format!("embedded sandbox at {}", sandbox.base_url()));
            let auth_root = env("CTCT_AUTH_URL").unwrap_or_else(|| sandbox.base_url());
            let v3_base =
                env("CTCT_V3_BASE_URL").unwrap_or_else(|| format!("{}/v3", sandbox.base_url()));
            let app = OAuthApp::public(DEFAULT_CLIENT_ID)
                .redirect_uri(DEFAULT_REDIRECT_URI)
                .endpoints(OAuthEndpoints::at(&auth_root));
            let session = flow::authorize_automatically(app).await?;
            _sandbox = Some(sandbox);
            (session, v3_base)
        }
        Some(client_id) => {
            let redirect = env("CTCT_REDIRECT_URI")
                .ok_or("set CTCT_REDIRECT_URI to a redirect URI registered for CTCT_CLIENT_ID")?;
            let mut app = OAuthApp::public(client_id).redirect_uri(redirect);
            if let Some(root) = env("CTCT_AUTH_URL") {
                app = app.endpoints(OAuthEndpoints::at(&root));
            }
            let session = authorize_in_browser(app).await?;
            let v3_base = env("CTCT_V3_BASE_URL")
                .unwrap_or_else(|| ctct_models::endpoint::V3_BASE_URL.to_owned());
            (session, v3_base)
        }
    };
    say("authorized (OAuth 2.0 authorization code with PKCE)".to_owned());
    let client = V3Client::builder(session).base_url(v3_base).build()?;
    let list_id = env("CTCT_LIST_ID");
    let report = flow::run(&client, &csv, list_id.as_deref(), &mut say).await?;
    say(format!(
        "done: the account had {} contact(s); the import ended {} and {} imported contact(s) are in list {}",
        report.contacts_before,
        report
            .activity
            .state
            .as_ref()
            .map_or("in an unknown state", |s| s.as_str()),
        report.imported.len(),
        report.list_id
    ));
    Ok(())
}

/// The real service: the user opens the URL and pastes where the browser came back to.
async fn authorize_in_browser(app: OAuthApp) -> Result<Arc<OAuthSession>, flow::Failure> {
    let oauth = OAuthClient::with_http(app, Client::builder().build()?);
    let request = oauth.authorization_request()?;
    println!("open this URL, grant access, then paste the address the browser was sent to:");
    println!("{}", request.url());
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the redirect URL: {e}"))?;
    let tokens = oauth.complete(&request, line.trim()).await?;
    let session = OAuthSession::new(oauth, Arc::new(MemoryTokenStore::new()));
    session.set_tokens(tokens).await?;
    Ok(Arc::new(session))
}
