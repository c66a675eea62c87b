//! Measures what the lenient V3 models cost: decoding a 500-contact `GET /contacts` page into
//! the generated `Contacts` (every field optional, unknown keys kept in flattened `extra`
//! maps) against parsing the same bytes into a plain `serde_json::Value` in the same run, and
//! encoding it back. Figures are ratios to that baseline, so they hold across machines.
//!
//! ```text
//! cargo run --release -p ctct-models --example v3_decode_bench [ROUNDS]
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use ctct_models::codec::DecodeOptions;
use ctct_models::json::decode;
use ctct_models::v3::contacts::Contacts;

const CONTACT: &str = include_str!("../../tests/fixtures/v3/contact_full.json");

fn page(n: usize) -> String {
    let one = CONTACT.trim();
    let items: Vec<&str> = std::iter::repeat_n(one, n).collect();
    format!(
        r#"{{"contacts":[{}],"contacts_count":{n},"_links":{{"next":{{"href":"/v3/contacts?cursor=abc"}}}}}}"#,
        items.join(",")
    )
}

/// The fastest of `rounds` timings of `f`.
fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let rounds = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    let body = page(500);
    let opts = DecodeOptions::default();
    let typed: Contacts = match decode(&body, &opts) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let value = best(rounds, || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&body)).ok());
    });
    let model = best(rounds, || {
        black_box(decode::<Contacts>(black_box(&body), &opts).ok());
    });
    let encode_value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let enc_value = best(rounds, || {
        black_box(serde_json::to_vec(black_box(&encode_value)).ok());
    });
    let enc_model = best(rounds, || {
        black_box(serde_json::to_vec(black_box(&typed)).ok());
    });
    let mb = body.len() as f64 / 1e6;
    println!("page: 500 contacts, {mb:.2} MB, best of {rounds} rounds");
    println!(
        "decode: Value {:?}, Contacts {:?}  → {:.2}× the Value baseline",
        value,
        model,
        model.as_secs_f64() / value.as_secs_f64()
    );
    println!(
        "encode: Value {:?}, Contacts {:?}  → {:.2}× the Value baseline",
        enc_value,
        enc_model,
        enc_model.as_secs_f64() / enc_value.as_secs_f64()
    );
}
