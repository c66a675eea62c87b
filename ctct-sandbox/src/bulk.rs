//! The tabular side of bulk activities: column names, the `data` table, export files.
//!
//! An add or remove activity carries its contacts as text (`docs/v1/activities.md#form-body`): a header line
//! of column names, then one line per contact, cells split on commas, a cell holding a comma,
//! quote or line break wrapped in double quotes. Column names are matched case-insensitively
//! (the documentation shows both `EMAIL ADDRESS` and `Email Address`); each maps to one field of
//! [`Contact`], and the same map writes the columns of an export file.

use ctct_models::fields::{TextField, normalize_column};
use ctct_models::v1::contacts::Contact;

/// One bulk column: the name it was given in (one of its field's spellings, as the schema
/// writes them) and the contact field it fills, from the generated `Contact::TEXT_FIELDS`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The name as the documentation spells it, e.g. `FIRST NAME`.
    pub name: &'static str,
    field: &'static TextField<Contact>,
}

impl Column {
    /// The column called `name`, by the one matching rule clients use too
    /// ([`ctct_models::fields::normalize_column`]: case, `_` and spacing ignored).
    pub fn find(name: &str) -> Option<Column> {
        let wanted = normalize_column(name);
        Contact::TEXT_FIELDS.iter().find_map(|field| {
            field
                .csv
                .iter()
                .find(|c| **c == wanted)
                .map(|name| Column { name, field })
        })
    }

    /// Whether this is the `EMAIL ADDRESS` column (the store keeps the address apart from
    /// the profile fields).
    pub fn is_email(self) -> bool {
        self.field.wire == "EmailAddress"
    }

    /// Whether this column holds a state or province code.
    pub fn is_state(self) -> bool {
        self.field.wire == "StateCode"
    }

    /// Stores `value` in the contact's field (the email column is not a profile field).
    pub fn set(self, c: &mut Contact, value: &str) {
        if !self.is_email() {
            *(self.field.slot)(c) = Some(value.to_owned());
        }
    }

    /// The contact's value for this column; `email` is the address.
    pub fn get(self, c: &Contact, email: &str) -> String {
        if self.is_email() {
            email.to_owned()
        } else {
            (self.field.get)(c).unwrap_or_default().to_owned()
        }
    }
}

/// US state, territory and Canadian province codes.
const REGIONS: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "AA", "AE", "AP", "AB", "BC", "MB", "NB", "NL",
    "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// Whether `code` is a US state or Canadian province code (case-insensitive).
pub(crate) fn known_region(code: &str) -> bool {
    REGIONS.iter().any(|r| r.eq_ignore_ascii_case(code.trim()))
}

/// One data line: where it starts (the header is line 1) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub number: usize,
    pub cells: Vec<String>,
}

/// Splits `data` into lines of cells with the shared CSV reader ([`ctct_models::csv`]):
/// quoted cells may hold commas, doubled quotes and line breaks; `\r\n` and `\n` both end a
/// line; blank lines are skipped but counted.
///
/// # Errors
///
/// A malformed line (a stray quote) or a quote never closed, named by its line.
pub(crate) fn parse_table(data: &str) -> Result<Vec<Line>, String> {
    let mut lines = Vec::new();
    for record in ctct_models::csv::CsvReader::new(data.as_bytes()) {
        let record = record.map_err(|e| e.to_string())?;
        if record.is_blank() {
            continue;
        }
        lines.push(Line {
            number: usize::try_from(record.line).unwrap_or(usize::MAX),
            cells: record.cells,
        });
    }
    Ok(lines)
}

/// Writes one export line: cells joined by `sep`, a cell holding the separator, a quote or a
/// line break wrapped in double quotes with inner quotes doubled.
pub(crate) fn write_line(out: &mut String, cells: &[String], sep: char) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        if cell.contains([sep, '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_line_numbers_and_blank_lines() {
        let lines = parse_table(
            "Email Address,City\r\na@example.com,\"Boston, MA\"\n\nb@example.com,\"say \"\"hi\"\"\nthere\"\nc@example.com,x\n",
        )
        .unwrap();
        assert_eq!(
            lines,
            vec![
                Line {
                    number: 1,
                    cells: vec!["Email Address".into(), "City".into()]
                },
                Line {
                    number: 2,
                    cells: vec!["a@example.com".into(), "Boston, MA".into()]
                },
                Line {
                    number: 4,
                    cells: vec!["b@example.com".into(), "say \"hi\"\nthere".into()]
                },
                Line {
                    number: 6,
                    cells: vec!["c@example.com".into(), "x".into()]
                },
            ]
        );
    }

    #[test]
    fn stray_and_unclosed_quotes_name_their_line() {
        let e = parse_table("Email Address\na@x.com\nb\"@x.com\n").unwrap_err();
        assert!(e.starts_with("line 3: "), "{e}");
        let e = parse_table("Email Address\n\"a@x.com\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn columns_match_case_insensitively_and_map_fields() {
        let c = Column::find(" first name ").unwrap();
        assert_eq!(c.name, "FIRST NAME");
        let mut contact = Contact::default();
        c.set(&mut contact, "Ann");
        assert_eq!(contact.first_name.as_deref(), Some("Ann"));
        assert_eq!(c.get(&contact, "x@y.z"), "Ann");
        assert!(Column::find("EMAIL ADDRESS").unwrap().is_email());
        assert!(
            Column::find("State/Province (US/Canada)")
                .unwrap()
                .is_state()
        );
        assert!(Column::find("FAVOURITE COLOUR").is_none());
        assert!(known_region("ma") && known_region("QC") && !known_region("Test2"));
    }

    #[test]
    fn export_lines_quote_what_needs_it() {
        let mut out = String::new();
        write_line(&mut out, &["a".into(), "b, c".into(), "d\"e".into()], ',');
        write_line(&mut out, &["a".into(), "b, c".into()], '\t');
        assert_eq!(out, "a,\"b, c\",\"d\"\"e\"\r\na\tb, c\r\n");
    }
}
