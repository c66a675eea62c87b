//! Field tables: what generated code says about the fields of a payload, for code that must
//! treat "every field" alike.
//!
//! Whatever needs every text field of a payload (the bulk-activity CSV columns, a server's
//! full entry, a detail view, the limits a server checks) reads the generated
//! `TEXT_FIELDS` table of the type instead of listing fields by hand, so a field added to
//! the schema reaches all of them.

/// One optional text field of a payload type `T`.
pub struct TextField<T: 'static> {
    /// The wire name: the XML element (V1) or JSON key (V3), e.g. `FirstName`.
    pub wire: &'static str,
    /// The Rust field name, e.g. `first_name`.
    pub rust: &'static str,
    /// The length limit in characters, if the schema gives one.
    pub max_len: Option<usize>,
    /// Whether a client may write it (it is not set by the server).
    pub editable: bool,
    /// The bulk-activity CSV column names that carry it (V1), the canonical one first;
    /// empty when no column does.
    pub csv: &'static [&'static str],
    /// The longest value the bulk column takes: `max_len`, or the schema's own limit for the
    /// column (code columns such as `STATE` are checked by the service, per line).
    pub csv_max_len: Option<usize>,
    /// Reads the field.
    pub get: fn(&T) -> Option<&str>,
    /// The field itself, to set or clear.
    pub slot: fn(&mut T) -> &mut Option<String>,
}

impl<T> TextField<T> {
    /// Whether `column` names this field: the one matching rule for CSV headers, ignoring
    /// case, `_` for a space, and runs of spaces.
    pub fn has_column(&self, column: &str) -> bool {
        let wanted = normalize_column(column);
        self.csv.iter().any(|c| *c == wanted)
    }
}

impl<T> std::fmt::Debug for TextField<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextField")
            .field("wire", &self.wire)
            .field("max_len", &self.max_len)
            .field("editable", &self.editable)
            .field("csv", &self.csv)
            .finish()
    }
}

/// A CSV header cell in the spelling column names are compared in: upper case, `_` read as
/// a space, surrounding and repeated spaces dropped (`first_name` and ` First  Name ` are
/// both `FIRST NAME`).
pub fn normalize_column(name: &str) -> String {
    name.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// The field of `fields` that bulk column `column` fills, if any.
pub fn by_column<T>(
    fields: &'static [TextField<T>],
    column: &str,
) -> Option<&'static TextField<T>> {
    let wanted = normalize_column(column);
    fields.iter().find(|f| f.csv.iter().any(|c| *c == wanted))
}

/// The field of `fields` whose wire name is `wire`, if any.
pub fn by_wire<T>(fields: &'static [TextField<T>], wire: &str) -> Option<&'static TextField<T>> {
    fields.iter().find(|f| f.wire == wire)
}

// The CSV columns are a V1 bulk-activity notion; the test reads the V1 contact's table.
#[cfg(all(test, feature = "v1"))]
mod tests {
    use super::*;
    use crate::v1::contacts::Contact;

    #[test]
    fn columns_match_one_way() {
        let f = by_column(Contact::TEXT_FIELDS, " first_name ").expect("known");
        assert_eq!(f.wire, "FirstName");
        assert!(f.has_column("First  Name"));
        assert!(by_column(Contact::TEXT_FIELDS, "FIRSTNAME").is_none());
        let state = by_column(Contact::TEXT_FIELDS, "state/province (us/canada)").expect("alias");
        assert_eq!(state.wire, "StateCode");
    }
}
