//! Bulk import of contacts through add activities (`docs/v1/activities.md`).
//!
//! A file of contacts becomes one or more `SV_ADD` activities. The input is streamed: the
//! CSV file is read record by record on a blocking thread, and only one chunk (one
//! activity's worth of rows) is in memory at a time. Every row is checked before it is sent
//! (an email address is required, at most 80 characters and shaped like an address; other
//! cells at most the contact field's length, `docs/v1/contacts.md#fields`; the row has as many cells as the header;
//! no cell holds a character XML 1.0 cannot carry, such as NUL, which once stored would make
//! every later read of the account fail),
//! and a row that fails is reported in [`ImportReport::rejected`] with its line number and
//! the reason, never silently dropped: every row read is either sent or rejected.
//!
//! Chunks are cut so that no activity exceeds [`ImportOptions::max_rows`] rows or
//! [`ImportOptions::max_body_bytes`] request bytes. V1 documented no limits; the defaults are
//! the V3 import limits (40,000 lines with the header, 4 MB; `docs/v3/activities.md#csv-import`), UNCERTAIN for V1.
//! Activities are meant for 25 contacts or more (`docs/v1/activities.md#uris`): use
//! [`Client::upsert_contact`] for a handful.
//!
//! A server may take less than that: an activity answered 413 (too large; nothing was
//! processed) is cut in two halves, each sent as its own activity, down to a single row,
//! which then fails naming its input line.
//!
//! `POST /activities` is retried only on 429 and 503, which say nothing was processed (a POST
//! retried after a lost answer could create the activity twice). When an answer is lost, the
//! activities are read back: one new `SV_ADD` activity is the chunk's, and the import goes on.
//! If
//! one fails, [`ImportError`] carries the report so far: which activities were created and
//! which lines they cover, and [`ImportError::resume_line`], the input line to start again
//! from ([`ImportOptions::from_line`]) so that nothing is sent twice and nothing is skipped.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use ctct_models::endpoint::Endpoint as _;
use ctct_models::fields::TextField;
use ctct_models::form::{Table, encode_form_value};
use ctct_models::ids::ListId;
use ctct_models::v1::activities as api;
use ctct_models::v1::contacts::Contact;
use ctct_models::validate::{XML_CHAR_RULE, code_point, first_non_xml_char};

use crate::client::Client;
use crate::error::{CsvError, Error, WorkflowError};
use crate::workflows::csv::{CsvReader, Record, RecordError};

/// How the activity's form is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormEncoding {
    /// `application/x-www-form-urlencoded` (the documented default).
    #[default]
    UrlEncoded,
    /// `multipart/form-data`, `data` as a file part (smaller for large files: no `%HH`).
    Multipart,
}

/// The settings of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The lists every imported contact joins (at least one).
    pub lists: Vec<ListId>,
    /// The form encoding. Default [`FormEncoding::UrlEncoded`].
    pub encoding: FormEncoding,
    /// The most contact rows in one activity. Default 39,999.
    pub max_rows: usize,
    /// The largest request body of one activity, in bytes. Default 4,000,000.
    pub max_body_bytes: usize,
    /// For CSV input: skip the records that start before this input line (the header,
    /// line 1, is always read). `None` (the default) reads every row; give
    /// [`ImportError::resume_line`] to resume a failed import. At least 2.
    pub from_line: Option<u64>,
}

impl ImportOptions {
    /// Import into `lists` with the default encoding and limits.
    pub fn new(lists: impl IntoIterator<Item = ListId>) -> Self {
        Self {
            lists: lists.into_iter().collect(),
            encoding: FormEncoding::UrlEncoded,
            max_rows: 39_999,
            max_body_bytes: 4_000_000,
            from_line: None,
        }
    }
}

pub use super::import_report::{
    ImportError, ImportReport, ImportedChunk, RejectedRow, UnreadLines, describe_lines,
};

/// The bulk-activity columns (`docs/v1/activities.md#form-body`): the contact fields the schema gives a
/// CSV column, in schema order, each with its canonical column name and length limit.
fn bulk_fields() -> impl Iterator<Item = &'static TextField<Contact>> {
    Contact::TEXT_FIELDS.iter().filter(|f| !f.csv.is_empty())
}

