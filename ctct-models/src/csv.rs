//! A streaming CSV record reader for bulk imports.
//!
//! An import file can be far larger than memory should hold, so records are read one at a
//! time from a [`BufRead`]. The dialect is RFC 4180 as spreadsheets write it: comma
//! separated, `"` quoting with `""` for a quote inside, quoted cells may span lines, `\n` or
//! `\r\n` line ends, a UTF-8 byte-order mark at the start ignored. Each record carries the
//! line number it starts on (1-based), so a rejected row can be named the way an editor shows
//! it. Malformed input (a stray quote, invalid UTF-8) is reported for that record with its
//! line, never a panic. A quote that is never closed swallows every line after it: that is
//! not one bad record but lines that were never read as records, so it is reported as
//! [`RecordError::Unread`] with the range of lines and the line the quote was opened on.
//!
//! The reader is one pass over the bytes: each byte is examined once, whatever the shape of
//! the record (a quoted cell spanning thousands of lines costs the same per byte as short
//! rows). One record may hold at most [`DEFAULT_MAX_RECORD_BYTES`] bytes (see
//! [`CsvReader::with_max_record_bytes`]): a longer one (typically a quote that is never
//! closed) is reported as [`RecordError::Malformed`] naming the line it starts on, and the
//! reader **stops** there, since where that record would end cannot be known without reading
//! the rest of the file; [`CsvReader::stopped_at`] then tells the caller that input was left
//! unread.

use std::io::{self, BufRead};

/// The default largest record, in bytes, line ends included: 1 MiB (a bulk-import row is at
/// most a few kilobytes).
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

/// One record: the line it starts on and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based line the record starts on.
    pub line: u64,
    /// The cells, unquoted.
    pub cells: Vec<String>,
}

impl Record {
    /// A blank line: one cell holding nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        matches!(self.cells.as_slice(), [only] if only.trim().is_empty())
    }
}

/// Why a record could not be read.
#[derive(Debug)]
pub enum RecordError {
    /// The record starting on `line` is malformed; the reader continues after it, except
    /// when the record is longer than the reader's limit ([`CsvReader::stopped_at`]).
    Malformed {
        /// The 1-based line the record starts on.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// Lines `first..=last` (the rest of the input) could not be read as records: a quoted
    /// cell opened on `quote_line` is still open at the end of the input. The reader stops.
    Unread {
        /// The 1-based line the unfinished record starts on.
        first: u64,
        /// The input's last line.
        last: u64,
        /// The 1-based line of the quote that was never closed.
        quote_line: u64,
    },
    /// Reading failed; the reader stops.
    Io(io::Error),
}

impl RecordError {
    /// For [`RecordError::Unread`]: how many lines were not read.
    pub fn unread_lines(&self) -> Option<u64> {
        match self {
            Self::Unread { first, last, .. } => Some(last.saturating_sub(*first) + 1),
            _ => None,
        }
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed { line, reason } => write!(f, "line {line}: {reason}"),
            Self::Unread {
                first,
                last,
                quote_line,
            } => {
                if first == last {
                    write!(f, "line {first} not read")?;
                } else {
                    write!(f, "lines {first}\u{2013}{last} not read")?;
                }
                write!(f, ": quote opened on line {quote_line} never closed")
            }
            Self::Io(e) => write!(f, "reading failed: {e}"),
        }
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// Where the parser is within a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In an unquoted cell (or at the start of a cell).
    Unquoted,
    /// Inside a quoted cell.
    Quoted,
    /// Inside a quoted cell, just after a `"`: either `""` or the closing quote.
    QuotePending,
    /// After a quoted cell's closing quote: only whitespace, then `,` or the line end.
    Closed,
    /// The record is malformed: skipping to the end of the physical line.
    Skip,
}

/// What one byte did to the record.
enum Step {
    /// The record goes on.
    More,
    /// The byte was the record's line end.
    End,
}

/// The state of the record being read; it lives across lines and buffer refills, so every
/// byte is examined once.
#[derive(Debug)]
struct Parse {
    mode: Mode,
    /// Whether any byte of the record has been read.
    started: bool,
    /// The record's bytes as read (for the UTF-8 check and the size limit).
    raw: Vec<u8>,
    /// The finished cells, unquoted.
    cells: Vec<Vec<u8>>,
    /// The cell being read, unquoted.
    cell: Vec<u8>,
    /// The bytes after the closing quote of the current cell (whitespace is allowed).
    trailing: Vec<u8>,
    /// The first thing found wrong.
    error: Option<String>,
    /// The line of the quote that opened the current quoted cell.
    quote_line: u64,
}

impl Parse {
    fn new() -> Self {
        Self {
            mode: Mode::Unquoted,
            started: false,
            raw: Vec::new(),
            cells: Vec::new(),
            cell: Vec::new(),
            trailing: Vec::new(),
            error: None,
            quote_line: 0,
        }
    }

