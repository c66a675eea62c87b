//! Mixed read/write load: throughput and latency of an in-process sandbox under concurrent
//! clients that read and write, then a check that no acknowledged write was lost.
//!
//! ```text
//! cargo run --release -p ctct-sandbox --example mixed_load -- --clients 8 --seconds 10 [--contacts 10000]
//! ```
//!
//! It runs twice on the same seeded account: first read-only (the baseline), then with three
//! requests in ten being writes (creates and renames of contacts). It prints both throughputs,
//! their ratio and p50/p99 latencies, then reads back every write the server acknowledged and
//! exits non-zero if any is missing or stale. It only talks to 127.0.0.1 and stops by itself.

mod driver;

use std::process::ExitCode;
use std::time::Duration;

use ctct_sandbox::{Config, Sandbox};
use driver::{Options, Target};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let clients = usize::try_from(arg("--clients", 8))?;
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
    let target = Target {
        account_url: sandbox.account_url(),
        username: "joesflowers".into(),
        basic_user: "KEY%joesflowers".into(),
        password: "PASS".into(),
    };
    let duration = Duration::from_secs(seconds);
    let base = driver::run(
        &target,
        &Options {
            clients,
            duration,
            writes_in_ten: 0,
        },
        contacts,
    )
    .await?;
    let mixed = driver::run(
        &target,
        &Options {
            clients,
            duration,
            writes_in_ten: 3,
        },
        contacts,
    )
    .await?;
    let lost = driver::verify(&target, &mixed.promises).await?;
    println!(
        "{clients} clients, {seconds} s per phase, {contacts} seeded contacts\n\
         read-only baseline: {} requests, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms\n\
         mixed (3 writes in 10): {} reads + {} writes, {:.0} req/s ({:.2}x the baseline), p50 {:.2} ms, p99 {:.2} ms\n\
         acknowledged writes: {} contacts, {} lost, {} unexpected answers",
        base.reads,
        base.throughput(),
        ms(base.quantile(0.5)),
        ms(base.quantile(0.99)),
        mixed.reads,
        mixed.writes,
        mixed.throughput(),
        mixed.throughput() / base.throughput().max(1e-9),
        ms(mixed.quantile(0.5)),
        ms(mixed.quantile(0.99)),
        mixed.promises.len(),
        lost.len(),
        mixed.unexpected.len() + base.unexpected.len(),
    );
    for l in lost.iter().chain(&mixed.unexpected).take(10) {
        println!("  {l}");
    }
    Ok(
        if lost.is_empty() && mixed.unexpected.is_empty() && base.unexpected.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        },
    )
}
