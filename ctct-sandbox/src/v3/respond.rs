//! V3 responses: JSON bodies written through the generated models, and V3's two error
//! shapes (an array of `{error_key, error_message}` for most errors, a single object for
//! auth failures and 429s, `docs/v3/errors.md`). Domain errors of other modules become
//! answers here too ([`export_error`]), so those modules speak no HTTP.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ctct_models::json::ErrorBody;
use serde::Serialize;

mod export_error;

/// A V3 error answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct V3Error {
    pub status: u16,
    pub body: ErrorBody,
    /// The `Allow` header of a 405: the methods the path takes.
    pub allow: Option<String>,
}

impl V3Error {
    /// The usual array shape.
    pub fn many(status: u16, key: &str, message: impl AsRef<str>) -> Self {
        Self {
            status,
            body: ErrorBody::many(key, message.as_ref()),
            allow: None,
        }
    }

    /// The single-object shape (auth failures, 429s).
    pub fn one(status: u16, key: &str, message: impl AsRef<str>) -> Self {
        Self {
            status,
            body: ErrorBody::one(key, message.as_ref()),
            allow: None,
        }
    }

    pub fn bad_request(message: impl AsRef<str>) -> Self {
        Self::many(400, "bad.request", message)
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        Self::many(
            404,
            &format!("{what}.api.not_found"),
            format!("{what} {id:?} was not found"),
        )
    }

    pub fn conflict(key: &str, message: impl AsRef<str>) -> Self {
        Self::many(409, key, message)
    }

    pub fn unauthorized() -> Self {
        Self::one(401, "unauthorized", "Unauthorized")
    }

    /// 403: the token was not granted a scope the operation needs.
    pub fn forbidden(operation: &str, scope: &str) -> Self {
        Self::many(
            403,
            "forbidden",
            format!("the access token was not granted the {scope} scope, which {operation} needs"),
        )
    }

    /// 405 with `Allow` listing the methods the path takes.
    pub fn method_not_allowed(method: &str, path: &str, allow: &[&str]) -> Self {
        let mut e = Self::many(
            405,
            "method.not.allowed",
            format!(
                "{method} is not allowed on /v3{path}; it takes {}",
                allow.join(", ")
            ),
        );
        e.allow = Some(allow.join(", "));
        e
    }
}

impl IntoResponse for V3Error {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut r = json_bytes(code, self.body.to_json());
        if let Some(v) = self.allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
            r.headers_mut().insert(header::ALLOW, v);
        }
        r
    }
}

fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ctct_models::endpoint::JSON_MEDIA_TYPE),
    );
    r
}

/// `status` with `value` as the JSON body.
pub(crate) fn json<T: Serialize>(status: u16, value: &T) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    match serde_json::to_vec(value) {
        Ok(bytes) => json_bytes(code, bytes),
        Err(e) => V3Error::many(500, "server.error", e.to_string()).into_response(),
    }
}

/// `status` with a JSON body and a `Location` header.
pub(crate) fn json_at<T: Serialize>(status: u16, location: &str, value: &T) -> Response {
    let mut r = json(status, value);
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// 204 without a body.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
