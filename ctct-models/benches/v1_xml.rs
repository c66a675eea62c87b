//! V1 XML throughput: decode (the fast reader, and the yaserde reference decoder) and encode of every example document, of a 50-entry contacts
//! page and of a 10000-entry contacts feed, each beside a raw quick-xml event walk over the
//! same bytes (the floor: tokenizing with no allocation per value, no namespace resolution
//! and no typed fields), plus how fast hostile bodies (100 MB, 100000 nested elements,
//! DOCTYPE) are refused.
//!
//! ```text
//! cargo bench -p ctct-models --bench v1_xml                  # everything (about 5 minutes)
//! cargo bench -p ctct-models --bench v1_xml -- contacts-feed # one group, by name filter
//! ```
//!
//! After criterion's own report, a Markdown table (medians, MB/s with MB = 10^6 bytes,
//! entries/s, ratios to the floor) is printed for every case measured in this run; that
//! table is what `BENCHMARKS.md` records. Medians are read back from criterion's
//! `estimates.json` files.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput};
use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::service::ServiceDocument;
use ctct_models::v1::activities::Activity;
use ctct_models::v1::campaigns::{Campaign, Schedule};
use ctct_models::v1::contacts::Contact;
use ctct_models::v1::events::{AttendanceStatus, Event, Guest, PaymentStatus, Registrant};
use ctct_models::v1::lists::{ContactList, ContactListMember};
use ctct_models::v1::settings::AccountEmailAddress;
use ctct_models::v1::tracking::{
    BounceEvent, ClickEvent, ForwardEvent, OpenEvent, OptOutEvent, OptoutEvent, SentEvent,
};
use ctct_models::xml::{DecodeErrorKind, DecodeOptions};

/// One document to measure: its bytes and how to decode and re-encode them.
trait Case {
    /// The group name criterion reports (the fixture file without `.xml`).
    fn name(&self) -> &str;
    /// The document.
    fn input(&self) -> &str;
    /// Entries in the document (1 for an entry or service document).
    fn entries(&self) -> usize;
    /// Decodes the input (the fast reader, `from_xml`).
    fn decode(&self);
    /// Decodes the input through the yaserde reference decoder.
    fn reference(&self);
    /// Encodes the decoded value; returns the byte count written.
    fn encode(&self) -> usize;
}

struct FeedCase<T> {
    name: String,
    input: String,
    value: Feed<T>,
}

impl<T: AtomPayload> Case for FeedCase<T> {
    fn name(&self) -> &str {
        &self.name
    }
    fn input(&self) -> &str {
        &self.input
    }
    fn entries(&self) -> usize {
        self.value.entries.len()
    }
    fn decode(&self) {
        let feed = Feed::<T>::from_xml(black_box(&self.input)).expect("fixture decodes");
        black_box(feed);
    }
    fn reference(&self) {
        let feed =
            Feed::<T>::from_xml_reference_with(black_box(&self.input), &DecodeOptions::default())
                .expect("fixture decodes");
        black_box(feed);
    }
    fn encode(&self) -> usize {
        black_box(&self.value)
            .to_xml()
            .expect("fixture encodes")
            .len()
    }
}

struct EntryCase<T> {
    name: String,
    input: String,
    value: Entry<T>,
}

impl<T: AtomPayload> Case for EntryCase<T> {
    fn name(&self) -> &str {
        &self.name
    }
    fn input(&self) -> &str {
        &self.input
    }
    fn entries(&self) -> usize {
        1
    }
    fn decode(&self) {
        let entry = Entry::<T>::from_xml(black_box(&self.input)).expect("fixture decodes");
        black_box(entry);
    }
    fn reference(&self) {
        let entry =
            Entry::<T>::from_xml_reference_with(black_box(&self.input), &DecodeOptions::default())
                .expect("fixture decodes");
        black_box(entry);
    }
    fn encode(&self) -> usize {
        black_box(&self.value)
            .to_xml()
            .expect("fixture encodes")
            .len()
    }
}