/// The canonical column names an import writes, in schema order.
pub fn columns() -> Vec<&'static str> {
    bulk_fields().map(|f| f.csv[0]).collect()
}

/// The canonical column name for a header cell (case, `_` and spacing ignored; any of a
/// field's column names), if known.
pub fn canonical_column(name: &str) -> Option<&'static str> {
    ctct_models::fields::by_column(Contact::TEXT_FIELDS, name).map(|f| f.csv[0])
}

fn max_len(column: &str) -> usize {
    ctct_models::fields::by_column(Contact::TEXT_FIELDS, column)
        .and_then(|f| f.csv_max_len)
        .unwrap_or(50)
}

/// Checks an email address the way the import does: present, at most 80 characters, one
/// `@` with text on both sides, a dot in the domain, no spaces or control characters.
pub fn check_email(email: &str) -> Result<(), String> {
    let shown = shown(email);
    if email.is_empty() {
        return Err("EMAIL ADDRESS is empty".into());
    }
    let chars = email.chars().count();
    if chars > 80 {
        return Err(format!(
            "EMAIL ADDRESS {shown:?} has {chars} characters (at most 80)"
        ));
    }
    let well_formed = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    };
    if !well_formed || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("EMAIL ADDRESS {shown:?} is not an email address"));
    }
    Ok(())
}

fn shown(value: &str) -> String {
    ctct_models::excerpt::clip(value, 100)
}

/// The rows of the activity being filled.
#[derive(Debug, Default)]
struct Chunk {
    rows: Vec<Vec<String>>,
    lines: Vec<u64>,
    /// The encoded size of the rows (while filling; a half of a split chunk has 0).
    bytes: usize,
}

impl Chunk {
    /// The two halves of a chunk of two rows or more, in order.
    fn halves(mut self) -> (Chunk, Chunk) {
        let at = self.rows.len() / 2;
        let rows = self.rows.split_off(at);
        let lines = self.lines.split_off(at);
        let second = Chunk {
            rows,
            lines,
            bytes: 0,
        };
        self.bytes = 0;
        (self, second)
    }
}

/// Validates rows and cuts them into chunks; no I/O, so it can run on a blocking thread.
#[derive(Debug)]
struct Chunker {
    columns: Vec<&'static str>,
    email_at: usize,
    /// Leave out the columns empty in every row of a chunk (for contacts, whose empty fields
    /// mean "not given"; a CSV's columns are sent as the file has them).
    drop_empty_columns: bool,
    encoding: FormEncoding,
    max_rows: usize,
    max_body_bytes: usize,
    /// The body bytes of an activity with the header and no rows.
    overhead: usize,
    chunk: Chunk,
    report: ImportReport,
}

impl Chunker {
    fn new(
        columns: Vec<&'static str>,
        drop_empty_columns: bool,
        options: &ImportOptions,
    ) -> Result<Self, Error> {
        let email_at =
            columns
                .iter()
                .position(|c| *c == "EMAIL ADDRESS")
                .ok_or(CsvError::MissingColumn {
                    name: "EMAIL ADDRESS",
                })?;
        if options.max_rows == 0 {
            return Err(WorkflowError::ZeroMaxRows.into());
        }
        let table = Table::new(columns.iter().copied());
        let overhead = build(&table, &options.lists, options.encoding)?
            .body
            .as_ref()
            .map_or(0, |b| b.as_bytes().len());
        Ok(Self {
            columns,
            email_at,
            drop_empty_columns,
            encoding: options.encoding,
            max_rows: options.max_rows,
            max_body_bytes: options.max_body_bytes,
            overhead,
            chunk: Chunk::default(),
            report: ImportReport::default(),
        })
    }

    fn reject(&mut self, line: u64, email: Option<&str>, reason: String) {
        self.report.rejected.push(RejectedRow {
            line,
            email: email.map(str::to_owned),
            reason,
        });
    }

