//! What a hostile server or a hostile id can do, checked on the wire against a raw HTTP server
//! that records every request line and answers fixed bytes:
//!
//! * XML with a DOCTYPE, an internal entity or an external (`SYSTEM`) entity is refused, and
//!   no entity is ever expanded (the refusal names DOCTYPE, and the body is never re-fetched);
//! * a 100 MB body and 100000 nested elements are refused by the size cap and the depth
//!   pre-check, structurally (the error kind), after one request;
//! * ids containing `/`, `..`, `?`, `#` or `%` are percent-encoded into one path segment:
//!   the exact request line the server sees is asserted;
//! * credentials are refused for `http://` base URLs to non-loopback hosts before any
//!   connection is attempted (the transport is never called).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ctct_client::oauth1::OAuth1Credentials;
use ctct_client::transport::{HttpRequest, SendFuture, Transport, TransportErrorKind};
use ctct_client::{Auth, Client, ConfigError, Error, RetryPolicy};
use ctct_models::atom::{Entry, Feed};
use ctct_models::ids::{ContactId, ListId};
use ctct_models::service::ServiceDocument;
use ctct_models::v1::contacts::{self, Contact};
use ctct_models::v1::lists;
use ctct_models::xml::DecodeErrorKind;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const USER: &str = "joesflowers";

