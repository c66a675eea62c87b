//! The V1-era OAuth 1.0a server (`docs/v1/auth.md#oauth-10a`), so the client's OAuth 1.0a flow
//! runs end to end against the sandbox:
//!
//! * `GET /ws/oauth/request_token`, signed with the consumer key alone and carrying
//!   `oauth_callback`, answers `oauth_token`, `oauth_token_secret` and
//!   `oauth_callback_confirmed=true` (form-encoded);
//! * `GET /ws/oauth/confirm_access?oauth_token=…` approves at once and redirects to the
//!   callback with `oauth_token` and `oauth_verifier` (for `oob`, shows the verifier);
//! * `GET /ws/oauth/access_token`, signed with the request token and carrying
//!   `oauth_verifier`, answers the access token and its secret; the request token is spent.
//!
//! V1 resources then accept requests signed with the consumer key and an issued access token
//! (`Authorization: OAuth …`, [`OAuth1Server::check`]). Signatures are HMAC-SHA1 (RFC 5849
//! §3.4.2) over the query and the `oauth_*` parameters, which may come in the query or the
//! header. Refusals are 401 with an OAuth Problem Reporting body (`oauth_problem=…`): a bad
//! signature, an unknown consumer key or token, a nonce already seen with the same timestamp
//! and token, a timestamp outside [`OAuth1Config::timestamp_window`], a missing parameter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use ctct_models::endpoint::encode_query_value as encode;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::config::OAuth1Config;
use super::grants::token;
use super::params::same;
use crate::App;
use crate::routing::parse_query;

/// A request token waiting for approval and exchange.
struct RequestGrant {
    secret: String,
    callback: String,
    /// Set when the owner approved at `confirm_access`.
    verifier: Option<String>,
}

#[derive(Default)]
struct Issued {
    requests: HashMap<String, RequestGrant>,
    /// Access token → its secret.
    access: HashMap<String, String>,
    /// (token, nonce, timestamp) already used.
    nonces: HashMap<(String, String, u64), ()>,
}

/// Which token a signed request must carry.
#[derive(Clone, Copy)]
enum TokenKind {
    /// None: the request-token request.
    None,
    /// A request token: the access-token request.
    Request,
    /// An access token: an API request.
    Access,
}

/// Why a signed request is refused: the OAuth Problem Reporting body, sent with 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem(String);

impl Problem {
    fn new(problem: &str) -> Self {
        Self(format!("oauth_problem={problem}"))
    }

    fn absent(parameter: &str) -> Self {
        Self(format!(
            "oauth_problem=parameter_absent&oauth_parameters_absent={parameter}"
        ))
    }

    fn rejected(parameter: &str) -> Self {
        Self(format!(
            "oauth_problem=parameter_rejected&oauth_parameters_rejected={parameter}"
        ))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        form(StatusCode::UNAUTHORIZED, self.0)
    }
}

fn form(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("OAuth realm=\"Constant Contact\""),
        );
    }
    r
}

/// The OAuth 1.0a tokens issued and the nonces seen.
#[derive(Default)]
pub(crate) struct OAuth1Server {
    issued: Mutex<Issued>,
}

/// A signed request as the server saw it.
pub(crate) struct Signed<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// `http://host[:port]/path`, without the query.
    pub url: String,
    /// The decoded query pairs.
    pub query: &'a [(String, String)],
    /// The `Authorization` header, if any.
    pub header: Option<&'a HeaderValue>,
}

