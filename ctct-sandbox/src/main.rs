//! `ctct-sandbox`: run the emulator (V1 and V3) until Ctrl-C or `SIGTERM`.
//!
//! The first line on stdout is `listening on http://ADDR` (port 0 picks a free port), so a
//! script or test can start it and read where it is. With `--state FILE` the contacts and
//! lists survive restarts: loaded on start when the file exists, written back atomically on
//! shutdown.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ctct_sandbox::faults::FaultSpec;
use ctct_sandbox::{Config, Sandbox};

/// A stateful local emulator of the Constant Contact API, with seeded data and fault injection.
#[derive(Debug, Parser)]
#[command(
    name = "ctct-sandbox",
    version,
    about,
    after_help = "\
FAULTS (e.g. \"status=503,rate=0.1;latency=50ms,path=/contacts*\") are described in the \
crate documentation of ctct-sandbox (module `faults`)."
)]
struct Args {
    /// Where to listen (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    /// The account username.
    #[arg(long, default_value = "joesflowers", value_name = "NAME")]
    username: String,
    /// The API key accepted in Basic auth.
    #[arg(long, default_value = "sandbox-key", value_name = "KEY")]
    api_key: String,
    /// The password accepted in Basic auth.
    #[arg(long, default_value = "sandbox-password", value_name = "PASS")]
    password: String,
    /// A Bearer token accepted besides Basic auth.
    #[arg(long, value_name = "TOKEN")]
    access_token: Option<String>,
    /// How many contacts to seed (ignored when --state loads a file).
    #[arg(long, default_value_t = 0, value_name = "N")]
    seed_contacts: usize,
    /// How many lists to seed (ignored when --state loads a file).
    #[arg(long, default_value_t = 0, value_name = "M")]
    seed_lists: usize,
    /// Faults to inject.
    #[arg(long, value_name = "SPEC", value_parser = parse_faults)]
    faults: Option<FaultSpec>,
    /// The pause between the steps of a bulk activity, e.g. 200ms or 1s.
    #[arg(long, default_value = "200ms", value_name = "DURATION", value_parser = parse_step)]
    activity_step: Duration,
    /// Keep the contacts and lists in FILE: loaded on start if it exists, written back
    /// (atomically) on Ctrl-C and SIGTERM.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
}

fn parse_faults(text: &str) -> Result<FaultSpec, String> {
    text.parse().map_err(|e| format!("{e}"))
}

fn parse_step(text: &str) -> Result<Duration, String> {
    ctct_sandbox::faults::parse_duration(text)
        .ok_or_else(|| format!("needs a duration such as 250ms or 1s, got {text:?}"))
}

impl Args {
    fn into_config(self) -> Config {
        let mut config = Config {
            addr: self.addr,
            username: self.username,
            api_key: self.api_key,
            password: self.password,
            access_token: self.access_token,
            seed_contacts: self.seed_contacts,
            seed_lists: self.seed_lists,
            activity_step: self.activity_step,
            state_file: self.state,
            ..Config::default()
        };
        if let Some(faults) = self.faults {
            config.faults = faults;
        }
        config
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = Args::parse().into_config();
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The signal handlers are in place before the ready line: a SIGTERM sent as soon as
    // `listening on` is read must save the state, not kill the process.
    let stop = Stop::listen();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {}", sandbox.base_url());
    let _ = out.flush();
    drop(out);
    stop.wait().await;
    let saved = sandbox.save_state();
    sandbox.shutdown().await;
    match saved {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the state was not saved: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or, on Unix, `SIGTERM` (what `kill` and service managers send), listened for from
/// the moment it is made.
struct Stop {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Stop {
    /// Installs the handlers now.
    fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = signal(SignalKind::interrupt())
                .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                .ok();
            Self { signals }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Waits for either signal.
    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.signals {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
