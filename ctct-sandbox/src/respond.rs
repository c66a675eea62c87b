//! Building responses: plain-text errors as the real service sends them, Atom bodies through
//! the models (never hand-written XML), 201 with `Location`, 204 without a body. What the
//! store refuses is mapped to its status and text in [`store_error`].

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ctct_models::ATOM_MEDIA_TYPE;
use ctct_models::atom::{AtomPayload, Entry, Feed};

mod store_error;

pub(crate) use store_error::NEED_LIST;

/// An error answered as `Error {status}: {message}` in a `text/plain` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    pub fn not_found() -> Self {
        Self::new(404, "Not Found")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        text_error(self.status, &self.message)
    }
}

/// A plain-text error response: `Error 400: …`.
pub(crate) fn text_error(status: u16, message: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = (code, format!("Error {status}: {message}")).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=utf-8"),
    );
    r
}

fn atom(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ATOM_MEDIA_TYPE),
    );
    r
}

/// 200 with an entry document.
pub(crate) fn entry<T: AtomPayload>(e: &Entry<T>) -> Response {
    match e.to_xml() {
        Ok(xml) => atom(StatusCode::OK, xml),
        Err(err) => text_error(500, &err.to_string()),
    }
}

/// 200 with a feed document.
pub(crate) fn feed<T: AtomPayload>(f: &Feed<T>) -> Response {
    match f.to_xml() {
        Ok(xml) => atom(StatusCode::OK, xml),
        Err(err) => text_error(500, &err.to_string()),
    }
}

/// 201 with `Location` and the created entry.
pub(crate) fn created<T: AtomPayload>(location: &str, e: &Entry<T>) -> Response {
    let mut r = match e.to_xml() {
        Ok(xml) => atom(StatusCode::CREATED, xml),
        Err(err) => return text_error(500, &err.to_string()),
    };
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// 204 without a body.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// Any other prepared body (the service document).
pub(crate) fn with_type(status: StatusCode, content_type: &'static str, body: String) -> Response {
    with_type_bytes(status, content_type, body.into())
}

/// [`with_type`] for a shared body (an export file), sent without a copy.
pub(crate) fn with_type_bytes(
    status: StatusCode,
    content_type: &'static str,
    body: axum::body::Bytes,
) -> Response {
    let mut r = (status, Body::from(body)).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}
