//! Reading an OAuth request: parameters from the query and the form body together (the
//! real service's examples put token parameters in the query of the POST; RFC 6749 puts them
//! in the body), and the client's identity.

use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::config::RegisteredClient;
use super::respond::OAuthRefusal;
use crate::routing::parse_query;
use ctct_models::form_read::percent_decode;

/// Decoded parameters, query first, then the body.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    /// Reads the query and, for a form body, the body.
    pub fn read(
        query: Option<&str>,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<Self, OAuthRefusal> {
        let mut pairs = parse_query(query);
        if !body.is_empty() {
            let ct = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !ct
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
            {
                return Err(OAuthRefusal::bad(
                    "invalid_request",
                    format!("the body must be application/x-www-form-urlencoded, not {ct:?}"),
                ));
            }
            let text = std::str::from_utf8(body)
                .map_err(|_| OAuthRefusal::bad("invalid_request", "the form body is not UTF-8"))?;
            pairs.extend(parse_query(Some(text)));
        }
        Ok(Self(pairs))
    }

    /// The first value of `name`, if not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// The value of `name`, or `invalid_request` naming it.
    pub fn require(&self, name: &str) -> Result<&str, OAuthRefusal> {
        self.get(name).ok_or_else(|| {
            OAuthRefusal::bad(
                "invalid_request",
                format!("the {name} parameter is missing"),
            )
        })
    }
}

/// Compares without an early exit.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client making a token request: HTTP Basic with its secret (confidential clients), or
/// `client_id` alone (public clients).
pub(crate) fn authenticate<'c>(
    clients: &'c [RegisteredClient],
    headers: &HeaderMap,
    params: &Params,
) -> Result<&'c RegisteredClient, OAuthRefusal> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    if let Some(encoded) = basic {
        let decoded = STANDARD
            .decode(encoded.trim())
            .map_err(|_| OAuthRefusal::invalid_client("the Basic credentials are not base64"))?;
        let text = String::from_utf8(decoded)
            .map_err(|_| OAuthRefusal::invalid_client("the Basic credentials are not UTF-8"))?;
        let (id, secret) = text.split_once(':').ok_or_else(|| {
            OAuthRefusal::invalid_client("the Basic credentials have no client_id:secret")
        })?;
        // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
        let (id, secret) = (percent_decode(id), percent_decode(secret));
        let (id, secret) = (id.as_str(), secret.as_str());
        let client = clients
            .iter()
            .find(|c| c.client_id == id)
            .ok_or_else(|| OAuthRefusal::invalid_client(format!("unknown client_id {id:?}")))?;
        return match &client.client_secret {
            Some(s) if same(s.as_bytes(), secret.as_bytes()) => Ok(client),
            _ => Err(OAuthRefusal::invalid_client("the client secret is wrong")),
        };
    }
    let id = params
        .get("client_id")
        .ok_or_else(|| OAuthRefusal::invalid_client("no client authentication and no client_id"))?;
    let client = clients
        .iter()
        .find(|c| c.client_id == id)
        .ok_or_else(|| OAuthRefusal::invalid_client(format!("unknown client_id {id:?}")))?;
    if client.client_secret.is_some() {
        return Err(OAuthRefusal::invalid_client(
            "this client is confidential: authenticate with HTTP Basic",
        ));
    }
    Ok(client)
}

/// The scopes the service knows (`docs/v3/auth.md#scopes`).
pub(crate) const SCOPES: [&str; 6] = [
    "contact_data",
    "campaign_data",
    "account_read",
    "account_update",
    "offline_access",
    "billing_data",
];

/// The normalized scope string, or `invalid_scope` naming the unknown one.
pub(crate) fn check_scope(scope: Option<&str>) -> Result<String, OAuthRefusal> {
    let scope = scope.unwrap_or("").trim();
    if scope.is_empty() {
        return Err(OAuthRefusal::bad(
            "invalid_scope",
            "the scope parameter is missing",
        ));
    }
    let parts: Vec<&str> = scope.split_whitespace().collect();
    if let Some(bad) = parts.iter().find(|p| !SCOPES.contains(p)) {
        return Err(OAuthRefusal::bad(
            "invalid_scope",
            format!("unknown scope {bad:?}"),
        ));
    }
    Ok(parts.join(" "))
}

/// Percent-encodes everything but RFC 3986's unreserved characters (the project's one
/// encoder, `ctct_models::endpoint::encode_query_value`).
pub(crate) fn encode(value: &str) -> String {
    ctct_models::endpoint::encode_query_value(value)
}
