//! The server side of an endpoint: reading a request value back out of an HTTP request.
//!
//! Every generated request type implements [`FromIncoming`], so a server (the sandbox, or a
//! test double) parses path, query and body with the same rules the client writes them by,
//! and gets the same typed value a client would have built. What can go wrong is one
//! [`ParseError`] whose [`ParseErrorKind`] says which HTTP answer fits (404 for a path
//! segment, 400 for a query value or a body, 415 for a body of the wrong media type), and
//! whose message names the parameter or field and the value.
//!
//! Unknown query parameters are ignored and a single-valued parameter given twice takes its
//! first value: real clients send extra parameters, and refusing them helps nobody.

use std::fmt;

#[cfg(feature = "v1")]
use crate::atom::{AtomPayload, Entry};
use crate::endpoint::{FORM_MEDIA_TYPE, MULTIPART_MEDIA_TYPE};
use crate::enums::ClosedEnum;

/// An HTTP request as a server received it, already split into its parts.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// The account the request is for (V1: the `{username}` of `/ws/customers/{username}`,
    /// which typed ids built from path segments belong to); empty for V3.
    pub account: &'a str,
    /// The values of the path template's `{placeholders}`, percent-decoded, in order.
    pub params: &'a [String],
    /// The query parameters, percent-decoded, in order; names may repeat.
    pub query: &'a [(String, String)],
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The body bytes.
    pub body: &'a [u8],
}

/// Which part of a request could not be read, and so which answer fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A path segment: the resource does not exist (404).
    Path,
    /// A path segment has the wrong form for its typed id, such as a segment id that is not
    /// an integer (400).
    PathValue,
    /// A query parameter is missing or has a bad value (400).
    Query,
    /// The body has the wrong media type (415).
    MediaType,
    /// The body is not well-formed, or a field in it is wrong (400).
    Body,
    /// The endpoint is not one of the dispatcher's API.
    UnknownEndpoint,
}

/// Why a request could not be read into its request type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Which part was wrong.
    pub kind: ParseErrorKind,
    /// The parameter or field, e.g. `limit`; empty for the body as a whole.
    pub name: String,
    /// What was wrong, naming the value.
    pub message: String,
}