    /// Checks a row; when it passes, adds it, first returning the full chunk it did not fit.
    fn offer(&mut self, line: u64, mut cells: Vec<String>) -> Option<Chunk> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            self.report.blank_lines += 1;
            return None;
        }
        self.report.rows_read += 1;
        let email = cells.get(self.email_at).map(|e| e.trim().to_owned());
        if cells.len() != self.columns.len() {
            self.reject(
                line,
                email.as_deref(),
                format!(
                    "the row has {} cells but the header has {} columns",
                    cells.len(),
                    self.columns.len()
                ),
            );
            return None;
        }
        if let Some(reason) = self.non_xml_char(line, &cells) {
            self.reject(line, email.as_deref().filter(|e| !e.is_empty()), reason);
            return None;
        }
        let email = email.unwrap_or_default();
        if let Err(reason) = check_email(&email) {
            self.reject(
                line,
                Some(&email).filter(|e| !e.is_empty()).map(|e| e.as_str()),
                reason,
            );
            return None;
        }
        cells[self.email_at] = email.clone();
        for (column, cell) in self.columns.iter().zip(&cells) {
            let limit = max_len(column);
            let n = cell.chars().count();
            if n > limit {
                let reason = format!(
                    "{column} {:?} has {n} characters (at most {limit})",
                    shown(cell)
                );
                self.reject(line, Some(&email), reason);
                return None;
            }
        }
        let mut one = Table {
            columns: Vec::new(),
            rows: vec![cells],
        };
        // With no columns the text is "\n" + the row: exactly what the row adds to `data`.
        let text = one.to_text();
        let added = match self.encoding {
            FormEncoding::UrlEncoded => encode_form_value(&text).len(),
            FormEncoding::Multipart => text.len(),
        };
        let row = one.rows.pop().unwrap_or_default();
        if self.overhead + added > self.max_body_bytes {
            self.reject(
                line,
                Some(&email),
                format!(
                    "the row alone makes a {} byte request (at most {})",
                    self.overhead + added,
                    self.max_body_bytes
                ),
            );
            return None;
        }
        let full = !self.chunk.rows.is_empty()
            && (self.chunk.rows.len() >= self.max_rows
                || self.overhead + self.chunk.bytes + added > self.max_body_bytes);
        let done = full.then(|| std::mem::take(&mut self.chunk));
        self.chunk.rows.push(row);
        self.chunk.lines.push(line);
        self.chunk.bytes += added;
        done
    }

    /// Why a row cannot be sent if a cell holds a character XML 1.0 cannot carry: the
    /// column (name and 1-based number), where the character is (for a CSV row, the file
    /// line it is on, which differs from the row's first line after a quoted line break),
    /// the character and the value, escaped. The sandbox and XML readers fail on every later
    /// document that would carry such a character, so it must never be stored.
    fn non_xml_char(&self, line: u64, cells: &[String]) -> Option<String> {
        let mut breaks = 0u64;
        for (i, (column, cell)) in self.columns.iter().zip(cells).enumerate() {
            if let Some((position, c)) = first_non_xml_char(cell) {
                let before: String = cell.chars().take(position).collect();
                let at = if self.drop_empty_columns {
                    format!("character {}", position + 1)
                } else {
                    let on = line + breaks + before.matches('\n').count() as u64;
                    format!("line {on}, character {}", position + 1)
                };
                return Some(format!(
                    "{column} (column {}) holds {} at {at} of {:?}, {XML_CHAR_RULE}",
                    i + 1,
                    code_point(c),
                    shown(cell)
                ));
            }
            breaks += cell.matches('\n').count() as u64;
        }
        None
    }

    /// The table of a chunk, with the chunk's columns.
    fn table(&self, chunk: &Chunk) -> Table {
        let keep: Vec<bool> = (0..self.columns.len())
            .map(|i| {
                !self.drop_empty_columns
                    || i == self.email_at
                    || chunk
                        .rows
                        .iter()
                        .any(|r| r.get(i).is_some_and(|c| !c.is_empty()))
            })
            .collect();
        let pick = |cells: &[String]| -> Vec<String> {
            cells
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c.clone())
                .collect()
        };
        Table {
            columns: self
                .columns
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| (*c).to_owned())
                .collect(),
            rows: chunk.rows.iter().map(|r| pick(r)).collect(),
        }
    }
}

