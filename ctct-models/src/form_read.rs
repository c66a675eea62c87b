//! Reading form bodies back: the server side of [`crate::form`].
//!
//! Both encodings give the same ordered `(name, value)` pairs (names may repeat, as `lists`
//! and `columns` do), so a server does not care which encoding the client chose. A file part
//! arrives as its text: a [`CsvFile`] keeps it exactly as received, since a server reports
//! problems by the line numbers of the text it was sent.

use crate::form::Table;

/// Decodes `%XX` escapes (and `+` as a space, as HTML forms send it); a `%` not followed by
/// two hex digits stays as it is, and bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// `a=1&b=2`, `+` as a space, `%HH` escapes (WHATWG `application/x-www-form-urlencoded`
/// parsing, by the `form_urlencoded` crate). Names may repeat; the order is kept.
pub fn parse_urlencoded(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
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

/// Whether a `Content-Type` is `multipart/form-data` (any parameters, any case).
pub fn is_multipart(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|m| {
        m.trim()
            .eq_ignore_ascii_case(crate::endpoint::MULTIPART_MEDIA_TYPE)
    })
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, for a file part.
    pub filename: Option<String>,
    /// The part's bytes, exactly as sent.
    pub data: Vec<u8>,
}

/// Why a multipart body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MultipartError {
    /// The `--boundary` line never occurs.
    #[error("the boundary never occurs")]
    NoBoundary,
    /// A boundary line is followed by something other than a line end or `--`.
    #[error("a boundary line has trailing characters")]
    TrailingCharacters,
    /// A part is never followed by a boundary line.
    #[error("the closing boundary is missing")]
    Unterminated,
    /// A part has no blank line between its headers and its data.
    #[error("a part has no blank line after its headers")]
    NoHeaderEnd,
    /// A part's `Content-Disposition` names no field.
    #[error("a part has no Content-Disposition name")]
    NoName,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_once<'a>(bytes: &'a [u8], sep: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    let at = find(bytes, sep)?;
    Some((&bytes[..at], &bytes[at + sep.len()..]))
}

/// The parts of a multipart body, in order: the one multipart reader of the project (the
/// sandbox's V1 activities and V3 imports both read through it). CRLF line ends are
/// expected; bare LF is accepted.
///
/// # Errors
///
/// A [`MultipartError`] saying what is malformed.
pub fn parse_parts(body: &[u8], boundary: &str) -> Result<Vec<Part>, MultipartError> {
    let delim = format!("--{boundary}").into_bytes();
    let start = find(body, &delim).ok_or(MultipartError::NoBoundary)?;
    let mut rest = &body[start + delim.len()..];
    let crlf_delim = [b"\r\n".as_slice(), &delim].concat();
    let lf_delim = [b"\n".as_slice(), &delim].concat();
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .ok_or(MultipartError::TrailingCharacters)?;
        let (end, skip) = match (find(rest, &crlf_delim), find(rest, &lf_delim)) {
            (Some(crlf), Some(lf)) if crlf < lf => (crlf, 2),
            (_, Some(lf)) => (lf, 1),
            (Some(crlf), None) => (crlf, 2),
            (None, None) => return Err(MultipartError::Unterminated),
        };
        let part = &rest[..end];
        rest = &rest[end + skip + delim.len()..];
        let (head, data) = split_once(part, b"\r\n\r\n")
            .or_else(|| split_once(part, b"\n\n"))
            .ok_or(MultipartError::NoHeaderEnd)?;
        let head = String::from_utf8_lossy(head);
        let disposition = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
            .map(|(_, v)| v);
        let param = |want: &str| {
            disposition.and_then(|v| {
                v.split(';')
                    .filter_map(|p| p.trim().split_once('='))
                    .find(|(k, _)| k.trim() == want)
                    .map(|(_, v)| v.trim().trim_matches('"').to_owned())
            })
        };
        parts.push(Part {
            name: param("name").ok_or(MultipartError::NoName)?,
            filename: param("filename"),
            data: data.to_vec(),
        });
    }
}

/// The parts of a multipart body as `(name, text)` pairs ([`parse_parts`], each part's bytes
/// read as UTF-8, lossily). The error says what is malformed.
pub fn parse_multipart(text: &str, boundary: &str) -> Result<Vec<(String, String)>, String> {
    let parts = parse_parts(text.as_bytes(), boundary)
        .map_err(|e| format!("Malformed multipart body: {e}"))?;
    Ok(parts
        .into_iter()
        .map(|p| (p.name, String::from_utf8_lossy(&p.data).into_owned()))
        .collect())
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
        assert!(is_multipart("Multipart/Form-Data; boundary=x"));
        assert!(!is_multipart("text/csv; boundary=x"));
    }

    #[test]
    fn parts_keep_their_file_name_and_bytes_and_bare_lf_is_accepted() {
        let body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\nemail\r\n\xffa@x\r\n--b\r\nContent-Disposition: form-data; name=\"list_ids\"\r\n\r\nL1,L2\r\n--b--\r\n";
        let parts = parse_parts(body, "b").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].filename.as_deref(), Some("c.csv"));
        assert_eq!(parts[0].data, b"email\r\n\xffa@x");
        assert_eq!(parts[1].filename, None);
        assert_eq!(parts[1].data, b"L1,L2");
        let lf = String::from_utf8_lossy(body).replace("\r\n", "\n");
        assert_eq!(parse_parts(lf.as_bytes(), "b").unwrap()[1].data, b"L1,L2");
    }

    #[test]
    fn each_malformation_has_its_own_error() {
        let cases: [(&[u8], MultipartError); 5] = [
            (b"nothing", MultipartError::NoBoundary),
            (b"--bX\r\n", MultipartError::TrailingCharacters),
            (
                b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx",
                MultipartError::Unterminated,
            ),
            (
                b"--b\r\nno blank line\r\n--b--",
                MultipartError::NoHeaderEnd,
            ),
            (
                b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
                MultipartError::NoName,
            ),
        ];
        for (body, want) in cases {
            assert_eq!(
                parse_parts(body, "b"),
                Err(want),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn urlencoded_pairs_repeat_and_decode() {
        assert_eq!(
            parse_urlencoded("lists=a%2Fb&lists=c+d&empty=&flag"),
            vec![
                ("lists".to_owned(), "a/b".to_owned()),
                ("lists".to_owned(), "c d".to_owned()),
                ("empty".to_owned(), String::new()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }
}
