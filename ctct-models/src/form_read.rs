//! Reading form bodies back: the server side of [`crate::form`].
//!
//! Both encodings give the same ordered `(name, value)` pairs (names may repeat, as `lists`
//! and `columns` do), so a server does not care which encoding the client chose. A file part
//! arrives as its text: a [`CsvFile`] keeps it exactly as received, since a server reports
//! problems by the line numbers of the text it was sent.

use crate::form::Table;

/// Decodes `%XX` escapes (and `+` as a space, as HTML forms send it); a `%` not followed by
/// two hex digits stays as it is.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=2`, `+` as a space, `%HH` escapes.
pub fn parse_urlencoded(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// The `boundary` parameter of a `multipart/form-data` content type.
pub fn boundary_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty())
}

/// The parts of a multipart body; each part's name comes from its `Content-Disposition`.
/// CRLF line ends are expected, bare LF is accepted. The error says what is malformed.
pub fn parse_multipart(text: &str, boundary: &str) -> Result<Vec<(String, String)>, String> {
    let bad = |why: &str| format!("Malformed multipart body: {why}");
    let delim = format!("--{boundary}");
    let start = text
        .find(&delim)
        .ok_or_else(|| bad("the boundary never occurs"))?;
    let mut rest = &text[start + delim.len()..];
    let mut fields = Vec::new();
    loop {
        if rest.starts_with("--") {
            return Ok(fields);
        }
        rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .ok_or_else(|| bad("a boundary line has trailing characters"))?;
        let (end, skip) = match (
            rest.find(&format!("\r\n{delim}")),
            rest.find(&format!("\n{delim}")),
        ) {
            (Some(crlf), Some(lf)) if crlf < lf => (crlf, 2),
            (_, Some(lf)) => (lf, 1),
            (Some(crlf), None) => (crlf, 2),
            (None, None) => return Err(bad("the closing boundary is missing")),
        };
        let part = &rest[..end];
        rest = &rest[end + skip + delim.len()..];
        let (head, value) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
            .ok_or_else(|| bad("a part has no blank line after its headers"))?;
        let name = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
            .and_then(|(_, v)| {
                v.split(';')
                    .filter_map(|p| p.trim().split_once('='))
                    .find(|(k, _)| k.trim() == "name")
                    .map(|(_, v)| v.trim().trim_matches('"').to_owned())
            })
            .ok_or_else(|| bad("a part has no Content-Disposition name"))?;
        fields.push((name, value.to_owned()));
    }
}

/// A CSV file as a form field carries it: built from a [`Table`] by a client, or kept as the
/// text a server received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvFile {
    text: String,
    rows: Option<usize>,
}

impl CsvFile {
    /// The file exactly as received (a server's view).
    pub fn from_text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            rows: None,
        }
    }

    /// The CSV text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of data rows, when the file was built from a [`Table`].
    pub fn rows(&self) -> Option<usize> {
        self.rows
    }
}

impl From<Table> for CsvFile {
    fn from(table: Table) -> Self {
        Self::from(&table)
    }
}

impl From<&Table> for CsvFile {
    fn from(table: &Table) -> Self {
        Self {
            text: table.to_text(),
            rows: Some(table.rows.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("jon%40example.com"), "jon@example.com");
        assert_eq!(percent_decode("a+b%2Bc"), "a b+c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn multipart_parts_in_order() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name=\"data\"; filename=\"x.csv\"\r\n\r\nE\n1\r\n--b--\r\n";
        assert_eq!(
            parse_multipart(body, "b"),
            Ok(vec![
                ("a".into(), "1".into()),
                ("data".into(), "E\n1".into())
            ])
        );
        assert!(
            parse_multipart("nothing", "b")
                .unwrap_err()
                .contains("never occurs")
        );
        assert_eq!(
            boundary_of("multipart/form-data; boundary=\"xy\""),
            Some("xy".into())
        );
        assert_eq!(boundary_of("multipart/form-data"), None);
    }
}
