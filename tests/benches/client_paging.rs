//! Paging contacts from an in-process sandbox: the client's item stream against raw HTTP.
//!
//! The baseline fetches the same pages with plain reqwest GETs, following the `rel="next"`
//! links found by a string search, decoding nothing. The client run streams every contact
//! through `Client::contacts()` (Atom decoding, typed payloads, loop guard, retries armed).
//! Each run reports contacts per second and peak live heap bytes above the level at its start
//! (a counting global allocator; the in-process sandbox's page rendering is included in both
//! runs alike). Runs alternate baseline and client; medians of the runs are reported, and the
//! client's figures as ratios of the baseline's.
//!
//! ```text
//! cargo bench -p ctct-tests --bench client_paging                       # 10000 contacts, 5 runs
//! CTCT_BENCH_LARGE=1 cargo bench -p ctct-tests --bench client_paging    # also 100000
//! CTCT_BENCH_RUNS=9 cargo bench -p ctct-tests --bench client_paging
//! CTCT_BENCH_LATENCY_MS=2 cargo bench -p ctct-tests --bench client_paging  # 2 ms a page
//! ```
//!
//! `CTCT_BENCH_LATENCY_MS` makes the sandbox wait that long before answering each page (a
//! network's round trip, spent waiting rather than computing), for both runs alike.

#![allow(clippy::unwrap_used, missing_docs)] // a bench binary: a failure is a failed run

use std::time::{Duration, Instant};

use ctct_client::{Auth, Client, RetryPolicy};
use ctct_sandbox::{Config, Effect, FaultRule, FaultSpec, Sandbox};
use futures_util::TryStreamExt as _;
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

const USER: &str = "joesflowers";
const KEY: &str = "bench-key";
const PASS: &str = "bench-pass";

#[derive(Debug, Clone, Copy)]
struct Run {
    contacts: usize,
    elapsed: Duration,
    peak_bytes: usize,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.contacts as f64 / self.elapsed.as_secs_f64()
    }
}

/// Measures `f`: time, and peak heap above the level at the start.
async fn measure<F: std::future::Future<Output = usize>>(f: F) -> Run {
    let before = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let started = Instant::now();
    let contacts = f.await;
    let elapsed = started.elapsed();
    Run {
        contacts,
        elapsed,
        peak_bytes: ALLOC.peak_usage().saturating_sub(before),
    }
}

/// The `href` of the feed's `rel="next"` link, if any, found by string search.
fn next_href(body: &str) -> Option<&str> {
    let at = body.find("rel=\"next\"")?;
    let start = body[..at].rfind("<link")?;
    let end = at + body[at..].find('>')?;
    let tag = &body[start..end];
    let h = tag.find("href=\"")? + 6;
    let len = tag[h..].find('"')?;
    Some(&tag[h..h + len])
}

async fn raw(http: &reqwest::Client, sandbox: &Sandbox) -> usize {
    let base = sandbox.base_url();
    let mut url = format!("{}/contacts", sandbox.account_url());
    let mut entries = 0;
    loop {
        let body = http
            .get(&url)
            .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
            .header("accept", "application/atom+xml")
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .text()
            .await
            .unwrap();
        entries += body.matches("<entry").count();
        match next_href(&body) {
            Some(href) if href.starts_with('/') => url = format!("{base}{href}"),
            Some(href) => url = href.replace("&amp;", "&"),
            None => return entries,
        }
    }
}

async fn typed(client: &Client) -> usize {
    let mut n = 0;
    let mut items = client.contacts();
    while let Some(entry) = items.try_next().await.unwrap() {
        assert!(entry.content.email_address.is_some());
        n += 1;
    }
    n
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn bench(size: usize, runs: usize, latency: Duration) {
    let faults = if latency.is_zero() {
        FaultSpec::none()
    } else {
        FaultSpec::none().with(FaultRule::new(Effect::Latency(latency)).on_path("/contacts"))
    };
    let sandbox = Sandbox::start(Config {
        username: USER.into(),
        api_key: KEY.into(),
        password: PASS.into(),
        seed_contacts: size,
        faults,
        ..Config::default()
    })
    .await
    .unwrap();
    ctct_client::reqwest_transport::install_crypto_provider();
    let http = reqwest::Client::new();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .username(USER)
        .auth(Auth::basic(KEY, PASS))
        .retry(RetryPolicy::default())
        .build()
        .unwrap();
    // Warm up both paths (connections, lazy statics).
    assert_eq!(raw(&http, &sandbox).await, size);
    assert_eq!(typed(&client).await, size);
    let (mut base_runs, mut client_runs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let b = measure(raw(&http, &sandbox)).await;
        let c = measure(typed(&client)).await;
        assert_eq!((b.contacts, c.contacts), (size, size));
        base_runs.push(b);
        client_runs.push(c);
    }
    let rate = |r: &[Run]| median(r.iter().map(Run::per_second).collect());
    let peak = |r: &[Run]| median(r.iter().map(|x| x.peak_bytes as f64).collect());
    let (br, cr) = (rate(&base_runs), rate(&client_runs));
    let (bp, cp) = (peak(&base_runs), peak(&client_runs));
    println!(
        "{size:>6} contacts, {runs} runs, {} ms latency a page, medians\n  \
         raw GETs (baseline): {br:>9.0} contacts/s, peak heap {:>8.1} KiB\n  \
         client item stream : {cr:>9.0} contacts/s, peak heap {:>8.1} KiB\n  \
         client/baseline    : {:>9.3}x throughput, {:.2}x peak heap",
        latency.as_millis(),
        bp / 1024.0,
        cp / 1024.0,
        cr / br,
        cp / bp,
    );
    for (i, (b, c)) in base_runs.iter().zip(&client_runs).enumerate() {
        println!(
            "    run {i}: baseline {:>7.1} ms {:>7.1} KiB | client {:>7.1} ms {:>7.1} KiB",
            b.elapsed.as_secs_f64() * 1e3,
            b.peak_bytes as f64 / 1024.0,
            c.elapsed.as_secs_f64() * 1e3,
            c.peak_bytes as f64 / 1024.0
        );
    }
    sandbox.shutdown().await;
}

fn main() {
    let runs = std::env::var("CTCT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let latency = Duration::from_millis(
        std::env::var("CTCT_BENCH_LATENCY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    );
    let mut sizes = vec![10_000];
    if std::env::var_os("CTCT_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    for size in sizes {
        rt.block_on(bench(size, runs, latency));
    }
}
