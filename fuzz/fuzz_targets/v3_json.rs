//! Any bytes as a V3 JSON body of any response or request type (first byte picks the type),
//! and as a V3 error body: no panic, and what decodes is encoded and decoded back equal.
#![no_main]

use ctct_models::json::{self, ErrorBody};
use ctct_models::v3::{activities, contact_lists, contacts};
use ctct_models::xml::DecodeOptions;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(body: &str) {
    let opts = DecodeOptions::default();
    let Ok(value) = json::decode::<T>(body, &opts) else {
        return;
    };
    let bytes = json::encode(&value).expect("a decoded value encodes");
    let text = String::from_utf8(bytes).expect("JSON is UTF-8");
    let again = json::decode::<T>(&text, &opts)
        .unwrap_or_else(|e| panic!("a body we wrote does not read back: {e}\n{text}"));
    assert_eq!(value, again, "changed on a round trip:\n{text}");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    let checks: &[fn(&str)] = &[
        check::<activities::Activity>,
        check::<activities::ActivityImport>,
        check::<activities::Activities>,
        check::<contact_lists::ContactList>,
        check::<contact_lists::ContactLists>,
        check::<contacts::ContactResource>,
        check::<contacts::Contacts>,
        check::<contacts::SignUpFormResponse>,
        check::<ErrorBody>,
    ];
    checks[usize::from(selector) % checks.len()](&body);
    if let Some(error) = ErrorBody::parse(&body) {
        let _ = (error.key(), error.message(), error.errors().len());
    }
});
