//! Decodes a synthetic contacts feed many times with the fast reader, for a profiler
//! (`perf record`, `valgrind --tool=callgrind`); the timings themselves are in
//! `benches/v1_xml.rs`.
//!
//! ```text
//! cargo build --release -p ctct-models --example profile_fast_reader
//! valgrind --tool=callgrind target/release/examples/profile_fast_reader 50 20
//! ```
//!
//! Arguments: entries in the feed (default 50), decodes (default 1000), and `floor` to
//! walk quick-xml's events instead (the benchmark's floor) for comparison.

use std::hint::black_box;

use ctct_models::atom::{Entry, Feed};
use ctct_models::v1::contacts::Contact;

const ENTRY: &str = include_str!("../../tests/fixtures/v1/example-02-contact-entry.xml");
const PAGE: &str = include_str!("../../tests/fixtures/v1/example-01-contacts-feed.xml");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let entries: usize = args.next().map_or(Ok(50), |a| a.parse())?;
    let rounds: usize = args.next().map_or(Ok(1000), |a| a.parse())?;
    let floor = args.next().is_some_and(|a| a == "floor");
    let template = Entry::<Contact>::from_xml(ENTRY)?;
    let page = Feed::<Contact>::from_xml(PAGE)?;
    let base = "http://api.constantcontact.com/ws/customers/joesflowers/contacts";
    let feed = Feed {
        head: page.head,
        entries: (0..entries)
            .map(|i| {
                let mut e = template.clone();
                let uri = format!("{base}/{}", i + 1);
                e.id = Some(uri.clone());
                e.content.id = Some(uri);
                e.content.email_address = Some(format!("contact{i}@example.com"));
                e
            })
            .collect(),
    };
    let body = feed.to_xml()?;
    let mut decoded = 0;
    for _ in 0..rounds {
        if floor {
            let mut reader = quick_xml::Reader::from_str(black_box(&body));
            while !matches!(reader.read_event()?, quick_xml::events::Event::Eof) {
                decoded += 1;
            }
        } else {
            decoded += Feed::<Contact>::from_xml(black_box(&body))?.entries.len();
        }
    }
    println!("{} bytes, {decoded} entries (or floor events)", body.len());
    Ok(())
}
