//! Checks run on every write before anything is serialized.
//!
//! The server rejects a field over its length limit with a bare 400 and answers a wrong-case
//! `OptInSource` with a 500, neither of which says which field was wrong. Generated
//! [`Validate`] impls check every length limit and closed value set from the schema first,
//! and a failure names the resource, the XML field and the offending value.

use std::fmt;

use crate::enums::ClosedEnum;

/// What kind of write a payload is validated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    /// A POST that creates a resource: fields marked `required_on_create` must be present.
    Create,
    /// A PUT that replaces a resource.
    Update,
}

/// Why a field failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The text is longer than the schema allows.
    TooLong {
        /// The limit, in characters.
        max: usize,
        /// The actual length, in characters.
        len: usize,
    },
    /// The value is not one of the documented, case-sensitive values.
    NotAllowed {
        /// The values the API accepts.
        allowed: &'static [&'static str],
    },
    /// A value the write needs is missing or empty.
    Missing,
    /// A character XML 1.0 cannot carry: a control character other than tab, line feed and
    /// carriage return, or U+FFFE / U+FFFF (see [`is_xml_char`]).
    InvalidCharacter {
        /// Its position in the value, in characters (0-based).
        position: usize,
        /// The character itself.
        character: char,
    },
    /// Too few or too many values.
    Count {
        /// The least number allowed.
        min: usize,
        /// The most allowed.
        max: usize,
        /// How many were given.
        actual: usize,
    },
    /// A number outside its documented range.
    OutOfRange {
        /// The least value allowed.
        min: i64,
        /// The greatest value allowed.
        max: i64,
    },
    /// A request body larger than the service reads (it would drop the rest unannounced).
    TooLarge {
        /// The most bytes the service reads.
        max: usize,
        /// The body's size in bytes.
        size: usize,
    },
    /// An inlined key without its prefix (V3 custom field keys start with `cf:`).
    MissingPrefix {
        /// The prefix every such key needs, followed by a name.
        prefix: &'static str,
    },
}

/// A payload or parameter that the API would reject, found before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The payload (e.g. `Contact`) or endpoint (e.g. `search_contacts_by_email`).
    pub resource: &'static str,
    /// The field path in XML names (e.g. `ContactLists/ContactList/OptInSource`).
    pub field: String,
    /// The offending value, shortened to 80 characters (empty when missing).
    pub value: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl ValidationError {
    /// Builds an error; `value` is shortened so errors stay readable.
    pub fn new(
        resource: &'static str,
        field: impl Into<String>,
        value: &str,
        problem: Problem,
    ) -> Self {
        let short = crate::excerpt::clip(value, 80);
        Self {
            resource,
            field: field.into(),
            value: short,
            problem,
        }
    }

    /// Re-roots an error from a nested part at its parent: `ContactList.OptInSource` found
    /// while validating `Contact.ContactLists` becomes `Contact.ContactLists/…/OptInSource`.
    pub fn within(mut self, resource: &'static str, field: &str) -> Self {
        self.field = format!("{field}/{}", self.field);
        self.resource = resource;
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}.{}: ", self.resource, self.field)?;
        match &self.problem {
            Problem::TooLong { max, len } => write!(
                f,
                "{len} characters, at most {max} allowed (value {:?})",
                self.value
            ),
            Problem::NotAllowed { allowed } => write!(
                f,
                "{:?} is not one of {} (case-sensitive)",
                self.value,
                allowed.join(", ")
            ),
            Problem::InvalidCharacter {
                position,
                character,
            } => write!(
                f,
                "character {position} of {:?} is {}, {XML_CHAR_RULE}",
                self.value,
                code_point(*character)
            ),
            Problem::Missing => f.write_str("required for this request but missing or empty"),
            Problem::Count { min, max, actual } => {
                write!(f, "{actual} values given, between {min} and {max} allowed")
            }
            Problem::OutOfRange { min, max } => {
                write!(f, "{} is not between {min} and {max}", self.value)
            }
            Problem::TooLarge { max, size } => write!(
                f,
                "the body is {size} bytes, at most {max} are read (split it into smaller requests)"
            ),
            Problem::MissingPrefix { prefix } => {
                write!(
                    f,
                    "key {:?} must be {prefix:?} followed by a name",
                    self.value
                )
            }
        }
    }
}

/// A payload that can be checked against its schema before it is written.
pub trait Validate {
    /// Checks every length limit, allowed value and (for [`WriteKind::Create`]) required field.
    fn validate(&self, kind: WriteKind) -> Result<(), ValidationError>;
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, kind: WriteKind) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), |v| v.validate(kind))
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, kind: WriteKind) -> Result<(), ValidationError> {
        self.iter().try_for_each(|v| v.validate(kind))
    }
}

/// Checks a text value: no characters XML 1.0 cannot carry, and at most `max` characters
/// (counted as the server counts them, not in bytes).
pub fn check_text(
    resource: &'static str,
    field: &str,
    value: Option<&str>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    let Some(v) = value else { return Ok(()) };
    check_xml_chars(resource, field, v)?;
    if let Some(max) = max {
        let len = v.chars().count();
        if len > max {
            return Err(ValidationError::new(
                resource,
                field,
                v,
                Problem::TooLong { max, len },
            ));
        }
    }
    Ok(())
}

/// Checks the length of a V3 (JSON) text value in characters; JSON can carry any
/// character, so only the limit applies.
pub fn check_length(
    resource: &'static str,
    field: &str,
    value: &str,
    max: usize,
) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len > max {
        Err(ValidationError::new(
            resource,
            field,
            value,
            Problem::TooLong { max, len },
        ))
    } else {
        Ok(())
    }
}