/// A loopback HTTP/1.1 server that answers every request with the same status and body and
/// records each request line (`GET /path HTTP/1.1`).
struct RawServer {
    base: String,
    lines: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    async fn start(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let lines = Arc::new(Mutex::new(Vec::new()));
        let seen = lines.clone();
        let body = Arc::new(body);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let seen = seen.clone();
                let body = body.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&head);
                    let line = text.lines().next().unwrap_or_default().to_owned();
                    seen.lock().unwrap().push(line);
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                    let _ = socket.write_all(&body).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self { base, lines }
    }

    fn client(&self) -> Client {
        Client::builder()
            .base_url(&self.base)
            .username(USER)
            .auth(Auth::basic("KEY", "PASS"))
            .retry(RetryPolicy::none())
            .request_timeout(Duration::from_secs(20))
            .build()
            .unwrap()
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

fn decode_kind(err: &Error) -> &DecodeErrorKind {
    match err {
        Error::Decode { source, .. } => &source.kind,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

const ATOM_ENTRY_HEAD: &str = "<entry xmlns=\"http://www.w3.org/2005/Atom\">";

#[tokio::test]
async fn doctype_and_entities_from_a_server_are_refused_unexpanded() {
    let bodies = [
        // External entity: would read a local file if expanded.
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE entry [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{ATOM_ENTRY_HEAD}<id>&xxe;</id></entry>"
        ),
        // Internal entity expansion ("billion laughs", shortened).
        format!(
            "<!DOCTYPE entry [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>{ATOM_ENTRY_HEAD}<id>&b;</id></entry>"
        ),
        // A bare DOCTYPE after leading whitespace and a comment.
        format!(
            "  <!-- hi --><!DOCTYPE entry SYSTEM \"http://evil.example/x.dtd\">{ATOM_ENTRY_HEAD}</entry>"
        ),
    ];
    for body in bodies {
        let server = RawServer::start(200, "application/atom+xml", body.clone().into_bytes()).await;
        let err = server
            .client()
            .send(contacts::GetContact::new(ContactId::new(USER, "2")))
            .await
            .unwrap_err();
        assert_eq!(decode_kind(&err), &DecodeErrorKind::Doctype, "{err}");
        assert!(err.to_string().contains("DOCTYPE"), "{err}");
        assert!(!err.to_string().contains("root:"), "{err}");
        assert_eq!(
            server.lines(),
            ["GET /ws/customers/joesflowers/contacts/2 HTTP/1.1"]
        );
        // The same refusal without any network, for every decoder.
        assert_eq!(
            Entry::<Contact>::from_xml(&body).unwrap_err().kind,
            DecodeErrorKind::Doctype
        );
        let as_feed = body.replace("entry", "feed");
        assert_eq!(
            Feed::<Contact>::from_xml(&as_feed).unwrap_err().kind,
            DecodeErrorKind::Doctype
        );
        let as_service = body.replace(
            ATOM_ENTRY_HEAD,
            "<service xmlns=\"http://www.w3.org/2007/app\">",
        );
        assert_eq!(
            ServiceDocument::from_xml(&as_service).unwrap_err().kind,
            DecodeErrorKind::Doctype
        );
    }
}

#[tokio::test]
async fn a_100mb_body_is_refused_by_the_size_cap_after_one_request() {
    let body = vec![b'<'; 100 * 1000 * 1000];
    let server = RawServer::start(200, "application/atom+xml", body).await;
    let err = server
        .client()
        .send(contacts::ListContacts::new())
        .await
        .unwrap_err();
    match &err {
        Error::Transport { kind, .. } => assert_eq!(*kind, TransportErrorKind::BodyTooLarge),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert_eq!(server.lines().len(), 1, "a refused body is not re-fetched");
    // Below the transport, the decoder refuses it too, from its length alone.
    let text = "<".repeat(100 * 1000 * 1000);
    assert_eq!(
        Feed::<Contact>::from_xml(&text).unwrap_err().kind,
        DecodeErrorKind::TooLarge
    );
}

#[tokio::test]
async fn a_100000_deep_body_is_refused_by_the_depth_precheck() {
    let body = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">{}{}",
        "<entry>".repeat(100_000),
        "</entry>".repeat(100_000)
    );
    let server = RawServer::start(200, "application/atom+xml", body.into_bytes()).await;
    let err = server
        .client()
        .send(contacts::ListContacts::new())
        .await
        .unwrap_err();
    assert_eq!(decode_kind(&err), &DecodeErrorKind::TooDeep, "{err}");
    assert_eq!(
        server.lines(),
        ["GET /ws/customers/joesflowers/contacts HTTP/1.1"]
    );
}

#[tokio::test]
async fn hostile_ids_stay_one_percent_encoded_segment_on_the_wire() {
    let cases = [
        ("a/b", "/ws/customers/joesflowers/contacts/a%2Fb"),
        ("../../x", "/ws/customers/joesflowers/contacts/..%2F..%2Fx"),
        (
            "1?email=x@y",
            "/ws/customers/joesflowers/contacts/1%3Femail%3Dx%40y",
        ),
        ("1#frag", "/ws/customers/joesflowers/contacts/1%23frag"),
        ("100%25", "/ws/customers/joesflowers/contacts/100%2525"),
        ("a b", "/ws/customers/joesflowers/contacts/a%20b"),
        ("..", "/ws/customers/joesflowers/contacts/%252E%252E"),
        (".", "/ws/customers/joesflowers/contacts/%252E"),
    ];
    let server = RawServer::start(404, "text/plain", b"Error 404: not found".to_vec()).await;
    let client = server.client();
    for (tail, _) in cases {
        let err = client
            .send(contacts::GetContact::new(ContactId::new(USER, tail)))
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{tail:?}: {err}");
    }
    let expected: Vec<String> = cases
        .iter()
        .map(|(_, path)| format!("GET {path} HTTP/1.1"))
        .collect();
    assert_eq!(server.lines(), expected);

    // The same for a DELETE, where a walked-up path would do damage.
    let server = RawServer::start(204, "text/plain", Vec::new()).await;
    server
        .client()
        .send(lists::DeleteList::new(ListId::new(USER, "..")))
        .await
        .unwrap();
    assert_eq!(
        server.lines(),
        ["DELETE /ws/customers/joesflowers/lists/%252E%252E HTTP/1.1"]
    );
}

/// A transport that counts calls and never answers: any call is a failure of the test.
#[derive(Default)]
struct Untouchable(AtomicUsize);

impl fmt::Debug for Untouchable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Untouchable")
    }
}

impl Transport for Untouchable {
    fn send(&self, _: HttpRequest) -> SendFuture<'_> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::pending())
    }
}

