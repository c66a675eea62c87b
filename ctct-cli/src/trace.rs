//! `-v`: request tracing on stderr.
//!
//! The client opens a `tracing` span per request (endpoint, method, path, attempt, status,
//! duration) and never records a credential. `-v` shows those at debug level, `-vv` at trace
//! level. Only this workspace's crates are traced: the HTTP stack underneath (hyper, reqwest)
//! stays at warnings, so no raw header can reach the terminal.

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Installs the subscriber for `verbosity` (the number of `-v`); does nothing for 0. `ansi`
/// says whether colour codes may be written (see [`crate::color`]).
pub fn init(verbosity: u8, ansi: bool) {
    let level = match verbosity {
        0 => return,
        1 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let targets = Targets::new()
        .with_default(LevelFilter::WARN)
        .with_target("ctct_client", level)
        .with_target("ctct_cli", level)
        .with_target("ctct_sandbox", level)
        .with_target("ctct", level);
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(ansi)
        .with_span_events(FmtSpan::CLOSE);
    // A second init (impossible here: called once from main) would only be ignored.
    let _ = tracing_subscriber::registry()
        .with(targets)
        .with(fmt)
        .try_init();
}
