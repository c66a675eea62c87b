//! `POST /oauth2/default/v1/token`: code exchange (with PKCE), refresh (with rotation) and
//! device-code polling.
//!
//! Codes are spent by the first exchange attempt, right or wrong. With rotation on (the
//! default), a refresh removes the refresh token it used and issues a new one, so a second
//! use of the old one answers `invalid_grant`: the behaviour that makes concurrent refreshes
//! in a client a bug. Device polling answers `authorization_pending` until the user has
//! visited the verification URL, `slow_down` (and 5 s more interval) when polled faster than
//! the interval, `expired_token` and `access_denied` (RFC 8628 §3.5).

use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use tokio::time::Instant;

use super::grants::{Approval, Grants};
use super::params::{Params, authenticate, same};
use super::respond::{OAuthRefusal, json};
use super::{AuthServer, DEVICE_CODE_GRANT};
use crate::App;

pub(crate) async fn token(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, app.max_body_bytes).await else {
        return OAuthRefusal::bad("invalid_request", "the body is too large").into_response();
    };
    let server = &app.oauth;
    let result = Params::read(parts.uri.query(), &parts.headers, &body)
        .and_then(|params| grant(server, &parts.headers, &params));
    match result {
        Ok(body) => json(200, &body),
        Err(refusal) => {
            server.lock().stats.refusals += 1;
            refusal.into_response()
        }
    }
}

fn grant(
    server: &AuthServer,
    headers: &axum::http::HeaderMap,
    params: &Params,
) -> Result<serde_json::Value, OAuthRefusal> {
    let client = authenticate(&server.config.clients, headers, params)?;
    let grant_type = params.require("grant_type")?;
    let now = Instant::now();
    let mut grants = server.lock();
    grants.sweep(now);
    match grant_type {
        "authorization_code" => {
            let code = params.require("code")?;
            let redirect_uri = params.require("redirect_uri")?;
            let unknown = || {
                OAuthRefusal::bad(
                    "invalid_grant",
                    "the authorization code is unknown, used or expired",
                )
            };
            // Spent by this attempt, whatever happens next.
            let g = grants.codes.remove(code).ok_or_else(unknown)?;
            if g.client_id != client.client_id {
                return Err(unknown());
            }
            if g.redirect_uri != redirect_uri {
                return Err(OAuthRefusal::bad(
                    "invalid_grant",
                    "redirect_uri is not the one of the authorization request",
                ));
            }
            if let Some(challenge) = &g.challenge {
                let verifier = params.get("code_verifier").ok_or_else(|| {
                    OAuthRefusal::bad("invalid_grant", "the code_verifier parameter is missing")
                })?;
                let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
                if !same(computed.as_bytes(), challenge.as_bytes()) {
                    return Err(OAuthRefusal::bad(
                        "invalid_grant",
                        "PKCE verification failed: the code_verifier does not match the code_challenge",
                    ));
                }
            }
            grants.stats.code_exchanges += 1;
            Ok(server.issue(&mut grants, &client.client_id, &g.scope, None, now))
        }
        "refresh_token" => {
            let rt = params.require("refresh_token")?;
            let invalid =
                || OAuthRefusal::bad("invalid_grant", "The refresh token is invalid or expired.");
            let g = grants.refresh.get(rt).cloned().ok_or_else(invalid)?;
            if g.client_id != client.client_id {
                return Err(invalid());
            }
            let keep = if server.config.rotate_refresh_tokens {
                grants.refresh.remove(rt);
                None
            } else {
                Some(rt.to_owned())
            };
            grants.stats.refreshes += 1;
            Ok(server.issue(&mut grants, &client.client_id, &g.scope, keep, now))
        }
        DEVICE_CODE_GRANT => device(server, &mut grants, &client.client_id, params, now),
        other => Err(OAuthRefusal::bad(
            "unsupported_grant_type",
            format!("grant_type {other:?} is not supported"),
        )),
    }
}

fn device(
    server: &AuthServer,
    grants: &mut Grants,
    client_id: &str,
    params: &Params,
    now: Instant,
) -> Result<serde_json::Value, OAuthRefusal> {
    let code = params.require("device_code")?;
    let Some(g) = grants.devices.get_mut(code) else {
        // Swept when it expired: say so rather than "unknown".
        return Err(OAuthRefusal::bad(
            "expired_token",
            "the device code is unknown or expired",
        ));
    };
    if g.client_id != client_id {
        return Err(OAuthRefusal::bad(
            "invalid_grant",
            "the device code belongs to another client",
        ));
    }
    match g.approval {
        Approval::Denied => {
            grants.devices.remove(code);
            Err(OAuthRefusal::bad("access_denied", "the user declined"))
        }
        Approval::Pending => {
            let too_soon = g.last_poll.is_some_and(|last| now < last + g.interval);
            g.last_poll = Some(now);
            if too_soon {
                g.interval += std::time::Duration::from_secs(5);
                Err(OAuthRefusal::bad(
                    "slow_down",
                    format!("poll at most every {} seconds", g.interval.as_secs()),
                ))
            } else {
                Err(OAuthRefusal::bad(
                    "authorization_pending",
                    "the user has not approved yet",
                ))
            }
        }
        Approval::Approved => {
            let scope = g.scope.clone();
            grants.devices.remove(code);
            grants.stats.device_exchanges += 1;
            Ok(server.issue(grants, client_id, &scope, None, now))
        }
    }
}
