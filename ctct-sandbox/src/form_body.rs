//! Reading the form bodies of `POST /activities`: `application/x-www-form-urlencoded` or
//! `multipart/form-data` (`docs/v1/activities.md#form-body`, `docs/v1/activities.md#multipart-body`).
//!
//! Both give the same ordered `(name, value)` pairs (names may repeat, as `lists` and
//! `columns` do), so the activity handler does not care which encoding the client chose.
//! Any other `Content-Type` is the server's 415; a malformed body is a 400 naming the problem.

use axum::http::{HeaderMap, header};
use ctct_models::endpoint::{FORM_MEDIA_TYPE, MULTIPART_MEDIA_TYPE};

use crate::respond::ApiError;

/// The fields of a form body, in order.
pub(crate) type Fields = Vec<(String, String)>;

/// Decodes the body by its `Content-Type`.
pub(crate) fn read(headers: &HeaderMap, body: &[u8]) -> Result<Fields, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = ct.split(';').next().unwrap_or("").trim();
    let text = || {
        std::str::from_utf8(body).map_err(|_| ApiError::bad_request("The form body is not UTF-8"))
    };
    if media.eq_ignore_ascii_case(FORM_MEDIA_TYPE) {
        return Ok(urlencoded(text()?));
    }
    if media.eq_ignore_ascii_case(MULTIPART_MEDIA_TYPE) {
        let boundary = ctct_models::form_read::boundary_of(ct).ok_or_else(|| {
            ApiError::bad_request("multipart/form-data without a boundary parameter")
        })?;
        return multipart(text()?, &boundary);
    }
    Err(ApiError::new(
        415,
        format!(
            "Unsupported Media Type {media:?}: activities take {FORM_MEDIA_TYPE} or {MULTIPART_MEDIA_TYPE}"
        ),
    ))
}

/// `a=1&b=2`, `+` as a space, `%HH` escapes.
pub(crate) fn urlencoded(text: &str) -> Fields {
    ctct_models::form_read::parse_urlencoded(text)
}

/// The fields of a multipart body, each part read as text (`ctct_models::form_read`).
pub(crate) fn multipart(text: &str, boundary: &str) -> Result<Fields, ApiError> {
    ctct_models::form_read::parse_multipart(text, boundary).map_err(ApiError::bad_request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctct_models::form::Form;

    #[test]
    fn both_encodings_give_the_same_fields() {
        let mut f = Form::new();
        f.push("activityType", "SV_ADD");
        f.push_file(
            "data",
            "data.csv",
            "EMAIL ADDRESS,CITY\na@example.com,\"Boston, MA\"".into(),
        );
        f.push("lists", "http://x/lists/1");
        f.push("lists", "http://x/lists/2");
        let want: Fields = f
            .pairs()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(urlencoded(&f.urlencoded()), want);
        let mp = String::from_utf8(f.multipart_with("XyZ")).unwrap();
        assert_eq!(multipart(&mp, "XyZ").unwrap(), want);
        assert_eq!(multipart(&mp.replace("\r\n", "\n"), "XyZ").unwrap(), want);
    }

    #[test]
    fn malformed_multipart_is_a_400_naming_the_problem() {
        let e = multipart("--B\r\nno blank line\r\n--B--", "B").unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.contains("no blank line"), "{}", e.message);
        assert!(multipart("nothing", "B").is_err());
        assert!(
            multipart(
                "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
                "B"
            )
            .is_err()
        );
    }

    #[test]
    fn other_content_types_are_415() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "application/atom+xml".parse().unwrap(),
        );
        assert_eq!(read(&h, b"").unwrap_err().status, 415);
        h.insert(header::CONTENT_TYPE, "multipart/form-data".parse().unwrap());
        assert_eq!(read(&h, b"").unwrap_err().status, 400);
    }
}