impl ParseError {
    /// A problem of `kind` with the parameter or field `name`.
    pub fn new(kind: ParseErrorKind, name: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind,
            name: name.into(),
            message: message.into(),
        }
    }

    /// The HTTP status that answers this problem.
    pub fn status(&self) -> u16 {
        match self.kind {
            ParseErrorKind::Path | ParseErrorKind::UnknownEndpoint => 404,
            ParseErrorKind::MediaType => 415,
            ParseErrorKind::Query | ParseErrorKind::Body | ParseErrorKind::PathValue => 400,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// A request type that a server can read from an [`Incoming`] request.
pub trait FromIncoming: Sized {
    /// Reads path parameters, query and body.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] naming the parameter or field and its value.
    fn from_incoming(incoming: &Incoming<'_>) -> Result<Self, ParseError>;
}

impl<'a> Incoming<'a> {
    /// The `i`-th path parameter (`name` is its placeholder, for the error).
    pub fn param(&self, i: usize, name: &str) -> Result<&'a str, ParseError> {
        self.params
            .get(i)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ParseError::new(ParseErrorKind::Path, name, format!("no {{{name}}}")))
    }

    /// Every value of query parameter `name`, each split on `separator` when one is given.
    pub fn query_values(&self, name: &str, separator: Option<&str>) -> Vec<&'a str> {
        let all = self
            .query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        match separator {
            Some(sep) => all
                .flat_map(|v| v.split(sep))
                .filter(|v| !v.is_empty())
                .collect(),
            None => all.collect(),
        }
    }

    /// The first value of query parameter `name`.
    pub fn query_first(&self, name: &str) -> Option<&'a str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body (the `Content-Type` without parameters), lower case.
    pub fn media_type(&self) -> String {
        self.content_type
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    fn body_text(&self) -> Result<&'a str, ParseError> {
        std::str::from_utf8(self.body)
            .map_err(|_| ParseError::new(ParseErrorKind::Body, "", "the request body is not UTF-8"))
    }

    fn expect_media(&self, wanted: &[&str]) -> Result<(), ParseError> {
        let media = self.media_type();
        if wanted.iter().any(|w| media.eq_ignore_ascii_case(w)) {
            Ok(())
        } else {
            Err(ParseError::new(
                ParseErrorKind::MediaType,
                "",
                format!(
                    "Unsupported Media Type {:?}: expected {}",
                    self.content_type.unwrap_or(""),
                    wanted.join(" or ")
                ),
            ))
        }
    }

    /// The body as an Atom entry of `T` (415 for another media type, 400 when it does not
    /// decode). Feature `v1`.
    #[cfg(feature = "v1")]
    pub fn atom_entry<T: AtomPayload>(&self) -> Result<Entry<T>, ParseError> {
        self.expect_media(&[crate::ATOM_MEDIA_TYPE])?;
        let text = self.body_text()?;
        Entry::<T>::from_xml(text)
            .map_err(|e| ParseError::new(ParseErrorKind::Body, "", e.to_string()))
    }

    /// The body as a JSON document of `T`. Feature `v3`.
    #[cfg(feature = "v3")]
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, ParseError> {
        self.expect_media(&[crate::endpoint::JSON_MEDIA_TYPE])?;
        serde_json::from_slice(self.body).map_err(|e| {
            let kind = if e.is_syntax() || e.is_eof() {
                "malformed JSON"
            } else {
                "invalid request body"
            };
            ParseError::new(ParseErrorKind::Body, "", format!("{kind}: {e}"))
        })
    }

    /// The body as form fields: `application/x-www-form-urlencoded` or
    /// `multipart/form-data`, both giving ordered `(name, value)` pairs.
    pub fn form_fields(&self) -> Result<Vec<(String, String)>, ParseError> {
        self.expect_media(&[FORM_MEDIA_TYPE, MULTIPART_MEDIA_TYPE])?;
        let text = self.body_text()?;
        let bad = |why: String| ParseError::new(ParseErrorKind::Body, "", why);
        if self.media_type() == FORM_MEDIA_TYPE {
            return Ok(crate::form_read::parse_urlencoded(text));
        }
        let boundary = crate::form_read::boundary_of(self.content_type.unwrap_or(""))
            .ok_or_else(|| bad("multipart/form-data without a boundary parameter".into()))?;
        crate::form_read::parse_multipart(text, &boundary).map_err(bad)
    }
}

/// The first value of form field `name`.
pub fn field_first<'f>(fields: &'f [(String, String)], name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Every value of form field `name`, in order.
pub fn field_values<'f>(fields: &'f [(String, String)], name: &str) -> Vec<&'f str> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Helpers generated `FromIncoming` impls call, one per value type; each error names the
/// parameter or field and the value.
pub mod value {
    use super::{ClosedEnum, ParseError, ParseErrorKind};

    fn bad(kind: ParseErrorKind, name: &str, value: &str, want: &str) -> ParseError {
        let shown = crate::excerpt::clip(value, 80);
        ParseError::new(kind, name, format!("{name}: {shown:?} is not {want}"))
    }

    /// An integer.
    pub fn integer(kind: ParseErrorKind, name: &str, value: &str) -> Result<i64, ParseError> {
        value
            .trim()
            .parse()
            .map_err(|_| bad(kind, name, value, "an integer"))
    }

    /// `true` or `false` (any case).
    pub fn boolean(kind: ParseErrorKind, name: &str, value: &str) -> Result<bool, ParseError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(bad(kind, name, value, "true or false")),
        }
    }

    /// A date-time, read as leniently as real callers need: `+0000`, any fraction length,
    /// or a plain date (its midnight in UTC). Generated clients put a positive offset in the
    /// query unencoded (`…000000+0000`), which form decoding turns into a space; a space
    /// where the offset's sign belongs is read as `+`.
    pub fn datetime(
        kind: ParseErrorKind,
        name: &str,
        value: &str,
    ) -> Result<crate::DateTime, ParseError> {
        crate::DateTime::parse_date_or_date_time(value)
            .or_else(|e| match value.trim_start().rsplit_once(' ') {
                Some((at, offset))
                    if at.len() >= 19
                        && offset.bytes().all(|b| b.is_ascii_digit() || b == b':') =>
                {
                    crate::DateTime::parse_date_or_date_time(&format!("{at}+{offset}"))
                }
                _ => Err(e),
            })
            .map_err(|_| bad(kind, name, value, "an ISO-8601 date-time or date"))
    }

    /// One of the documented values of `E`, exactly as documented.
    pub fn known<E: ClosedEnum>(
        kind: ParseErrorKind,
        name: &str,
        value: &str,
    ) -> Result<E, ParseError> {
        let parsed = E::from_wire(value);
        if parsed.is_known() {
            Ok(parsed)
        } else {
            Err(bad(
                kind,
                name,
                value,
                &format!("one of {}", E::ALLOWED.join(", ")),
            ))
        }
    }

    /// A value that must be present.
    pub fn required<T>(
        kind: ParseErrorKind,
        name: &str,
        value: Option<T>,
    ) -> Result<T, ParseError> {
        value.ok_or_else(|| ParseError::new(kind, name, format!("{name} is missing")))
    }
}

