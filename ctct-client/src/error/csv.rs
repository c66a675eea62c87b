//! Why a CSV input could not be used for an import.
//!
//! A CSV file is the caller's input: these failures mean the file must be fixed before
//! anything is sent. Each variant names where in the file the problem is (the 1-based line,
//! and the column where one applies) and the cell or column name involved. Rows that fail
//! their own checks are not errors: an import reports them and goes on.

/// A CSV input that cannot be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// The input has no header line (it is empty or blank).
    #[error("the CSV input has no header line (it is empty or blank)")]
    NoHeader,
    /// A header cell names no column the import knows.
    #[error(
        "CSV header (line {line}): column {column} {name:?} is not a bulk-activity column (known: {})",
        .known.join(", ")
    )]
    UnknownColumn {
        /// The header's line.
        line: u64,
        /// The 1-based column.
        column: usize,
        /// The header cell (at most 100 characters, then `…`).
        name: String,
        /// The column names the import knows.
        known: Vec<&'static str>,
    },
    /// Two header cells name the same column.
    #[error("CSV header (line {line}): column {column} {name:?} appears twice")]
    DuplicateColumn {
        /// The header's line.
        line: u64,
        /// The 1-based column of the second one.
        column: usize,
        /// The canonical column name.
        name: &'static str,
    },
    /// A column every import needs is missing.
    #[error("the import has no {name} column")]
    MissingColumn {
        /// The column, e.g. `EMAIL ADDRESS`.
        name: &'static str,
    },
    /// The header line is malformed (a stray quote, invalid UTF-8, too long).
    #[error("CSV header (line {line}): {reason}")]
    MalformedHeader {
        /// The header's line.
        line: u64,
        /// What the reader found, naming the byte or character.
        reason: String,
    },
    /// A data record is malformed (a stray quote, invalid UTF-8) where the input is sent
    /// whole, so no row can be left out.
    #[error("CSV line {line}: {reason}")]
    MalformedRow {
        /// The line the record starts on.
        line: u64,
        /// What the reader found, naming the byte or character.
        reason: String,
    },
    /// A quoted cell is never closed, so lines `first..=last` cannot be read as records.
    #[error(
        "CSV line {quote_line}: a quoted cell is never closed{}",
        unread_suffix(*.first, *.last)
    )]
    UnclosedQuote {
        /// The line of the opening quote.
        quote_line: u64,
        /// The first line not read (where the unfinished record starts), when known.
        first: Option<u64>,
        /// The input's last line, when known.
        last: Option<u64>,
    },
    /// A record too long to read: the input after it cannot be read either.
    #[error("CSV line {line}: {reason}")]
    ReadingStopped {
        /// The line the record starts on.
        line: u64,
        /// What the reader found, naming the limit.
        reason: String,
    },
    /// Reading the input failed.
    #[error("reading the CSV input failed")]
    Read {
        /// The reader's error.
        #[source]
        source: std::io::Error,
    },
}

fn unread_suffix(first: Option<u64>, last: Option<u64>) -> String {
    match (first, last) {
        (Some(first), Some(last)) if first == last => format!(" (line {first} not read)"),
        (Some(first), Some(last)) => format!(" (lines {first}\u{2013}{last} not read)"),
        _ => String::new(),
    }
}
