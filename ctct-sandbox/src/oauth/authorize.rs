//! `GET /oauth2/default/v1/authorize`: the browser step, with automatic consent.
//!
//! There is no user to ask, so every valid request is approved at once: 302 to the
//! `redirect_uri` with a single-use `code` and the `state` echoed. As RFC 6749 §4.1.2.1
//! requires, an unknown client or an unregistered redirect URI is answered here (400) and never
//! redirected; other problems (wrong `response_type`, missing PKCE for a public client, a
//! method other than S256, an unknown scope) go back to the redirect URI as `error=…`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use super::config::redirect_matches;
use super::grants::{CodeGrant, token};
use super::params::{Params, check_scope, encode};
use super::respond::OAuthRefusal;
use crate::App;

fn redirect(to: &str, pairs: &[(&str, &str)]) -> Response {
    let sep = if to.contains('?') { '&' } else { '?' };
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let location = format!("{to}{sep}{}", query.join("&"));
    let mut r = StatusCode::FOUND.into_response();
    match HeaderValue::from_str(&location) {
        Ok(v) => {
            r.headers_mut().insert(header::LOCATION, v);
            r
        }
        Err(_) => {
            OAuthRefusal::bad("invalid_request", "the redirect_uri cannot be used").into_response()
        }
    }
}

pub(crate) async fn authorize(State(app): State<Arc<App>>, request: Request) -> Response {
    let params = match Params::read(
        request.uri().query(),
        request.headers(),
        &Default::default(),
    ) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let server = &app.oauth;
    let Some(client_id) = params.get("client_id") else {
        return OAuthRefusal::bad("invalid_request", "the client_id parameter is missing")
            .into_response();
    };
    let Some(client) = server
        .config
        .clients
        .iter()
        .find(|c| c.client_id == client_id)
    else {
        return OAuthRefusal::bad(
            "invalid_request",
            format!("unknown client_id {client_id:?}"),
        )
        .into_response();
    };
    let Some(redirect_uri) = params.get("redirect_uri") else {
        return OAuthRefusal::bad("invalid_request", "the redirect_uri parameter is missing")
            .into_response();
    };
    if !client
        .redirect_uris
        .iter()
        .any(|r| redirect_matches(r, redirect_uri))
    {
        return OAuthRefusal::bad(
            "invalid_request",
            format!("redirect_uri {redirect_uri:?} is not registered for this client"),
        )
        .into_response();
    }
    let state = params.get("state").unwrap_or("");
    let fail = |error: &str, description: &str| {
        let mut pairs = vec![("error", error), ("error_description", description)];
        if !state.is_empty() {
            pairs.push(("state", state));
        }
        redirect(redirect_uri, &pairs)
    };
    if params.get("response_type") != Some("code") {
        return fail(
            "unsupported_response_type",
            "only response_type=code is served",
        );
    }
    let scope = match check_scope(params.get("scope")) {
        Ok(s) => s,
        Err(e) => return fail(e.error, &e.description),
    };
    let challenge = params.get("code_challenge");
    match (challenge, params.get("code_challenge_method")) {
        (None, _) if client.client_secret.is_none() => {
            return fail(
                "invalid_request",
                "a public client must send a PKCE code_challenge",
            );
        }
        (Some(_), Some("S256")) | (None, None) => {}
        (Some(_), _) | (None, Some(_)) => {
            return fail(
                "invalid_request",
                "code_challenge_method must be S256, with a code_challenge",
            );
        }
    }
    let code = token("code_", 32);
    let now = Instant::now();
    {
        let mut grants = server.lock();
        grants.sweep(now);
        grants.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: client.client_id.clone(),
                redirect_uri: redirect_uri.to_owned(),
                scope,
                challenge: challenge.map(str::to_owned),
                expires: now + server.config.code_lifetime,
            },
        );
    }
    let mut pairs = vec![("code", code.as_str())];
    if !state.is_empty() {
        pairs.push(("state", state));
    }
    redirect(redirect_uri, &pairs)
}