/// Checks that an inlined key (a V3 `cf:` custom field) carries its prefix.
pub fn check_prefix(
    resource: &'static str,
    key: &str,
    prefix: &'static str,
) -> Result<(), ValidationError> {
    if key.starts_with(prefix) && key.len() > prefix.len() {
        Ok(())
    } else {
        Err(ValidationError::new(
            resource,
            key,
            key,
            Problem::MissingPrefix { prefix },
        ))
    }
}

/// Whether XML 1.0 can carry `c` (tab, line feed and carriage return are the only controls).
///
/// This is the one rule every V1 write path applies: generated payload checks
/// ([`check_text`]), the bulk import's row checks, the sandbox's writes, and the XML reader
/// (which refuses character references such as `&#1;` to anything else) and writer (which
/// refuses to emit anything else). A value with such a character, once stored, would make
/// every later document that carries it unreadable.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The rule [`is_xml_char`] applies, as error messages state it.
pub const XML_CHAR_RULE: &str = "which XML 1.0 cannot carry (no control characters but tab, \
     line feed and carriage return; no U+FFFE or U+FFFF)";

/// The first character of `value` that XML 1.0 cannot carry: its position in characters
/// (0-based) and the character.
pub fn first_non_xml_char(value: &str) -> Option<(usize, char)> {
    value.chars().enumerate().find(|(_, c)| !is_xml_char(*c))
}

/// A character's code point as `U+0000`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Checks that `value` holds only characters XML 1.0 can carry ([`is_xml_char`]); the error
/// names the field, the value (escaped, e.g. `\0`, `\u{1}`) and the character.
pub fn check_xml_chars(
    resource: &'static str,
    field: &str,
    value: &str,
) -> Result<(), ValidationError> {
    match first_non_xml_char(value) {
        Some((position, character)) => Err(ValidationError::new(
            resource,
            field,
            value,
            Problem::InvalidCharacter {
                position,
                character,
            },
        )),
        None => Ok(()),
    }
}

/// Checks that a closed-set value is one of the documented spellings.
pub fn check_allowed<E: ClosedEnum>(
    resource: &'static str,
    field: &str,
    value: Option<&E>,
) -> Result<(), ValidationError> {
    match value {
        Some(v) if !v.is_known() => Err(ValidationError::new(
            resource,
            field,
            v.as_str(),
            Problem::NotAllowed {
                allowed: E::ALLOWED,
            },
        )),
        _ => Ok(()),
    }
}

/// A value that can be absent or empty, for `required_on_create` checks.
pub trait Presence {
    /// Whether the value is there and not empty.
    fn is_present(&self) -> bool;
}

impl Presence for String {
    fn is_present(&self) -> bool {
        !self.trim().is_empty()
    }
}

impl<E: ClosedEnum> Presence for E {
    fn is_present(&self) -> bool {
        !self.as_str().is_empty()
    }
}

impl Presence for crate::DateTime {
    fn is_present(&self) -> bool {
        true
    }
}

impl Presence for i64 {
    fn is_present(&self) -> bool {
        true
    }
}

impl Presence for bool {
    fn is_present(&self) -> bool {
        true
    }
}

impl<T> Presence for Vec<T> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl<T: Presence> Presence for Option<T> {
    fn is_present(&self) -> bool {
        self.as_ref().is_some_and(Presence::is_present)
    }
}

/// Checks a `required_on_create` field.
pub fn check_required<T: Presence>(
    resource: &'static str,
    field: &str,
    value: &T,
    kind: WriteKind,
) -> Result<(), ValidationError> {
    if kind == WriteKind::Create && !value.is_present() {
        Err(ValidationError::new(resource, field, "", Problem::Missing))
    } else {
        Ok(())
    }
}

/// Checks that a number lies in its documented range (both ends included).
pub fn check_range(
    resource: &'static str,
    field: &str,
    value: i64,
    min: i64,
    max: i64,
) -> Result<(), ValidationError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::new(
            resource,
            field,
            &value.to_string(),
            Problem::OutOfRange { min, max },
        ))
    }
}

/// Checks the number of values of a repeated parameter.
pub fn check_count(
    resource: &'static str,
    field: &str,
    actual: usize,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    if actual < min || actual > max {
        Err(ValidationError::new(
            resource,
            field,
            "",
            Problem::Count { min, max, actual },
        ))
    } else {
        Ok(())
    }
}

/// Checks the size of a request body against the most the service reads.
pub fn check_body_size(
    resource: &'static str,
    size: usize,
    max: usize,
) -> Result<(), ValidationError> {
    if size > max {
        Err(ValidationError::new(
            resource,
            "body",
            "",
            Problem::TooLarge { max, size },
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_checks_refuse_characters_xml_cannot_carry_naming_field_value_and_rule() {
        for (value, position, shown) in [
            ("ab\u{0}", 2, "U+0000"),
            ("\u{1}", 0, "U+0001"),
            ("x\u{FFFE}", 1, "U+FFFE"),
            ("é\u{FFFF}", 1, "U+FFFF"),
        ] {
            let e = check_text("Contact", "FirstName", Some(value), Some(50)).unwrap_err();
            assert_eq!(e.field, "FirstName");
            let character = value.chars().nth(position).unwrap();
            assert_eq!(
                e.problem,
                Problem::InvalidCharacter {
                    position,
                    character
                }
            );
            let text = e.to_string();
            assert!(
                text.starts_with(&format!(
                    "invalid Contact.FirstName: character {position} of {value:?} is {shown}, which XML 1.0 cannot carry"
                )),
                "{text}"
            );
        }
        assert!(check_text("Contact", "Note", Some("\t\n\r\u{E000}\u{10FFFF}"), None).is_ok());
        assert!(format!("{}", check_xml_chars("R", "F", "\u{0}").unwrap_err()).contains("\"\\0\""));
    }
}
