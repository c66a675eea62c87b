//! The command line, declared with clap's derive API.
//!
//! Global options come first ([`Global`]), then one subcommand per resource. Credentials are
//! deliberately not options: a password typed as a flag lands in shell history and in `ps`,
//! so they come only from the environment (see [`crate::credentials`]).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::options::Global;

const ABOUT: &str = "Work with a Constant Contact account from the terminal: contacts, lists, \
bulk import and export, campaigns, events and activities.";

const LONG_ABOUT: &str = "Work with a Constant Contact account from the terminal: contacts, \
lists, bulk import and export, campaigns, events and activities.

Try it without an account: every command runs against an embedded sandbox, seeded with \
sample contacts and lists, when given --sandbox:

    ctct --sandbox lists list
    ctct --sandbox contacts search --email contact00001@example.com
    ctct --sandbox --output json contacts changed-since 2026-01-01T00:00:00Z --list-type active

Against the real service, set the credentials in the environment (never as flags, so they \
stay out of shell history) and run:

    export CTCT_USERNAME=joesflowers CTCT_API_KEY=... CTCT_PASSWORD=...
    ctct contacts get 42";

const AFTER_HELP: &str = "\
Environment:
  CTCT_USERNAME       the account username (or --username)
  CTCT_PROFILE        the config-file profile (or --profile)
  CTCT_CONFIG         the config file (default $XDG_CONFIG_HOME/ctct/config.toml)
  NO_COLOR            no colour codes on stderr with --color auto
  CTCT_API_KEY        the API key, used with CTCT_PASSWORD (HTTP Basic)
  CTCT_PASSWORD       the account password
  CTCT_ACCESS_TOKEN   an OAuth 2.0 access token, used instead of the key and password
  CTCT_BASE_URL       the service root (or --base-url)
  CTCT_TIMEOUT        how long one attempt of a request may take (or --timeout)

Exit codes:
  0    success
  1    the API or the network failed
  2    usage: a bad flag or argument, or bad configuration
  3    authentication: credentials missing or refused (401/403)
  4    not found: no such contact, list, campaign, event or activity
  5    invalid input: nothing was sent (a value too long, a malformed CSV line or date)
  6    conflict: it exists already (409)
  7    partial: a bulk job finished but some rows were rejected
  8    outcome unknown: a change was sent, its answer was lost (connection closed, answer
       cut short, timeout) and no check could tell whether it was applied; read it back
       before running the command again
  130  interrupted (Ctrl-C); nothing was left half-written";

/// `ctct`: the Constant Contact command-line tool.
#[derive(Debug, Parser)]
#[command(name = "ctct", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and change contacts.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Read and change contact lists.
    #[command(subcommand)]
    Lists(ListsCommand),
    /// Add the contacts of a CSV file to lists, as bulk activities (25 rows or more).
    #[command(
        after_help = "The first line names the columns: EMAIL ADDRESS (required), FIRST NAME, \
LAST NAME, COMPANY NAME, CITY, CUSTOM FIELD 1 … (case and spacing ignored).\n\
Rows that cannot be imported are listed with their line numbers (the header is line 1); \
the exit code is then 7.\n\
If an import stops part-way, the error says which input lines went into which activity and \
the line to resume from: run the same command again with --from-line N.\n\
Example:\n  ctct import people.csv --list 1 --list 3\n  \
ctct import people.csv --list 1 --list 3 --from-line 40002"
    )]
    Import(ImportArgs),
    /// Export the contacts of a list to a CSV file (written whole or not at all).
    #[command(
        after_help = "Example:\n  ctct export --list 1 --out list1.csv --columns \"FIRST NAME\" --columns \"LAST NAME\""
    )]
    Export(ExportArgs),
    /// Follow bulk activities (imports, exports).
    #[command(subcommand)]
    Activities(ActivitiesCommand),
    /// Email campaigns: read, create, schedule, and their tracking events.
    #[command(subcommand)]
    Campaigns(CampaignsCommand),
    /// Event Marketing: events and their registrants.
    #[command(subcommand)]
    Events(EventsCommand),
    /// The V3 API with OAuth 2.0: log in, list contacts, import a CSV file.
    V3(crate::cli_v3::V3Args),
    /// Print a shell completion script, e.g. `source <(ctct completions bash)`.
    #[command(
        after_help = "Install, for example:\n  bash: ctct completions bash > ~/.local/share/bash-completion/completions/ctct\n  \
zsh:  ctct completions zsh > ~/.zfunc/_ctct\n  fish: ctct completions fish > ~/.config/fish/completions/ctct.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages (ctct.1 and one per subcommand) into a directory.
    #[command(hide = true)]
    Manpages {
        /// Where to write them.
        #[arg(value_name = "DIR")]
        out: PathBuf,
    },
}

