//! The V1-era OAuth 2.0 server flow (`docs/v1/auth.md#oauth-20`), so the client's V1 OAuth 2.0 flow runs
//! end to end against the sandbox:
//!
//! * `GET /oauth2/oauth/siteowner/authorize?response_type=code&client_id={key}&redirect_uri=…`
//!   consents at once and redirects to `redirect_uri?code=…&username=…`;
//! * `POST /oauth2/oauth/token?grant_type=authorization_code&client_id&client_secret&code&redirect_uri`
//!   (parameters in the query, as the V1 clients send them) answers the token as JSON;
//! * `POST /oauth2/tokeninfo.htm` with `access_token=…` answers the account's `user_name`.
//!
//! The sandbox has one account with one key, so the key's secret is the account password and
//! the token issued is the Bearer token the sandbox was started with (`Config::access_token`),
//! which every V1 resource accepts. Codes are single-use and bound to their redirect URI.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::grants::token;
use super::params::same;
use crate::App;
use crate::routing::parse_query;

/// Codes issued and not yet exchanged: code → redirect URI.
fn codes() -> &'static Mutex<HashMap<String, String>> {
    static CODES: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    CODES.get_or_init(|| Mutex::new(HashMap::new()))
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn refuse(status: StatusCode, error: &str, description: &str) -> Response {
    json(
        status,
        &serde_json::json!({ "error": error, "error_description": description }),
    )
}

fn get<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// `GET /oauth2/oauth/siteowner/authorize`.
pub(crate) async fn authorize(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let pairs = parse_query(q.as_deref());
    if get(&pairs, "response_type") != Some("code") {
        return refuse(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type",
            "response_type must be code",
        );
    }
    if get(&pairs, "client_id") != Some(app.creds.api_key.as_str()) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "client_id is not this sandbox's API key",
        );
    }
    let Some(redirect) = get(&pairs, "redirect_uri") else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the redirect_uri parameter is missing",
        );
    };
    let code = token("v1c_", 24);
    codes()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(code.clone(), redirect.to_owned());
    let sep = if redirect.contains('?') { '&' } else { '?' };
    let to = format!(
        "{redirect}{sep}code={code}&username={}",
        super::params::encode(&app.creds.username)
    );
    match HeaderValue::from_str(&to) {
        Ok(v) => {
            let mut r = StatusCode::FOUND.into_response();
            r.headers_mut().insert(header::LOCATION, v);
            r
        }
        Err(_) => refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the redirect_uri cannot be a Location",
        ),
    }
}

/// `POST /oauth2/oauth/token`.
pub(crate) async fn exchange(
    State(app): State<Arc<App>>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let mut pairs = parse_query(q.as_deref());
    pairs.extend(parse_query(std::str::from_utf8(&body).ok()));
    if get(&pairs, "grant_type") != Some("authorization_code") {
        return refuse(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be authorization_code",
        );
    }
    let key_ok = get(&pairs, "client_id") == Some(app.creds.api_key.as_str());
    let secret_ok = get(&pairs, "client_secret")
        .is_some_and(|s| same(s.as_bytes(), app.creds.password.as_bytes()));
    if !key_ok || !secret_ok {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "the client_id or client_secret is wrong",
        );
    }
    let issued = get(&pairs, "code")
        .and_then(|c| codes().lock().unwrap_or_else(|p| p.into_inner()).remove(c));
    let Some(redirect) = issued else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "the code is unknown or was already used",
        );
    };
    if get(&pairs, "redirect_uri") != Some(redirect.as_str()) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect_uri differs from the authorization request's",
        );
    }
    let Some(access) = app.creds.access_token.clone() else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "unsupported",
            "this sandbox accepts no Bearer token: start it with an access token",
        );
    };
    json(
        StatusCode::OK,
        &serde_json::json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 315_359_999_u64,
        }),
    )
}

/// `POST /oauth2/tokeninfo.htm`.
pub(crate) async fn token_info(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let pairs = parse_query(std::str::from_utf8(&body).ok());
    let known = get(&pairs, "access_token").zip(app.creds.access_token.as_deref());
    match known {
        Some((sent, ours)) if same(sent.as_bytes(), ours.as_bytes()) => json(
            StatusCode::OK,
            &serde_json::json!({ "user_name": app.creds.username, "client_id": app.creds.api_key }),
        ),
        _ => refuse(
            StatusCode::BAD_REQUEST,
            "invalid_token",
            "the access_token is not known",
        ),
    }
}