    fn reset(&mut self) {
        self.mode = Mode::Unquoted;
        self.started = false;
        self.raw.clear();
        self.cells.clear();
        self.cell.clear();
        self.trailing.clear();
        self.error = None;
    }

    fn fail(&mut self, reason: String) {
        self.error = Some(reason);
        self.mode = Mode::Skip;
    }

    fn finish_cell(&mut self) {
        self.cells.push(std::mem::take(&mut self.cell));
        self.trailing.clear();
    }

    /// Whether the text after a closing quote is only whitespace; if not, records the error.
    fn check_trailing(&mut self) -> bool {
        let ok = std::str::from_utf8(&self.trailing).is_ok_and(|t| t.trim().is_empty());
        if !ok {
            let n = self.cells.len() + 1;
            self.fail(format!("text after the closing quote of cell {n}"));
        }
        ok
    }

    /// Takes one byte (already appended to `raw`), found on input line `line`.
    fn step(&mut self, b: u8, line: u64) -> Step {
        match self.mode {
            Mode::Skip => {}
            Mode::Quoted => match b {
                b'"' => self.mode = Mode::QuotePending,
                _ => self.cell.push(b),
            },
            Mode::QuotePending if b == b'"' => {
                self.cell.push(b'"');
                self.mode = Mode::Quoted;
            }
            Mode::QuotePending | Mode::Closed => {
                self.mode = Mode::Closed;
                match b {
                    b',' => {
                        if self.check_trailing() {
                            self.finish_cell();
                            self.mode = Mode::Unquoted;
                        }
                    }
                    b'\n' => {
                        if self.check_trailing() {
                            self.finish_cell();
                        }
                    }
                    b'"' => {
                        if self.check_trailing() {
                            let n = self.cells.len() + 1;
                            self.fail(stray_quote(n));
                        }
                    }
                    _ => self.trailing.push(b),
                }
            }
            Mode::Unquoted => match b {
                b',' => self.finish_cell(),
                b'\n' => {
                    if self.cell.last() == Some(&b'\r') {
                        self.cell.pop();
                    }
                    self.finish_cell();
                }
                b'"' => {
                    let blank = std::str::from_utf8(&self.cell).is_ok_and(|c| c.trim().is_empty());
                    if blank {
                        self.cell.clear();
                        self.mode = Mode::Quoted;
                        self.quote_line = line;
                    } else {
                        let n = self.cells.len() + 1;
                        self.fail(stray_quote(n));
                    }
                }
                _ => self.cell.push(b),
            },
        }
        let ends = b == b'\n' && !matches!(self.mode, Mode::Quoted | Mode::QuotePending);
        if ends { Step::End } else { Step::More }
    }

    /// The end of the input inside a record: closes it. `Err` with the line of the quote
    /// when a quoted cell is still open (the record never ended).
    fn end_of_input(&mut self) -> Result<(), u64> {
        match self.mode {
            Mode::Quoted => return Err(self.quote_line),
            Mode::QuotePending | Mode::Closed => {
                if self.check_trailing() {
                    self.finish_cell();
                }
            }
            Mode::Unquoted => self.finish_cell(),
            Mode::Skip => {}
        }
        Ok(())
    }

    /// The finished record (after [`Parse::step`] returned [`Step::End`] or
    /// [`Parse::end_of_input`]).
    fn take(&mut self, line: u64) -> Result<Record, RecordError> {
        let malformed = |reason| RecordError::Malformed { line, reason };
        if let Err(e) = std::str::from_utf8(&self.raw) {
            let reason = format!("not UTF-8 (byte {} of the record)", e.valid_up_to());
            return Err(malformed(reason));
        }
        if let Some(reason) = self.error.take() {
            return Err(malformed(reason));
        }
        // Each cell is the record's valid UTF-8 cut at ASCII bytes, so this cannot fail.
        let cells = std::mem::take(&mut self.cells)
            .into_iter()
            .map(String::from_utf8)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| malformed("not UTF-8".into()))?;
        Ok(Record { line, cells })
    }
}

fn stray_quote(cell: usize) -> String {
    format!("a stray double quote in cell {cell} (quote the whole cell and double the quote)")
}

/// Reads CSV records from a [`BufRead`]; an [`Iterator`] of records.
#[derive(Debug)]
pub struct CsvReader<R> {
    input: R,
    /// The number of the next line to read.
    next_line: u64,
    /// How many bytes of a possible byte-order mark at the start are held back (`None` once
    /// past the start).
    bom: Option<usize>,
    done: bool,
    max_record_bytes: usize,
    /// The line of the record that was too long, once the reader has stopped on one.
    stopped_at: Option<u64>,
    /// Bytes handed to the parser so far (each byte of the input once).
    examined: u64,
    parse: Parse,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader over `input`, with records of at most [`DEFAULT_MAX_RECORD_BYTES`].
    pub fn new(input: R) -> Self {
        Self {
            input,
            next_line: 1,
            bom: Some(0),
            done: false,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            stopped_at: None,
            examined: 0,
            parse: Parse::new(),
        }
    }

