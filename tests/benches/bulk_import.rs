//! Bulk import of 40000 rows end to end, and the CSV reader's throughput.
//!
//! **Reader**: `CsvReader` over a normal 40000-row CSV (one line per row) and over a file of
//! the same rows whose cells span 50 lines each; time per byte of each, and the ratio (≈ 1
//! when the reader is linear in its input, whatever the shape of the records).
//!
//! **Import**: an in-process sandbox (`activity_step` zero), a deterministic 40000-row CSV in
//! a temporary file; the client run is `Client::import_csv_file` (read, validate, chunk,
//! POST) then `wait_for_activity` on each activity; the baseline POSTs the same bodies (same
//! chunks, built once before timing, no validation) with plain reqwest and waits the same
//! way. A fresh sandbox and list per run; afterwards the list must have 40000 members, read
//! through the API. Medians of the runs; the ratio is client ÷ baseline.
//!
//! ```text
//! cargo bench -p ctct-tests --bench bulk_import                     # 3 runs
//! CTCT_BENCH_RUNS=5 cargo bench -p ctct-tests --bench bulk_import
//! ```

#![allow(clippy::unwrap_used, missing_docs)] // a bench binary: a failure is a failed run

use ctct_models::endpoint::Endpoint as _;
use std::time::{Duration, Instant};

use ctct_client::workflows::activities::WaitOptions;
use ctct_client::workflows::csv::CsvReader;
use ctct_client::workflows::import::ImportOptions;
use ctct_client::{Auth, Client};
use ctct_models::form::Table;
use ctct_models::ids::{ActivityId, ListId};
use ctct_sandbox::{Config, Sandbox};
use futures_util::TryStreamExt as _;

const USER: &str = "joesflowers";
const KEY: &str = "bench-key";
const PASS: &str = "bench-pass";
const ROWS: usize = 40_000;

fn row(i: usize) -> [String; 3] {
    [
        format!("user{i:05}@example.com"),
        format!("First{}", i % 997),
        format!("City {}", i % 113),
    ]
}

fn csv_text() -> String {
    let mut s = String::from("EMAIL ADDRESS,FIRST NAME,CITY\n");
    for i in 0..ROWS {
        let [e, f, c] = row(i);
        s.push_str(&format!("{e},{f},{c}\n"));
    }
    s
}

/// The same rows, each with a quoted cell of 50 lines.
fn multiline_text() -> String {
    let mut s = String::from("EMAIL ADDRESS,NOTE\n");
    for i in 0..ROWS {
        s.push_str(&format!("user{i:05}@example.com,\""));
        for k in 0..50 {
            s.push_str(&format!("note {k} of {i}\n"));
        }
        s.push_str("end\"\n");
    }
    s
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn read_all(text: &str) -> (usize, Duration) {
    let started = Instant::now();
    let n = CsvReader::new(text.as_bytes())
        .map(|r| r.unwrap().cells.len())
        .sum();
    (n, started.elapsed())
}

fn reader_bench(runs: usize) {
    let (flat, multi) = (csv_text(), multiline_text());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    read_all(&flat);
    read_all(&multi);
    for _ in 0..runs {
        a.push(read_all(&flat).1.as_secs_f64() * 1e9 / flat.len() as f64);
        b.push(read_all(&multi).1.as_secs_f64() * 1e9 / multi.len() as f64);
    }
    let (a, b) = (median(a), median(b));
    println!(
        "reader: normal {} rows, {} bytes: {a:.2} ns/byte ({:.0} MB/s)",
        ROWS,
        flat.len(),
        1e3 / a
    );
    println!(
        "reader: 50-line cells, {} bytes: {b:.2} ns/byte ({:.0} MB/s)",
        multi.len(),
        1e3 / b
    );
    println!("reader: multi-line ÷ normal, time per byte: {:.2}×", b / a);
}

async fn start() -> (Sandbox, Client, ListId) {
    let sandbox = Sandbox::start(Config {
        username: USER.into(),
        api_key: KEY.into(),
        password: PASS.into(),
        activity_step: Duration::ZERO,
        max_body_bytes: 16 << 20,
        ..Config::default()
    })
    .await
    .unwrap();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .username(USER)
        .auth(Auth::basic(KEY, PASS))
        .build()
        .unwrap();
    let list = client.create_list("bulk bench").await.unwrap();
    (sandbox, client, list)
}

fn wait_options() -> WaitOptions {
    WaitOptions {
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        timeout: Duration::from_secs(600),
    }
}

async fn members(client: &Client, list: &ListId) -> usize {
    let mut n = 0;
    let mut items = client.list_members(list);
    while items.try_next().await.unwrap().is_some() {
        n += 1;
    }
    n
}

async fn client_run(path: &std::path::Path) -> Duration {
    let (sandbox, client, list) = start().await;
    let started = Instant::now();
    let report = client
        .import_csv_file(path, &ImportOptions::new([list.clone()]))
        .await
        .unwrap();
    for id in report.activity_ids() {
        client
            .wait_for_activity(&id, &wait_options(), |_| {})
            .await
            .unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(report.rows_sent as usize, ROWS);
    assert_eq!(members(&client, &list).await, ROWS);
    sandbox.shutdown().await;
    elapsed
}

async fn raw_run(http: &reqwest::Client) -> Duration {
    let (sandbox, client, list) = start().await;
    // The same chunks as the client's defaults (39,999 rows, then 1), built before timing.
    let rows: Vec<Vec<String>> = (0..ROWS).map(|i| row(i).to_vec()).collect();
    let bodies: Vec<Vec<u8>> = rows
        .chunks(39_999)
        .map(|chunk| {
            let mut table = Table::new(["EMAIL ADDRESS", "FIRST NAME", "CITY"]);
            table.rows = chunk.to_vec();
            let req = ctct_models::v1::activities::CreateSvAddActivity::new(&table)
                .lists((std::slice::from_ref(&list)).iter().cloned())
                .to_request()
                .unwrap();
            req.body.unwrap().as_bytes().to_vec()
        })
        .collect();
    let url = format!("{}/activities", sandbox.account_url());
    let started = Instant::now();
    let mut ids = Vec::new();
    for body in bodies {
        let resp = http
            .post(&url)
            .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 201);
        let location = resp.headers()["location"].to_str().unwrap().to_owned();
        ids.push(ActivityId::parse(&location).unwrap());
    }
    for id in &ids {
        client
            .wait_for_activity(id, &wait_options(), |_| {})
            .await
            .unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(members(&client, &list).await, ROWS);
    sandbox.shutdown().await;
    elapsed
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("CTCT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    reader_bench(runs);
    let path = std::env::temp_dir().join(format!("ctct-bulk-bench-{}.csv", std::process::id()));
    std::fs::write(&path, csv_text()).unwrap();
    ctct_client::reqwest_transport::install_crypto_provider();
    let http = reqwest::Client::new();
    let (mut base, mut ours) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        base.push(raw_run(&http).await.as_secs_f64());
        ours.push(client_run(&path).await.as_secs_f64());
    }
    std::fs::remove_file(&path).unwrap();
    let (b, c) = (median(base), median(ours));
    println!(
        "import {ROWS} rows, {runs} runs (medians), 2 activities each, list verified at {ROWS} members:"
    );
    println!(
        "  baseline (raw reqwest POST + wait): {b:.3} s, {:.0} rows/s",
        ROWS as f64 / b
    );
    println!(
        "  client (import_csv_file + wait):    {c:.3} s, {:.0} rows/s",
        ROWS as f64 / c
    );
    println!("  client ÷ baseline: {:.2}×", c / b);
}
