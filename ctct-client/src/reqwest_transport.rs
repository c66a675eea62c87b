//! The default transport: reqwest, one connection pool per [`ReqwestTransport`], so every
//! request of a [`crate::Client`] reuses connections.
//!
//! TLS is chosen by the crate's features: `rustls` (the default: rustls with the `ring`
//! provider and Mozilla's roots bundled in the binary), `rustls-native-roots` (rustls with
//! the platform's roots, for a corporate CA installed on the machine) or `native-tls` (the
//! platform's TLS library and roots). When several are on, `native-tls` wins, then
//! `rustls-native-roots`. Extra roots ([`ReqwestTransportBuilder::root_certificate_pem`])
//! are trusted on top of whichever roots the feature brings.
//!
//! The body is read chunk by chunk and refused as soon as it passes the size cap, so a hostile
//! or broken server cannot make the client buffer an unbounded body. A streamed download
//! ([`Transport::send_streaming`]) hands the chunks over as reqwest reads them
//! (`bytes_stream`), uncapped; the client times every chunk.

use std::time::Duration;

use futures_util::StreamExt as _;

use crate::transport::{
    DEFAULT_CONNECT_TIMEOUT, HttpRequest, HttpResponse, Method, SendFuture, StreamFuture,
    StreamingResponse, Transport, TransportError, TransportErrorKind,
};

/// HTTP over reqwest, with the TLS stack the crate's features choose.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

/// Builds a [`ReqwestTransport`]; see [`ReqwestTransport::builder`].
#[derive(Debug, Clone)]
pub struct ReqwestTransportBuilder {
    connect_timeout: Duration,
    root_certificates: Vec<Vec<u8>>,
}

impl ReqwestTransport {
    /// A transport with a connect timeout and connection pooling.
    ///
    /// # Errors
    ///
    /// When reqwest cannot set up TLS.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::builder().connect_timeout(connect_timeout).build()
    }

    /// A builder with the defaults: a 10 s connect timeout, the TLS feature's roots only.
    pub fn builder() -> ReqwestTransportBuilder {
        ReqwestTransportBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            root_certificates: Vec::new(),
        }
    }

    /// Uses a reqwest client you configured (proxies, TLS roots). Keep redirects off: the
    /// client must not resend credentials to wherever a redirect points.
    /// [`ReqwestTransportBuilder::reqwest_builder`] gives a reqwest builder set up as this
    /// transport sets its own (redirects off, the TLS feature's stack and roots), to add to.
    /// With a rustls feature and a builder of your own, call [`install_crypto_provider`]
    /// before building it.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl ReqwestTransportBuilder {
    /// Time to establish a connection (TCP and TLS); default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Trusts the certificates in `pem` (one or more `BEGIN CERTIFICATE` blocks) as roots,
    /// on top of the roots the TLS feature brings: a corporate CA that re-signs traffic, or a
    /// test server's own CA. Checked when the transport is built.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// A reqwest builder set up as [`ReqwestTransportBuilder::build`] sets it: the connect
    /// timeout, redirects off, the TLS feature's stack and roots plus the extra roots. Add
    /// proxies or other settings to it, then pass the built client to
    /// [`ReqwestTransport::from_client`].
    ///
    /// # Errors
    ///
    /// When an extra root is not a PEM certificate, or extra roots were given while no TLS
    /// feature is on.
    pub fn reqwest_builder(self) -> Result<reqwest::ClientBuilder, TransportError> {
        let builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none());
        tls::configure(builder, &self.root_certificates)
    }

    /// Builds the transport.
    ///
    /// # Errors
    ///
    /// When an extra root is not a PEM certificate, or reqwest cannot set up TLS.
    pub fn build(self) -> Result<ReqwestTransport, TransportError> {
        let client = self
            .reqwest_builder()?
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, describe(&e)))?;
        Ok(ReqwestTransport { client })
    }
}

/// Installs rustls's `ring` provider as the process's default crypto provider, once; a
/// provider installed before (by the application, or another library) is kept. reqwest needs
/// one before it builds a client with rustls: [`ReqwestTransport`]'s constructors call this
/// themselves, so call it only before building a reqwest client of your own. Without a rustls
/// feature it does nothing.
pub fn install_crypto_provider() {
    #[cfg(any(feature = "rustls", feature = "rustls-native-roots"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            if rustls::crypto::CryptoProvider::get_default().is_none() {
                // Another thread may install one between the check and this call; then
                // `install_default` answers Err and that provider is kept, which is as good.
                let _ = rustls::crypto::ring::default_provider().install_default();
            }
        });
    }
}

/// The roots and stack each TLS feature chooses.
mod tls {
    use super::{TransportError, TransportErrorKind};