    /// Sets the largest record, in bytes with its line ends (at least 1). A longer record
    /// is reported as [`RecordError::Malformed`] naming its first line, and the reader stops
    /// there without reading further.
    #[must_use]
    pub fn with_max_record_bytes(mut self, max: usize) -> Self {
        self.max_record_bytes = max.max(1);
        self
    }

    /// When the reader stopped on a record longer than the limit: the line that record
    /// starts on. Nothing from that line on was returned as a record.
    pub fn stopped_at(&self) -> Option<u64> {
        self.stopped_at
    }

    /// How many input bytes the reader has examined so far (each byte is examined once).
    pub fn bytes_examined(&self) -> u64 {
        self.examined
    }

    fn read_record(&mut self) -> Result<Option<Record>, RecordError> {
        self.parse.reset();
        let line = self.next_line;
        let max = self.max_record_bytes;
        let Self {
            input,
            next_line,
            bom,
            examined,
            parse,
            ..
        } = self;
        // Feeds one byte to the record; `None` when the record is now too long.
        let mut feed = |parse: &mut Parse, b: u8| -> Option<Step> {
            parse.started = true;
            parse.raw.push(b);
            if parse.raw.len() > max {
                return None;
            }
            let at = *next_line;
            if b == b'\n' {
                *next_line += 1;
            }
            Some(parse.step(b, at))
        };
        loop {
            let buf = match input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(RecordError::Io(e)),
            };
            if buf.is_empty() {
                // A file shorter than a byte-order mark: its bytes are text.
                let held = bom.take().unwrap_or(0);
                if BOM[..held].iter().any(|&b| feed(parse, b).is_none()) {
                    break;
                }
                if !parse.started {
                    return Ok(None);
                }
                if let Err(quote_line) = parse.end_of_input() {
                    // The last line is the one before the final line end, if any.
                    let ended = parse.raw.last() == Some(&b'\n');
                    let last = if ended {
                        next_line.saturating_sub(1)
                    } else {
                        *next_line
                    };
                    return Err(RecordError::Unread {
                        first: line,
                        last: last.max(line),
                        quote_line,
                    });
                }
                return parse.take(line).map(Some);
            }
            let mut used = 0;
            // `Some(true)`: too long; `Some(false)`: the record ended.
            let mut outcome = None;
            for &b in buf {
                used += 1;
                if let Some(held) = *bom {
                    if b == BOM[held] {
                        parse.started = true;
                        *bom = (held + 1 < BOM.len()).then_some(held + 1);
                        continue;
                    }
                    *bom = None;
                    if BOM[..held].iter().any(|&h| feed(parse, h).is_none()) {
                        outcome = Some(true);
                        break;
                    }
                }
                match feed(parse, b) {
                    None => {
                        outcome = Some(true);
                        break;
                    }
                    Some(Step::End) => {
                        outcome = Some(false);
                        break;
                    }
                    Some(Step::More) => {}
                }
            }
            *examined += used as u64;
            input.consume(used);
            match outcome {
                Some(true) => break,
                Some(false) => return parse.take(line).map(Some),
                None => {}
            }
        }
        // The record is longer than the limit.
        self.stopped_at = Some(line);
        self.parse.reset();
        Err(RecordError::Malformed {
            line,
            reason: format!(
                "the record is longer than {max} bytes (a quoted cell that is never closed?); \
                 reading stopped there: nothing from line {line} on was read"
            ),
        })
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
                if matches!(e, RecordError::Io(_) | RecordError::Unread { .. })
                    || self.stopped_at.is_some()
                {
                    self.done = true;
                }
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<(u64, Vec<String>), String>> {
        CsvReader::new(text.as_bytes())
            .map(|r| match r {
                Ok(r) => Ok((r.line, r.cells)),
                Err(RecordError::Malformed { line, reason }) => Err(format!("{line}: {reason}")),
                Err(e) => Err(e.to_string()),
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
        assert_eq!(
            got[3],
            Err("line 4 not read: quote opened on line 4 never closed".into())
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
    fn an_unclosed_quote_reports_the_lines_not_read_as_a_range() {
        // Line 2 opens a quote in its second cell that no later line closes.
        let mut text = "EMAIL ADDRESS,CITY\na@x.com,\"open\n".to_owned();
        for i in 3..=10_000 {
            text.push_str(&format!("u{i}@x.com,City {i}\n"));
        }
        let mut r = CsvReader::new(text.as_bytes());
        assert_eq!(r.next().unwrap().unwrap().line, 1);
        let e = r.next().unwrap().unwrap_err();
        assert!(
            matches!(
                e,
                RecordError::Unread {
                    first: 2,
                    last: 10_000,
                    quote_line: 2
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.unread_lines(), Some(9_999));
        assert_eq!(
            e.to_string(),
            "lines 2\u{2013}10000 not read: quote opened on line 2 never closed"
        );
        assert!(r.next().is_none());

        // The quote that stays open may be on a later line of the record than its start,
        // and a file without a final line end counts its last line too.
        let got = read("h\n\"a\nb\",\"c\nd");
        assert_eq!(
            got[1],
            Err("lines 2\u{2013}4 not read: quote opened on line 3 never closed".into())
        );
        assert_eq!(got.len(), 2);
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

    /// Serves `head` then `filler` lines up to `total` bytes, counting the bytes handed out.
    struct Endless {
        data: Vec<u8>,
        total: usize,
        served: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl io::Read for Endless {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let at = self.served.get();
            if at >= self.total {
                return Ok(0);
            }
            let n = out.len().min(self.total - at);
            for (k, b) in out[..n].iter_mut().enumerate() {
                *b = self.data[(at + k) % self.data.len()];
            }
            self.served.set(at + n);
            Ok(n)
        }
    }

    #[test]
    fn an_unclosed_quote_names_its_line_and_stops_after_the_limit() {
        // Header, one good row, then an unclosed quote at line 3 and 64 MiB of lines.
        let head = b"EMAIL ADDRESS,CITY\na@x.com,Boston\nb@x.com,\"open\n".to_vec();
        let filler = b"more text, never closed\n";
        let served = std::rc::Rc::new(std::cell::Cell::new(0));
        let tail = Endless {
            data: filler.to_vec(),
            total: 64 << 20,
            served: served.clone(),
        };
        let input = io::BufReader::new(io::Read::chain(&head[..], tail));
        let mut r = CsvReader::new(input).with_max_record_bytes(100_000);
        assert_eq!(r.next().unwrap().unwrap().line, 1);
        assert_eq!(r.next().unwrap().unwrap().cells, ["a@x.com", "Boston"]);
        match r.next().unwrap() {
            Err(RecordError::Malformed { line, reason }) => {
                assert_eq!(line, 3);
                assert!(reason.contains("longer than 100000 bytes"), "{reason}");
                assert!(reason.contains("nothing from line 3 on"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.stopped_at(), Some(3));
        assert!(r.next().is_none());
        // Read: the limit plus at most one buffer, not the 64 MiB.
        assert!(
            served.get() <= 100_000 + 2 * 8192,
            "{} bytes read",
            served.get()
        );
    }

    #[test]
    fn the_default_limit_applies_to_a_long_line_without_quotes() {
        let mut text = "a\n".to_owned();
        text.push_str(&"x".repeat(DEFAULT_MAX_RECORD_BYTES + 1));
        text.push_str("\nb\n");
        let got = read(&text);
        assert_eq!(got.len(), 2);
        assert!(
            got[1]
                .as_ref()
                .unwrap_err()
                .starts_with("2: the record is longer than")
        );
    }

    #[test]
    fn a_quoted_cell_of_20000_lines_is_read_in_one_pass() {
        let body: String = (0..20_000)
            .map(|i| format!("line {i}, \"\"q\"\"\n"))
            .collect();
        let text = format!("h1,h2\nx@y.com,\"{body}end\"\r\nlast,1\n");
        let mut r = CsvReader::new(text.as_bytes());
        assert_eq!(r.next().unwrap().unwrap().cells, ["h1", "h2"]);
        let rec = r.next().unwrap().unwrap();
        assert_eq!(rec.line, 2);
        let want = format!("{}end", body.replace("\"\"", "\""));
        assert_eq!(rec.cells, [String::from("x@y.com"), want]);
        let last = r.next().unwrap().unwrap();
        assert_eq!(
            (last.line, last.cells),
            (20_003, vec!["last".into(), "1".into()])
        );
        assert!(r.next().is_none());
        // Every byte examined exactly once (the old reader re-split the record per line).
        assert_eq!(r.bytes_examined(), text.len() as u64);
    }

    #[test]
    fn a_byte_order_mark_split_across_reads_is_skipped() {
        let input = io::BufReader::with_capacity(1, &b"\xEF\xBB\xBFa,b\n\xEF\xBBc\n"[..]);
        let got: Vec<_> = CsvReader::new(input).map(|r| r.map(|r| r.cells)).collect();
        assert_eq!(got[0].as_ref().unwrap(), &["a", "b"]);
        // Only the file's first three bytes may be a mark: later it is invalid text.
        assert!(got[1].is_err());
        assert_eq!(got.len(), 2);
    }
}