/// `ctct campaigns …`
#[derive(Debug, Subcommand)]
pub enum CampaignsCommand {
    /// List the campaigns, optionally of one status.
    List {
        /// Only campaigns in this status.
        #[arg(long, value_enum)]
        status: Option<CampaignStatusArg>,
    },
    /// Show one campaign, with its counts.
    Get {
        /// The campaign id.
        id: String,
    },
    /// Create a draft custom-code campaign from an HTML file.
    #[command(
        after_help = "FROM must be one of the account's verified addresses (see the \
account settings); it is also the reply-to address.\n\
Example:\n  ctct campaigns create --name \"May news\" --subject \"Our May news\" \\\n    \
--from joesflowers@example.com --html may.html --list 1"
    )]
    Create {
        /// The campaign name (unique in the account).
        #[arg(long)]
        name: String,
        /// The email subject.
        #[arg(long)]
        subject: String,
        /// The sender address: one of the account's verified addresses.
        #[arg(long = "from", value_name = "FROM")]
        from_email: String,
        /// The sender name (default: the account username).
        #[arg(long)]
        from_name: Option<String>,
        /// The HTML content.
        #[arg(long, value_name = "FILE")]
        html: PathBuf,
        /// A list to send to (repeatable).
        #[arg(long = "list", value_name = "ID", required = true)]
        lists: Vec<String>,
    },
    /// Schedule (or move) the sending of a campaign; at least 15 minutes ahead.
    Schedule {
        /// The campaign id.
        id: String,
        /// When to send (RFC 3339, e.g. 2026-12-01T09:00:00Z).
        #[arg(long)]
        at: String,
    },
    /// Cancel a campaign's schedule (it goes back to Draft).
    Unschedule {
        /// The campaign id.
        id: String,
    },
    /// The tracking events of a campaign.
    Events {
        /// The campaign id.
        id: String,
        /// Which events.
        #[arg(value_enum, default_value_t = EventKind::All)]
        kind: EventKind,
    },
}

/// Campaign statuses `campaigns list --status` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CampaignStatusArg {
    /// Not sent or scheduled.
    Draft,
    /// Being sent.
    Running,
    /// Sent.
    Sent,
    /// Waiting for its time.
    Scheduled,
}

/// Kinds of tracking events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventKind {
    /// Every kind, in the order below.
    All,
    /// Sends.
    Sends,
    /// Opens.
    Opens,
    /// Link clicks.
    Clicks,
    /// Bounces.
    Bounces,
    /// Forwards.
    Forwards,
    /// Opt-outs.
    OptOuts,
}

/// `ctct events …`
#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// List the events.
    List,
    /// Show one event.
    Get {
        /// The event id.
        id: String,
    },
    /// The registrants of an event.
    Registrants {
        /// The event id.
        id: String,
    },
}

/// `ctct import FILE --list ID…`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// A list every imported contact joins (repeat for several; at least one).
    #[arg(long = "list", value_name = "ID", required = true)]
    pub lists: Vec<String>,
    /// Send the file as multipart/form-data (smaller requests for large files).
    #[arg(long)]
    pub multipart: bool,
    /// Return once the activities are created, without waiting for them to run.
    #[arg(long)]
    pub no_wait: bool,
    /// Skip the rows before input line N (the header, line 1, is still read): resume an
    /// import that stopped, from the line its error names.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(2..))]
    pub from_line: Option<u64>,
}

/// `ctct export --list ID --out FILE`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The list to export.
    #[arg(long, value_name = "ID")]
    pub list: String,
    /// Where to write the CSV file (replaced only once the export is complete).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// A column besides EMAIL ADDRESS, which is always exported (repeatable), e.g. "FIRST NAME".
    #[arg(long = "columns", value_name = "COLUMN")]
    pub columns: Vec<String>,
}

