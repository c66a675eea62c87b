//! What the fuzz targets share: decoding a body as any V1 payload, chosen by a selector byte,
//! and checking the properties every decoder must keep on any input.
//!
//! The properties, for a body that decodes: encoding the value does not panic, and what it
//! writes decodes again to the same value (a document we wrote that we cannot read back, or
//! read back differently, is a bug). For any body: no panic, no hang (libFuzzer's `-timeout`),
//! no runaway memory (`-rss_limit_mb`).

use std::fmt::Debug;

use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::v1::activities::Activity;
use ctct_models::v1::campaigns::{Campaign, Schedule};
use ctct_models::v1::contacts::Contact;
use ctct_models::v1::events::{AttendanceStatus, Event, Guest, PaymentStatus, Registrant};
use ctct_models::v1::lists::{ContactList, ContactListMember};
use ctct_models::v1::settings::AccountEmailAddress;
use ctct_models::v1::tracking::{
    BounceEvent, ClickEvent, ForwardEvent, OpenEvent, OptOutEvent, OptoutEvent, SentEvent,
};

/// Whether the body is read as a feed or as a single entry.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// `Feed::<T>::from_xml`.
    Feed,
    /// `Entry::<T>::from_xml`.
    Entry,
}

/// Every V1 payload type, in the order of `ctct_models::v1::PAYLOADS`.
pub const PAYLOADS: usize = 19;

fn check_feed<T: AtomPayload + PartialEq + Debug>(body: &str) {
    let Ok(feed) = Feed::<T>::from_xml(body) else {
        return;
    };
    if let Ok(xml) = feed.to_xml() {
        let again = Feed::<T>::from_xml(&xml)
            .unwrap_or_else(|e| panic!("a feed we wrote does not read back: {e}\n{xml}"));
        assert_eq!(feed, again, "feed changed on a round trip:\n{xml}");
    }
}

fn check_entry<T: AtomPayload + PartialEq + Debug>(body: &str) {
    let Ok(entry) = Entry::<T>::from_xml(body) else {
        return;
    };
    if let Ok(xml) = entry.to_xml() {
        let again = Entry::<T>::from_xml(&xml)
            .unwrap_or_else(|e| panic!("an entry we wrote does not read back: {e}\n{xml}"));
        assert_eq!(entry, again, "entry changed on a round trip:\n{xml}");
    }
}

macro_rules! dispatch {
    ($shape:expr, $selector:expr, $body:expr, [$($t:ty),* $(,)?]) => {{
        let checks: &[(fn(&str), fn(&str))] = &[$((check_feed::<$t>, check_entry::<$t>)),*];
        let (feed, entry) = checks[usize::from($selector) % checks.len()];
        match $shape {
            Shape::Feed => feed($body),
            Shape::Entry => entry($body),
        }
    }};
}

/// Decodes `data[1..]` (lossy UTF-8, as the client reads bodies) as the payload chosen by
/// `data[0]` modulo [`PAYLOADS`], and checks the round-trip property.
pub fn decode_v1(shape: Shape, data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    dispatch!(
        shape,
        selector,
        &body,
        [
            Activity,
            Campaign,
            Schedule,
            Contact,
            Event,
            Registrant,
            Guest,
            AttendanceStatus,
            PaymentStatus,
            ContactList,
            ContactListMember,
            AccountEmailAddress,
            SentEvent,
            OpenEvent,
            ClickEvent,
            BounceEvent,
            ForwardEvent,
            OptoutEvent,
            OptOutEvent,
        ]
    );
}

/// The differential property: the fast reader and the yaserde reference decoder give the
/// same value, or both refuse. Documented rule differences are allowed, each checked for
/// what it is: the fast reader may accept what the reference refuses only if its value
/// survives a write and a fast re-read (an inherited Atom namespace on the payload, an
/// empty typed element), and may refuse what the reference accepts only with a syntax
/// error (content after the root, illegal character references); when both accept, the
/// values are equal or differ only where the reference kept an empty typed element, which
/// the fast reader reads back the same from the reference value's own encoding.
fn differ_feed<T: AtomPayload + PartialEq + Debug>(body: &str) {
    let opts = ctct_models::xml::DecodeOptions::default();
    let fast = Feed::<T>::from_xml_with(body, &opts);
    let reference = Feed::<T>::from_xml_reference_with(body, &opts);
    match (fast, reference) {
        (Ok(f), Ok(r)) => {
            if f != r {
                let xml = r.to_xml().expect("the reference value encodes");
                let again = Feed::<T>::from_xml(&xml).expect("the reference value re-reads");
                assert_eq!(f, again, "decoders differ beyond the documented rules:\n{body}");
            }
        }
        (Ok(f), Err(_)) => {
            if let Ok(xml) = f.to_xml() {
                let again = Feed::<T>::from_xml(&xml).expect("fast value re-reads");
                assert_eq!(f, again, "fast value changed on a round trip:\n{xml}");
            }
        }
        (Err(e), Ok(_)) => assert_eq!(
            e.kind,
            ctct_models::xml::DecodeErrorKind::Syntax,
            "fast reader refused a body the reference accepts: {e}\n{body}"
        ),
        (Err(_), Err(_)) => {}
    }
}

macro_rules! differ_dispatch {
    ($selector:expr, $body:expr, [$($t:ty),* $(,)?]) => {{
        let checks: &[fn(&str)] = &[$(differ_feed::<$t>),*];
        checks[usize::from($selector) % checks.len()]($body)
    }};
}

/// Decodes `data[1..]` as a feed of the payload chosen by `data[0]` with both decoders and
/// checks the differential property.
pub fn differential_v1(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    differ_dispatch!(
        selector,
        &body,
        [
            Activity,
            Campaign,
            Schedule,
            Contact,
            Event,
            Registrant,
            Guest,
            AttendanceStatus,
            PaymentStatus,
            ContactList,
            ContactListMember,
            AccountEmailAddress,
            SentEvent,
            OpenEvent,
            ClickEvent,
            BounceEvent,
            ForwardEvent,
            OptoutEvent,
            OptOutEvent,
        ]
    );
}
