//! A streaming CSV record reader for bulk imports.
//!
//! An import file can be far larger than memory should hold, so records are read one at a
//! time from a [`BufRead`]. The dialect is RFC 4180 as spreadsheets write it: comma
//! separated, `"` quoting with `""` for a quote inside, quoted cells may span lines, `\n` or
//! `\r\n` line ends, a UTF-8 byte-order mark at the start ignored. Each record carries the
//! line number it starts on (1-based), so a rejected row can be named the way an editor shows
//! it. Malformed input (a stray quote, invalid UTF-8) is reported for that record with its
//! line, never a panic.

use std::io::{self, BufRead};

/// One record: the line it starts on and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based line the record starts on.
    pub line: u64,
    /// The cells, unquoted.
    pub cells: Vec<String>,
}

/// Why a record could not be read.
#[derive(Debug)]
pub enum RecordError {
    /// The record starting on `line` is malformed; the reader continues after it.
    Malformed {
        /// The 1-based line the record starts on.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// Reading failed; the reader stops.
    Io(io::Error),
}

/// Reads CSV records from a [`BufRead`]; an [`Iterator`] of records.
#[derive(Debug)]
pub struct CsvReader<R> {
    input: R,
    /// The number of the next line to read.
    next_line: u64,
    done: bool,
    buf: Vec<u8>,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        Self {
            input,
            next_line: 1,
            done: false,
            buf: Vec::new(),
        }
    }

    /// Reads one physical line (without its line end) into `self.buf`, appending; returns
    /// `false` at the end of input.
    fn read_line(&mut self) -> io::Result<bool> {
        let start = self.buf.len();
        let n = self.input.read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(false);
        }
        if self.next_line == 1 && start == 0 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        self.next_line += 1;
        Ok(true)
    }

    fn read_record(&mut self) -> Result<Option<Record>, RecordError> {
        self.buf.clear();
        let line = self.next_line;
        if !self.read_line().map_err(RecordError::Io)? {
            return Ok(None);
        }
        // A quoted cell may hold line ends: keep reading while one is open.
        loop {
            let text = std::str::from_utf8(&self.buf).map_err(|e| RecordError::Malformed {
                line,
                reason: format!("not UTF-8 (byte {} of the record)", e.valid_up_to()),
            })?;
            let text = text
                .strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .unwrap_or(text);
            match split_cells(text) {
                Ok(Split::Cells(cells)) => return Ok(Some(Record { line, cells })),
                Ok(Split::Open) => {}
                Err(reason) => return Err(RecordError::Malformed { line, reason }),
            }
            if !self.read_line().map_err(RecordError::Io)? {
                return Err(RecordError::Malformed {
                    line,
                    reason: "a quoted cell is not closed before the end of the file".into(),
                });
            }
        }
    }
}

impl<R: BufRead> Iterator for CsvReader<R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.read_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                if matches!(e, RecordError::Io(_)) {
                    self.done = true;
                }
                Some(Err(e))
            }
        }
    }
}

/// What [`split_cells`] found.
enum Split {
    /// A whole record.
    Cells(Vec<String>),
    /// The text ends inside a quoted cell: the record continues on the next line.
    Open,
}

/// Splits one record's text into cells.
fn split_cells(text: &str) -> Result<Split, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    // Whether the current cell was a quoted one that has closed (only `,` may follow).
    let mut closed = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                    closed = true;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            ',' => {
                cells.push(std::mem::take(&mut cell));
                closed = false;
            }
            '"' if cell.trim().is_empty() && !closed => {
                cell.clear();
                quoted = true;
            }
            '"' => {
                return Err(format!(
                    "a stray double quote in cell {} (quote the whole cell and double the quote)",
                    cells.len() + 1
                ));
            }
            c if closed && !c.is_whitespace() => {
                return Err(format!(
                    "text after the closing quote of cell {}",
                    cells.len() + 1
                ));
            }
            _ if closed => {}
            c => cell.push(c),
        }
    }
    if quoted {
        return Ok(Split::Open);
    }
    cells.push(cell);
    Ok(Split::Cells(cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<(u64, Vec<String>), String>> {
        CsvReader::new(text.as_bytes())
            .map(|r| match r {
                Ok(r) => Ok((r.line, r.cells)),
                Err(RecordError::Malformed { line, reason }) => Err(format!("{line}: {reason}")),
                Err(RecordError::Io(e)) => Err(e.to_string()),
            })
            .collect()
    }

    fn ok(line: u64, cells: &[&str]) -> Result<(u64, Vec<String>), String> {
        Ok((line, cells.iter().map(|c| (*c).to_owned()).collect()))
    }

    #[test]
    fn quoted_cells_span_lines_and_line_numbers_follow_the_file() {
        let text = "\u{feff}EMAIL ADDRESS,CITY\r\na@x.com,\"Boston, MA\"\r\nb@x.com,\"two\nlines \"\"q\"\"\"\nc@x.com,\n";
        assert_eq!(
            read(text),
            vec![
                ok(1, &["EMAIL ADDRESS", "CITY"]),
                ok(2, &["a@x.com", "Boston, MA"]),
                ok(3, &["b@x.com", "two\nlines \"q\""]),
                ok(5, &["c@x.com", ""]),
            ]
        );
    }

    #[test]
    fn malformed_records_are_reported_with_their_line_and_reading_goes_on() {
        let text = "a,b\nx\"y,z\nok,1\n\"unclosed,2\n";
        let got = read(text);
        assert_eq!(got[0], ok(1, &["a", "b"]));
        assert!(
            got[1]
                .as_ref()
                .unwrap_err()
                .starts_with("2: a stray double quote in cell 1")
        );
        assert_eq!(got[2], ok(3, &["ok", "1"]));
        assert!(
            got[3]
                .as_ref()
                .unwrap_err()
                .starts_with("4: a quoted cell is not closed")
        );
        assert_eq!(got.len(), 4);
        let bad = read("\"a\"b,c\n");
        assert!(
            bad[0]
                .as_ref()
                .unwrap_err()
                .contains("after the closing quote of cell 1")
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut r = CsvReader::new(&b"a\n\xff\xfe,b\nc\n"[..]);
        assert!(r.next().unwrap().is_ok());
        match r.next().unwrap() {
            Err(RecordError::Malformed { line, reason }) => {
                assert_eq!(line, 2);
                assert!(reason.contains("not UTF-8"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.next().unwrap().unwrap().line, 3);
        assert!(r.next().is_none());
    }

    #[test]
    fn no_trailing_newline_and_empty_input() {
        assert_eq!(read("a,b"), vec![ok(1, &["a", "b"])]);
        assert!(read("").is_empty());
    }
}
