//! Errors from authorization servers, kept free of what was sent to them.
//!
//! A token endpoint's request carries secrets (a client secret, an authorization code, a
//! refresh token, an OAuth 1.0a verifier) and its answer carries tokens. Both APIs' OAuth
//! flows build their errors here: a refusal's body is scrubbed of every secret sent (as
//! written and percent-encoded), and an answer that cannot be read is reported without
//! quoting it.

use ctct_models::codec::{DecodeError, DecodeErrorKind};
use ctct_models::endpoint::encode_query_value;

use super::{Prepared, path_of};
use crate::error::Error;

/// `error` with each of `secrets` replaced by `[redacted]` in an API error's body.
pub(crate) fn scrub(error: Error, secrets: &[&str]) -> Error {
    match error {
        Error::Api(mut api) => {
            for s in secrets.iter().filter(|s| !s.is_empty()) {
                api.body = api.body.replace(s, "[redacted]");
                api.body = api.body.replace(&encode_query_value(s), "[redacted]");
            }
            Error::Api(api)
        }
        other => other,
    }
}

/// A success answer to `prepared` that cannot be used (`what` says why); the body is not
/// quoted, since it may hold a token.
pub(crate) fn undecodable(prepared: &Prepared, status: u16, what: &str) -> Error {
    Error::Decode {
        method: prepared.method,
        path: path_of(&prepared.url).to_owned(),
        status,
        source: DecodeError::new(DecodeErrorKind::Syntax, what.to_owned()),
        // The body may carry a token: never quote it.
        excerpt: "[not shown: may contain a token]".to_owned(),
    }
}
