//! Any bytes as a V1 feed of any payload (first byte picks it), through the fast reader and
//! the yaserde reference decoder: the same value or both refuse, up to the documented rules.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ctct_fuzz::differential_v1(data));
