//! `POST /oauth2/default/v1/device/authorize` and the verification page.
//!
//! The device authorization answers a `device_code` to poll with and a `user_code` with the
//! URL where the user approves. In the sandbox that URL approves as soon as it is opened
//! (`GET …/device/verify?user_code=…`; add `&deny=true` to decline), so a test or the quick
//! start can play the user with one HTTP request.

use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use super::grants::{Approval, DeviceGrant, token, user_code};
use super::params::{Params, check_scope};
use super::respond::{OAuthRefusal, json};
use crate::App;

pub(crate) async fn device_authorize(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, app.max_body_bytes).await else {
        return OAuthRefusal::bad("invalid_request", "the body is too large").into_response();
    };
    let server = &app.oauth;
    let params = match Params::read(parts.uri.query(), &parts.headers, &body) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let Some(client_id) = params.get("client_id") else {
        return OAuthRefusal::invalid_client("the client_id parameter is missing").into_response();
    };
    let Some(client) = server
        .config
        .clients
        .iter()
        .find(|c| c.client_id == client_id)
    else {
        return OAuthRefusal::invalid_client(format!("unknown client_id {client_id:?}"))
            .into_response();
    };
    if !client.device_flow {
        return OAuthRefusal::bad(
            "unauthorized_client",
            "the device flow is not enabled for this client",
        )
        .into_response();
    }
    let scope = match check_scope(params.get("scope")) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let device_code = token("dc_", 40);
    let code = user_code();
    let now = Instant::now();
    let lifetime = server.config.device_code_lifetime;
    let interval = server.config.device_interval_secs;
    {
        let mut grants = server.lock();
        grants.sweep(now);
        grants.devices.insert(
            device_code.clone(),
            DeviceGrant {
                client_id: client.client_id.clone(),
                scope,
                user_code: code.clone(),
                expires: now + lifetime,
                interval: std::time::Duration::from_secs(interval),
                last_poll: None,
                approval: Approval::Pending,
            },
        );
    }
    let verify = format!("http://{host}{}/device/verify", super::OAUTH_PATH);
    json(
        200,
        &serde_json::json!({
            "device_code": device_code,
            "user_code": code,
            "verification_uri": verify,
            "verification_uri_complete": format!("{verify}?user_code={code}"),
            "expires_in": lifetime.as_secs(),
            "interval": interval,
        }),
    )
}

pub(crate) async fn verify(State(app): State<Arc<App>>, request: Request) -> Response {
    let params = match Params::read(
        request.uri().query(),
        request.headers(),
        &Default::default(),
    ) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let Some(code) = params.get("user_code") else {
        return (StatusCode::BAD_REQUEST, "user_code is missing\n").into_response();
    };
    let deny = params.get("deny") == Some("true");
    let mut grants = app.oauth.lock();
    grants.sweep(Instant::now());
    let found = grants
        .devices
        .values_mut()
        .find(|g| g.user_code.eq_ignore_ascii_case(code.trim()));
    match found {
        Some(g) => {
            g.approval = if deny {
                Approval::Denied
            } else {
                Approval::Approved
            };
            let what = if deny { "declined" } else { "approved" };
            (
                StatusCode::OK,
                format!("Device {what}. You can return to your application.\n"),
            )
                .into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            "No pending device authorization has this code (it may have expired).\n",
        )
            .into_response(),
    }
}