fn build(
    table: &Table,
    lists: &[ListId],
    encoding: FormEncoding,
) -> Result<ctct_models::endpoint::Request<ctct_models::endpoint::Created<api::Activity>>, Error> {
    Ok(match encoding {
        FormEncoding::UrlEncoded => api::CreateSvAddActivity::new(table)
            .lists(lists.iter().cloned())
            .to_request()?,
        FormEncoding::Multipart => api::CreateSvAddActivityMultipart::new(table)
            .lists(lists.iter().cloned())
            .to_request()?,
    })
}

/// The contact fields an import sends, by column (in [`columns`] order).
fn contact_cells(c: &Contact) -> Vec<String> {
    bulk_fields()
        .map(|f| (f.get)(c).unwrap_or_default().to_owned())
        .collect()
}

/// Reads the header of a CSV import: every column known (`docs/v1/activities.md#form-body`), none twice, and an
/// `EMAIL ADDRESS` column.
fn header_columns(record: &Record) -> Result<Vec<&'static str>, Error> {
    let mut columns: Vec<&'static str> = Vec::with_capacity(record.cells.len());
    for (i, name) in record.cells.iter().enumerate() {
        let column = canonical_column(name).ok_or_else(|| CsvError::UnknownColumn {
            line: record.line,
            column: i + 1,
            name: shown(name),
            known: self::columns(),
        })?;
        if columns.contains(&column) {
            return Err(CsvError::DuplicateColumn {
                line: record.line,
                column: i + 1,
                name: column,
            }
            .into());
        }
        columns.push(column);
    }
    Ok(columns)
}

/// A CSV source handed back and forth between the async import and a blocking thread.
struct CsvSource<R> {
    records: CsvReader<R>,
    chunker: Chunker,
    /// Records starting before this line are skipped ([`ImportOptions::from_line`]).
    from_line: u64,
    /// Why reading stopped before the end of the input (a record over the reader's limit).
    stopped: Option<CsvError>,
}

/// What a blocking read of the CSV gave: the source back, a full chunk if one is ready (or
/// the last one at the end), and whether the input is finished.
type Filled<R> = (CsvSource<R>, Option<Chunk>, bool);

impl<R: BufRead> CsvSource<R> {
    /// Reads records until a chunk is full or the input ends.
    fn fill(mut self) -> Result<Filled<R>, Box<ImportError>> {
        loop {
            match self.records.next() {
                None => {
                    let last = std::mem::take(&mut self.chunker.chunk);
                    let last = (!last.rows.is_empty()).then_some(last);
                    return Ok((self, last, true));
                }
                Some(Ok(record)) if record.line < self.from_line => {
                    self.chunker.report.skipped += 1;
                }
                Some(Err(RecordError::Malformed { line, .. })) if line < self.from_line => {
                    self.chunker.report.skipped += 1;
                }
                Some(Ok(record)) => {
                    if let Some(full) = self.chunker.offer(record.line, record.cells) {
                        return Ok((self, Some(full), false));
                    }
                }
                Some(Err(RecordError::Malformed { line, reason })) => {
                    self.chunker.report.rows_read += 1;
                    if self.records.stopped_at().is_some() {
                        // The rest of the input cannot be read: send what came before, then
                        // stop with an error (never a quiet success).
                        self.stopped = Some(CsvError::ReadingStopped {
                            line,
                            reason: reason.clone(),
                        });
                        self.chunker.reject(line, None, reason);
                        let last = std::mem::take(&mut self.chunker.chunk);
                        let last = (!last.rows.is_empty()).then_some(last);
                        return Ok((self, last, true));
                    }
                    self.chunker.reject(line, None, reason);
                }
                Some(Err(e @ RecordError::Unread { .. })) => {
                    // The rest of the input is one unfinished record: record the range, send
                    // what came before.
                    if let RecordError::Unread { first, last, .. } = e {
                        self.chunker.report.unread = Some(UnreadLines {
                            first,
                            last,
                            message: e.to_string(),
                        });
                    }
                    let last = std::mem::take(&mut self.chunker.chunk);
                    let last = (!last.rows.is_empty()).then_some(last);
                    return Ok((self, last, true));
                }
                Some(Err(RecordError::Io(e))) => {
                    let resume = self.chunker.chunk.lines.first().copied();
                    let report = std::mem::take(&mut self.chunker.report);
                    let error = CsvError::Read { source: e }.into();
                    return Err(Box::new(ImportError::new(report, error, resume)));
                }
            }
        }
    }
}

