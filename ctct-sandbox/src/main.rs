//! `ctct-sandbox`: run the V1 emulator until killed.
//!
//! ```text
//! ctct-sandbox --addr 127.0.0.1:8080 --username joesflowers --api-key KEY --password PASS \
//!     [--access-token TOKEN] [--seed-contacts N] [--seed-lists M] [--faults SPEC] \
//!     [--activity-step DURATION]
//! ```
//!
//! The first line on stdout is `listening on http://ADDR` (port 0 picks a free port), so a
//! script or test can start it and read where it is.

use std::io::Write;
use std::process::ExitCode;

use ctct_sandbox::{Config, Sandbox};

const USAGE: &str = "usage: ctct-sandbox [--addr HOST:PORT] [--username NAME] [--api-key KEY] \
[--password PASS] [--access-token TOKEN] [--seed-contacts N] [--seed-lists M] [--faults SPEC] \
[--activity-step DURATION]
  defaults: --addr 127.0.0.1:8080 --username joesflowers --api-key sandbox-key --password sandbox-password
  DURATION: pause between the steps of a bulk activity, e.g. 200ms (the default) or 1s
  SPEC: see the ctct-sandbox README (e.g. \"status=503,rate=0.1;latency=50ms,path=/contacts*\")";

fn parse(args: Vec<String>) -> Result<Config, String> {
    let mut config = Config {
        addr: std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
        ..Config::default()
    };
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let count = |v: &str| {
            v.parse::<usize>()
                .map_err(|_| format!("{flag} needs a count, got {v:?}"))
        };
        match flag.as_str() {
            "--addr" => {
                config.addr = value
                    .parse()
                    .map_err(|_| format!("--addr needs HOST:PORT, got {value:?}"))?
            }
            "--username" => config.username = value,
            "--api-key" => config.api_key = value,
            "--password" => config.password = value,
            "--access-token" => config.access_token = Some(value),
            "--seed-contacts" => config.seed_contacts = count(&value)?,
            "--seed-lists" => config.seed_lists = count(&value)?,
            "--faults" => config.faults = value.parse().map_err(|e| format!("{e}"))?,
            "--activity-step" => {
                config.activity_step = ctct_sandbox::faults::parse_duration(&value)
                    .ok_or_else(|| format!("--activity-step needs 250ms or 1s, got {value:?}"))?
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1).collect()) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {}", sandbox.base_url());
    let _ = out.flush();
    drop(out);
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
