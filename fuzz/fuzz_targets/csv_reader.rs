//! Any bytes as a bulk-import CSV file: the streaming reader never panics, reports line
//! numbers that only grow and stay within the file (a range of lines not read lies after
//! every record and holds the quote left open), and never returns more cell text than the
//! file holds.
#![no_main]

use ctct_client::workflows::csv::{CsvReader, RecordError};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let mut last = 0;
    let mut cell_bytes = 0;
    for item in CsvReader::new(data).take(100_000) {
        let line = match item {
            Ok(record) => {
                cell_bytes += record.cells.iter().map(String::len).sum::<usize>();
                record.line
            }
            Err(RecordError::Malformed { line, .. }) => line,
            Err(RecordError::Unread {
                first,
                last: end,
                quote_line,
            }) => {
                // The rest of the input, from the unfinished record's first line, with the
                // open quote inside it.
                assert!(
                    first > last && first <= end && end <= lines,
                    "lines {first}-{end} not read after {last} of {lines}"
                );
                assert!(
                    (first..=end).contains(&quote_line),
                    "quote on line {quote_line} outside {first}-{end}"
                );
                end
            }
            Err(RecordError::Io(e)) => panic!("reading a slice cannot fail: {e}"),
        };
        assert!(
            line > last && line <= lines,
            "line {line} after {last} of {lines}"
        );
        last = line;
    }
    // Lossy decoding may turn one invalid byte into three; valid text only shrinks.
    assert!(
        cell_bytes <= data.len() * 3,
        "{cell_bytes} cell bytes from {}",
        data.len()
    );
});