#[test]
fn credentials_are_refused_for_plain_http_to_non_loopback_hosts() {
    let transport = Arc::new(Untouchable::default());
    let auths = || {
        [
            Auth::basic("KEY", "PASS"),
            Auth::bearer("TOKEN"),
            Auth::OAuth1(OAuth1Credentials {
                consumer_key: "ck".into(),
                consumer_secret: "cs".into(),
                token: "t".into(),
                token_secret: "ts".into(),
            }),
        ]
    };
    for base in [
        "http://api.constantcontact.com",
        "HTTP://API.CONSTANTCONTACT.COM",
        "http://10.1.2.3:8080",
        "http://192.168.0.1",
        "http://0.0.0.0:3000",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "http://[::ffff:10.0.0.1]",
        "http://user:pw@example.com",
    ] {
        for auth in auths() {
            let err = Client::builder()
                .base_url(base)
                .username(USER)
                .auth(auth)
                .transport(transport.clone())
                .build()
                .unwrap_err();
            assert!(
                matches!(err, Error::Config(ConfigError::InsecureCredentials { .. })),
                "{base}: {err:?}"
            );
            assert!(err.to_string().contains("plain http"), "{base}: {err}");
        }
    }
    for base in [
        "http://127.0.0.1:1",
        "http://127.8.9.10",
        "http://localhost:1",
        "http://[::1]:1",
        "https://api.constantcontact.com",
    ] {
        for auth in auths() {
            Client::builder()
                .base_url(base)
                .username(USER)
                .auth(auth)
                .transport(transport.clone())
                .build()
                .unwrap_or_else(|e| panic!("{base}: {e}"));
        }
    }
    assert_eq!(transport.0.load(Ordering::SeqCst), 0, "nothing was sent");
}

/// Random tails drawn from the characters a path can be attacked with; each must reach the
/// server as exactly one segment under `/contacts/` that percent-decodes back to the tail.
async fn random_ids_stay_one_segment(count: usize) {
    const ALPHABET: &[&str] = &[
        "/", ".", "..", "?", "#", "%", "%2F", "%2e", " ", "+", "&", "=", ";", "\\", "a", "1", "é",
        "\u{202e}", "\t", "@", ":",
    ];
    let server = RawServer::start(404, "text/plain", Vec::new()).await;
    let client = server.client();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut tails = Vec::new();
    for _ in 0..count {
        let len = 1 + next() % 6;
        let tail: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let err = client
            .send(contacts::GetContact::new(ContactId::new(
                USER,
                tail.as_str(),
            )))
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{tail:?}: {err}");
        tails.push(tail);
    }
    let lines = server.lines();
    assert_eq!(lines.len(), tails.len());
    for (line, tail) in lines.iter().zip(&tails) {
        let path = line
            .strip_prefix("GET /ws/customers/joesflowers/contacts/")
            .and_then(|rest| rest.strip_suffix(" HTTP/1.1"))
            .unwrap_or_else(|| panic!("{tail:?} left /contacts/: {line}"));
        assert!(
            path.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
            "{tail:?} sent unencoded: {path}"
        );
        let decoded = percent_decode(path);
        let expected = match tail.as_str() {
            "." => "%2E".to_owned(),
            ".." => "%2E%2E".to_owned(),
            other => other.to_owned(),
        };
        assert_eq!(decoded, expected, "{line}");
    }
}

/// A path never holds a literal `+` (the segment encoder escapes it), so the form decoder
/// reads it exactly.
fn percent_decode(text: &str) -> String {
    assert!(!text.contains('+'), "{text}");
    ctct_models::form_read::percent_decode(text)
}

#[tokio::test]
async fn random_hostile_ids_stay_one_segment() {
    random_ids_stay_one_segment(300).await;
}

/// The long variant: `cargo test -p ctct-tests --test it security_wire:: -- --ignored`.
#[tokio::test]
#[ignore = "long variant (20000 requests); run with --ignored"]
async fn random_hostile_ids_stay_one_segment_long() {
    random_ids_stay_one_segment(20_000).await;
}