struct ServiceCase {
    name: String,
    input: String,
    value: ServiceDocument,
}

impl Case for ServiceCase {
    fn name(&self) -> &str {
        &self.name
    }
    fn input(&self) -> &str {
        &self.input
    }
    fn entries(&self) -> usize {
        1
    }
    fn decode(&self) {
        let doc = ServiceDocument::from_xml(black_box(&self.input)).expect("fixture decodes");
        black_box(doc);
    }
    fn reference(&self) {
        self.decode();
    }
    fn encode(&self) -> usize {
        black_box(&self.value).to_xml().len()
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/v1")
}

fn read(file: &str) -> String {
    let path = fixtures_dir().join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stem(file: &str) -> String {
    file.trim_end_matches(".xml").to_owned()
}

fn feed<T: AtomPayload + 'static>(file: &str) -> Box<dyn Case> {
    let input = read(file);
    let value = Feed::<T>::from_xml(&input).unwrap_or_else(|e| panic!("{file}: {e}"));
    Box::new(FeedCase {
        name: stem(file),
        input,
        value,
    })
}

fn entry<T: AtomPayload + 'static>(file: &str) -> Box<dyn Case> {
    let input = read(file);
    let value = Entry::<T>::from_xml(&input).unwrap_or_else(|e| panic!("{file}: {e}"));
    Box::new(EntryCase {
        name: stem(file),
        input,
        value,
    })
}

fn service(file: &str) -> Box<dyn Case> {
    let input = read(file);
    let value = ServiceDocument::from_xml(&input).unwrap_or_else(|e| panic!("{file}: {e}"));
    Box::new(ServiceCase {
        name: stem(file),
        input,
        value,
    })
}

/// Every fixture in `tests/fixtures/v1` with the type it decodes as (the table in
/// `tests/tests/it/v1_round_trip.rs`, plus the three service documents).
fn fixture_cases() -> Vec<Box<dyn Case>> {
    vec![
        feed::<Contact>("example-01-contacts-feed.xml"),
        entry::<Contact>("example-02-contact-entry.xml"),
        entry::<Contact>("example-03-create-contact.xml"),
        entry::<Contact>("contact-full-entry.xml"),
        feed::<Contact>("contacts-search-by-email-feed.xml"),
        feed::<Contact>("empty-contacts-feed.xml"),
        entry::<ContactList>("example-04-list-entry.xml"),
        feed::<ContactList>("lists-feed-with-system-lists.xml"),
        entry::<ContactList>("create-list-request.xml"),
        feed::<ContactListMember>("list-members-feed.xml"),
        entry::<Campaign>("example-05-campaign-entry.xml"),
        entry::<Campaign>("campaign-sent-with-urls.xml"),
        feed::<Campaign>("campaigns-feed.xml"),
        entry::<Campaign>("create-campaign-request.xml"),
        entry::<Schedule>("schedule-entry.xml"),
        feed::<Schedule>("schedules-feed.xml"),
        feed::<AccountEmailAddress>("email-addresses-feed.xml"),
        entry::<AccountEmailAddress>("email-address-entry.xml"),
        entry::<Activity>("example-09-activity-entry.xml"),
        feed::<Activity>("activities-feed.xml"),
        feed::<BounceEvent>("example-06-campaign-bounces-feed.xml"),
        feed::<BounceEvent>("contact-bounces-feed.xml"),
        feed::<SentEvent>("campaign-sends-feed.xml"),
        feed::<OpenEvent>("campaign-opens-feed.xml"),
        feed::<ClickEvent>("campaign-link-clicks-feed.xml"),
        feed::<ForwardEvent>("campaign-forwards-feed.xml"),
        feed::<OptoutEvent>("campaign-optouts-feed.xml"),
        feed::<OptOutEvent>("contact-optouts-feed-optout-spelling.xml"),
        feed::<Event>("example-07-events-feed.xml"),
        entry::<Event>("event-detail-entry.xml"),
        feed::<Registrant>("example-08-registrants-feed.xml"),
        entry::<Registrant>("registrant-detail-entry.xml"),
        feed::<Guest>("guests-feed.xml"),
        entry::<AttendanceStatus>("attendance-status-request.xml"),
        entry::<PaymentStatus>("payment-status-entry.xml"),
        service("service-document.xml"),
        service("campaign-events-service.xml"),
        service("contact-events-service.xml"),
    ]
}

