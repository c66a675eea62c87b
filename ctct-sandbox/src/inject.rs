//! Applies the fault rules of [`crate::faults`] to every request.
//!
//! A middleware in front of every route (V1 account paths, V3 under `/v3/`, OAuth 2.0), so
//! one `--faults` spec reaches every API the sandbox serves and a V3 client meets the same
//! dropped connections, cut answers and lost answers as a V1 one. A status fault answers in
//! the API's own error shape: V1's plain text, or V3's JSON error body (429 as the single
//! object with `error_key` `throttled` or `quota_exceeded` the V3 service sends, so a client
//! tells the per-second limit from the daily quota as it would in production).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};

use crate::App;
use crate::faults::{Effect, FailActivity};
use crate::respond::text_error;
use crate::server::ConnKill;

/// The path a rule's `path=` glob is matched against: relative to the account for V1 paths
/// under `/ws/customers/{username}`, as given otherwise (`/v3/…`, `/oauth2/…`).
fn fault_path(path: &str) -> &str {
    match path.strip_prefix("/ws/customers/") {
        Some(rest) => rest.find('/').map_or("", |i| &rest[i..]),
        None => path,
    }
}

/// The middleware: decides the request's fault, then delays, refuses, drops, cuts or loses.
pub(crate) async fn inject(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let decision = app.faults.decide(req.method().as_str(), fault_path(&path));
    if let Some(rule) = decision.fail_activity {
        let app = Arc::clone(&app);
        req.extensions_mut()
            .insert(FailActivity(Arc::new(move || app.faults.spend(rule))));
    }
    let kill = req.extensions().get::<ConnKill>().cloned();
    if !decision.latency.is_zero() {
        // A client that gives up meanwhile closes the connection, which drops this future:
        // the request is then never handled.
        tokio::time::sleep(decision.latency).await;
    }
    match decision.action {
        Some(Effect::Drop) => close(kill).await,
        Some(Effect::Status {
            code,
            retry_after,
            error_key,
        }) => {
            let mut r = if path.starts_with("/v3/") {
                v3_error(code, error_key.as_deref())
            } else {
                text_error(code, "injected fault (ctct-sandbox)")
            };
            if let Some(s) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(s));
            }
            r
        }
        Some(Effect::Truncate) => truncated(next.run(req).await).await,
        Some(Effect::Lose) => {
            let response = next.run(req).await;
            // Let the handler finish (its body may be a stream) before the connection goes.
            let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
            close(kill).await
        }
        Some(Effect::Latency(_) | Effect::FailActivity) | None => next.run(req).await,
    }
}

/// Closes the connection without an answer: pulls its kill switch and never returns.
async fn close(kill: Option<ConnKill>) -> Response {
    if let Some(k) = kill {
        k.kill();
    }
    std::future::pending().await
}

/// A V3 error body for an injected status: 429 as the single object the service sends
/// (`throttled` unless another key is asked for), anything else as the usual array.
fn v3_error(code: u16, error_key: Option<&str>) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = if code == 429 {
        let key = error_key.unwrap_or("throttled");
        let message = if key == "quota_exceeded" {
            "Limit Exceeded"
        } else {
            "Too Many Requests"
        };
        serde_json::json!({ "error_key": key, "error_message": message })
    } else {
        serde_json::json!([{
            "error_key": error_key.unwrap_or("injected.fault"),
            "error_message": "injected fault (ctct-sandbox)",
        }])
    };
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Sends half of the body after a `Content-Length` announcing all of it, then fails the
/// stream so the connection closes mid-body.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(..bytes.len() / 2);
    // The pause lets hyper flush the head and the first half before the stream fails;
    // failing at once would abort the connection with nothing sent.
    let fail = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Err(std::io::Error::other(
            "truncated by ctct-sandbox fault injection",
        ))
    });
    let stream = futures_util::StreamExt::chain(futures_util::stream::iter([Ok(half)]), fail);
    Response::from_parts(parts, Body::from_stream(stream))
}
