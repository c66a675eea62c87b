//! The V3 (JSON) emulator, mounted under `/v3/`: the quick-start endpoints of `docs/v3/overview.md#quick-start` with
//! bearer auth, V3's status codes and both error shapes, cursor paging, `include=`, the
//! asynchronous list delete, and CSV and JSON imports that run as activities with progress,
//! real effects on contacts and memberships, and per-row errors.
//!
//! It routes from [`ctct_models::v3::ENDPOINTS`], the table the client calls, and reads and
//! writes every body through the generated V3 models. Its account is separate from the V1
//! one: V3 ids are UUIDs where V1's are integers in `http://` URIs, V3 resources carry what V1
//! has no place for, and the service does not document that V1 and V3 ids map onto each other,
//! so a shared store would invent a mapping. It is seeded like a new trial account: the
//! owner's contact, two customers, two lists. Every request runs: bearer check (401 single-object body),
//! optional rate limits (429 `throttled` / `quota_exceeded`), routing (404, or 405 with
//! `Allow`; a literal segment beats a placeholder), the operation's OAuth scopes from its
//! `EndpointSpec` (403 when the token was not granted one), moving running activities
//! forward, then one handler.

mod account;
mod activities;
mod bulk;
mod catalog;
mod contacts;
mod contacts_extra;
mod criteria;
mod csv;
mod custom_fields;
mod email_activities;
mod email_extras;
mod email_reports;
mod email_sends;
mod email_stats;
mod email_tracking;
mod emails;
mod export;
mod landing_pages;
mod limits;
mod lists;
mod paging;
mod reporting;
mod respond;
mod seed;
mod segments;
mod service;
mod social;
mod store;
mod tags;
pub(crate) mod tokens;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use ctct_models::endpoint::EndpointSpec;
use ctct_models::incoming::{Incoming, ParseError, ParseErrorKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use respond::V3Error;

/// The largest V3 request body read: a 4 MB import plus multipart framing.
const MAX_BODY: usize = 5 * 1024 * 1024;

/// How the V3 emulator behaves; part of [`crate::Config`].
#[derive(Debug, Clone)]
pub struct V3Config {
    /// How long an import or list delete takes from 0 to 100 % (`percent_done` grows with
    /// the elapsed share). Zero finishes it at the next request. Default 2 s.
    pub activity_duration: Duration,
    /// Requests per second per token before 429 `throttled`; `None` (default) is unlimited.
    /// The real limit is 4.
    pub rate_limit: Option<u32>,
    /// Requests per token per UTC day before 429 `quota_exceeded`; `None` (default) is
    /// unlimited. The real quota is 10,000.
    pub daily_quota: Option<u64>,
    /// The OAuth scopes the configured access token ([`crate::Config::access_token`]) is
    /// granted, space-separated (`"campaign_data account_read"`); `None` (default) grants
    /// every scope. Tokens the OAuth emulation issues have the scopes they were granted.
    pub access_token_scopes: Option<String>,
    /// Generated contacts added after the seeded ones (`contact{i:06}@example.com`, on the
    /// first list), so an export can be large. Default 0.
    pub seed_contacts: usize,
}

impl Default for V3Config {
    fn default() -> Self {
        Self {
            activity_duration: Duration::from_secs(2),
            rate_limit: None,
            daily_quota: None,
            access_token_scopes: None,
            seed_contacts: 0,
        }
    }
}

/// The V3 emulator's shared state.
pub(crate) struct V3App {
    pub tokens: tokens::TokenRegistry,
    store: Mutex<store::Store>,
    limits: Mutex<limits::Limits>,
}

impl V3App {
    pub fn new(config: &V3Config, access_token: Option<&str>) -> Self {
        let mut store = store::Store::new(0x5eed_0003, config.activity_duration);
        seed::seed(&mut store);
        seed::seed_generated(&mut store, config.seed_contacts);
        Self {
            tokens: tokens::TokenRegistry::new(
                access_token,
                config
                    .access_token_scopes
                    .as_deref()
                    .map_or(tokens::Granted::All, tokens::Granted::parse),
            ),
            store: Mutex::new(store),
            limits: Mutex::new(limits::Limits::new(config.rate_limit, config.daily_quota)),
        }
    }
}

/// The router to mount under `/v3`.
pub(crate) fn router(app: Arc<V3App>) -> Router {
    Router::new()
        .fallback(dispatch)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

/// What a handler gets.
pub(crate) struct Ctx<'a> {
    pub store: MutexGuard<'a, store::Store>,
    pub params: Vec<String>,
    pub query: Vec<(String, String)>,
    pub headers: &'a HeaderMap,
    pub body: Bytes,
    /// `http://HOST` of this sandbox, for `Location` headers.
    pub origin: String,
}

/// Reads a JSON body as `T` (and as a raw value, to see which keys were sent): 415 unless
/// the content type is JSON, 400 naming serde's reason otherwise.
pub(crate) fn read_json<T: DeserializeOwned>(cx: &Ctx<'_>) -> Result<(T, Value), V3Error> {
    let ct = cx
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = ct.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case(ctct_models::endpoint::JSON_MEDIA_TYPE) {
        return Err(V3Error::many(
            415,
            "unsupported.media.type",
            format!("expected application/json, not {ct:?}"),
        ));
    }
    let raw: Value = serde_json::from_slice(&cx.body)
        .map_err(|e| V3Error::bad_request(format!("malformed JSON: {e}")))?;
    let value = serde_json::from_value(raw.clone())
        .map_err(|e| V3Error::bad_request(format!("invalid request body: {e}")))?;
    Ok((value, raw))
}

/// The operation for `method` and `path`. A literal segment beats a placeholder
/// (`/contacts/counts` is the counts operation, not a contact id), so of the templates that
/// match, the most literal ones decide: one of them with the method, else 405 with the
/// methods they take; 404 when none matches.
fn route<'p>(
    method: &str,
    path: &'p str,
) -> Result<(&'static EndpointSpec, Vec<&'p str>), V3Error> {
    let mut best: Vec<(&'static EndpointSpec, Vec<&'p str>)> = Vec::new();
    let mut best_holes = usize::MAX;
    for spec in ctct_models::v3::ENDPOINTS {
        let Some(params) = spec.match_path(path) else {
            continue;
        };
        let holes = params.len();
        if holes < best_holes {
            best.clear();
            best_holes = holes;
        }
        if holes == best_holes {
            best.push((spec, params));
        }
    }
    if best.is_empty() {
        return Err(V3Error::many(
            404,
            "not.found",
            format!("/v3{path} is not a V3 resource"),
        ));
    }
    let mut allow: Vec<&str> = best.iter().map(|(s, _)| s.method.as_str()).collect();
    match best.into_iter().find(|(s, _)| s.method.as_str() == method) {
        Some(found) => Ok(found),
        None => {
            allow.sort_unstable();
            allow.dedup();
            Err(V3Error::method_not_allowed(method, path, &allow))
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

async fn dispatch(State(app): State<Arc<V3App>>, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let fail_activity = parts
        .extensions
        .get::<crate::faults::FailActivity>()
        .cloned();
    let now = Instant::now();
    let token = bearer(&parts.headers);
    let state = token.map_or(tokens::TokenState::Unknown, |t| app.tokens.check(t, now));
    if state != tokens::TokenState::Valid {
        return V3Error::unauthorized().into_response();
    }
    let day = time::OffsetDateTime::now_utc()
        .unix_timestamp()
        .div_euclid(86_400);
    let admitted = app.limits.lock().unwrap_or_else(|p| p.into_inner()).admit(
        token.unwrap_or_default(),
        now,
        day,
    );
    match admitted {
        Err(limits::Limited::Throttled) => {
            return V3Error::one(429, "throttled", "Too Many Requests").into_response();
        }
        Err(limits::Limited::QuotaExceeded) => {
            return V3Error::one(429, "quota_exceeded", "Limit Exceeded").into_response();
        }
        Ok(()) => {}
    }
    let path = parts.uri.path();
    let path = path.strip_prefix("/v3").unwrap_or(path);
    let path = if path.is_empty() { "/" } else { path };
    let (spec, params) = match route(parts.method.as_str(), path) {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    if let Some(scope) = app
        .tokens
        .granted(token.unwrap_or_default())
        .missing(spec.scopes)
    {
        return V3Error::forbidden(spec.name, scope).into_response();
    }
    let params: Vec<String> = params
        .into_iter()
        .map(ctct_models::form_read::percent_decode)
        .collect();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return V3Error::many(
                413,
                "request.too_large",
                format!("the body is over {MAX_BODY} bytes"),
            )
            .into_response();
        }
    };
    let origin = crate::origin::request_origin(&parts.headers)
        .unwrap_or_else(|| "http://localhost".to_owned());
    let mut store = app.store.lock().unwrap_or_else(|p| p.into_inner());
    store.advance(now);
    store.fail_next_activity = fail_activity.is_some();
    let mut cx = Ctx {
        store,
        params,
        query: crate::routing::parse_query(parts.uri.query()),
        headers: &parts.headers,
        body,
        origin,
    };
    let (params, query, body) = (cx.params.clone(), cx.query.clone(), cx.body.clone());
    let incoming = Incoming {
        account: "",
        params: &params,
        query: &query,
        content_type: cx
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        body: &body,
    };
    let response = match ctct_models::v3::dispatch(&mut cx, spec, &incoming) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => e.into_response(),
        Err(e) => parse_error(e).into_response(),
    };
    // An activity took the injected failure: the rule's hit counts.
    if let Some(fault) = fail_activity
        && !std::mem::take(&mut cx.store.fail_next_activity)
    {
        fault.spend();
    }
    response
}

/// The answer to a request that does not read, in V3's array error shape.
fn parse_error(e: ParseError) -> V3Error {
    match e.kind {
        ParseErrorKind::MediaType => V3Error::many(415, "unsupported.media.type", e.message),
        ParseErrorKind::Query | ParseErrorKind::Body | ParseErrorKind::PathValue => {
            V3Error::bad_request(e.message)
        }
        _ => V3Error::many(404, "not.found", e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_paths_win() {
        assert_eq!(
            route("POST", "/contacts/sign_up_form").unwrap().0.name,
            "create_or_update_contact"
        );
        assert_eq!(route("GET", "/contacts/abc").unwrap().0.name, "get_contact");
        assert_eq!(
            route("GET", "/contacts/counts").unwrap().0.name,
            "get_contact_counts"
        );
        assert_eq!(
            route("GET", "/contact_lists/list_id_xrefs").unwrap().0.name,
            "get_list_id_xrefs"
        );
        let e = route("PATCH", "/contacts/abc").unwrap_err();
        assert_eq!(e.status, 405);
        assert_eq!(e.allow.as_deref(), Some("DELETE, GET, PUT"));
        let e = route("DELETE", "/contacts/counts").unwrap_err();
        assert_eq!(e.allow.as_deref(), Some("GET"));
        assert_eq!(route("GET", "/nope").unwrap_err().status, 404);
    }
}
