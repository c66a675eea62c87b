//! Any text as a resource id of every kind and as a timestamp: no panic; an id that parses
//! re-parses from its canonical URI to the same id and yields a request path whose id segment
//! is percent-encoded (no `/`, `?`, `#` or dot-segment can reach the URL); a timestamp that
//! parses prints as text that parses to the same instant and offset.
#![no_main]

use ctct_models::DateTime;
use ctct_models::ids::{
    ActivityKind, CampaignKind, ContactKind, EmailAddressKind, EventKind, Id, IdKind, ListKind,
};

fn check<K: IdKind>(text: &str) {
    let Ok(id) = Id::<K>::parse(text) else {
        return;
    };
    let again = Id::<K>::parse(&id.uri())
        .unwrap_or_else(|e| panic!("canonical uri {} does not re-parse: {e}", id.uri()));
    assert!(again == id, "{} re-parses differently", id.uri());
    let path = id.path();
    let prefix = format!("/{}/", K::COLLECTION);
    let segment = path
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("path {path} is not under {prefix}"));
    assert!(
        segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
        "unencoded byte in {segment:?}"
    );
    assert!(segment != "." && segment != "..", "dot segment {segment:?}");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check::<ContactKind>(&text);
    check::<ListKind>(&text);
    check::<CampaignKind>(&text);
    check::<EmailAddressKind>(&text);
    check::<ActivityKind>(&text);
    check::<EventKind>(&text);
    if let Ok(t) = text.parse::<DateTime>() {
        let printed = t.to_string();
        let back: DateTime = printed
            .parse()
            .unwrap_or_else(|e| panic!("{printed} (from {text:?}) does not re-parse: {e}"));
        assert_eq!(back, t, "{text:?} printed as {printed}");
        assert_eq!(back.inner().offset(), t.inner().offset(), "{printed}");
    }
});
