//! The options every command reads: the global flags, the output format and the V3 session
//! options. They are apart from the command tree ([`crate::cli`], [`crate::cli_v3`]) so that
//! the code that runs commands can read them without depending on the tree that names it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The service root (default: the real service).
    #[arg(
        long,
        global = true,
        env = "CTCT_BASE_URL",
        value_name = "URL",
        default_value = ctct_client::client::DEFAULT_BASE_URL
    )]
    pub base_url: String,
    /// The account username (the login name every V1 URL contains).
    #[arg(long, global = true, env = "CTCT_USERNAME", value_name = "NAME")]
    pub username: Option<String>,
    /// How to print results: `table` for people, `json` for scripts (one document per command).
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Start an embedded sandbox seeded with sample data and run against it (no account needed;
    /// its data is gone when the command ends).
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Like --sandbox, but the sandbox's contacts and lists are loaded from FILE when it
    /// exists and written back to it when the command ends, so they last between commands.
    #[arg(long, global = true, value_name = "FILE")]
    pub sandbox_state: Option<PathBuf>,
    /// How long one attempt of a request may take, e.g. `30s` or `500ms` (default 30s).
    #[arg(long, global = true, env = "CTCT_TIMEOUT", value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
    /// Trace requests on stderr (-v: one line per request; -vv: more). Credentials are never shown.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Print less: no progress bars, no notes on stderr, and no confirmation sentence after a
    /// change (tables, JSON and errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Colour on stderr: `auto` colours a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, default_value_t = crate::color::ColorChoice::Auto, value_name = "WHEN")]
    pub color: crate::color::ColorChoice,
    /// Go ahead with changes that are hard to undo (delete a list, opt a contact out, remove a
    /// contact, unschedule a campaign) without asking. Needed off a terminal.
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
    /// The profile of the config file to use (default: its `[default]` table, if any).
    #[arg(long, global = true, env = "CTCT_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
}

fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    parse_duration(s)
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{s:?} is not a duration such as 30s or 500ms"))
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// One JSON document per command, for scripts.
    Json,
    /// One compact JSON object per line (each row of a listing), for large listings and
    /// line-oriented tools (`jq -c`, `grep`, `wc -l`).
    Ndjson,
}

/// Options of every `ctct v3` command.
#[derive(Debug, Args)]
pub struct V3Options {
    /// The V3 base URL (default: `--base-url` + `/v3` when a base URL is given, else the real
    /// service).
    #[arg(long, global = true, env = "CTCT_V3_BASE_URL", value_name = "URL")]
    pub v3_base_url: Option<String>,
    /// The OAuth authorization server's root, e.g. `https://authz.constantcontact.com`
    /// (default: `--base-url` when given, else the real service).
    #[arg(long, global = true, env = "CTCT_AUTH_URL", value_name = "URL")]
    pub auth_url: Option<String>,
    /// The application's client id (its API key). Required against the real service.
    #[arg(long, global = true, env = "CTCT_CLIENT_ID", value_name = "ID")]
    pub client_id: Option<String>,
    /// The token file (written with mode 0600; default `$XDG_CONFIG_HOME/ctct/tokens.json`).
    #[arg(long, global = true, env = "CTCT_TOKEN_FILE", value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// An OAuth scope a login asks for (repeat for several; default: contact_data,
    /// campaign_data, account_read and offline_access, what the commands need).
    #[arg(long = "scope", global = true, value_name = "SCOPE")]
    pub scopes: Vec<String>,
}

/// `500ms` or `30s` (fractions allowed, under an hour), the forms the sandbox's fault specs
/// take too.
fn parse_duration(s: &str) -> Option<std::time::Duration> {
    use std::time::Duration;
    if let Some(ms) = s.strip_suffix("ms") {
        ms.parse().ok().map(Duration::from_millis)
    } else if let Some(secs) = s.strip_suffix('s') {
        secs.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0 && *v < 3600.0)
            .map(Duration::from_secs_f64)
    } else {
        None
    }
}
