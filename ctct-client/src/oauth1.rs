//! OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as V1 accepted it (`docs/v1/auth.md#oauth-10a`).
//!
//! Small enough to own: the signature base string (§3.4.1), the HMAC-SHA1 signature (§3.4.2)
//! and the `Authorization: OAuth ...` header (§3.5.1). Tested against the RFC's published
//! vectors. Atom bodies are not form-encoded, so only the query and the `oauth_*` parameters
//! are signed; form bodies would be too (§3.4.1.3.1), and [`sign`] takes them as `form`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::secret::Secret;

/// OAuth 1.0a consumer and token credentials.
#[derive(Debug, Clone)]
pub struct OAuth1Credentials {
    /// The consumer key (the API key).
    pub consumer_key: Secret,
    /// The consumer secret (the API key's secret).
    pub consumer_secret: Secret,
    /// The access token.
    pub token: Secret,
    /// The access token's secret.
    pub token_secret: Secret,
}

/// The per-request values of a signature: normally a random nonce and the current time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonce {
    /// `oauth_nonce`.
    pub nonce: String,
    /// `oauth_timestamp`, seconds since the Unix epoch.
    pub timestamp: u64,
}

impl Nonce {
    /// A fresh random nonce at the current time.
    pub fn fresh() -> Self {
        let nonce: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(24)
            .collect();
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self { nonce, timestamp }
    }
}

/// Percent-encodes per RFC 5849 §3.6 (everything but unreserved characters, upper-case hex).
pub fn encode(value: &str) -> String {
    ctct_models::endpoint::encode_query_value(value)
}

/// Splits `a=1&b=2` into decoded pairs.
pub fn parse_pairs(encoded: &str) -> Vec<(String, String)> {
    ctct_models::form_read::parse_urlencoded(encoded)
}

/// The signature base string (RFC 5849 §3.4.1) for `method` and absolute `url`, with
/// `params` holding every other parameter (the `oauth_*` ones and any form body pairs).
pub fn signature_base(method: &str, url: &str, params: &[(String, String)]) -> String {
    let (without_fragment, _) = url.split_once('#').unwrap_or((url, ""));
    let (base, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let base_uri = normalize_base_uri(base);
    let mut all: Vec<(String, String)> = parse_pairs(query)
        .into_iter()
        .chain(params.iter().cloned())
        .map(|(k, v)| (encode(&k), encode(&v)))
        .collect();
    all.sort();
    let normalized = all
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        encode(&base_uri),
        encode(&normalized)
    )
}

// Scheme and host lower case, default port dropped (RFC 5849 §3.4.1.2).
fn normalize_base_uri(base: &str) -> String {
    let Some((scheme, rest)) = base.split_once("://") else {
        return base.to_owned();
    };
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    let authority = authority.to_ascii_lowercase();
    let authority = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host.to_owned(),
        _ => authority,
    };
    format!("{scheme}://{authority}{path}")
}

/// The HMAC-SHA1 signature of a base string (RFC 5849 §3.4.2), base64-encoded.
pub fn hmac_sha1(base: &str, consumer_secret: &str, token_secret: &str) -> String {
    let key = format!("{}&{}", encode(consumer_secret), encode(token_secret));
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha1>::new_from_slice(key.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(base.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Signs a request: returns the `Authorization` header value (`OAuth oauth_consumer_key=...`).
pub fn sign(
    creds: &OAuth1Credentials,
    method: &str,
    url: &str,
    form: &[(String, String)],
    nonce: &Nonce,
) -> String {
    let mut oauth = vec![
        (
            "oauth_consumer_key".to_owned(),
            creds.consumer_key.expose().to_owned(),
        ),
        ("oauth_nonce".to_owned(), nonce.nonce.clone()),
        ("oauth_signature_method".to_owned(), "HMAC-SHA1".to_owned()),
        ("oauth_timestamp".to_owned(), nonce.timestamp.to_string()),
        ("oauth_token".to_owned(), creds.token.expose().to_owned()),
        ("oauth_version".to_owned(), "1.0".to_owned()),
    ];
    let params: Vec<(String, String)> = oauth.iter().chain(form).cloned().collect();
    let base = signature_base(method, url, &params);
    let signature = hmac_sha1(
        &base,
        creds.consumer_secret.expose(),
        creds.token_secret.expose(),
    );
    oauth.push(("oauth_signature".to_owned(), signature));
    oauth.sort();
    let fields = oauth
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", encode(v)))
        .collect::<Vec<_>>()
        .join(", ");
    format!("OAuth {fields}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// RFC 5849 §3.4.1.1: the published base string, including a form body (`c2&a3=2+q`),
    /// a query with encoded values, and a non-default... default port (`:80` dropped).
    #[test]
    fn rfc5849_section_3_4_1_1_base_string() {
        let mut params = pairs(&[
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
        ]);
        params.extend(parse_pairs("c2&a3=2+q"));
        let base = signature_base(
            "POST",
            "http://Example.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            &params,
        );
        assert_eq!(
            base,
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q\
             %26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_\
             key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m\
             ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk\
             9d7dh3k39sjv7"
        );
    }

    /// RFC 5849 §1.2: the photos request and its published signature.
    #[test]
    fn rfc5849_section_1_2_signature() {
        let params = pairs(&[
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            ("oauth_token", "nnch734d00sl2jdk"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131202"),
            ("oauth_nonce", "chapoH"),
        ]);
        let base = signature_base(
            "GET",
            "http://photos.example.net/photos?file=vacation.jpg&size=original",
            &params,
        );
        assert_eq!(
            hmac_sha1(&base, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00"),
            "MdpQcU8iPSUjWoN/UDMsK2sui9I="
        );
    }

    /// OAuth Core 1.0 Appendix A.5 (with `oauth_version`), through the full header builder.
    #[test]
    fn oauth_core_appendix_a5_header() {
        let creds = OAuth1Credentials {
            consumer_key: "dpf43f3p2l4k3l03".into(),
            consumer_secret: "kd94hf93k423kf44".into(),
            token: "nnch734d00sl2jdk".into(),
            token_secret: "pfkkdhi9sl3r4s00".into(),
        };
        let header = sign(
            &creds,
            "GET",
            "http://photos.example.net/photos?file=vacation.jpg&size=original",
            &[],
            &Nonce {
                nonce: "kllo9940pd9333jh".into(),
                timestamp: 1_191_242_096,
            },
        );
        assert_eq!(
            header,
            "OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_nonce=\"kllo9940pd9333jh\", \
             oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\", \
             oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1191242096\", \
             oauth_token=\"nnch734d00sl2jdk\", oauth_version=\"1.0\""
        );
    }

    #[test]
    fn malformed_percent_escapes_do_not_panic() {
        assert_eq!(
            parse_pairs("a=%&b=%zz%4&c=%C3%A9+x"),
            vec![
                ("a".to_owned(), "%".to_owned()),
                ("b".to_owned(), "%zz%4".to_owned()),
                ("c".to_owned(), "é x".to_owned())
            ]
        );
    }
}