impl Client {
    /// Imports the contacts of a CSV file: see [`Client::import_csv`].
    ///
    /// # Errors
    ///
    /// [`ImportError`] when the file cannot be opened, its header is not usable, or an
    /// activity cannot be created.
    pub async fn import_csv_file(
        &self,
        path: impl AsRef<Path>,
        options: &ImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| {
            let error = WorkflowError::File {
                action: "open",
                path: path.to_owned(),
                source,
            };
            ImportError::new(ImportReport::default(), error.into(), None)
        })?;
        self.import_csv(BufReader::new(file), options).await
    }

    /// Imports contacts from CSV text: the first line names the columns (the names of `docs/v1/activities.md#form-body`
    /// such as `EMAIL ADDRESS`, `FIRST NAME`; case, `_` and spacing ignored), each further
    /// line is a contact. The input is read on a blocking thread, one chunk at a time.
    ///
    /// Each chunk becomes one `SV_ADD` activity (returned in [`ImportReport::chunks`]); rows
    /// that fail the checks are in [`ImportReport::rejected`] with their line numbers. Wait
    /// for the activities with [`Client::wait_for_activity`].
    ///
    /// # Errors
    ///
    /// [`ImportError`] (with the report so far) when the header is missing or names an
    /// unknown or repeated column or no `EMAIL ADDRESS`, when reading fails, when a record is
    /// longer than the reader's limit (the rows before it are sent first), or when an
    /// activity cannot be created.
    pub async fn import_csv<R: BufRead + Send + 'static>(
        &self,
        input: R,
        options: &ImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let fail = |report, error| ImportError::new(report, error, None);
        let from_line = match options.from_line {
            None => 0,
            Some(n) if n >= 2 => n,
            Some(from_line) => {
                let error = WorkflowError::FromLineTooSmall { from_line }.into();
                return Err(fail(ImportReport::default(), error));
            }
        };
        let mut records = CsvReader::new(input);
        let header = match records.next() {
            Some(Ok(record)) => record,
            Some(Err(RecordError::Malformed { line, reason })) => {
                let error = CsvError::MalformedHeader { line, reason }.into();
                return Err(fail(ImportReport::default(), error));
            }
            Some(Err(RecordError::Unread {
                first,
                last,
                quote_line,
            })) => {
                let error = CsvError::UnclosedQuote {
                    quote_line,
                    first: Some(first),
                    last: Some(last),
                }
                .into();
                return Err(fail(ImportReport::default(), error));
            }
            Some(Err(RecordError::Io(source))) => {
                let error = CsvError::Read { source }.into();
                return Err(fail(ImportReport::default(), error));
            }
            None => {
                let error = CsvError::NoHeader.into();
                return Err(fail(ImportReport::default(), error));
            }
        };
        let chunker = header_columns(&header)
            .and_then(|columns| Chunker::new(columns, false, options))
            .map_err(|e| fail(ImportReport::default(), e))?;
        let mut source = CsvSource {
            records,
            chunker,
            from_line,
            stopped: None,
        };
        loop {
            let filled = tokio::task::spawn_blocking(move || source.fill()).await;
            let (back, chunk, finished) = match filled {
                Ok(Ok(filled)) => filled,
                Ok(Err(e)) => return Err(*e),
                Err(source) => {
                    let error = WorkflowError::ThreadFailed {
                        task: "CSV reader",
                        source,
                    }
                    .into();
                    return Err(fail(ImportReport::default(), error));
                }
            };
            source = back;
            if let Some(chunk) = chunk {
                if let Err((error, resume)) =
                    self.send_chunk(&mut source.chunker, chunk, options).await
                {
                    let report = std::mem::take(&mut source.chunker.report);
                    return Err(ImportError::new(report, error, Some(resume)));
                }
            }
            if finished {
                let report = std::mem::take(&mut source.chunker.report);
                return match source.stopped.take() {
                    Some(reason) => Err(fail(report, reason.into())),
                    None => Ok(report),
                };
            }
        }
    }

    /// Imports contacts from an iterator, in the same chunks and with the same checks as
    /// [`Client::import_csv`]; a rejected contact's `line` is its 1-based position. Each
    /// activity carries the columns its contacts set (email address, names, phones,
    /// address, custom fields; list membership comes from [`ImportOptions::lists`]).
    ///
    /// # Errors
    ///
    /// [`ImportError`] (with the report so far) when an activity cannot be created.
    pub async fn import_contacts(
        &self,
        contacts: impl IntoIterator<Item = Contact>,
        options: &ImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let columns = columns();
        let mut chunker = Chunker::new(columns, true, options)
            .map_err(|error| ImportError::new(ImportReport::default(), error, None))?;
        for (position, contact) in (1u64..).zip(contacts) {
            if let Some(full) = chunker.offer(position, contact_cells(&contact)) {
                if let Err((error, resume)) = self.send_chunk(&mut chunker, full, options).await {
                    let report = std::mem::take(&mut chunker.report);
                    return Err(ImportError::new(report, error, Some(resume)));
                }
            }
        }
        let last = std::mem::take(&mut chunker.chunk);
        if !last.rows.is_empty() {
            if let Err((error, resume)) = self.send_chunk(&mut chunker, last, options).await {
                let report = std::mem::take(&mut chunker.report);
                return Err(ImportError::new(report, error, Some(resume)));
            }
        }
        Ok(chunker.report)
    }

    /// Creates the activity of one chunk and records it; on 413 (too large, nothing
    /// processed) sends its halves instead, in order, down to one row. On failure, the
    /// error and the first input line of the rows not sent.
    async fn send_chunk(
        &self,
        chunker: &mut Chunker,
        chunk: Chunk,
        options: &ImportOptions,
    ) -> Result<(), (Error, u64)> {
        // Pieces still to send, the next one last.
        let mut pending = vec![chunk];
        while let Some(piece) = pending.pop() {
            let first_line = piece.lines.first().copied().unwrap_or_default();
            let table = chunker.table(&piece);
            let request =
                build(&table, &options.lists, options.encoding).map_err(|e| (e, first_line))?;
            let bytes = request.body.as_ref().map_or(0, |b| b.as_bytes().len());
            let since = super::recover::check_since();
            let created = match self.send_request(request).await {
                Ok(created) => created,
                Err(e) if e.is_outcome_unknown() => {
                    // The answer was lost: the activity exists if the POST landed. The earlier
                    // pieces' activities are known, so a new SV_ADD one is this piece's.
                    let known = chunker.report.activity_ids();
                    let check = self
                        .new_activity_since(api::ActivityType::SvAdd, since, &known)
                        .await;
                    let activity = super::recover::settle(e, check, || {
                        format!("no new SV_ADD activity appeared since {}", since.to_utc())
                    })
                    .map_err(|e| (e, first_line))?;
                    chunker.report.rows_sent += piece.rows.len() as u64;
                    chunker.report.chunks.push(ImportedChunk {
                        activity,
                        lines: piece.lines,
                    });
                    continue;
                }
                Err(e) if e.status() == Some(413) && piece.rows.len() > 1 => {
                    tracing::debug!(
                        rows = piece.rows.len(),
                        bytes,
                        "activity refused as too large; sending it in two halves"
                    );
                    let (a, b) = piece.halves();
                    pending.push(b);
                    pending.push(a);
                    continue;
                }
                Err(e) if e.status() == Some(413) => {
                    let error = WorkflowError::RowTooLarge {
                        line: first_line,
                        bytes,
                        source: Box::new(e),
                    }
                    .into();
                    return Err((error, first_line));
                }
                Err(e) => return Err((e, first_line)),
            };
            let activity = super::created_id(&created, |a: &api::Activity| a.resource_id().ok())
                .ok_or_else(|| {
                    let error = WorkflowError::CreatedWithoutId {
                        what: "activity",
                        id: "activity id",
                    }
                    .into();
                    (error, first_line)
                })?;
            chunker.report.rows_sent += piece.rows.len() as u64;
            chunker.report.chunks.push(ImportedChunk {
                activity,
                lines: piece.lines,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(max_rows: usize, max_body_bytes: usize) -> ImportOptions {
        ImportOptions {
            max_rows,
            max_body_bytes,
            ..ImportOptions::new([ListId::new("joesflowers", "1")])
        }
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn rows_are_checked_and_rejections_name_line_column_and_value() {
        let mut c = Chunker::new(
            vec!["EMAIL ADDRESS", "POSTAL CODE"],
            false,
            &options(10, 1 << 20),
        )
        .unwrap();
        assert!(c.offer(2, cells(&[" a@example.com ", "02110"])).is_none());
        let long = format!("{}@example.com", "x".repeat(70));
        assert!(c.offer(3, cells(&[&long, ""])).is_none());
        assert!(c.offer(4, cells(&["not-an-address", ""])).is_none());
        assert!(
            c.offer(5, cells(&["b@example.com", &"9".repeat(26)]))
                .is_none()
        );
        assert!(c.offer(6, cells(&["c@example.com"])).is_none());
        assert!(c.offer(7, cells(&["", ""])).is_none());
        assert!(c.offer(8, cells(&["", "02110"])).is_none());
        assert_eq!(c.chunk.rows, vec![cells(&["a@example.com", "02110"])]);
        assert_eq!(c.chunk.lines, vec![2]);
        let r = &c.report;
        assert_eq!((r.rows_read, r.blank_lines), (6, 1));
        let got: Vec<(u64, &str)> = r
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(got[0].0, 3);
        assert!(
            got[0].1.contains("has 82 characters (at most 80)"),
            "{}",
            got[0].1
        );
        assert_eq!(
            got[1],
            (
                4,
                "EMAIL ADDRESS \"not-an-address\" is not an email address"
            )
        );
        assert_eq!(got[2].0, 5);
        assert!(got[2].1.starts_with("POSTAL CODE \"999"), "{}", got[2].1);
        assert!(got[2].1.ends_with("has 26 characters (at most 25)"));
        assert_eq!(
            got[3],
            (6, "the row has 1 cells but the header has 2 columns")
        );
        assert_eq!(got[4], (8, "EMAIL ADDRESS is empty"));
        assert_eq!(r.rejected[3].email.as_deref(), Some("c@example.com"));
    }

    #[test]
    fn chunks_are_cut_by_rows_and_by_bytes() {
        let mut c = Chunker::new(vec!["EMAIL ADDRESS"], false, &options(2, 1 << 20)).unwrap();
        let mut done = Vec::new();
        for i in 0..5u64 {
            done.extend(c.offer(i + 2, cells(&[&format!("u{i}@example.com")])));
        }
        assert_eq!(
            done.iter().map(|c| c.lines.clone()).collect::<Vec<_>>(),
            vec![vec![2, 3], vec![4, 5]]
        );
        assert_eq!(c.chunk.lines, vec![6]);

        // Each row "\nuN@example.com" is %0A + 14 bytes with @ as %40 = 19 bytes encoded.
        let overhead = Chunker::new(vec!["EMAIL ADDRESS"], false, &options(100, 1 << 20))
            .unwrap()
            .overhead;
        let mut c = Chunker::new(
            vec!["EMAIL ADDRESS"],
            false,
            &options(100, overhead + 2 * 19),
        )
        .unwrap();
        let mut done = Vec::new();
        for i in 0..5u64 {
            done.extend(c.offer(i + 2, cells(&[&format!("u{i}@example.com")])));
        }
        assert_eq!(done.len(), 2);
        assert!(done.iter().all(|d| d.rows.len() == 2));
        // Every chunk's real body fits the limit exactly.
        for d in &done {
            let body = build(&c.table(d), &options(1, 1).lists, FormEncoding::UrlEncoded).unwrap();
            assert_eq!(body.body.unwrap().as_bytes().len(), overhead + 2 * 19);
        }
    }

    #[test]
    fn a_row_too_big_for_any_activity_is_rejected_not_sent() {
        let overhead = Chunker::new(vec!["EMAIL ADDRESS"], false, &options(100, 1 << 20))
            .unwrap()
            .overhead;
        let mut c =
            Chunker::new(vec!["EMAIL ADDRESS"], false, &options(100, overhead + 10)).unwrap();
        assert!(c.offer(2, cells(&["u0@example.com"])).is_none());
        assert!(c.chunk.rows.is_empty());
        assert!(
            c.report.rejected[0]
                .reason
                .starts_with("the row alone makes a")
        );
    }

    #[test]
    fn header_names_are_matched_loosely_and_checked() {
        let rec = |cells: &[&str]| Record {
            line: 1,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        };
        assert_eq!(
            header_columns(&rec(&["Email Address", "first_name", " last  name "])).unwrap(),
            vec!["EMAIL ADDRESS", "FIRST NAME", "LAST NAME"]
        );
        let e = header_columns(&rec(&["EMAIL ADDRESS", "Shoe Size"]))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "CSV header (line 1): column 2 \"Shoe Size\" is not a bulk-activity column"
            ),
            "{e}"
        );
        let e = header_columns(&rec(&["email address", "EMAIL ADDRESS"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"EMAIL ADDRESS\" appears twice"), "{e}");
        let e = Chunker::new(vec!["FIRST NAME"], false, &options(1, 1 << 20))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "the import has no EMAIL ADDRESS column");
    }

    #[test]
    fn contact_chunks_carry_only_the_columns_they_use() {
        let columns = columns();
        let mut c = Chunker::new(columns, true, &options(10, 1 << 20)).unwrap();
        let a = Contact {
            email_address: Some("a@example.com".into()),
            first_name: Some("Ann".into()),
            ..Contact::default()
        };
        let b = Contact {
            email_address: Some("b@example.com".into()),
            custom_field3: Some("x, y".into()),
            ..Contact::default()
        };
        assert!(c.offer(1, contact_cells(&a)).is_none());
        assert!(c.offer(2, contact_cells(&b)).is_none());
        let chunk = std::mem::take(&mut c.chunk);
        assert_eq!(
            c.table(&chunk).to_text(),
            "EMAIL ADDRESS,FIRST NAME,CUSTOM FIELD 3\na@example.com,Ann,\nb@example.com,,\"x, y\""
        );
    }

    #[test]
    fn a_row_with_a_character_xml_cannot_carry_is_rejected_with_line_and_column() {
        let mut c = Chunker::new(
            vec!["EMAIL ADDRESS", "FIRST NAME", "LAST NAME"],
            false,
            &options(10, 1 << 20),
        )
        .unwrap();
        assert!(
            c.offer(2, cells(&["a@example.com", "A\u{0}n", "B"]))
                .is_none()
        );
        // A quoted line break in an earlier cell moves the character to the next file line.
        assert!(
            c.offer(3, cells(&["b@example.com", "x\ny", "z\u{FFFF}"]))
                .is_none()
        );
        assert!(c.offer(5, cells(&["\u{1}c@example.com", "", ""])).is_none());
        assert!(
            c.offer(6, cells(&["ok@example.com", "Ann", "\t"]))
                .is_none()
        );
        assert_eq!(c.chunk.lines, vec![6]);
        let r = &c.report.rejected;
        assert_eq!(r.len(), 3);
        assert_eq!(
            (r[0].line, r[0].email.as_deref()),
            (2, Some("a@example.com"))
        );
        assert_eq!(
            r[0].reason,
            "FIRST NAME (column 2) holds U+0000 at line 2, character 2 of \"A\\0n\", \
             which XML 1.0 cannot carry (no control characters but tab, line feed and \
             carriage return; no U+FFFE or U+FFFF)"
        );
        assert!(
            r[1].reason.starts_with(
                "LAST NAME (column 3) holds U+FFFF at line 4, character 2 of \"z\\u{ffff}\""
            ),
            "{}",
            r[1].reason
        );
        assert!(
            r[2].reason
                .starts_with("EMAIL ADDRESS (column 1) holds U+0001 at line 5"),
            "{}",
            r[2].reason
        );
    }
}
