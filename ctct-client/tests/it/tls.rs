//! TLS on the default transport, whichever TLS feature the test binary is built with
//! (`rustls` by default; `--features rustls-native-roots` or `--features native-tls` pick the
//! others, which win over `rustls`): a server whose certificate chains to a private CA is
//! refused, then trusted once that CA is given as an extra root; a bad extra root fails the
//! build, naming the certificate.
//!
//! The fixtures in `tls_fixtures/` are a test CA (`ca.pem`) and a `localhost`/`127.0.0.1`
//! server certificate signed by it (`server.pem`, key `server.key`), valid for 100 years,
//! made with the `openssl` command line (`openssl req -x509` for the CA, `openssl x509 -req`
//! with `subjectAltName=DNS:localhost,IP:127.0.0.1` and `extendedKeyUsage=serverAuth`).
#![cfg(any(
    feature = "rustls",
    feature = "rustls-native-roots",
    feature = "native-tls"
))]

use std::sync::Arc;
use std::time::Duration;

use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::{HttpRequest, Method, Transport, TransportErrorKind};
use ctct_client::{Client, ConfigError, Error};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const CA: &str = include_str!("tls_fixtures/ca.pem");
const SERVER_CERT: &str = include_str!("tls_fixtures/server.pem");
const SERVER_KEY: &str = include_str!("tls_fixtures/server.key");

/// An HTTPS server on loopback answering every request `200 tls ok`; its URL.
async fn https_server() -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let chain = vec![CertificateDer::from_pem_slice(SERVER_CERT.as_bytes()).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake is what some tests expect: no answer then.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = tls
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: close\r\n\r\ntls ok",
                    )
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://localhost:{port}/")
}

fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: url.to_owned(),
        headers: Vec::new(),
        body: None,
        max_response_bytes: 1024,
    }
}

#[tokio::test]
async fn a_server_signed_by_an_unknown_ca_is_refused() {
    let url = https_server().await;
    let transport = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
    let err = transport.send(get(&url)).await.unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Connect, "{err}");
}

#[tokio::test]
async fn an_extra_root_certificate_is_trusted() {
    let url = https_server().await;
    let transport = ReqwestTransport::builder()
        .connect_timeout(Duration::from_secs(5))
        .root_certificate_pem(CA)
        .build()
        .unwrap();
    let response = transport.send(get(&url)).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, b"tls ok");
}

#[tokio::test]
async fn the_ip_address_in_the_certificate_is_checked_too() {
    let url = https_server().await.replace("localhost", "127.0.0.1");
    let transport = ReqwestTransport::builder()
        .root_certificate_pem(CA)
        .build()
        .unwrap();
    assert_eq!(transport.send(get(&url)).await.unwrap().status, 200);
}

#[tokio::test]
async fn the_reqwest_builder_carries_the_extra_root() {
    let url = https_server().await;
    let http = ReqwestTransport::builder()
        .root_certificate_pem(CA)
        .reqwest_builder()
        .unwrap()
        .user_agent("custom")
        .build()
        .unwrap();
    let transport = ReqwestTransport::from_client(http);
    assert_eq!(transport.send(get(&url)).await.unwrap().status, 200);
}

#[test]
fn a_root_that_is_not_pem_fails_the_build_naming_it() {
    let err = ReqwestTransport::builder()
        .root_certificate_pem(CA)
        .root_certificate_pem("not a certificate")
        .build()
        .unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Other);
    assert!(
        err.message.starts_with("root certificate 2 of 2: "),
        "{}",
        err.message
    );
}

#[test]
fn the_client_builders_take_an_extra_root_and_check_it() {
    Client::builder().root_certificate_pem(CA).build().unwrap();
    let err = Client::builder()
        .root_certificate_pem(
            b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".to_vec(),
        )
        .build()
        .unwrap_err();
    match &err {
        Error::Config(ConfigError::TransportSetup { source }) => {
            assert!(
                source.message.starts_with("root certificate 1 of 1: "),
                "{source}"
            );
        }
        other => panic!("expected a transport setup error, got {other:?}"),
    }
    let tokens = Arc::new(ctct_client::v3::oauth::StaticToken(
        ctct_client::Secret::new("TOKEN"),
    ));
    ctct_client::v3::V3Client::builder(tokens)
        .root_certificate_pem(CA)
        .build()
        .unwrap();
}
