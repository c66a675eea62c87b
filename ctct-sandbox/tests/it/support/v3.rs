//! Raw HTTP helpers for the V3 sandbox tests: every request goes over a real socket with a
//! bearer token; bodies are read back through the generated V3 models.

#![allow(dead_code, clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::time::Duration;

use ctct_models::json::ErrorBody;
use ctct_sandbox::{Config, Sandbox, V3Config};
use serde::de::DeserializeOwned;

pub const TOKEN: &str = "V3-TOKEN";

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as `T`, after checking the status.
    pub fn json<T: DeserializeOwned>(&self, status: u16) -> T {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.header("content-type"), Some("application/json"));
        ctct_models::json::decode(&self.body, &Default::default())
            .unwrap_or_else(|e| panic!("{e}\n{}", self.body))
    }

    /// The V3 error body, after checking the status.
    pub fn error(&self, status: u16) -> ErrorBody {
        assert_eq!(self.status, status, "{}", self.body);
        ErrorBody::parse(&self.body).unwrap_or_else(|| panic!("not a V3 error body: {}", self.body))
    }
}

pub struct V3 {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
    pub token: Option<String>,
}

pub fn config() -> Config {
    Config {
        access_token: Some(TOKEN.into()),
        v3: V3Config {
            activity_duration: Duration::ZERO,
            ..V3Config::default()
        },
        ..Config::default()
    }
}

pub async fn start() -> V3 {
    start_with(config()).await
}

pub async fn start_with(config: Config) -> V3 {
    let sandbox = Sandbox::start(config).await.unwrap();
    V3 {
        sandbox,
        http: {
            // See `http_builder` in v1.rs: reqwest may be built with rustls and no provider.
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::new()
        },
        token: Some(TOKEN.into()),
    }
}

impl V3 {
    /// `path` is relative to `/v3` (or an absolute `/v3/…` href).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let url = if path.starts_with("/v3") {
            format!("{}{path}", self.sandbox.base_url())
        } else {
            format!("{}{path}", self.sandbox.v3_url())
        };
        let mut req = self.http.request(method, url).body(body);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let r = req.send().await.unwrap();
        Resp {
            status: r.status().as_u16(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(reqwest::Method::GET, path, None, Vec::new())
            .await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(reqwest::Method::DELETE, path, None, Vec::new())
            .await
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Resp {
        self.send(
            reqwest::Method::POST,
            path,
            Some("application/json"),
            serde_json::to_vec(body).unwrap(),
        )
        .await
    }

    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> Resp {
        self.send(
            reqwest::Method::PUT,
            path,
            Some("application/json"),
            serde_json::to_vec(body).unwrap(),
        )
        .await
    }

    /// Sends a request built by `ctct_models::v3` exactly as described.
    pub async fn request<R>(&self, req: &ctct_models::endpoint::Request<R>) -> Resp {
        let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes()).unwrap();
        let (ct, bytes) = match &req.body {
            Some(b) => (Some(b.content_type().to_owned()), b.as_bytes().to_vec()),
            None => (None, Vec::new()),
        };
        self.send(method, &req.path_and_query(), ct.as_deref(), bytes)
            .await
    }
}
