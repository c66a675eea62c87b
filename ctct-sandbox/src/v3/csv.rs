//! Reading the two upload formats of the CSV import: `multipart/form-data` bodies and CSV
//! text (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks).

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The `boundary` parameter of a `multipart/form-data` content type.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let (media, params) = content_type.split_once(';')?;
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Splits a multipart body into its parts; an error says what is malformed.
pub(crate) fn multipart(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut pos = find(body, &delimiter, 0).ok_or("the body has no multipart boundary")?;
    let mut parts = Vec::new();
    loop {
        pos += delimiter.len();
        if body.get(pos..pos + 2) == Some(b"--") {
            return Ok(parts);
        }
        if body.get(pos..pos + 2) == Some(b"\r\n") {
            pos += 2;
        }
        let head_end = find(body, b"\r\n\r\n", pos).ok_or("a part has no header end")?;
        let head = String::from_utf8_lossy(&body[pos..head_end]).into_owned();
        let data_start = head_end + 4;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delimiter);
        let data_end = find(body, &closing, data_start).ok_or("a part is not terminated")?;
        let mut name = None;
        let mut filename = None;
        for line in head.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            if !k.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for param in v.split(';').skip(1) {
                if let Some((pk, pv)) = param.split_once('=') {
                    let pv = pv.trim().trim_matches('"').to_owned();
                    match pk.trim() {
                        "name" => name = Some(pv),
                        "filename" => filename = Some(pv),
                        _ => {}
                    }
                }
            }
        }
        parts.push(Part {
            name: name.ok_or("a part has no Content-Disposition name")?,
            filename,
            data: body[data_start..data_end].to_vec(),
        });
        pos = data_end + 2;
    }
}

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

    #[test]
    fn multipart_parts() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\nemail\r\na@x.com\r\n--XY\r\nContent-Disposition: form-data; name=\"list_ids\"\r\n\r\nl1,l2\r\n--XY--\r\n";
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XY\"").as_deref(),
            Some("XY")
        );
        assert_eq!(boundary("text/csv; boundary=XY"), None);
        let parts = multipart(body, "XY").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].filename.as_deref(), Some("c.csv"));
        assert_eq!(parts[0].data, b"email\r\na@x.com");
        assert_eq!(parts[1].data, b"l1,l2");
        assert!(multipart(b"garbage", "XY").is_err());
        assert!(
            multipart(
                b"--XY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
                "XY"
            )
            .is_err()
        );
    }
}
