//! Printing results: aligned tables for people, one JSON document for scripts.
//!
//! A command builds its answer once, as JSON values, and says how a person should see it
//! ([`Shape`]); [`print()`] then renders that same data either way. So the table and the JSON
//! can never disagree, and `--output json` always writes exactly one document to stdout
//! (messages and progress go to stderr). `--output ndjson` writes the same data one compact
//! JSON value a line: each row of a listing, or the one object of any other result. The
//! paged listings write their rows as each page arrives ([`RowWriter`]), from the same row
//! builders the table and the JSON use.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use unicode_width::UnicodeWidthStr as _;

use serde_json::{Map, Value};

use crate::options::OutputFormat;

/// How a person sees a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// An array of objects as a table with these columns (object keys), in this order.
    Table(Vec<&'static str>),
    /// One object as `key: value` lines (null and empty values left out).
    Detail,
    /// A sentence for people; scripts get the JSON.
    Message(String),
    /// Rows already written as they arrived (`--output ndjson` listings, see [`RowWriter`]):
    /// nothing is left to print.
    Streamed,
}

/// A command's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// How a person sees it.
    pub shape: Shape,
    /// The data; what `--output json` prints.
    pub json: Value,
}

impl Output {
    /// Rows of a table.
    pub fn table(columns: Vec<&'static str>, rows: Vec<Map<String, Value>>) -> Self {
        Self {
            shape: Shape::Table(columns),
            json: Value::Array(rows.into_iter().map(Value::Object).collect()),
        }
    }

    /// One record.
    pub fn detail(record: Map<String, Value>) -> Self {
        Self {
            shape: Shape::Detail,
            json: Value::Object(record),
        }
    }

    /// The result of a listing whose rows were written as they arrived.
    pub fn streamed() -> Self {
        Self {
            shape: Shape::Streamed,
            json: Value::Null,
        }
    }

    /// A sentence for people and a document for scripts.
    pub fn message(text: impl Into<String>, json: Value) -> Self {
        Self {
            shape: Shape::Message(text.into()),
            json,
        }
    }
}

/// Set once from `--quiet` before any command runs; read by [`print()`], progress bars and
/// notes. A process-wide switch, like the terminal it describes.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets `--quiet` for the rest of the process.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `--quiet` was given: no progress, no notes, no confirmation sentences.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes `output` to stdout in `format`. A closed pipe (`ctct … | head`) is not an error.
/// With `--quiet`, a confirmation sentence ([`Shape::Message`] as a table) is not printed;
/// tables, details and JSON are.
pub fn print(output: &Output, format: OutputFormat) -> io::Result<()> {
    if quiet() && format == OutputFormat::Table && matches!(output.shape, Shape::Message(_))
        || output.shape == Shape::Streamed
    {
        return Ok(());
    }
    let rendered = render(output, format);
    let mut out = io::stdout().lock();
    match out
        .write_all(rendered.as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The text [`print()`] writes.
pub fn render(output: &Output, format: OutputFormat) -> String {
    if output.shape == Shape::Streamed {
        return String::new();
    }
    match format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&output.json).unwrap_or_default();
            s.push('\n');
            s
        }
        OutputFormat::Ndjson => ndjson(&output.json),
        OutputFormat::Table => match &output.shape {
            Shape::Table(columns) => table(columns, &output.json),
            Shape::Detail => detail(&output.json),
            Shape::Message(text) => format!("{text}\n"),
            Shape::Streamed => String::new(),
        },
    }
}

/// The rows of a listing written as they arrive, one compact JSON object a line (what
/// `--output ndjson` prints for a listing). Rows are buffered and written out by
/// [`RowWriter::flush`], which the listing calls whenever it is about to wait for the next
/// page, so a page's rows reach the reader while the next page is being fetched and memory
/// stays flat in the number of pages. A reader that has gone away (`ctct … | head`) is
/// not an error: the writer reports it so the listing stops fetching.
#[derive(Debug)]
pub struct RowWriter<W: Write> {
    out: io::BufWriter<W>,
    closed: bool,
}

