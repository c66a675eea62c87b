//! The client's V1-era OAuth 2.0 flow end to end against the sandbox: the authorization URL,
//! the redirect with `code` and `username`, the code exchange with the parameters in the query,
//! the token's username, and the token used as `Bearer` on a V1 resource.

#![allow(clippy::unwrap_used)]

use ctct_client::oauth2::OAuth2App;
use ctct_client::{Auth, Client, Secret};
use ctct_sandbox::{Config, Sandbox};
use futures_util::TryStreamExt as _;

#[tokio::test]
async fn the_v1_oauth2_code_flow_runs_against_the_sandbox() {
    let sandbox = Sandbox::start(Config {
        access_token: Some("v1-bearer".into()),
        seed_contacts: 3,
        seed_lists: 1,
        ..Config::default()
    })
    .await
    .unwrap();
    let app = OAuth2App::new(
        "sandbox-key",
        Secret::new("sandbox-password"),
        "http://127.0.0.1:9/back",
    );
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .oauth2_base_url(sandbox.base_url())
        .username("joesflowers")
        .auth(Auth::basic("unused", "unused"))
        .build()
        .unwrap();

    // The browser: the sandbox consents at once and redirects back.
    let url = client.oauth2_authorization_url(&app);
    let http = crate::support::sandbox::http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with("http://127.0.0.1:9/back?code="), "{back}");
    assert!(back.ends_with("&username=joesflowers"), "{back}");
    let code = back
        .split_once("code=")
        .unwrap()
        .1
        .split('&')
        .next()
        .unwrap()
        .to_owned();

    let token = client.oauth2_exchange_code(&app, &code).await.unwrap();
    assert_eq!(token.access_token.expose(), "v1-bearer");
    assert_eq!(token.token_type.as_deref(), Some("Bearer"));
    // A code is spent by its exchange.
    let e = client.oauth2_exchange_code(&app, &code).await.unwrap_err();
    assert_eq!(e.status(), Some(400));
    assert_eq!(
        client
            .oauth2_token_username(&token.access_token)
            .await
            .unwrap(),
        "joesflowers"
    );

    // The token opens the V1 resources.
    let bearer = Client::builder()
        .base_url(sandbox.base_url())
        .username("joesflowers")
        .auth(Auth::bearer(token.access_token.expose()))
        .build()
        .unwrap();
    let lists: Vec<_> = bearer.lists().try_collect().await.unwrap();
    assert!(!lists.is_empty());

    // A wrong secret is refused without echoing it.
    let mut wrong = app;
    wrong.client_secret = Secret::new("not-the-secret");
    let r = http
        .get(client.oauth2_authorization_url(&wrong))
        .send()
        .await
        .unwrap();
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    let code = back
        .split_once("code=")
        .unwrap()
        .1
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let e = client
        .oauth2_exchange_code(&wrong, &code)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert!(!format!("{e} {e:?}").contains("not-the-secret"));
}