/// The `oauth_*` parameters of an `Authorization: OAuth …` header, decoded; `None` when the
/// header is absent or of another scheme.
fn header_params(header: Option<&HeaderValue>) -> Option<Vec<(String, String)>> {
    let value = header?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("oauth") {
        return None;
    }
    let joined = rest
        .split(',')
        .filter_map(|field| {
            let (k, v) = field.trim().split_once('=')?;
            let v = v.trim().trim_matches('"');
            (k.trim() != "realm").then(|| format!("{}={v}", k.trim()))
        })
        .collect::<Vec<_>>()
        .join("&");
    Some(parse_query(Some(&joined)))
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// RFC 5849 §3.4.1 and §3.4.2: the base64 HMAC-SHA1 of the request.
fn signature(
    method: &str,
    url: &str,
    params: &[(String, String)],
    consumer_secret: &str,
    token_secret: &str,
) -> String {
    let mut all: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "oauth_signature")
        .map(|(k, v)| (encode(k), encode(v)))
        .collect();
    all.sort();
    let normalized = all
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let base = format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        encode(url),
        encode(&normalized)
    );
    let key = format!("{}&{}", encode(consumer_secret), encode(token_secret));
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key.as_bytes()) else {
        return String::new();
    };
    mac.update(base.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `http://{Host}{path}`, as a client addressing this sandbox signed it (scheme and host
/// lower case, port 80 dropped).
pub(crate) fn request_url(headers: &HeaderMap, path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = host.strip_suffix(":80").unwrap_or(&host);
    format!("http://{host}{path}")
}

impl OAuth1Server {
    fn lock(&self) -> MutexGuard<'_, Issued> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Verifies a signed request and records its nonce; returns every parameter (query and
    /// header) on success.
    fn verify(
        &self,
        config: &OAuth1Config,
        req: &Signed<'_>,
        kind: TokenKind,
    ) -> Result<Vec<(String, String)>, Problem> {
        let mut params: Vec<(String, String)> = req.query.to_vec();
        params.extend(header_params(req.header).unwrap_or_default());
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let mut required = vec![
            "oauth_consumer_key",
            "oauth_signature_method",
            "oauth_signature",
            "oauth_timestamp",
            "oauth_nonce",
        ];
        if !matches!(kind, TokenKind::None) {
            required.push("oauth_token");
        }
        if let Some(missing) = required.iter().find(|p| get(p).is_none_or(str::is_empty)) {
            return Err(Problem::absent(missing));
        }
        let field = |name: &str| get(name).unwrap_or_default().to_owned();
        if field("oauth_signature_method") != "HMAC-SHA1" {
            return Err(Problem::new("signature_method_rejected"));
        }
        if get("oauth_version").is_some_and(|v| v != "1.0") {
            return Err(Problem::new("version_rejected"));
        }
        if !same(
            field("oauth_consumer_key").as_bytes(),
            config.consumer_key.as_bytes(),
        ) {
            return Err(Problem::new("consumer_key_unknown"));
        }
        let now = now_secs();
        let window = config.timestamp_window.as_secs();
        let Ok(timestamp) = field("oauth_timestamp").parse::<u64>() else {
            return Err(Problem::rejected("oauth_timestamp"));
        };
        if timestamp.abs_diff(now) > window {
            return Err(Problem(format!(
                "oauth_problem=timestamp_refused&oauth_acceptable_timestamps={}-{}",
                now.saturating_sub(window),
                now + window
            )));
        }
        let token = field("oauth_token");
        let mut issued = self.lock();
        let token_secret = match kind {
            TokenKind::None => Some(String::new()),
            TokenKind::Request => issued.requests.get(&token).map(|g| g.secret.clone()),
            TokenKind::Access => issued.access.get(&token).cloned(),
        };
        let Some(token_secret) = token_secret else {
            return Err(Problem::new("token_rejected"));
        };
        let expected = signature(
            req.method,
            &req.url,
            &params,
            &config.consumer_secret,
            &token_secret,
        );
        if !same(field("oauth_signature").as_bytes(), expected.as_bytes()) {
            return Err(Problem::new("signature_invalid"));
        }
        issued
            .nonces
            .retain(|(_, _, ts), ()| ts.abs_diff(now) <= window);
        let seen = (token, field("oauth_nonce"), timestamp);
        if issued.nonces.insert(seen, ()).is_some() {
            return Err(Problem::new("nonce_used"));
        }
        drop(issued);
        Ok(params)
    }

    /// For a V1 resource: `None` when the request is not OAuth 1.0a-signed, else whether its
    /// signature with an issued access token holds.
    pub(crate) fn check(
        &self,
        config: &OAuth1Config,
        req: &Signed<'_>,
    ) -> Option<Result<(), Problem>> {
        header_params(req.header)?;
        Some(self.verify(config, req, TokenKind::Access).map(|_| ()))
    }
}

fn signed<'a>(headers: &'a HeaderMap, path: &str, query: &'a [(String, String)]) -> Signed<'a> {
    Signed {
        method: "GET",
        url: request_url(headers, path),
        query,
        header: headers.get(header::AUTHORIZATION),
    }
}

fn value<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// `GET /ws/oauth/request_token`.
pub(crate) async fn request_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let query = parse_query(q.as_deref());
    let req = signed(&headers, "/ws/oauth/request_token", &query);
    let server = &app.oauth.oauth1;
    let params = match server.verify(&app.oauth.config.oauth1, &req, TokenKind::None) {
        Ok(p) => p,
        Err(problem) => return problem.into_response(),
    };
    let Some(callback) = value(&params, "oauth_callback") else {
        return Problem::absent("oauth_callback").into_response();
    };
    let (token, secret) = (token("rt1_", 24), token("rs1_", 32));
    server.lock().requests.insert(
        token.clone(),
        RequestGrant {
            secret: secret.clone(),
            callback: callback.to_owned(),
            verifier: None,
        },
    );
    form(
        StatusCode::OK,
        format!("oauth_token={token}&oauth_token_secret={secret}&oauth_callback_confirmed=true"),
    )
}

/// `GET /ws/oauth/confirm_access?oauth_token=…`: the owner approves at once.
pub(crate) async fn confirm_access(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let query = parse_query(q.as_deref());
    let Some(token) = value(&query, "oauth_token") else {
        return Problem::absent("oauth_token").into_response();
    };
    let verifier = token_verifier();
    let callback = {
        let mut issued = app.oauth.oauth1.lock();
        let Some(grant) = issued.requests.get_mut(token) else {
            return Problem::new("token_rejected").into_response();
        };
        grant.verifier = Some(verifier.clone());
        grant.callback.clone()
    };
    if callback == "oob" {
        let mut r = (
            StatusCode::OK,
            format!("Access granted. Your verification code: {verifier}\n"),
        )
            .into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        return r;
    }
    let sep = if callback.contains('?') { '&' } else { '?' };
    let to = format!(
        "{callback}{sep}oauth_token={}&oauth_verifier={verifier}",
        encode(token)
    );
    match HeaderValue::from_str(&to) {
        Ok(v) => {
            let mut r = StatusCode::FOUND.into_response();
            r.headers_mut().insert(header::LOCATION, v);
            r
        }
        Err(_) => Problem::rejected("oauth_callback").into_response(),
    }
}

fn token_verifier() -> String {
    token("", 20)
}

/// `GET /ws/oauth/access_token`.
pub(crate) async fn access_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let query = parse_query(q.as_deref());
    let req = signed(&headers, "/ws/oauth/access_token", &query);
    let server = &app.oauth.oauth1;
    let params = match server.verify(&app.oauth.config.oauth1, &req, TokenKind::Request) {
        Ok(p) => p,
        Err(problem) => return problem.into_response(),
    };
    let Some(verifier) = value(&params, "oauth_verifier") else {
        return Problem::absent("oauth_verifier").into_response();
    };
    let request = value(&params, "oauth_token").unwrap_or_default();
    let mut issued = server.lock();
    let approved = issued
        .requests
        .get(request)
        .and_then(|g| g.verifier.as_deref())
        .is_some_and(|v| same(v.as_bytes(), verifier.as_bytes()));
    if !approved {
        return Problem::rejected("oauth_verifier").into_response();
    }
    issued.requests.remove(request);
    let (access, secret) = (token("at1_", 24), token("as1_", 32));
    issued.access.insert(access.clone(), secret.clone());
    drop(issued);
    form(
        StatusCode::OK,
        format!("oauth_token={access}&oauth_token_secret={secret}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 5849 §1.2: the photos request and its published signature.
    #[test]
    fn rfc5849_section_1_2_signature() {
        let params: Vec<(String, String)> = [
            ("file", "vacation.jpg"),
            ("size", "original"),
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            ("oauth_token", "nnch734d00sl2jdk"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131202"),
            ("oauth_nonce", "chapoH"),
            ("oauth_signature", "ignored"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(
            signature(
                "GET",
                "http://photos.example.net/photos",
                &params,
                "kd94hf93k423kf44",
                "pfkkdhi9sl3r4s00"
            ),
            "MdpQcU8iPSUjWoN/UDMsK2sui9I="
        );
    }

    #[test]
    fn header_params_decode_and_skip_realm() {
        let h =
            HeaderValue::from_static("OAuth realm=\"x\", oauth_nonce=\"a%2Bb\", oauth_token=\"t\"");
        assert_eq!(
            header_params(Some(&h)),
            Some(vec![
                ("oauth_nonce".to_owned(), "a+b".to_owned()),
                ("oauth_token".to_owned(), "t".to_owned())
            ])
        );
        assert_eq!(
            header_params(Some(&HeaderValue::from_static("Basic abc"))),
            None
        );
    }
}
