//! The OAuth 1.0a token flow: get a request token, print the URL the account owner opens,
//! read the verifier they bring back from standard input, and exchange it for the access
//! token (whose secrets are not printed).
//!
//! ```sh
//! CTCT_API_KEY=key CTCT_CONSUMER_SECRET=secret cargo run -p ctct-client --example oauth1_login
//! ```
//!
//! `CTCT_OAUTH1_BASE_URL` points it at another server (e.g. a local one).

mod common;

use ctct_client::Client;
use ctct_client::oauth1_flow::OAuth1App;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let mut app = OAuth1App::new(
        common::var("CTCT_API_KEY")?,
        common::var("CTCT_CONSUMER_SECRET")?,
    );
    if let Ok(base) = std::env::var("CTCT_OAUTH1_BASE_URL") {
        app.base_url = base;
    }
    let client = Client::builder().build()?;
    let token = client.oauth1_request_token(&app).await?;
    println!(
        "Open this URL, approve, and paste the verifier:\n{}",
        app.authorize_url(&token)
    );
    let mut verifier = String::new();
    std::io::stdin()
        .read_line(&mut verifier)
        .map_err(|e| format!("reading the verifier: {e}"))?;
    let grant = client
        .oauth1_access_token(&app, &token, verifier.trim())
        .await?;
    println!(
        "access token received for {}; use it with Auth::OAuth1",
        grant.username.as_deref().unwrap_or("(username not sent)")
    );
    Ok(())
}
