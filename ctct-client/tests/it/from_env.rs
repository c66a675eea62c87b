//! Clients configured from environment variables, read through a lookup map (the process
//! environment is shared by every test of the binary, so it is never changed): a client made
//! from the variables talks to a sandbox with the credentials they hold, every missing
//! required variable is reported by name, no error shows a secret, and the connect timeout
//! ends a connection attempt to a server that does not answer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ctct_client::env::{ACCESS_TOKEN, API_KEY, BASE_URL, PASSWORD, TIMEOUT, USERNAME, V3_BASE_URL};
use ctct_client::transport::TransportErrorKind;
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::{Client, ConfigError, Error, RetryPolicy, Secret};
use ctct_models::v3::contact_lists::GetLists;
use futures_util::TryStreamExt as _;

use crate::support::{sandbox, silent};

const TOKEN: &str = "env-token-5ecr3t";
const KEY: &str = "KEY-d0nt-sh0w";
const PASS: &str = "pa55-d0nt-sh0w";
/// The lists every V1 account has besides its own (active, do-not-mail, removed).
const SYSTEM_LISTS: usize = 3;

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn config_error(result: Result<impl std::fmt::Debug, Error>) -> (ConfigError, String, String) {
    match result.unwrap_err() {
        Error::Config(e) => {
            let shown = (e.to_string(), format!("{e:?}"));
            (e, shown.0, shown.1)
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

fn assert_missing(result: Result<impl std::fmt::Debug, Error>, want: &str) {
    let (err, display, debug) = config_error(result);
    match err {
        ConfigError::MissingEnv { name, .. } => assert_eq!(name, want, "{display}"),
        other => panic!("expected MissingEnv {{ {want} }}, got {other:?}"),
    }
    assert!(display.contains(want), "{display}");
    for secret in [TOKEN, KEY, PASS] {
        assert!(!display.contains(secret), "{display}");
        assert!(!debug.contains(secret), "{debug}");
    }
}

#[tokio::test]
async fn a_v1_client_from_key_and_password_lists_the_sandbox_lists() {
    let sb = sandbox::start(TOKEN, 3).await;
    let client = Client::from_env_with(lookup(&[
        (BASE_URL, &sb.base_url()),
        (USERNAME, "JoesFlowers"),
        (API_KEY, sandbox::API_KEY),
        (PASSWORD, sandbox::PASSWORD),
        (TIMEOUT, "5s"),
    ]))
    .unwrap();
    assert_eq!(client.username(), Some(sandbox::USERNAME));
    let lists: Vec<_> = client.lists().try_collect().await.unwrap();
    assert_eq!(lists.len(), SYSTEM_LISTS + 3);
}

#[tokio::test]
async fn a_v1_access_token_wins_over_a_wrong_key_and_password() {
    let sb = sandbox::start(TOKEN, 2).await;
    let with = |token: &str| {
        Client::from_env_with(lookup(&[
            (BASE_URL, &sb.base_url()),
            (USERNAME, sandbox::USERNAME),
            (API_KEY, "wrong-key"),
            (PASSWORD, "wrong-password"),
            (ACCESS_TOKEN, token),
        ]))
        .unwrap()
    };
    let lists: Vec<_> = with(TOKEN).lists().try_collect().await.unwrap();
    assert_eq!(lists.len(), SYSTEM_LISTS + 2);
    // The token is what was sent: another one is refused.
    let err = with("not-the-token")
        .lists()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 401),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_v3_client_from_a_token_talks_to_the_sandbox_v3_base() {
    let sb = sandbox::start(TOKEN, 0).await;
    let client = V3Client::from_env_with(lookup(&[
        (V3_BASE_URL, &sb.v3_url()),
        (ACCESS_TOKEN, TOKEN),
    ]))
    .unwrap();
    assert_eq!(client.base_url(), sb.v3_url());
    client.send(GetLists::new()).await.unwrap();

    let wrong = V3Client::from_env_with(lookup(&[
        (V3_BASE_URL, &sb.v3_url()),
        (ACCESS_TOKEN, "not-the-token"),
    ]))
    .unwrap();
    let err = wrong.send(GetLists::new()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 401),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_v3_base_defaults_to_the_v1_root_plus_v3() {
    let sb = sandbox::start(TOKEN, 0).await;
    let client =
        V3Client::from_env_with(lookup(&[(BASE_URL, &sb.base_url()), (ACCESS_TOKEN, TOKEN)]))
            .unwrap();
    assert_eq!(client.base_url(), format!("{}/v3", sb.base_url()));
    client.send(GetLists::new()).await.unwrap();

    let real = V3Client::from_env_with(lookup(&[(ACCESS_TOKEN, TOKEN)])).unwrap();
    assert_eq!(real.base_url(), ctct_models::endpoint::V3_BASE_URL);
}

#[test]
fn each_missing_v1_variable_is_named() {
    let all = [(USERNAME, "joesflowers"), (API_KEY, KEY), (PASSWORD, PASS)];
    for missing in [USERNAME, API_KEY, PASSWORD] {
        let pairs: Vec<_> = all.iter().copied().filter(|(k, _)| *k != missing).collect();
        assert_missing(Client::from_env_with(lookup(&pairs)), missing);
        // A blank value counts as unset.
        let blank: Vec<_> = all
            .iter()
            .map(|&(k, v)| if k == missing { (k, "  ") } else { (k, v) })
            .collect();
        assert_missing(Client::from_env_with(lookup(&blank)), missing);
    }
    // An access token stands in for the key and password, not for the username.
    assert_missing(
        Client::from_env_with(lookup(&[(ACCESS_TOKEN, TOKEN)])),
        USERNAME,
    );
    Client::from_env_with(lookup(&[(USERNAME, "joesflowers"), (ACCESS_TOKEN, TOKEN)])).unwrap();
}

#[test]
fn a_missing_key_says_the_token_would_do() {
    let (_, display, _) = config_error(Client::from_env_with(lookup(&[(USERNAME, "joesflowers")])));
    assert_eq!(
        display,
        "the environment variable CTCT_API_KEY is not set (nor is CTCT_ACCESS_TOKEN)"
    );
}

#[test]
fn a_missing_v3_token_is_named() {
    assert_missing(V3Client::from_env_with(lookup(&[])), ACCESS_TOKEN);
    assert_missing(
        V3Client::from_env_with(lookup(&[(ACCESS_TOKEN, ""), (API_KEY, KEY)])),
        ACCESS_TOKEN,
    );
}

#[test]
fn a_bad_url_or_timeout_is_named_and_no_secret_is_shown() {
    let creds = [(USERNAME, "joesflowers"), (API_KEY, KEY), (PASSWORD, PASS)];
    let with = |extra: (&'static str, &'static str)| {
        let mut pairs = creds.to_vec();
        pairs.push(extra);
        pairs
    };
    let cases: [(Vec<(&str, &str)>, &str); 4] = [
        (
            with((BASE_URL, "ftp://api.example.test")),
            "CTCT_BASE_URL \"ftp://api.example.test\" is not an absolute http(s) URL",
        ),
        (
            with((TIMEOUT, "soon")),
            "the environment variable CTCT_TIMEOUT \"soon\" is not a duration such as 30s or 500ms",
        ),
        (
            with((TIMEOUT, "0s")),
            "the environment variable CTCT_TIMEOUT \"0s\" is not a duration such as 30s or 500ms",
        ),
        (
            with((BASE_URL, "http://api.example.test")),
            "refusing to send credentials over plain http:// to api.example.test (only loopback hosts may use http)",
        ),
    ];
    for (pairs, want) in cases {
        let (_, display, debug) = config_error(Client::from_env_with(lookup(&pairs)));
        assert_eq!(display, want);
        for secret in [KEY, PASS] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
    let (_, display, debug) = config_error(V3Client::from_env_with(lookup(&[
        (ACCESS_TOKEN, TOKEN),
        (V3_BASE_URL, "not a url"),
    ])));
    assert!(
        display.starts_with("CTCT_V3_BASE_URL \"not a url\" cannot be parsed"),
        "{display}"
    );
    assert!(
        !debug.contains(TOKEN) && !display.contains(TOKEN),
        "{debug}"
    );
}

/// The connect timeout set (200 ms) must end the attempt: the request timeout (5 s here) is
/// shorter than the default connect timeout (10 s), so if the setting were lost the request
/// timeout would fire instead and the error would be `Error::Timeout`, not a transport
/// timeout. (An unrouted address such as 10.255.255.1 is no use for this: where outbound
/// connections are intercepted, something answers it at once; the silent loopback server
/// never answers.)
fn assert_connect_timeout(err: &Error) {
    match err {
        Error::Transport { kind, attempts, .. } => {
            assert_eq!(*kind, TransportErrorKind::Timeout, "{err:?}");
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected a transport timeout from the connect timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn the_v1_connect_timeout_ends_a_handshake_nobody_answers() {
    let root = silent::start().await;
    let client = Client::builder()
        .base_url(root)
        .username("joesflowers")
        .connect_timeout(Duration::from_millis(200))
        .request_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.lists().try_collect::<Vec<_>>().await.unwrap_err();
    assert_connect_timeout(&err);
}

#[tokio::test]
async fn the_v3_connect_timeout_ends_a_handshake_nobody_answers() {
    let root = silent::start().await;
    let client = V3Client::builder(Arc::new(StaticToken(Secret::new(TOKEN))))
        .base_url(format!("{root}/v3"))
        .connect_timeout(Duration::from_millis(200))
        .request_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .rate_limit(None)
        .build()
        .unwrap();
    let err = client.send(GetLists::new()).await.unwrap_err();
    assert_connect_timeout(&err);
    assert!(!format!("{err:?}").contains(TOKEN));
}
