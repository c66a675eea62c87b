//! The default transport against a tiny HTTP/1.1 server on loopback: connection reuse, the
//! response size cap, and connection failures classified as retryable.
#![cfg(feature = "reqwest")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::{HttpRequest, Method, Transport, TransportErrorKind};
use ctct_client::{Auth, Client, Error, RetryPolicy};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpListener;

/// Serves every request on every connection with `body`, keeping connections open; counts
/// connections and records request heads.
async fn serve(
    body: &'static str,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let connections = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (c, h) = (connections.clone(), heads.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            let h = h.clone();
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                loop {
                    let mut head = String::new();
                    let mut content_length = 0usize;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            content_length = v.trim().parse().unwrap_or(0);
                        }
                        if line == "\r\n" {
                            break;
                        }
                        head.push_str(&line);
                    }
                    let mut req_body = vec![0; content_length];
                    if reader.read_exact(&mut req_body).await.is_err() {
                        return;
                    }
                    h.lock().expect("lock").push(head);
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if reader
                        .get_mut()
                        .write_all(response.as_bytes())
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), connections, heads)
}

fn get(url: &str, max: usize) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: url.to_owned(),
        headers: vec![("accept".into(), "application/atom+xml".into())],
        body: None,
        max_response_bytes: max,
    }
}

#[tokio::test]
async fn requests_reuse_one_connection() {
    let (base, connections, heads) = serve("hello").await;
    let transport = ReqwestTransport::new(Duration::from_secs(5)).expect("transport");
    for _ in 0..3 {
        let r = transport
            .send(get(&format!("{base}/ws/customers/u/lists"), 1024))
            .await
            .expect("ok");
        assert_eq!((r.status, r.body.as_slice()), (200, b"hello".as_slice()));
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    let heads = heads.lock().expect("lock");
    assert!(
        heads[0].starts_with("GET /ws/customers/u/lists HTTP/1.1\r\n"),
        "{}",
        heads[0]
    );
    assert!(
        heads[0].contains("accept: application/atom+xml"),
        "{}",
        heads[0]
    );
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused() {
    let (base, _, _) = serve("0123456789").await;
    let transport = ReqwestTransport::new(Duration::from_secs(5)).expect("transport");
    let err = transport.send(get(&base, 9)).await.expect_err("too large");
    assert_eq!(err.kind, TransportErrorKind::BodyTooLarge);
    transport
        .send(get(&base, 10))
        .await
        .expect("exactly the cap is fine");
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_connect_error() {
    // Bind then drop, so the port is (almost certainly) closed.
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind")
        .local_addr()
        .expect("addr");
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .username("joesflowers")
        .auth(Auth::basic("KEY", "s3cr3t-pw"))
        .retry(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_backoff(Duration::from_millis(1), RetryPolicy::default().max_backoff),
        )
        .build()
        .expect("loopback http is allowed with credentials");
    let err = client
        .send(ctct_models::v1::lists::ListLists::new())
        .await
        .expect_err("nothing listens");
    match &err {
        Error::Transport { kind, attempts, .. } => {
            assert_eq!(*kind, TransportErrorKind::Connect);
            assert_eq!(*attempts, 2);
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert!(!format!("{err} {err:?}").contains("s3cr3t-pw"));
}
