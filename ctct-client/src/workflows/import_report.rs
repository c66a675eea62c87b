//! What a V1 bulk import did, and how it stopped when it stopped part-way. Apart from the
//! import workflow so that [`crate::error`] can carry an [`ImportError`] without depending on
//! the workflow that makes one.

use std::fmt;

use ctct_models::ids::ActivityId;

use crate::error::Error;

/// A row that was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// Where it is: the 1-based line of the CSV file (the header is line 1), or the 1-based
    /// position of the contact in the iterator.
    pub line: u64,
    /// Its email address, when it had one.
    pub email: Option<String>,
    /// Why it was rejected, naming the column and the value.
    pub reason: String,
}

/// One activity an import created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedChunk {
    /// The activity.
    pub activity: ActivityId,
    /// The input line (or position) of each row sent, in order: the activity's own line
    /// `n` (its header is line 1) is `lines[n - 2]`.
    pub lines: Vec<u64>,
}

impl ImportedChunk {
    /// The input line of the activity's line `activity_line` (as in its `Errors`).
    pub fn source_line(&self, activity_line: i64) -> Option<u64> {
        let index = usize::try_from(activity_line.checked_sub(2)?).ok()?;
        self.lines.get(index).copied()
    }
}

/// Input lines that were never read as rows: a quote that is never closed turns the rest of
/// the file into one unfinished record, so none of those lines was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadLines {
    /// The first line not read (where the unfinished record starts).
    pub first: u64,
    /// The last line not read (the input's last line).
    pub last: u64,
    /// What happened, naming the range and the line of the quote, e.g. "lines 2–10000 not
    /// read: quote opened on line 2 never closed".
    pub message: String,
}

impl UnreadLines {
    /// How many lines were not read.
    pub fn count(&self) -> u64 {
        self.last.saturating_sub(self.first) + 1
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// The activities created, in order.
    pub chunks: Vec<ImportedChunk>,
    /// Contact rows read (the CSV header and blank lines not counted).
    pub rows_read: u64,
    /// Rows sent in the activities.
    pub rows_sent: u64,
    /// Rows not sent, with the reason.
    pub rejected: Vec<RejectedRow>,
    /// Blank lines skipped.
    pub blank_lines: u64,
    /// The lines at the end of the input that could not be read as rows, if any; they are
    /// neither sent nor counted in `rows_read`.
    pub unread: Option<UnreadLines>,
    /// Records skipped because they start before [`ImportOptions::from_line`](super::import::ImportOptions::from_line).
    pub skipped: u64,
}

impl ImportReport {
    /// The ids of the activities created.
    pub fn activity_ids(&self) -> Vec<ActivityId> {
        self.chunks.iter().map(|c| c.activity.clone()).collect()
    }
}

/// An import that stopped part-way: what was done, and why it stopped.
#[derive(Debug)]
pub struct ImportError {
    /// The activities created before the failure (they will run) and the rows rejected.
    pub report: ImportReport,
    /// What stopped the import.
    pub error: Error,
    /// The input line to resume from ([`ImportOptions::from_line`](super::import::ImportOptions::from_line)): the first row of the
    /// activity that was not created. Every row before it was sent in
    /// [`ImportReport::chunks`] or is in [`ImportReport::rejected`]; nothing from it on was
    /// sent. For [`Client::import_contacts`](crate::Client::import_contacts), the 1-based position of that contact. `None`
    /// when the import cannot be resumed from a line (the input itself is unusable).
    pub resume_line: Option<u64>,
}

impl ImportError {
    pub(crate) fn new(report: ImportReport, error: Error, resume_line: Option<u64>) -> Self {
        Self {
            report,
            error,
            resume_line,
        }
    }
}

/// `input line 7` or `input lines 2–40000` for the rows of a chunk (each row by the line it
/// starts on).
pub fn describe_lines(lines: &[u64]) -> String {
    match (lines.first(), lines.last()) {
        (Some(first), Some(last)) if first != last => format!("input lines {first}\u{2013}{last}"),
        (Some(first), _) => format!("input line {first}"),
        _ => "no input lines".to_owned(),
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.report;
        write!(
            f,
            "bulk import stopped after creating {} activit{} ({} rows sent",
            r.chunks.len(),
            if r.chunks.len() == 1 { "y" } else { "ies" },
            r.rows_sent
        )?;
        for (i, c) in r.chunks.iter().enumerate() {
            let sep = if i == 0 { ": " } else { "; " };
            write!(
                f,
                "{sep}activity {} has {}",
                c.activity.tail(),
                describe_lines(&c.lines)
            )?;
        }
        f.write_str(")")?;
        if let Some(line) = self.resume_line {
            write!(f, ", resume from input line {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}
