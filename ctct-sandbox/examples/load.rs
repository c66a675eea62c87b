//! Load tool: `GET /contacts` paging throughput of an in-process sandbox.
//!
//! ```text
//! cargo run --release -p ctct-sandbox --example load -- --clients 8 --seconds 10 [--contacts 10000]
//! ```
//!
//! Each client pages through the whole seeded account (following `next` links) again and
//! again until the time is up; the tool prints pages per second and the p50/p99 latency of
//! one page. It only talks to 127.0.0.1 and stops by itself.

use std::time::{Duration, Instant};

use ctct_sandbox::{Config, Sandbox};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let clients = arg("--clients", 8);
    let seconds = arg("--seconds", 10);
    let contacts = arg("--contacts", 10_000);
    let sandbox = Sandbox::start(Config {
        seed_contacts: usize::try_from(contacts)?,
        seed_lists: 5,
        api_key: "KEY".into(),
        password: "PASS".into(),
        ..Config::default()
    })
    .await?;
    let base = sandbox.base_url();
    let first = format!("{}/contacts", sandbox.account_url());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (base, first) = (base.clone(), first.clone());
        tasks.push(tokio::spawn(async move {
            let http = http_client();
            let mut latencies = Vec::new();
            let mut url = first.clone();
            while Instant::now() < deadline {
                let t = Instant::now();
                let r = http
                    .get(&url)
                    .basic_auth("KEY%joesflowers", Some("PASS"))
                    .send()
                    .await?;
                let body = r.text().await?;
                latencies.push(t.elapsed());
                url = match body
                    .split("rel=\"next\"")
                    .next()
                    .and_then(|s| s.rsplit("href=\"").next())
                {
                    Some(href) if body.contains("rel=\"next\"") => {
                        format!(
                            "{base}{}",
                            href.trim_end_matches("\" ").replace("&amp;", "&")
                        )
                    }
                    _ => first.clone(),
                };
            }
            Ok::<_, reqwest::Error>(latencies)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{clients} clients, {seconds} s, {contacts} contacts: {} pages, {:.0} pages/s, p50 {:.2} ms, p99 {:.2} ms",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
    );
    Ok(())
}

/// A plain reqwest client. Built in one workspace with ctct-client's rustls features, reqwest
/// needs a rustls crypto provider first: ring's is installed unless one already is.
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
