//! Ids as people type them: `42` or the full URI the API prints.
//!
//! A V1 id is a URI (`http://api.constantcontact.com/ws/customers/joesflowers/lists/42`);
//! nobody wants to type that, so a bare last segment is accepted too and completed with the
//! client's account. Anything else is refused with a message naming the argument and value.

use ctct_client::Client;
use ctct_models::ids::{Id, IdKind};

use crate::failure::Failure;

/// Parses `value` as an id of kind `K` for the client's account.
///
/// # Errors
///
/// Invalid input (exit 5) when `value` is empty, has characters an id never has, or is a URI
/// of another kind of resource.
pub fn parse<K: IdKind>(client: &Client, value: &str) -> Result<Id<K>, Failure> {
    let value = value.trim();
    if value.contains('/') {
        return Id::<K>::parse(value).map_err(|e| Failure::invalid(e.to_string()));
    }
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain || value == "." || value == ".." {
        return Err(Failure::invalid(format!(
            "{value:?} is not a {} id: give its number (42) or its full URI",
            K::NAME
        )));
    }
    Ok(Id::new(client.username().unwrap_or_default(), value))
}

/// Parses every value, stopping at the first bad one.
///
/// # Errors
///
/// As [`parse`].
pub fn parse_all<K: IdKind>(client: &Client, values: &[String]) -> Result<Vec<Id<K>>, Failure> {
    values.iter().map(|v| parse(client, v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctct_models::ids::{ListId, ListKind};

    fn client() -> Client {
        Client::builder().username("Joe").build().unwrap()
    }

    #[test]
    fn a_number_becomes_an_id_of_the_account() {
        let id: ListId = parse(&client(), " 42 ").unwrap();
        assert_eq!(
            id.uri(),
            "http://api.constantcontact.com/ws/customers/joe/lists/42"
        );
    }

    #[test]
    fn a_uri_is_parsed_and_must_be_of_the_right_kind() {
        let id: ListId = parse(
            &client(),
            "http://api.constantcontact.com/ws/customers/joe/lists/active",
        )
        .unwrap();
        assert_eq!(id.tail(), "active");
        let err = parse::<ListKind>(
            &client(),
            "http://api.constantcontact.com/ws/customers/joe/contacts/1",
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a list id"), "{err}");
    }

    #[test]
    fn junk_is_refused_naming_the_value() {
        for bad in ["", "..", "4 2", "a?b", "%2F"] {
            let err = parse::<ListKind>(&client(), bad).unwrap_err();
            assert!(err.to_string().contains("is not a list id"), "{bad}: {err}");
        }
    }
}
