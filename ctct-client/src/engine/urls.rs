//! The URL rules every request of both APIs obeys: a base is an absolute `http(s)` URL with
//! no query; credentials travel over plain `http://` only to a loopback host; errors and
//! traces show a path without its query.

use url::Url;

use crate::error::{ConfigError, Error};
use crate::transport::redact_query;

/// Checks a configured base URL (`setting` names it in errors) and returns it without a
/// trailing `/`, so paths can be appended.
pub(crate) fn parse_base(raw: &str, setting: &'static str) -> Result<String, Error> {
    let url = Url::parse(raw).map_err(|source| ConfigError::UnparsableUrl {
        setting,
        value: raw.to_owned(),
        source,
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::NotHttpUrl {
            setting,
            value: raw.to_owned(),
        }
        .into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::UrlWithQuery {
            setting,
            value: raw.to_owned(),
        }
        .into());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// Refuses credentials over plain `http://` unless the host is a loopback address.
pub(crate) fn check_secure(raw: &str) -> Result<(), Error> {
    let url = Url::parse(raw).map_err(|source| ConfigError::UnparsableUrl {
        setting: "URL",
        value: raw.to_owned(),
        source,
    })?;
    if url.scheme() == "https" || is_loopback(&url) {
        return Ok(());
    }
    Err(ConfigError::InsecureCredentials {
        scheme: url.scheme().to_owned(),
        host: url.host_str().unwrap_or_default().to_owned(),
    }
    .into())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The path of an absolute URL, without query: what errors and traces show.
pub(crate) fn path_of(url: &str) -> &str {
    let no_query = redact_query(url);
    match no_query.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => no_query,
    }
}
