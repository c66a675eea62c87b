//! Reading a CSV file into the [`Table`] the import endpoint sends.
//!
//! The import checks nothing but the file's structure here: every row goes to the server as
//! written, bad emails and all, because the server is what decides which rows are bad and it
//! reports them in the activity (`activity_errors`, `error_count`). Dropping rows on the
//! client would hide them. Quoted cells (RFC 4180: `"Boston, MA"`, `""` for a quote,
//! line breaks inside quotes) are read; blank lines are not rows. An unterminated quote is an
//! error naming the line it started on.

use ctct_models::form::Table;

use crate::error::{CsvError, Error};

/// Reads CSV text: the first line is the header (column names), every other non-blank line a
/// row.
///
/// # Errors
///
/// [`Error::Csv`] when the text has no header or a quote is never closed (naming the
/// line).
pub fn read_table(text: &str) -> Result<Table, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut chars = text.chars().peekable();
    let mut end_record = |record: &mut Vec<String>, cell: &mut String| {
        record.push(std::mem::take(cell));
        let r = std::mem::take(record);
        if !(r.len() == 1 && r[0].trim().is_empty()) {
            records.push(r);
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                other => cell.push(other),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                quoted = true;
                quote_line = line;
            }
            ',' => record.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                end_record(&mut record, &mut cell);
            }
            other => cell.push(other),
        }
    }
    if quoted {
        return Err(CsvError::UnclosedQuote {
            quote_line,
            first: None,
            last: None,
        }
        .into());
    }
    if !cell.is_empty() || !record.is_empty() {
        end_record(&mut record, &mut cell);
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
        assert_eq!(e.to_string(), "CSV line 3: a quoted cell is never closed");
        assert!(read_table("").is_err());
        assert!(read_table("\u{feff}email\n").unwrap().rows.is_empty());
    }
}
