//! Reading a CSV file into the [`Table`] the import endpoint sends.
//!
//! The import checks nothing but the file's structure here: every row goes to the server as
//! written, bad emails and all, because the server is what decides which rows are bad and it
//! reports them in the activity (`activity_errors`, `error_count`). Dropping rows on the
//! client would hide them. Quoted cells (RFC 4180: `"Boston, MA"`, `""` for a quote,
//! line breaks inside quotes) are read; blank lines are not rows. An unterminated quote is an
//! error naming the line it started on.

use ctct_models::csv::{CsvReader, RecordError};
use ctct_models::form::Table;

use crate::error::{CsvError, Error};

/// Reads CSV text with the shared reader ([`ctct_models::csv`]): the first record is the
/// header (column names), every other non-blank record a row.
///
/// # Errors
///
/// [`Error::Csv`] when the text has no header, a record is malformed (a stray quote) or a
/// quote is never closed, naming the line.
pub fn read_table(text: &str) -> Result<Table, Error> {
    let mut records = Vec::new();
    for record in CsvReader::new(text.as_bytes()) {
        match record {
            Ok(record) if record.is_blank() => {}
            Ok(record) => records.push(record.cells),
            Err(RecordError::Malformed { line, reason }) => {
                return Err(CsvError::MalformedRow { line, reason }.into());
            }
            Err(RecordError::Unread {
                first,
                last,
                quote_line,
            }) => {
                return Err(CsvError::UnclosedQuote {
                    quote_line,
                    first: Some(first),
                    last: Some(last),
                }
                .into());
            }
            Err(RecordError::Io(source)) => return Err(CsvError::Read { source }.into()),
        }
    }
    let mut records = records.into_iter();
    let columns = records.next().ok_or(CsvError::NoHeader)?;
    Ok(Table {
        columns,
        rows: records.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_crlf_and_keeps_bad_rows() {
        let t = read_table(
            "email,first_name,city\r\nann@example.com,Ann,\"Boston, MA\"\r\nnot-an-email,\"Bo \"\"B\"\"\",\n\n,,\nlast@example.com,\"two\nlines\",X",
        )
        .unwrap();
        assert_eq!(t.columns, ["email", "first_name", "city"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["ann@example.com", "Ann", "Boston, MA"],
                vec!["not-an-email", "Bo \"B\"", ""],
                vec!["", "", ""],
                vec!["last@example.com", "two\nlines", "X"],
            ]
        );
    }

    #[test]
    fn an_open_quote_names_its_line() {
        let e = read_table("email\na@x.com\n\"b@x.com\n").unwrap_err();
        assert!(
            matches!(e, Error::Csv(CsvError::UnclosedQuote { quote_line: 3, .. })),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "CSV line 3: a quoted cell is never closed (line 3 not read)"
        );
        assert!(read_table("").is_err());
        let e = read_table("email\na\"b@x.com\n").unwrap_err();
        assert!(
            matches!(e, Error::Csv(CsvError::MalformedRow { line: 2, .. })),
            "{e:?}"
        );
        assert!(read_table("\u{feff}email\n").unwrap().rows.is_empty());
    }
}
