//! The V1-era OAuth 2.0 server flow: print the authorization URL, then exchange the `code`
//! the browser came back with and look up the account the token belongs to.
//!
//! ```sh
//! CTCT_API_KEY=key CTCT_CLIENT_SECRET=secret CTCT_REDIRECT_URI=https://app.example/cb \
//! cargo run -p ctct-client --example oauth2_login -- [CODE]
//! ```
//! `CTCT_OAUTH2_BASE_URL` points it at a sandbox.

mod common;

use ctct_client::oauth2::OAuth2App;
use ctct_client::{Client, Secret};

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let app = OAuth2App::new(
        common::var("CTCT_API_KEY")?,
        Secret::new(common::var("CTCT_CLIENT_SECRET")?),
        common::var("CTCT_REDIRECT_URI")?,
    );
    let mut builder = Client::builder();
    if let Ok(base) = std::env::var("CTCT_OAUTH2_BASE_URL") {
        builder = builder.oauth2_base_url(base);
    }
    let client = builder.build()?;
    let Some(code) = std::env::args().nth(1) else {
        println!("open this URL, log in, and run again with the `code` from the redirect:");
        println!("{}", client.oauth2_authorization_url(&app));
        return Ok(());
    };
    let token = client.oauth2_exchange_code(&app, &code).await?;
    let username = client.oauth2_token_username(&token.access_token).await?;
    println!(
        "token for account {username:?}; export CTCT_USERNAME={username} and CTCT_ACCESS_TOKEN"
    );
    Ok(())
}
