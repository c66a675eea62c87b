//! Any bytes as a V1 error body (plain text or an HTML error page): the excerpts an error
//! message shows never panic, stay within their length cap, and have their whitespace
//! collapsed.
#![no_main]

use ctct_client::error::{EXCERPT_CHARS, excerpt, raw_excerpt};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    for text in [excerpt(&body), raw_excerpt(&body)] {
        // The cap, plus the ellipsis that marks a cut.
        assert!(text.chars().count() <= EXCERPT_CHARS + 1, "{text:?}");
        assert!(!text.contains("  "), "whitespace not collapsed: {text:?}");
        assert_eq!(text.trim(), text, "whitespace not trimmed: {text:?}");
    }
});