    /// The extra roots in `pems`, each a PEM bundle; the error names the bundle by its place.
    fn extra_roots(pems: &[Vec<u8>]) -> Result<Vec<reqwest::Certificate>, TransportError> {
        let mut roots = Vec::new();
        for (i, pem) in pems.iter().enumerate() {
            let place = i + 1;
            let bad = |reason: String| {
                TransportError::new(
                    TransportErrorKind::Other,
                    format!("root certificate {place} of {}: {reason}", pems.len()),
                )
            };
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| bad(format!("not a PEM certificate: {}", super::describe(&e))))?;
            if certs.is_empty() {
                return Err(bad(
                    "no `-----BEGIN CERTIFICATE-----` block in it".to_owned()
                ));
            }
            roots.extend(certs);
        }
        Ok(roots)
    }

    #[cfg(feature = "native-tls")]
    pub(super) fn configure(
        builder: reqwest::ClientBuilder,
        pems: &[Vec<u8>],
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        Ok(builder
            .tls_backend_native()
            .tls_certs_merge(extra_roots(pems)?))
    }

    #[cfg(all(feature = "rustls-native-roots", not(feature = "native-tls")))]
    pub(super) fn configure(
        builder: reqwest::ClientBuilder,
        pems: &[Vec<u8>],
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        super::install_crypto_provider();
        Ok(builder
            .tls_backend_rustls()
            .tls_certs_merge(extra_roots(pems)?))
    }

    #[cfg(all(
        feature = "rustls",
        not(any(feature = "rustls-native-roots", feature = "native-tls"))
    ))]
    pub(super) fn configure(
        builder: reqwest::ClientBuilder,
        pems: &[Vec<u8>],
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        super::install_crypto_provider();
        let mut roots = bundled_roots().to_vec();
        roots.extend(extra_roots(pems)?);
        Ok(builder.tls_backend_rustls().tls_certs_only(roots))
    }

    /// Mozilla's roots from webpki-root-certs, converted once.
    #[cfg(all(
        feature = "rustls",
        not(any(feature = "rustls-native-roots", feature = "native-tls"))
    ))]
    fn bundled_roots() -> &'static [reqwest::Certificate] {
        static ROOTS: std::sync::OnceLock<Vec<reqwest::Certificate>> = std::sync::OnceLock::new();
        ROOTS.get_or_init(|| {
            webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                // With rustls alone `from_der` keeps the bytes and cannot fail.
                .filter_map(|der| reqwest::Certificate::from_der(der).ok())
                .collect()
        })
    }

    #[cfg(not(any(
        feature = "rustls",
        feature = "rustls-native-roots",
        feature = "native-tls"
    )))]
    pub(super) fn configure(
        builder: reqwest::ClientBuilder,
        pems: &[Vec<u8>],
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        if pems.is_empty() {
            Ok(builder)
        } else {
            Err(TransportError::new(
                TransportErrorKind::Other,
                "root certificates given, but no TLS feature of ctct-client is on \
                 (rustls, rustls-native-roots or native-tls)",
            ))
        }
    }
}

fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
        Method::Patch => reqwest::Method::PATCH,
    }
}

fn classify(err: &reqwest::Error) -> TransportErrorKind {
    if err.is_timeout() {
        TransportErrorKind::Timeout
    } else if err.is_connect() {
        TransportErrorKind::Connect
    } else if err.is_request() || err.is_body() {
        // The request went out (or part of it): the server may have acted on it.
        TransportErrorKind::Broken
    } else {
        TransportErrorKind::Other
    }
}

// reqwest's messages name the URL, which can carry a query; print only the kind and cause.
fn describe(err: &reqwest::Error) -> String {
    let mut msg = String::from(if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "connection failed"
    } else {
        "HTTP transport error"
    });
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

impl ReqwestTransport {
    /// Sends `request` and reads the response head: the response and its headers.
    async fn head(
        &self,
        request: HttpRequest,
    ) -> Result<(reqwest::Response, Vec<(String, String)>), TransportError> {
        let mut builder = self.client.request(method(request.method), &request.url);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| TransportError::new(classify(&e), describe(&e)))?;
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok((response, headers))
    }
}

// A body cut short (the connection closed before Content-Length bytes) is a broken connection
// after the server acted, whatever reqwest calls it: safe to retry for idempotent methods, an
// unknown outcome for writes.
fn body_error(e: &reqwest::Error) -> TransportError {
    let kind = match classify(e) {
        TransportErrorKind::Timeout => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Broken,
    };
    TransportError::new(kind, describe(e))
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let cap = request.max_response_bytes;
            let (mut response, headers) = self.head(request).await?;
            let status = response.status().as_u16();
            if response.content_length().is_some_and(|n| n > cap as u64) {
                return Err(too_large(cap));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| body_error(&e))? {
                if body.len() + chunk.len() > cap {
                    return Err(too_large(cap));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }

    fn send_streaming(&self, request: HttpRequest) -> StreamFuture<'_> {
        Box::pin(async move {
            let (response, headers) = self.head(request).await?;
            let status = response.status().as_u16();
            let body = response
                .bytes_stream()
                .map(|chunk| chunk.map_err(|e| body_error(&e)));
            Ok(StreamingResponse {
                status,
                headers,
                body: Box::pin(body),
            })
        })
    }
}

fn too_large(cap: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("response body larger than {cap} bytes"),
    )
}