impl<W: Write> RowWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> Self {
        Self {
            out: io::BufWriter::with_capacity(64 * 1024, out),
            closed: false,
        }
    }

    /// Whether the reader has gone away (a closed pipe): nothing more will be written.
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// Writes one row; `Ok(false)` once the reader has gone away.
    pub fn row(&mut self, row: &Map<String, Value>) -> io::Result<bool> {
        if self.closed {
            return Ok(false);
        }
        let result = serde_json::to_writer(&mut self.out, row)
            .map_err(io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"));
        self.settle(result)
    }

    /// Writes out the buffered rows; `Ok(false)` once the reader has gone away.
    pub fn flush(&mut self) -> io::Result<bool> {
        if self.closed {
            return Ok(false);
        }
        let result = self.out.flush();
        self.settle(result)
    }

    fn settle(&mut self, result: io::Result<()>) -> io::Result<bool> {
        match result {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The underlying writer (after [`RowWriter::flush`]).
    #[cfg(test)]
    pub fn get_ref(&self) -> &W {
        self.out.get_ref()
    }
}

/// One line per element of an array (none for an empty one), else the value on one line.
fn ndjson(json: &Value) -> String {
    let one = |v: &Value| {
        let mut line = serde_json::to_string(v).unwrap_or_default();
        line.push('\n');
        line
    };
    match json {
        Value::Array(items) => items.iter().map(one).collect(),
        other => one(other),
    }
}

/// A cell's text: strings as they are, arrays joined with `,`, null as empty.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Table cells stay on one line: control characters (a newline in a note) become spaces.
fn one_line(text: String) -> String {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        text
    }
}

fn table(columns: &[&'static str], json: &Value) -> String {
    let rows: Vec<Vec<String>> = json
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    columns
                        .iter()
                        .map(|c| one_line(row.get(*c).map(cell).unwrap_or_default()))
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    let headers: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&headers).chain(&rows) {
        let mut line = String::new();
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(c);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', w - c.width()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if rows.is_empty() {
        out.push_str("(none)\n");
    }
    out
}

fn detail(json: &Value) -> String {
    let Some(map) = json.as_object() else {
        return format!("{}\n", cell(json));
    };
    let width = map.keys().map(|k| k.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (key, value) in map {
        if value.is_null() || value.as_str().is_some_and(str::is_empty) {
            continue;
        }
        let pad = width - key.width();
        out.push_str(&format!(
            "{key}:{}  {}\n",
            " ".repeat(pad),
            one_line(cell(value))
        ));
    }
    out
}

/// Builds a JSON object from `(key, value)` pairs, keeping their order.
macro_rules! record {
    ($($key:literal => $value:expr),* $(,)?) => {{
        let mut map = ::serde_json::Map::new();
        $( map.insert($key.to_owned(), ::serde_json::json!($value)); )*
        map
    }};
}
pub(crate) use record;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_row_writer_writes_out_at_each_flush_and_stops_at_a_closed_pipe() {
        let mut w = RowWriter::new(Vec::new());
        let row = |n: i64| json!({ "id": n }).as_object().cloned().unwrap_or_default();
        assert!(w.row(&row(1)).unwrap());
        assert!(w.row(&row(2)).unwrap());
        assert!(w.get_ref().is_empty(), "rows wait for the flush");
        assert!(w.flush().unwrap());
        assert_eq!(w.get_ref().as_slice(), b"{\"id\":1}\n{\"id\":2}\n");

        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = RowWriter::new(Closed);
        assert!(w.row(&row(1)).unwrap());
        assert!(
            !w.flush().unwrap(),
            "a closed pipe is reported, not an error"
        );
        assert!(w.closed());
        assert!(!w.row(&row(2)).unwrap());
    }

    fn rows() -> Output {
        Output::table(
            vec!["id", "email", "lists"],
            vec![
                record! { "id" => "1", "email" => "ann@example.com", "lists" => ["1", "2"] },
                record! { "id" => "22", "email" => "b@x.io", "lists" => Vec::<String>::new() },
            ],
        )
    }

    #[test]
    fn tables_align_columns_and_upper_case_headers() {
        assert_eq!(
            render(&rows(), OutputFormat::Table),
            "ID  EMAIL            LISTS\n\
             1   ann@example.com  1,2\n\
             22  b@x.io\n"
        );
    }

    #[test]
    fn wide_characters_are_aligned_by_display_width() {
        // Each CJK character takes two terminal columns; counting chars would misalign.
        let out = Output::table(
            vec!["name", "id"],
            vec![
                record! { "name" => "東京花店", "id" => "1" },
                record! { "name" => "Joe", "id" => "2" },
            ],
        );
        assert_eq!(
            render(&out, OutputFormat::Table),
            "NAME      ID\n東京花店  1\nJoe       2\n"
        );
    }

    #[test]
    fn json_is_one_parsable_document_with_the_same_data() {
        let text = render(&rows(), OutputFormat::Json);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back[1]["email"], "b@x.io");
        assert_eq!(back[0]["lists"], json!(["1", "2"]));
    }

    #[test]
    fn ndjson_is_one_compact_object_a_line_and_nothing_for_no_rows() {
        let text = render(&rows(), OutputFormat::Ndjson);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        for line in &lines {
            let v: Value = serde_json::from_str(line).unwrap();
            assert!(v.is_object(), "{line}");
        }
        assert_eq!(
            serde_json::from_str::<Value>(lines[0]).unwrap(),
            rows().json[0]
        );
        assert_eq!(
            render(&Output::table(vec!["id"], vec![]), OutputFormat::Ndjson),
            ""
        );
        let detail = Output::detail(Map::from_iter([("id".to_owned(), Value::from(4))]));
        assert_eq!(render(&detail, OutputFormat::Ndjson), "{\"id\":4}\n");
    }

    #[test]
    fn an_empty_table_says_so() {
        let out = Output::table(vec!["id"], vec![]);
        assert_eq!(render(&out, OutputFormat::Table), "ID\n(none)\n");
        assert_eq!(render(&out, OutputFormat::Json), "[]\n");
    }

    #[test]
    fn details_skip_nulls_and_keep_cells_on_one_line() {
        let out = Output::detail(record! {
            "id" => "7", "note" => "two\nlines", "city" => Value::Null, "zip" => "",
        });
        assert_eq!(
            render(&out, OutputFormat::Table),
            "id:    7\nnote:  two lines\n"
        );
    }

    #[test]
    fn messages_are_text_for_people_and_json_for_scripts() {
        let out = Output::message("Deleted list 4.", json!({"deleted": "4"}));
        assert_eq!(render(&out, OutputFormat::Table), "Deleted list 4.\n");
        assert_eq!(
            render(&out, OutputFormat::Json),
            "{\n  \"deleted\": \"4\"\n}\n"
        );
    }
}
