//! Answers of the authorization server: RFC 6749 §5.1 token bodies and §5.2 error bodies,
//! both JSON with `Cache-Control: no-store`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An OAuth error: `{"error": …, "error_description": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthRefusal {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl OAuthRefusal {
    /// 400 with `error`.
    pub fn bad(error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status: 400,
            error,
            description: description.into(),
        }
    }

    /// 401 `invalid_client`.
    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self {
            status: 401,
            error: "invalid_client",
            description: description.into(),
        }
    }
}

/// A JSON response with `no-store`.
pub(crate) fn json(status: u16, value: &serde_json::Value) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = (code, value.to_string()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

impl IntoResponse for OAuthRefusal {
    fn into_response(self) -> Response {
        let mut r = json(
            self.status,
            &serde_json::json!({"error": self.error, "error_description": self.description}),
        );
        if self.status == 401 {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"sandbox\""),
            );
        }
        r
    }
}
