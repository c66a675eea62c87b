//! The errors and limits of reading and writing a body, whatever its format.
//!
//! Both APIs decode through the same [`DecodeOptions`] and report the same [`DecodeError`]
//! (the V1 XML door `xml` and its fast reader, feature `v1`, and the V3 JSON door `json`,
//! feature `v3`), so a client or server handles a bad body the same way for both, and the
//! code shared by the two ([`crate::endpoint`]) builds with either feature alone. The XML
//! door re-exports these types under its own name (`xml::DecodeError`), as before they moved
//! here.

use std::fmt;

/// Limits applied to a body before it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Bodies larger than this many bytes are refused. Default 32 MiB.
    pub max_bytes: usize,
    /// Element nesting deeper than this is refused. Default 64; the deepest V1 document
    /// nests 7 levels.
    pub max_depth: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// What went wrong while reading a body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is larger than [`DecodeOptions::max_bytes`].
    TooLarge,
    /// Elements nest deeper than [`DecodeOptions::max_depth`].
    TooDeep,
    /// The body carries a `<!DOCTYPE`, which the API never sends.
    Doctype,
    /// More namespace declarations are in scope than the XML reader allows
    /// (`xml::MAX_NAMESPACE_DECLARATIONS`).
    TooManyNamespaces,
    /// The root element is not the one the request expects.
    WrongRoot,
    /// The body (XML or JSON) is malformed, truncated, or a value has the wrong type.
    Syntax,
    /// The body carries a character XML 1.0 cannot carry, raw or as a character reference.
    InvalidCharacter,
}

/// A body that could not be decoded. The message names the element or field involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    /// The kind of failure.
    pub kind: DecodeErrorKind,
    /// A human-readable explanation naming the element or field.
    pub message: String,
}

impl DecodeError {
    /// Builds an error of `kind`.
    pub fn new(kind: DecodeErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    #[cfg_attr(not(feature = "v1"), allow(dead_code))]
    pub(crate) fn syntax(err: impl fmt::Display) -> Self {
        Self::new(DecodeErrorKind::Syntax, err.to_string())
    }
}

/// A payload that could not be written (as XML for V1, as JSON for V3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write XML: {0}")]
pub struct EncodeError(pub String);