/// A contacts feed of `n` full contacts (the contact of example 2, each with its own id and
/// email), written compact as the sandbox writes it.
fn contacts_feed(n: usize) -> Box<dyn Case> {
    let template = Entry::<Contact>::from_xml(&read("example-02-contact-entry.xml"))
        .expect("example 2 decodes");
    let page = Feed::<Contact>::from_xml(&read("example-01-contacts-feed.xml"))
        .expect("example 1 decodes");
    let base = "http://api.constantcontact.com/ws/customers/joesflowers/contacts";
    let entries = (0..n)
        .map(|i| {
            let mut e = template.clone();
            let uri = format!("{base}/{}", i + 1);
            e.id = Some(uri.clone());
            e.content.id = Some(uri);
            e.content.email_address = Some(format!("contact{i}@example.com"));
            e
        })
        .collect();
    let value = Feed {
        head: page.head,
        entries,
    };
    let input = value.to_xml().expect("synthetic feed encodes");
    Box::new(FeedCase {
        name: format!("contacts-feed-{n}"),
        input,
        value,
    })
}

/// The floor: every quick-xml event of the document, nothing decoded.
fn quick_xml_walk(input: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(input);
    let mut events = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return events,
            Ok(event) => {
                black_box(event);
                events += 1;
            }
            Err(e) => panic!("quick-xml cannot walk the document: {e}"),
        }
    }
}

fn bench_case(c: &mut Criterion, case: &dyn Case, large: bool) {
    let mut group = c.benchmark_group(case.name());
    if large {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(10));
    }
    let input_bytes = case.input().len() as u64;
    group.throughput(Throughput::Bytes(input_bytes));
    group.bench_function("decode", |b| b.iter(|| case.decode()));
    group.bench_function("reference", |b| b.iter(|| case.reference()));
    group.bench_function("floor", |b| {
        b.iter(|| quick_xml_walk(black_box(case.input())))
    });
    group.throughput(Throughput::Bytes(case.encode() as u64));
    group.bench_function("encode", |b| b.iter(|| case.encode()));
    group.finish();
}

/// Hostile bodies: each must be refused, and quickly (the time is the point).
fn bench_refusals(c: &mut Criterion) {
    let huge = "<a>".repeat(100 * 1000 * 1000 / 3 + 1);
    let nested = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">{}",
        "<entry>".repeat(100_000)
    );
    let doctype = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"{}\">]><feed xmlns=\"http://www.w3.org/2005/Atom\">&a;</feed>",
        "x".repeat(1000)
    );
    let bomb = namespace_bomb(4000);
    let opts = DecodeOptions::default();
    let mut group = c.benchmark_group("refuse");
    for (id, body, kind) in [
        ("100MB-body", &huge, DecodeErrorKind::TooLarge),
        ("100000-nested", &nested, DecodeErrorKind::TooDeep),
        ("doctype", &doctype, DecodeErrorKind::Doctype),
        ("xmlns-bomb-4000", &bomb, DecodeErrorKind::TooManyNamespaces),
    ] {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(id, |b| {
            b.iter(|| {
                let err = Feed::<Contact>::from_xml_with(black_box(body), &opts)
                    .expect_err("hostile body refused");
                assert_eq!(err.kind, kind);
            })
        });
    }
    // What the namespace pre-check saves: the parser alone over a smaller bomb.
    let small_bomb = namespace_bomb(1000);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(small_bomb.len() as u64));
    group.bench_function("xmlns-bomb-1000-parsed-unchecked", |b| {
        b.iter(|| parse_unchecked(black_box(&small_bomb)))
    });
    group.finish();
}

