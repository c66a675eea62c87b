//! Injected faults, seen from the client side of a real socket.

use crate::support;

use ctct_models::v1::contacts::Contact;
use ctct_sandbox::{Config, Effect, FaultRule, FaultSpec};
use support::v1::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends one raw GET and reads until the server closes; returns every byte received.
#[allow(clippy::unwrap_used)] // a test helper: a failure here is a test failure
async fn raw_get(api: &Api, rest: &str) -> Vec<u8> {
    let mut s = tokio::net::TcpStream::connect(api.sandbox.addr())
        .await
        .unwrap();
    let auth = {
        use std::fmt::Write;
        // Basic credentials, base64 by hand to keep this helper dependency-free.
        let raw = format!("{KEY}%{USER}:{PASS}");
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in raw.as_bytes().chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        let mut h = String::new();
        write!(h, "Basic {out}").unwrap();
        h
    };
    let req = format!(
        "GET /ws/customers/{USER}{rest} HTTP/1.1\r\nHost: sandbox\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf).await; // a reset is as good as a close here
    buf
}

#[tokio::test]
async fn status_faults_answer_without_touching_data() {
    let api = start(3, 1).await;
    api.sandbox
        .set_faults("status=503,path=/contacts*".parse().unwrap());
    let r = api.create(&new_contact("hit@example.com", &["1"])).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.body.starts_with("Error 503: "), "{}", r.body);
    // Other paths are untouched.
    assert_eq!(api.get("/lists").await.status, 200);
    api.sandbox.clear_faults();
    assert!(
        api.get("/contacts?email=hit%40example.com")
            .await
            .feed::<Contact>()
            .entries
            .is_empty()
    );

    // 429 with Retry-After for the first two requests only.
    api.sandbox.set_faults(
        "status=429,retry-after=7,times=2,method=GET"
            .parse()
            .unwrap(),
    );
    for _ in 0..2 {
        let r = api.get("/contacts").await;
        assert_eq!((r.status, r.header("retry-after")), (429, Some("7")));
    }
    assert_eq!(api.get("/contacts").await.status, 200);

    // 500 through the library API.
    api.sandbox.set_faults(
        FaultSpec::none().with(
            FaultRule::new(Effect::Status {
                code: 500,
                retry_after: None,
                error_key: None,
            })
            .on_path("/lists/*"),
        ),
    );
    let r = api.get("/lists/1").await;
    assert_eq!((r.status, r.header("retry-after")), (500, None));
    assert_eq!(api.get("/lists").await.status, 200);
}

#[tokio::test]
async fn a_rate_hits_about_that_share() {
    let api = start(1, 1).await;
    api.sandbox
        .set_faults("status=500,rate=0.25".parse().unwrap());
    let mut hits = 0;
    for _ in 0..200 {
        if api.get("/lists/1").await.status == 500 {
            hits += 1;
        }
    }
    assert!((25..=75).contains(&hits), "{hits} of 200 hit at rate 0.25");
}

#[tokio::test]
async fn latency_still_answers() {
    // Only that the request completes correctly: timing is not asserted (no timed tests).
    let api = start_with(Config {
        faults: "latency=20ms".parse().unwrap(),
        seed_lists: 1,
        ..config()
    })
    .await;
    assert_eq!(api.get("/lists/1").await.status, 200);
}

#[tokio::test]
async fn dropped_connections_get_no_answer() {
    let api = start(2, 1).await;
    api.sandbox
        .set_faults("drop,path=/contacts/1".parse().unwrap());
    assert!(raw_get(&api, "/contacts/1").await.is_empty());
    let err = api
        .http
        .get(api.url("/contacts/1"))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .send()
        .await;
    assert!(err.is_err(), "expected a connection error, got {err:?}");
    // The server is still up, and other paths answer.
    assert!(
        String::from_utf8(raw_get(&api, "/contacts/2").await)
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
}

#[tokio::test]
async fn truncated_bodies_are_shorter_than_announced() {
    let api = start(5, 1).await;
    let full = raw_get(&api, "/contacts").await;
    api.sandbox
        .set_faults("truncate,path=/contacts".parse().unwrap());
    let cut = raw_get(&api, "/contacts").await;
    let text = String::from_utf8_lossy(&cut);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let announced: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        body.len() < announced,
        "{} of {announced} bytes",
        body.len()
    );
    assert!(body.len() < full.len());
    // A client reading the body sees an error, not a short document.
    let r = api
        .http
        .get(api.url("/contacts"))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .send()
        .await;
    if let Ok(resp) = r {
        assert!(resp.text().await.is_err());
    }
}

#[test]
fn bad_specs_are_refused() {
    assert!("status=200".parse::<FaultSpec>().is_err());
    assert!("drop,rate=1.5".parse::<FaultSpec>().is_err());
    let spec: FaultSpec = "latency=5ms;status=429,path=/contacts*,times=1"
        .parse()
        .unwrap();
    assert_eq!(spec.rules.len(), 2);
}
