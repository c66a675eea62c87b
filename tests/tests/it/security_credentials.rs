//! Credentials never leave the `Authorization` header: a real client ⇄ sandbox session over
//! HTTP, with Basic and Bearer credentials, successful and failing calls (401, 404, 500 with
//! retries, a truncated body), is traced at TRACE level (the client, reqwest, hyper and the
//! sandbox, `log` records included), and every captured line, every request's and error's
//! `Debug` and `Display`, and the client's and the auth's `Debug` are searched for the API
//! key, the passwords, the tokens and the encoded Basic credential.
//!
//! Alone in its binary, with one test: the subscriber is global so that events from the
//! sandbox's and the connection pool's tasks are captured too (a thread-local subscriber
//! would miss them), and tracing caches callsite interest process-wide.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use ctct_client::oauth1::OAuth1Credentials;
use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::{HttpRequest, SendFuture, Transport};
use ctct_client::{Auth, Client, Error, RetryPolicy};
use ctct_models::ids::ContactId;
use ctct_models::v1::contacts;
use ctct_sandbox::{Config, Effect, FaultRule, FaultSpec, Sandbox};
use futures_util::TryStreamExt as _;

const USER: &str = "joesflowers";
const API_KEY: &str = "apikey-Q7w2Xv9c";
const PASSWORD: &str = "pw-Zk4mN81rT";
const TOKEN: &str = "tok-Hy6sLp3eW";
const WRONG_PASSWORD: &str = "pw-wrong-Bq5Jd0";
const WRONG_TOKEN: &str = "tok-wrong-Rf8Uc2";
const CONSUMER_SECRET: &str = "cs-Vn3Kq7Ya";
const TOKEN_SECRET: &str = "ts-Lp9Wm4Ez";

/// Every credential used in this session, and the base64 of each Basic credential.
fn secrets() -> Vec<String> {
    let b64 = |password: &str| {
        base64::engine::general_purpose::STANDARD.encode(format!("{API_KEY}%{USER}:{password}"))
    };
    vec![
        API_KEY.into(),
        PASSWORD.into(),
        TOKEN.into(),
        WRONG_PASSWORD.into(),
        WRONG_TOKEN.into(),
        CONSUMER_SECRET.into(),
        TOKEN_SECRET.into(),
        b64(PASSWORD),
        b64(WRONG_PASSWORD),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        if let Some(at) = text.find(&secret) {
            let start = at.saturating_sub(120);
            panic!(
                "{what} leaks {secret:?}: …{}…",
                &text[start..(at + secret.len() + 40).min(text.len())]
            );
        }
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The reqwest transport, recording the `Debug` of every request and whether it carried an
/// `Authorization` header (so the test knows credentials were really sent).
struct Recording {
    inner: ReqwestTransport,
    seen: Mutex<Vec<(String, bool)>>,
}

impl fmt::Debug for Recording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recording")
            .field("inner", &self.inner)
            .finish()
    }
}

impl Transport for Recording {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let authorized = request.header("authorization").is_some();
        self.seen
            .lock()
            .unwrap()
            .push((format!("{request:?}"), authorized));
        self.inner.send(request)
    }
}

fn client(sandbox: &Sandbox, transport: &Arc<Recording>, auth: Auth) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .username(USER)
        .auth(auth)
        .transport(transport.clone())
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credential_in_traces_debug_or_errors() {
    let capture = Capture::default();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .try_init()
        .unwrap();

    let sandbox = Sandbox::start(Config {
        username: USER.into(),
        api_key: API_KEY.into(),
        password: PASSWORD.into(),
        access_token: Some(TOKEN.into()),
        seed_contacts: 120,
        seed_lists: 2,
        ..Config::default()
    })
    .await
    .unwrap();
    let transport = Arc::new(Recording {
        inner: ReqwestTransport::new(Duration::from_secs(5)).unwrap(),
        seen: Mutex::new(Vec::new()),
    });
    let basic = client(&sandbox, &transport, Auth::basic(API_KEY, PASSWORD));
    let bearer = client(&sandbox, &transport, Auth::bearer(TOKEN));
    let mut errors: Vec<Error> = Vec::new();

    // Success, over three pages, with each scheme.
    for c in [&basic, &bearer] {
        let all: Vec<_> = c.contacts().try_collect().await.unwrap();
        assert_eq!(all.len(), 120);
    }
    // 404.
    let missing = ContactId::new(USER, "999999");
    let err = basic
        .send(contacts::GetContact::new(&missing))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    errors.push(err);
    // 401 with a wrong password and with a wrong token.
    for auth in [
        Auth::basic(API_KEY, WRONG_PASSWORD),
        Auth::bearer(WRONG_TOKEN),
    ] {
        let err = client(&sandbox, &transport, auth)
            .send(contacts::ListContacts::new())
            .await
            .unwrap_err();
        assert!(err.is_unauthorized(), "{err}");
        errors.push(err);
    }
    // 500 on every attempt: retried, then reported.
    sandbox.set_faults(FaultSpec::none().with(FaultRule::new(Effect::Status {
        code: 500,
        retry_after: None,
        error_key: None,
    })));
    let err = bearer
        .send(contacts::ListContacts::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500), "{err}");
    errors.push(err);
    // A body cut in half: a transport or decode error, never a credential.
    sandbox.set_faults(FaultSpec::none().with(FaultRule::new(Effect::Truncate)));
    let err = basic
        .send(contacts::GetContact::new(ContactId::new(USER, "1")))
        .await
        .unwrap_err();
    errors.push(err);
    sandbox.clear_faults();
    // OAuth 1.0a signs requests with its secrets (the sandbox answers 401 to it).
    let oauth1 = Auth::OAuth1(OAuth1Credentials {
        consumer_key: API_KEY.into(),
        consumer_secret: CONSUMER_SECRET.into(),
        token: TOKEN.into(),
        token_secret: TOKEN_SECRET.into(),
    });
    let oauth1_client = client(&sandbox, &transport, oauth1.clone());
    if let Err(err) = oauth1_client.send(contacts::ListContacts::new()).await {
        errors.push(err);
    }

    // The session really happened, credentials went out, and errors and traces were recorded.
    let seen = transport.seen.lock().unwrap().clone();
    assert!(seen.len() >= 12, "{} requests", seen.len());
    assert!(seen.iter().all(|(_, authorized)| *authorized));
    let traces = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "ctct.request",
        "status=200",
        "status=401",
        "status=404",
        "status=500",
        "retrying",
        "TRACE",
    ] {
        assert!(
            traces.contains(expected),
            "no {expected:?} in the traces:\n{traces}"
        );
    }
    assert!(errors.len() >= 5);

    assert_clean("the traces", &traces);
    for (debug, _) in &seen {
        assert_clean("a request's Debug", debug);
    }
    for err in &errors {
        assert_clean("an error's Display", &err.to_string());
        assert_clean("an error's Debug", &format!("{err:?}"));
    }
    for c in [&basic, &bearer, &oauth1_client] {
        let debug = format!("{c:?}");
        assert!(debug.contains("redacted"), "{debug}");
        assert_clean("a client's Debug", &debug);
    }
    for auth in [Auth::basic(API_KEY, PASSWORD), Auth::bearer(TOKEN), oauth1] {
        assert_clean("an auth's Debug", &format!("{auth:?}"));
    }
    sandbox.shutdown().await;
}
