//! Any bytes as a V1 feed of any payload (first byte picks the payload): no panic, and what
//! decodes survives a write and a re-read unchanged.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ctct_fuzz::decode_v1(ctct_fuzz::Shape::Feed, data));