/// `ctct activities …`
#[derive(Debug, Subcommand)]
pub enum ActivitiesCommand {
    /// The recent bulk activities.
    List,
    /// Show one activity, with its rejected lines.
    Get {
        /// The activity id.
        id: String,
    },
    /// Wait until an activity has finished (exit 7 if it rejected lines).
    Wait {
        /// The activity id.
        id: String,
    },
}

/// `ctct contacts …`
#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// List every contact of the account (summaries: id, email, name, status).
    List,
    /// Show one contact in full.
    #[command(after_help = "ID is the number (42) or the full URI of the contact.")]
    Get {
        /// The contact id.
        id: String,
    },
    /// Create a contact on one or more lists (as the account owner's action).
    #[command(
        after_help = "Example:\n  ctct contacts create --email ann@example.com --first-name Ann --list 1 --list 3"
    )]
    Create {
        /// The email address (at most 80 characters).
        #[arg(long)]
        email: String,
        /// The fields to set.
        #[command(flatten)]
        fields: ContactFields,
        /// A list to put the contact on (repeat for several; at least one).
        #[arg(long = "list", value_name = "ID", required = true)]
        lists: Vec<String>,
    },
    /// Change a contact's fields or list membership (GET, change, PUT).
    Update {
        /// The contact id.
        id: String,
        /// A new email address.
        #[arg(long)]
        email: Option<String>,
        /// The fields to set.
        #[command(flatten)]
        fields: ContactFields,
        /// A list to add the contact to (repeatable).
        #[arg(long = "add-list", value_name = "ID")]
        add_lists: Vec<String>,
        /// A list to take the contact off (repeatable).
        #[arg(long = "remove-list", value_name = "ID")]
        remove_lists: Vec<String>,
    },
    /// Opt a contact out: Do Not Mail, off every list. Only the contact can undo this.
    OptOut {
        /// The contact id.
        id: String,
    },
    /// Remove a contact from every list (status Removed); unlike opt-out, you can add it back.
    Remove {
        /// The contact id.
        id: String,
    },
    /// Find contacts by email address.
    Search {
        /// The address to look for (repeatable).
        #[arg(long, required = true)]
        email: Vec<String>,
    },
    /// The contacts changed since an instant: by default on all three system list types
    /// (active, removed, do-not-mail), or on one list or one list type.
    #[command(
        after_help = "DATE is RFC 3339 (2026-01-31T09:00:00Z) or a plain date (2026-01-31, midnight UTC).\n\
Example:\n  ctct contacts changed-since 2026-01-31 --list-type removed"
    )]
    ChangedSince {
        /// The instant (RFC 3339, or YYYY-MM-DD for midnight UTC).
        date: String,
        /// A list id (without --list or --list-type, all three system list types are read:
        /// active, removed and do-not-mail).
        #[arg(long, value_name = "ID", conflicts_with = "list_type")]
        list: Option<String>,
        /// One system list type only (default: all three).
        #[arg(long, value_enum)]
        list_type: Option<ListType>,
    },
}

/// The contact fields `create` and `update` can set.
#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// First name.
    #[arg(long)]
    pub first_name: Option<String>,
    /// Last name.
    #[arg(long)]
    pub last_name: Option<String>,
    /// Company name.
    #[arg(long)]
    pub company: Option<String>,
    /// City.
    #[arg(long)]
    pub city: Option<String>,
    /// A note for the account owner.
    #[arg(long)]
    pub note: Option<String>,
}

/// The system list types `changed-since` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListType {
    /// Contacts on at least one list.
    Active,
    /// Contacts taken off every list.
    Removed,
    /// Contacts who opted out.
    DoNotMail,
}

/// `ctct lists …`
#[derive(Debug, Subcommand)]
pub enum ListsCommand {
    /// List the lists (system lists first: active, removed, do-not-mail).
    List {
        /// Leave out the system lists.
        #[arg(long)]
        user_only: bool,
    },
    /// Show one list.
    Get {
        /// The list id (number or URI).
        id: String,
    },
    /// Create a list.
    Create {
        /// The list name (unique in the account).
        name: String,
    },
    /// Rename a list.
    Update {
        /// The list id.
        id: String,
        /// The new name.
        #[arg(long)]
        name: String,
    },
    /// Delete a list (its contacts stay in the account).
    Delete {
        /// The list id.
        id: String,
    },
    /// The members of a list.
    Members {
        /// The list id.
        id: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
