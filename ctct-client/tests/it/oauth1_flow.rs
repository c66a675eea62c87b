//! The OAuth 1.0a token flow against the replay transport: exact signed URLs, parsed
//! answers, and no secret in errors or Debug.
#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_client::oauth1::{Nonce, encode, hmac_sha1, parse_pairs, signature_base};
use ctct_client::oauth1_flow::{OAuth1App, RequestToken};
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use support::*;

const OAUTH: &str = "https://oauth.example.test";

fn app() -> OAuth1App {
    OAuth1App::new("ckey-123", "csecret-456")
        .with_callback(Some("https://app.example/back?x=1".into()))
        .with_base_url(OAUTH)
}

fn nonce() -> Nonce {
    Nonce {
        nonce: "n0nce".into(),
        timestamp: 1_300_000_000,
    }
}

/// Checks that `url`'s `oauth_signature` is the HMAC-SHA1 of its own other parameters.
fn assert_signed(url: &str, token_secret: &str) {
    let (base_url, query) = url.split_once('?').unwrap();
    let mut pairs = parse_pairs(query);
    let at = pairs
        .iter()
        .position(|(k, _)| k == "oauth_signature")
        .unwrap();
    let (_, signature) = pairs.remove(at);
    let base = signature_base("GET", base_url, &pairs);
    assert_eq!(signature, hmac_sha1(&base, "csecret-456", token_secret));
}

#[tokio::test]
async fn request_token_authorize_url_and_access_token() {
    let replay = ReplayTransport::new();
    let request_url = format!(
        "{OAUTH}/ws/oauth/request_token?oauth_callback={}&oauth_consumer_key=ckey-123&oauth_nonce=n0nce&oauth_signature={}&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1300000000&oauth_version=1.0",
        encode("https://app.example/back?x=1"),
        encode(&hmac_sha1(
            &signature_base(
                "GET",
                &format!("{OAUTH}/ws/oauth/request_token"),
                &[
                    (
                        "oauth_callback".into(),
                        "https://app.example/back?x=1".into()
                    ),
                    ("oauth_consumer_key".into(), "ckey-123".into()),
                    ("oauth_nonce".into(), "n0nce".into()),
                    ("oauth_signature_method".into(), "HMAC-SHA1".into()),
                    ("oauth_timestamp".into(), "1300000000".into()),
                    ("oauth_version".into(), "1.0".into()),
                ]
            ),
            "csecret-456",
            ""
        ))
    );
    assert_eq!(app().request_token_url(&nonce()), request_url);
    assert_signed(&request_url, "");
    replay.expect(
        Expect::get(&request_url).no_header("authorization"),
        Reply::status(
            200,
            "oauth_token=req%2Ftok&oauth_token_secret=req-secret&oauth_callback_confirmed=true",
        ),
    );
    let client = client(&replay);
    let token = client
        .oauth1_request_token_with(&app(), &nonce())
        .await
        .unwrap();
    assert_eq!(token.token.expose(), "req/tok");
    assert!(token.callback_confirmed);
    assert_eq!(
        app().authorize_url(&token),
        format!("{OAUTH}/ws/oauth/confirm_access?oauth_token=req%2Ftok")
    );
    assert!(!format!("{token:?}").contains("req-secret"));

    let access_url = app().access_token_url(&token, "ver-789", &nonce());
    assert!(access_url.contains("&oauth_token=req%2Ftok&"));
    assert!(access_url.contains("&oauth_verifier=ver-789"));
    assert_signed(&access_url, "req-secret");
    replay.expect(
        Expect::get(&access_url),
        Reply::status(
            200,
            "oauth_token=acc-tok&oauth_token_secret=acc-secret&username=joesflowers\n",
        ),
    );
    let grant = client
        .oauth1_access_token_with(&app(), &token, "ver-789", &nonce())
        .await
        .unwrap();
    replay.assert_done();
    assert_eq!(grant.credentials.token.expose(), "acc-tok");
    assert_eq!(grant.credentials.token_secret.expose(), "acc-secret");
    assert_eq!(grant.username.as_deref(), Some("joesflowers"));
    assert!(!format!("{grant:?}").contains("acc-secret"));
}

#[tokio::test]
async fn refusals_and_bad_answers_are_clear_and_show_no_secret() {
    let replay = ReplayTransport::new();
    let token = RequestToken {
        token: "req-tok".into(),
        secret: "req-secret".into(),
        callback_confirmed: true,
    };
    replay
        .expect(
            Expect::get(app().access_token_url(&token, "ver-789", &nonce())),
            Reply::status(
                401,
                "oauth_problem=verifier_invalid&echo=ver-789&key=ckey-123",
            ),
        )
        .expect(
            Expect::get(app().request_token_url(&nonce())),
            Reply::status(200, "<html>maintenance</html>"),
        );
    let client = client(&replay);
    let err = client
        .oauth1_access_token_with(&app(), &token, "ver-789", &nonce())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    let shown = format!("{err} {err:?}");
    for secret in [
        "ver-789",
        "ckey-123",
        "csecret-456",
        "req-secret",
        "oauth_signature",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("oauth_problem=verifier_invalid"), "{shown}");
    assert!(
        shown.contains("GET /ws/oauth/access_token failed: 401"),
        "{shown}"
    );

    let err = client
        .oauth1_request_token_with(&app(), &nonce())
        .await
        .unwrap_err();
    assert!(
        ctct_client::error::chain(&err)
            .contains("request-token answer lacks oauth_token or oauth_token_secret"),
        "{err}"
    );
    replay.assert_done();
}

#[tokio::test]
async fn the_flow_refuses_plain_http_to_a_remote_host() {
    let replay = ReplayTransport::new();
    let app = app().with_base_url("http://oauth.example.test");
    let err = client(&replay)
        .oauth1_request_token_with(&app, &nonce())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("refusing to send credentials over plain http://"),
        "{err}"
    );
    assert_eq!(replay.request_count(), 0);
}
