//! The fast V1 read path: a pull reader over the body text and the decode traits the
//! generated payload readers implement.
//!
//! yaserde over xml-rs decodes a V1 page at about 20 times the cost of merely tokenizing
//! it (`BENCHMARKS.md`); this module reads the same documents with quick-xml, copying only
//! the values it stores. [`reader`] holds every rule of the read door ([`crate::xml`]);
//! this file holds the traits:
//!
//! * [`FastText`]: a value carried as the text of one element (strings, numbers, booleans,
//!   timestamps, closed enums with their `Unknown(..)` fallback);
//! * [`FastDecode`]: a value read from a whole element (payloads, parts, [`crate::atom::Link`]).
//!
//! Read rules beyond the yaserde reference decoder, each chosen on purpose:
//!
//! * an empty element for an optional typed field (`<EmailType/>`, `<OptInDefault></OptInDefault>`)
//!   is absent, since the API writes every empty field as an empty element; an empty text
//!   field is still `Some("")`, and an empty part (`<ContactLists/>`) is still present;
//! * a repeated single-valued element keeps the last value, as the reference does;
//! * anything but comments, processing instructions and whitespace after the root's end
//!   tag is refused, as are character references to characters XML 1.0 cannot carry.

pub mod reader;

use std::borrow::Cow;

pub use reader::{Event, Ns, Reader, Start};

use crate::xml::{DecodeError, DecodeErrorKind};

/// A value carried as the text of a single element.
pub trait FastText: Sized {
    /// Whether an empty element means "absent" rather than an empty value.
    const EMPTY_IS_ABSENT: bool = true;
    /// Parses the element text; the error says what was expected.
    fn from_text(text: Cow<'_, str>) -> Result<Self, String>;
}

impl FastText for String {
    const EMPTY_IS_ABSENT: bool = false;
    fn from_text(text: Cow<'_, str>) -> Result<Self, String> {
        Ok(text.into_owned())
    }
}

impl FastText for bool {
    fn from_text(text: Cow<'_, str>) -> Result<Self, String> {
        match text.as_ref() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("expected true or false, found {:?}", clip(other))),
        }
    }
}

impl FastText for i64 {
    fn from_text(text: Cow<'_, str>) -> Result<Self, String> {
        text.parse()
            .map_err(|e| format!("expected an integer, found {:?}: {e}", clip(&text)))
    }
}

impl FastText for crate::DateTime {
    fn from_text(text: Cow<'_, str>) -> Result<Self, String> {
        text.parse()
            .map_err(|e: crate::datetime::DateTimeError| e.to_string())
    }
}

/// At most 64 characters of a value, for messages.
fn clip(s: &str) -> String {
    crate::excerpt::clip(s, 64)
}

/// A value read from a whole element whose start tag was just read.
pub trait FastDecode: Sized {
    /// Reads the element through its end tag. `ns` is the namespace the element's own
    /// children are expected in (the payload's).
    fn decode<'a>(r: &mut Reader<'a>, start: &Start<'a>, ns: Ns) -> Result<Self, DecodeError>;
}

fn field_error(resource: &str, field: &str, message: impl std::fmt::Display) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::Syntax,
        format!("{resource}.{field}: {message}"),
    )
}

/// Reads an optional text field; errors name `resource.field` and the value.
pub fn read_text<T: FastText>(
    r: &mut Reader<'_>,
    resource: &str,
    field: &str,
) -> Result<Option<T>, DecodeError> {
    let text = r
        .text(field)
        .map_err(|e| DecodeError::new(e.kind.clone(), format!("{resource}.{field}: {e}")))?;
    if T::EMPTY_IS_ABSENT && text.is_empty() {
        return Ok(None);
    }
    T::from_text(text)
        .map(Some)
        .map_err(|e| field_error(resource, field, e))
}

/// Reads an attribute value as a text field.
pub fn read_attr<T: FastText>(
    start: &Start<'_>,
    name: &str,
    resource: &str,
) -> Result<Option<T>, DecodeError> {
    match start.attr(name)? {
        None => Ok(None),
        Some(text) if T::EMPTY_IS_ABSENT && text.is_empty() => Ok(None),
        Some(text) => T::from_text(text)
            .map(Some)
            .map_err(|e| field_error(resource, name, e)),
    }
}

/// Reads a whole-element field, naming `resource.field` in its errors.
pub fn read_element<'a, T: FastDecode>(
    r: &mut Reader<'a>,
    start: &Start<'a>,
    ns: Ns,
    resource: &str,
    field: &str,
) -> Result<T, DecodeError> {
    T::decode(r, start, ns).map_err(|e| {
        if e.kind == DecodeErrorKind::Syntax {
            field_error(resource, field, e)
        } else {
            e
        }
    })
}

#[cfg(test)]
mod tests;