/// `n` namespace declarations on the root and `n` empty children: the parser copies every
/// declaration in scope into every element event, so the cost grows as `n²`.
fn namespace_bomb(n: usize) -> String {
    let decls: String = (0..n).map(|i| format!(" xmlns:p{i}=\"u{i}\"")).collect();
    format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"{decls}>{}</feed>",
        "<x/>".repeat(n)
    )
}

/// Every event of the parser `ctct_models::xml` uses, without the pre-check.
fn parse_unchecked(body: &str) -> usize {
    let mut de = ctct_models::xml::reader(body);
    let mut events = 0;
    loop {
        match de.next_event() {
            Ok(::xml::reader::XmlEvent::EndDocument) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

fn output_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("criterion"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion"),
    }
}

/// Criterion's median for `group/function`, in nanoseconds, if it was measured after `since`.
fn median_ns(group: &str, function: &str, since: SystemTime) -> Option<f64> {
    let path = output_dir()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn fmt_time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Bytes per nanosecond is GB/s; times 1000 is MB/s (10^6 bytes).
fn mb_per_s(bytes: usize, ns: f64) -> f64 {
    bytes as f64 / ns * 1000.0
}

fn print_table(cases: &[Box<dyn Case>], since: SystemTime) {
    println!();
    println!(
        "| document | bytes | entries | decode (median) | decode MB/s | decode entries/s | floor (median) | floor MB/s | decode ÷ floor | yaserde reference ÷ floor | encode (median) | encode MB/s | encode ÷ floor |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for case in cases {
        let name = case.name();
        let (Some(dec), Some(floor), Some(enc)) = (
            median_ns(name, "decode", since),
            median_ns(name, "floor", since),
            median_ns(name, "encode", since),
        ) else {
            continue;
        };
        let reference = median_ns(name, "reference", since)
            .map_or_else(|| "–".to_owned(), |r| format!("{:.1}×", r / floor));
        let bytes = case.input().len();
        let encoded = case.encode();
        let entries = case.entries();
        println!(
            "| {name} | {bytes} | {entries} | {} | {:.1} | {:.0} | {} | {:.1} | {:.1}× | {reference} | {} | {:.1} | {:.1}× |",
            fmt_time(dec),
            mb_per_s(bytes, dec),
            entries as f64 / dec * 1e9,
            fmt_time(floor),
            mb_per_s(bytes, floor),
            dec / floor,
            fmt_time(enc),
            mb_per_s(encoded, enc),
            enc / floor,
        );
    }
    let refusals: Vec<_> = [
        "100MB-body",
        "100000-nested",
        "doctype",
        "xmlns-bomb-4000",
        "xmlns-bomb-1000-parsed-unchecked",
    ]
    .into_iter()
    .filter_map(|id| median_ns("refuse", id, since).map(|ns| (id, ns)))
    .collect();
    if !refusals.is_empty() {
        println!();
        println!("| hostile body | refused in (median; the last row is parsed, not refused) |");
        println!("|---|--:|");
        for (id, ns) in refusals {
            println!("| {id} | {} |", fmt_time(ns));
        }
    }
}

fn main() {
    let since = SystemTime::now();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
        .output_directory(&output_dir())
        .configure_from_args();
    let mut cases = fixture_cases();
    for case in &cases {
        bench_case(&mut c, case.as_ref(), false);
    }
    let page = contacts_feed(50);
    bench_case(&mut c, page.as_ref(), false);
    let big = contacts_feed(10_000);
    bench_case(&mut c, big.as_ref(), true);
    cases.push(page);
    cases.push(big);
    bench_refusals(&mut c);
    c.final_summary();
    print_table(&cases, since);
}
