//! The 400 text for a request body that could not be decoded.
//!
//! "Invalid XML" is said only of a body that is not well-formed. A well-formed body that still
//! fails (a value of the wrong type, such as `<SortOrder>abc</SortOrder>`) names the payload,
//! the field and the value, so the caller knows what to change.

use ctct_models::xml::is_well_formed;

/// The message for `err`, met decoding `body` as an entry of `element`.
pub(crate) fn describe(element: &str, body: &str, err: &dyn std::fmt::Display) -> String {
    if !is_well_formed(body) {
        return format!("Invalid XML: {err}");
    }
    // Decoder messages read `<Payload>: Field: reason`.
    let message = err.to_string();
    let field = message
        .strip_prefix(&format!("<{element}>: "))
        .and_then(|rest| rest.split_once(": "))
        .map(|(field, _)| field)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric()));
    match field.and_then(|f| text_of(body, f).map(|v| (f, v))) {
        Some((field, value)) => {
            let value = ctct_models::excerpt::clip(value, 80);
            format!("Invalid {element}: {field} {value:?} cannot be read: {err}")
        }
        None => format!("Invalid {element}: {err}"),
    }
}

/// The text of the first `<field>…</field>` in `body`, by name (any namespace prefix-free).
fn text_of<'b>(body: &'b str, field: &str) -> Option<&'b str> {
    let open = format!("<{field}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find('<')? + start;
    Some(&body[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctct_models::xml::{DecodeError, DecodeErrorKind};

    fn err(message: &str) -> DecodeError {
        DecodeError::new(DecodeErrorKind::Syntax, message)
    }

    #[test]
    fn names_the_field_and_value_of_a_well_formed_body() {
        let body = "<entry><ContactList><SortOrder>abc</SortOrder></ContactList></entry>";
        let e = err("<ContactList>: SortOrder: invalid digit found in string");
        assert_eq!(
            describe("ContactList", body, &e),
            "Invalid ContactList: SortOrder \"abc\" cannot be read: <ContactList>: SortOrder: invalid digit found in string"
        );
        let e = err("<ContactList> is in namespace (none), expected x");
        assert_eq!(
            describe("ContactList", body, &e),
            "Invalid ContactList: <ContactList> is in namespace (none), expected x"
        );
    }

    #[test]
    fn invalid_xml_only_when_not_well_formed() {
        let e = err("unexpected end");
        assert_eq!(
            describe("ContactList", "<entry><ContactList>", &e),
            "Invalid XML: unexpected end"
        );
    }
}
