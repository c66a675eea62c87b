//! Any bytes as an AtomPub service document: no panic, and what decodes survives a write and
//! a re-read unchanged.
#![no_main]

use ctct_models::service::ServiceDocument;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    if let Ok(doc) = ServiceDocument::from_xml(&body) {
        let xml = doc.to_xml();
        let again = ServiceDocument::from_xml(&xml).unwrap_or_else(|e| {
            panic!("a service document we wrote does not read back: {e}\n{xml}")
        });
        assert_eq!(
            doc, again,
            "service document changed on a round trip:\n{xml}"
        );
    }
});
