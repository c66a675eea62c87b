//! The single door to serde_json for the V3 API.
//!
//! V3 speaks JSON. Generated V3 response types decode through [`decode`], which refuses
//! oversized bodies and reports a failure with the serde message (field, line, column) and a
//! short excerpt of the body, so a surprise from the server can be diagnosed from the error
//! alone. Request types encode through [`encode`] after validation. [`CursorPage`] is how a
//! pager finds the next page of a V3 collection (`_links.next.href`).

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::codec::{DecodeError, DecodeErrorKind, DecodeOptions, EncodeError};
use crate::endpoint::RawResponse;

/// How many characters of a body a JSON decode error quotes.
const QUOTED_CHARS: usize = 120;

/// Decodes a V3 JSON body into `T`.
///
/// # Errors
///
/// [`DecodeErrorKind::TooLarge`] above `opts.max_bytes`; [`DecodeErrorKind::Syntax`] for
/// malformed JSON or a value of the wrong type, naming serde's reason, the line and column,
/// and quoting the start of the body.
pub fn decode<T: DeserializeOwned>(body: &str, opts: &DecodeOptions) -> Result<T, DecodeError> {
    if body.len() > opts.max_bytes {
        return Err(DecodeError::new(
            DecodeErrorKind::TooLarge,
            format!(
                "JSON body of {} bytes is over the limit of {} bytes",
                body.len(),
                opts.max_bytes
            ),
        ));
    }
    serde_json::from_str(body).map_err(|e| {
        DecodeError::new(
            DecodeErrorKind::Syntax,
            format!(
                "cannot read JSON {}: {e}; body starts {:?}",
                std::any::type_name::<T>()
                    .rsplit("::")
                    .next()
                    .unwrap_or_default(),
                crate::excerpt::clip(body, QUOTED_CHARS)
            ),
        )
    })
}

/// Decodes the body of a successful response (what generated `FromResponse` impls call).
///
/// # Errors
///
/// As [`decode`].
pub fn decode_response<T: DeserializeOwned>(
    raw: RawResponse<'_>,
    opts: &DecodeOptions,
) -> Result<T, DecodeError> {
    decode(raw.body, opts)
}

/// Encodes a V3 request body (compact JSON, fields in schema order).
///
/// # Errors
///
/// Only when a value cannot be represented in JSON, which generated types never contain.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, EncodeError> {
    serde_json::to_vec(value).map_err(|e| EncodeError(format!("JSON body: {e}")))
}

pub use crate::error_body::ErrorBody;

/// A V3 collection page that may point at the next one.
pub trait CursorPage {
    /// `_links.next.href` (a path starting with `/v3`, e.g. `/v3/contacts?cursor=…`), or
    /// `None` on the last page. Follow it verbatim, resolved against
    /// [`crate::endpoint::V3_ORIGIN`] (or the sandbox's origin).
    fn next_href(&self) -> Option<&str>;
}

/// The `_links.next.href` of a V3 collection page, read without building the page: the
/// rest of the document is only checked to be JSON, not decoded into values. A paging stream
/// asks for the next page with it while the current one is decoded into its type. An empty
/// `href` is returned as it is; the generated [`CursorPage::next_href`] of the page reads
/// the same member.
///
/// # Errors
///
/// As [`decode`], for a body that is over the limit, not JSON, or whose `_links` is not
/// shaped as a page's.
pub fn page_next_href(body: &str, opts: &DecodeOptions) -> Result<Option<String>, DecodeError> {
    #[derive(serde::Deserialize)]
    struct Page {
        #[serde(rename = "_links")]
        links: Option<Links>,
    }
    #[derive(serde::Deserialize)]
    struct Links {
        next: Option<Href>,
    }
    #[derive(serde::Deserialize)]
    struct Href {
        href: Option<String>,
    }
    let page: Page = decode(body, opts)?;
    Ok(page.links.and_then(|l| l.next).and_then(|n| n.href))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_next_href_reads_only_the_top_level_next_link() {
        let opts = DecodeOptions::default();
        let body = r#"{"contacts":[{"contact_id":"a","_links":{"next":{"href":"/v3/inner"}}}],
            "_links":{"self":{"href":"/v3/contacts"},"next":{"href":"/v3/contacts?cursor=b"}}}"#;
        assert_eq!(
            page_next_href(body, &opts).unwrap().as_deref(),
            Some("/v3/contacts?cursor=b")
        );
        assert_eq!(
            page_next_href(
                r#"{"contacts":[],"_links":{"self":{"href":"/v3/x"}}}"#,
                &opts
            )
            .unwrap(),
            None
        );
        assert_eq!(page_next_href(r#"{"contacts":[]}"#, &opts).unwrap(), None);
        assert!(page_next_href(r#"{"_links":{"next":{"href":"/v3/x"}}"#, &opts).is_err());
        assert!(page_next_href(r#"{"_links":{"next":"/v3/x"}}"#, &opts).is_err());
    }

    #[derive(Debug, serde::Deserialize)]
    struct Thing {
        #[allow(dead_code)]
        count: i64,
    }

    #[test]
    fn errors_name_the_type_the_reason_and_quote_the_body() {
        let err = decode::<Thing>(r#"{"count": "three"}"#, &DecodeOptions::default()).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::Syntax);
        assert!(err.message.contains("Thing"), "{err}");
        assert!(
            err.message.contains("invalid type: string \"three\""),
            "{err}"
        );
        assert!(err.message.contains(r#"{\"count\": \"three\"}"#), "{err}");
    }

    #[test]
    fn oversized_bodies_are_refused_before_parsing() {
        let opts = DecodeOptions {
            max_bytes: 4,
            ..DecodeOptions::default()
        };
        let err = decode::<Thing>(r#"{"count": 1}"#, &opts).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::TooLarge);
    }
}