// Each test reads a generated request type of one API.
#[cfg(all(test, any(feature = "v1", feature = "v3")))]
mod tests {
    use super::*;
    #[cfg(feature = "v3")]
    use crate::endpoint::Endpoint as _;
    #[cfg(feature = "v3")]
    use crate::v3::contacts::{ContactInclude, GetContacts};

    fn incoming<'a>(
        params: &'a [String],
        query: &'a [(String, String)],
        content_type: Option<&'a str>,
        body: &'a [u8],
    ) -> Incoming<'a> {
        Incoming {
            account: "joesflowers",
            params,
            query,
            content_type,
            body,
        }
    }

    #[cfg(feature = "v3")]
    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[cfg(feature = "v3")]
    #[test]
    fn a_client_request_reads_back_into_the_same_value() {
        let sent = GetContacts::new()
            .include([ContactInclude::ListMemberships])
            .lists(["l1", "l2"])
            .limit(500);
        let request = sent.to_request().expect("valid");
        let query: Vec<(String, String)> = request
            .query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        let read = GetContacts::from_incoming(&incoming(&[], &query, None, b"")).expect("reads");
        assert_eq!(read, sent);
    }

    #[cfg(feature = "v3")]
    #[test]
    fn bad_query_values_name_the_parameter_and_the_value() {
        let e = GetContacts::from_incoming(&incoming(&[], &q(&[("limit", "lots")]), None, b""))
            .unwrap_err();
        assert_eq!(
            (e.kind, e.name.as_str(), e.status()),
            (ParseErrorKind::Query, "limit", 400)
        );
        assert_eq!(e.message, "limit: \"lots\" is not an integer");
        // Limits and unknown values read, and the client's own checks judge them.
        let read = GetContacts::from_incoming(&incoming(
            &[],
            &q(&[("limit", "501"), ("include", "everything")]),
            None,
            b"",
        ))
        .expect("reads");
        assert_eq!(read.limit, Some(501));
        let e = read.query_pairs().unwrap_err();
        assert!(e.to_string().contains("everything"), "{e}");
        let read = GetContacts::from_incoming(&incoming(&[], &q(&[("limit", "501")]), None, b""))
            .expect("reads");
        assert!(read.query_pairs().unwrap_err().to_string().contains("501"));
        // Unknown parameters are ignored.
        assert!(GetContacts::from_incoming(&incoming(&[], &q(&[("x", "1")]), None, b"")).is_ok());
    }

    #[cfg(feature = "v1")]
    #[test]
    fn bodies_are_checked_for_media_type_and_shape() {
        use crate::v1::contacts::{GetContact, UpdateContact};
        let params = vec!["7".to_owned()];
        let got = GetContact::from_incoming(&incoming(&params, &[], None, b"")).expect("reads");
        assert_eq!(
            got.contact.uri(),
            "http://api.constantcontact.com/ws/customers/joesflowers/contacts/7"
        );
        let e = UpdateContact::from_incoming(&incoming(&params, &[], Some("text/plain"), b"x"))
            .unwrap_err();
        assert_eq!((e.kind, e.status()), (ParseErrorKind::MediaType, 415));
        let e = UpdateContact::from_incoming(&incoming(
            &params,
            &[],
            Some("application/atom+xml"),
            b"<entry",
        ))
        .unwrap_err();
        assert_eq!((e.kind, e.status()), (ParseErrorKind::Body, 400));
        let e = GetContact::from_incoming(&incoming(&[], &[], None, b"")).unwrap_err();
        assert_eq!((e.kind, e.status()), (ParseErrorKind::Path, 404));
    }
}
