//! Reading the CSV text of an import (RFC 4180: quoted cells may hold commas, doubled quotes
//! and line breaks); its multipart framing is read by `ctct_models::form_read`.

/// One CSV record and the line it starts on (the header is line 1).
pub(crate) type Record = (usize, Vec<String>);

/// Parses CSV text into records with the shared CSV reader ([`ctct_models::csv`]); blank
/// lines are skipped. A malformed record or a quote never closed is an error naming its
/// line.
pub(crate) fn parse(text: &str) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    for record in ctct_models::csv::CsvReader::new(text.as_bytes()) {
        let record = record.map_err(|e| e.to_string())?;
        if record.is_blank() {
            continue;
        }
        let line = usize::try_from(record.line).unwrap_or(usize::MAX);
        records.push((line, record.cells));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_and_line_numbers() {
        let text = "email,note\r\na@x.com,\"hi, \"\"you\"\"\nsecond line\"\n\nb@x.com,plain\n";
        let records = parse(text).unwrap();
        assert_eq!(
            records,
            vec![
                (1, vec!["email".to_owned(), "note".to_owned()]),
                (
                    2,
                    vec!["a@x.com".to_owned(), "hi, \"you\"\nsecond line".to_owned()]
                ),
                (5, vec!["b@x.com".to_owned(), "plain".to_owned()]),
            ]
        );
        assert!(parse("a,\"b\n").unwrap_err().contains("line 1"));
        assert_eq!(
            parse("a,,\n").unwrap(),
            vec![(1, vec!["a".into(), String::new(), String::new()])]
        );
    }
}
