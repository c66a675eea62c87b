//! Form bodies for the bulk-activity endpoints (`docs/v1/activities.md#form-body`, `docs/v1/activities.md#multipart-body`).
//!
//! `POST /activities` takes no Atom: it takes `application/x-www-form-urlencoded` or
//! `multipart/form-data` fields. [`Form`] collects the fields in order (names may repeat, as
//! `lists` and `columns` do) and writes either encoding deterministically, so the bytes can be
//! asserted against the documented examples. [`Table`] writes the `data` field: a header line
//! of column names, then one line per contact, cells separated by commas, where a cell holding
//! a comma, a double quote or a line break is wrapped in double quotes (inner quotes doubled).

use crate::endpoint::Body;

/// The boundary multipart bodies start from; a suffix is added while any field contains it.
pub const MULTIPART_BOUNDARY: &str = "ctct-rs-form-boundary";

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    name: &'static str,
    value: String,
    /// Sent as a file part (with this file name and media type) in multipart bodies.
    file: Option<(&'static str, &'static str)>,
}

/// Form fields in order; names may repeat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    fields: Vec<Field>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a plain field.
    pub fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.fields.push(Field {
            name,
            value: value.into(),
            file: None,
        });
    }

    /// Appends a field that multipart bodies send as a file part named `file_name`
    /// (`text/plain`); form-encoded bodies send it like any other field.
    pub fn push_file(&mut self, name: &'static str, file_name: &'static str, value: String) {
        self.push_file_as(name, file_name, "text/plain", value);
    }

    /// Appends a file part with its media type (V3's CSV import sends `text/csv`); the
    /// multipart header adds `; charset=UTF-8`.
    pub fn push_file_as(
        &mut self,
        name: &'static str,
        file_name: &'static str,
        media_type: &'static str,
        value: String,
    ) {
        self.fields.push(Field {
            name,
            value,
            file: Some((file_name, media_type)),
        });
    }

    /// The fields as `name=value` pairs in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|f| (f.name, f.value.as_str()))
    }

    /// The `application/x-www-form-urlencoded` text: `name=value` joined with `&`, spaces as
    /// `+`, everything but ASCII letters, digits and `*-._` as `%HH` (line breaks `%0A`).
    pub fn urlencoded(&self) -> String {
        let mut out = String::new();
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&encode_form_value(f.name));
            out.push('=');
            out.push_str(&encode_form_value(&f.value));
        }
        out
    }

    /// The boundary [`Form::into_multipart_body`] uses: [`MULTIPART_BOUNDARY`], with `-1`, `-2`, … added
    /// until no field contains it.
    pub fn boundary(&self) -> String {
        let mut boundary = MULTIPART_BOUNDARY.to_owned();
        let mut n = 0;
        while self
            .fields
            .iter()
            .any(|f| f.value.contains(&boundary) || f.name.contains(&boundary))
        {
            n += 1;
            boundary = format!("{MULTIPART_BOUNDARY}-{n}");
        }
        boundary
    }

    /// The `multipart/form-data` bytes with the given boundary: one part per field, CRLF line
    /// ends, file fields with a `filename` and `Content-Type: text/plain`.
    pub fn multipart_with(&self, boundary: &str) -> Vec<u8> {
        let mut out = String::new();
        for f in &self.fields {
            out.push_str("--");
            out.push_str(boundary);
            out.push_str("\r\nContent-Disposition: form-data; name=\"");
            out.push_str(f.name);
            out.push('"');
            if let Some((file, media_type)) = f.file {
                out.push_str("; filename=\"");
                out.push_str(file);
                out.push_str("\"\r\nContent-Type: ");
                out.push_str(media_type);
                out.push_str("; charset=UTF-8");
            }
            out.push_str("\r\n\r\n");
            out.push_str(&f.value);
            out.push_str("\r\n");
        }
        out.push_str("--");
        out.push_str(boundary);
        out.push_str("--\r\n");
        out.into_bytes()
    }

    /// The form as a [`Body::Form`].
    pub fn into_urlencoded_body(self) -> Body {
        Body::Form(self.urlencoded())
    }

    /// The form as a [`Body::Multipart`] with [`Form::boundary`].
    pub fn into_multipart_body(self) -> Body {
        let boundary = self.boundary();
        let bytes = self.multipart_with(&boundary);
        Body::Multipart {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            boundary,
            bytes,
        }
    }
}

/// Form-encodes one name or value (WHATWG `application/x-www-form-urlencoded`: a space is
/// `+`; alphanumerics and `*-._` stay as they are), by the `form_urlencoded` crate.
pub fn encode_form_value(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The tabular `data` of an add or remove activity: column names, then one row per contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names, e.g. `EMAIL ADDRESS`, `FIRST NAME` (`docs/v1/activities.md#form-body` lists them).
    pub columns: Vec<String>,
    /// One row per contact, cells in column order. Rows are sent as given: a row with the
    /// wrong number of cells is the server's to report, in the activity's `Errors`.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names and no rows.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Self {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn row<S: Into<String>>(mut self, cells: impl IntoIterator<Item = S>) -> Self {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// The text: lines joined with `\n`, cells with `,`, a cell holding `,`, `"`, `\r` or
    /// `\n` wrapped in double quotes with inner quotes doubled (`Boston, MA` → `"Boston, MA"`).
    /// Other cells, leading spaces included, are sent as they are.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, line) in std::iter::once(&self.columns)
            .chain(self.rows.iter())
            .enumerate()
        {
            if i > 0 {
                out.push('\n');
            }
            for (j, cell) in line.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                if cell.contains([',', '"', '\r', '\n']) {
                    out.push('"');
                    out.push_str(&cell.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(cell);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_delimiters_are_quoted() {
        let t = Table::new(["EMAIL ADDRESS", "CITY", "NOTE"]).row([
            "a@example.com",
            "Boston, MA",
            "say \"hi\"\nbye",
        ]);
        assert_eq!(
            t.to_text(),
            "EMAIL ADDRESS,CITY,NOTE\na@example.com,\"Boston, MA\",\"say \"\"hi\"\"\nbye\""
        );
        let mut f = Form::new();
        f.push("data", "\"Boston, MA\"");
        assert_eq!(f.urlencoded(), "data=%22Boston%2C+MA%22");
    }

    #[test]
    fn the_boundary_never_occurs_in_a_field() {
        let mut f = Form::new();
        f.push("a", format!("x{MULTIPART_BOUNDARY}y"));
        f.push("b", format!("{MULTIPART_BOUNDARY}-1"));
        assert_eq!(f.boundary(), format!("{MULTIPART_BOUNDARY}-2"));
        let mut plain = Form::new();
        plain.push("a", "b");
        assert_eq!(plain.boundary(), MULTIPART_BOUNDARY);
    }

    #[test]
    fn multipart_bytes() {
        let mut f = Form::new();
        f.push("activityType", "SV_ADD");
        f.push_file("data", "data.csv", "EMAIL ADDRESS\na@example.com".into());
        let text = String::from_utf8(f.multipart_with("B")).unwrap();
        assert_eq!(
            text,
            "--B\r\nContent-Disposition: form-data; name=\"activityType\"\r\n\r\nSV_ADD\r\n--B\r\nContent-Disposition: form-data; name=\"data\"; filename=\"data.csv\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nEMAIL ADDRESS\na@example.com\r\n--B--\r\n"
        );
    }
}
