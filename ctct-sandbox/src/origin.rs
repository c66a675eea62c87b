//! The origin (`scheme://host[:port]`) the caller used to reach the sandbox, for `Location`
//! headers and absolute links.
//!
//! It comes from the request, never from the bind address, so the answers stay right behind
//! a port mapping (`docker -p 9000:8080`: the caller's `Host` is `localhost:9000`) or a
//! reverse proxy: `X-Forwarded-Host` and `X-Forwarded-Proto` (or the standard `Forwarded`
//! header's `host=` and `proto=`) win over `Host`, as a proxy sets them for its backend.

use axum::http::{HeaderMap, header};

/// The caller's origin, or `None` when the request names no host at all.
pub(crate) fn request_origin(headers: &HeaderMap) -> Option<String> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or("").trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let forwarded = text("forwarded");
    let from_forwarded = |key: &str| {
        forwarded.as_deref().and_then(|f| {
            f.split(';').find_map(|part| {
                let (k, v) = part.trim().split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case(key)
                    .then(|| v.trim().trim_matches('"').to_owned())
            })
        })
    };
    let host = text("x-forwarded-host")
        .or_else(|| from_forwarded("host"))
        .or_else(|| text(header::HOST.as_str()))
        .filter(|h| valid_host(h))?;
    let scheme = text("x-forwarded-proto")
        .or_else(|| from_forwarded("proto"))
        .map(|p| p.to_ascii_lowercase())
        .filter(|p| p == "http" || p == "https")
        .unwrap_or_else(|| "http".to_owned());
    Some(format!("{scheme}://{host}"))
}

/// A host and optional port: no path, query, user info or whitespace can ride along.
fn valid_host(h: &str) -> bool {
    h.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn host_then_proxy_headers() {
        assert_eq!(request_origin(&headers(&[])), None);
        assert_eq!(
            request_origin(&headers(&[("host", "localhost:9000")])).as_deref(),
            Some("http://localhost:9000")
        );
        assert_eq!(
            request_origin(&headers(&[
                ("host", "10.0.0.5:8080"),
                ("x-forwarded-host", "ctct.example.com"),
                ("x-forwarded-proto", "https"),
            ]))
            .as_deref(),
            Some("https://ctct.example.com")
        );
        assert_eq!(
            request_origin(&headers(&[
                ("host", "10.0.0.5:8080"),
                (
                    "forwarded",
                    "for=1.2.3.4;proto=https;host=\"api.example:8443\""
                ),
            ]))
            .as_deref(),
            Some("https://api.example:8443")
        );
    }

    #[test]
    fn a_host_with_a_path_or_a_strange_scheme_is_not_used() {
        assert_eq!(
            request_origin(&headers(&[("host", "evil.example/phish")])),
            None
        );
        assert_eq!(
            request_origin(&headers(&[
                ("host", "a.example"),
                ("x-forwarded-proto", "javascript")
            ]))
            .as_deref(),
            Some("http://a.example")
        );
    }
}
