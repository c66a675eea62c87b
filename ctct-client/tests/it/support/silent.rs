//! A server that accepts TCP connections and never says a word: a TLS handshake with it
//! never completes, so only a connect timeout ends a connection attempt (reqwest's connect
//! timeout covers the TCP connect and the TLS handshake).

use tokio::net::TcpListener;

/// Starts the silent server on loopback and returns its `https://127.0.0.1:PORT` root. The
/// accepted connections are kept open (neither read nor closed) until the runtime ends.
pub async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    format!("https://{addr}")
}
