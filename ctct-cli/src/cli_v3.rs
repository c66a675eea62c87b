//! The `ctct v3 …` command line: the V3 (JSON, OAuth 2.0) API.
//!
//! V3 is a different service from V1, with its own base URL and its own credentials: OAuth 2.0
//! tokens that `ctct v3 login` gets once and keeps in a token file, instead of a key and a
//! password in the environment. So its options are apart from the V1 ones
//! ([`crate::options`]).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::options::V3Options;

/// `ctct v3 [OPTIONS] COMMAND`
#[derive(Debug, Args)]
#[command(after_help = "\
Environment:
  CTCT_CLIENT_ID      the application's client id (API key) for OAuth (or --client-id)
  CTCT_V3_BASE_URL    the V3 base (or --v3-base-url; default: BASE_URL/v3 when --base-url
                      is set, else https://api.cc.email/v3)
  CTCT_AUTH_URL       the authorization server's root (or --auth-url)
  CTCT_TOKEN_FILE     where `ctct v3 login` keeps the tokens (or --token-file; default
                      $XDG_CONFIG_HOME/ctct/tokens.json, i.e. ~/.config/ctct/tokens.json)
  CTCT_ACCESS_TOKEN   an access token to use instead of the token file (never refreshed)")]
pub struct V3Args {
    /// Where the V3 API and its authorization server are, and where tokens are kept.
    #[command(flatten)]
    pub options: V3Options,
    /// What to do.
    #[command(subcommand)]
    pub command: V3Command,
}

/// `ctct v3 …`
#[derive(Debug, Subcommand)]
pub enum V3Command {
    /// Log in with OAuth 2.0 and keep the tokens in the token file (never printed).
    #[command(
        after_help = "By default the device flow: open the address shown on stderr, \
enter the code, and approve; `ctct` waits until you have. With --pkce, open the authorization \
URL in the browser (opened for you where one exists) and approve; ctct listens on a loopback \
port for the browser to come back (or paste the address it was sent to).\n\
With --sandbox, the embedded sandbox's authorization server is used and the device code is \
approved automatically.\nExample:\n  CTCT_CLIENT_ID=... ctct v3 login"
    )]
    Login {
        /// Use the authorization code flow with PKCE instead of the device flow.
        #[arg(long)]
        pkce: bool,
        /// The redirect URI registered for the client (with --pkce). A loopback one without a
        /// port (the default) is served by ctct itself on a free port, so nothing needs
        /// pasting; any other is pasted back from the browser.
        #[arg(long, value_name = "URI", default_value = "http://127.0.0.1/callback")]
        redirect_uri: String,
    },
    /// Read and change contacts.
    #[command(subcommand)]
    Contacts(V3ContactsCommand),
    /// Read and change contact lists.
    #[command(subcommand)]
    Lists(V3ListsCommand),
    /// Show the account: its summary, physical address and sender email addresses.
    #[command(after_help = "Needs a token granted account_read.\nExample:\n  ctct v3 account")]
    Account,
    /// Contact tags: list, create, delete, and tag or untag many contacts at once.
    #[command(subcommand)]
    Tags(crate::commands::v3::tags::V3TagsCommand),
    /// Custom field definitions: list, get, create, update, delete, get-or-create.
    #[command(subcommand)]
    CustomFields(crate::commands::v3::custom_fields::V3CustomFieldsCommand),
    /// Segments (saved contact queries): list, get, create, update, rename, delete.
    #[command(subcommand)]
    Segments(crate::commands::v3::segments::V3SegmentsCommand),
    /// Email campaigns: list, get, create, and schedule, unschedule or test-send an activity.
    #[command(subcommand, after_help = "Needs a token granted campaign_data.")]
    Emails(crate::commands::v3::emails::V3EmailsCommand),
    /// Social: the connected profiles, hashtag groups, and posts to profiles.
    #[command(subcommand, after_help = "Needs a token granted campaign_data.")]
    Social(crate::commands::v3::social::V3SocialCommand),
    /// Export contacts (all, some lists, a segment or some ids) to a CSV file.
    #[command(
        after_help = "The export runs as a V3 activity (progress on stderr); FILE is written \
only when the download is complete.\nExample:\n  ctct v3 export --to contacts.csv --list 2f8e… \
--fields email_address,first_name"
    )]
    Export(crate::commands::v3::export::V3ExportArgs),
    /// Bulk activities: list, get, and wait for one to finish.
    #[command(subcommand)]
    Activities(crate::commands::v3::activities::V3ActivitiesCommand),
    /// Import a CSV file (columns such as email, first_name, last_name) into lists.
    #[command(
        after_help = "The import runs as a V3 activity; rows the server rejects are \
listed with their line numbers and the exit code is then 7.\nExample:\n  ctct v3 import \
people.csv --list 2f8e…"
    )]
    Import {
        /// The CSV file.
        file: PathBuf,
        /// A list id every imported contact joins (repeat for several; at least one).
        #[arg(long = "list", value_name = "ID", required = true)]
        lists: Vec<String>,
    },
}

/// `ctct v3 contacts …`
#[derive(Debug, Subcommand)]
pub enum V3ContactsCommand {
    /// List the contacts of the account.
    List {
        /// At most this many contacts.
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Extra data to read with each contact.
        #[arg(long, value_enum)]
        include: Vec<V3Include>,
    },
    /// Show one contact, with its lists.
    Get {
        /// The contact's id (a UUID).
        id: String,
    },
    /// Find contacts by exact email address.
    Search {
        /// The address.
        #[arg(long, value_name = "ADDRESS")]
        email: String,
    },
    /// List the contacts changed since a date-time (ISO-8601, e.g. 2026-01-31T00:00:00Z, or a date).
    ChangedSince {
        /// The instant.
        since: String,
    },
    /// Create a contact (it joins the given lists).
    Create {
        /// The email address.
        #[arg(long, value_name = "ADDRESS")]
        email: String,
        /// First name.
        #[arg(long)]
        first_name: Option<String>,
        /// Last name.
        #[arg(long)]
        last_name: Option<String>,
        /// A list id the contact joins (repeat for several).
        #[arg(long = "list", value_name = "ID")]
        lists: Vec<String>,
    },
    /// Change a contact's names or lists (what is not given is kept).
    Update {
        /// The contact's id.
        id: String,
        /// First name.
        #[arg(long)]
        first_name: Option<String>,
        /// Last name.
        #[arg(long)]
        last_name: Option<String>,
        /// The contact's lists become exactly these (repeat for several).
        #[arg(long = "list", value_name = "ID", conflicts_with = "no_lists")]
        lists: Vec<String>,
        /// Take the contact off every list.
        #[arg(long)]
        no_lists: bool,
    },
    /// Delete a contact (it can be revived by an update).
    Delete {
        /// The contact's id.
        id: String,
    },
}

/// `ctct v3 lists …`
#[derive(Debug, Subcommand)]
pub enum V3ListsCommand {
    /// List the contact lists with their member counts.
    List,
    /// Show one list.
    Get {
        /// The list's id (a UUID).
        id: String,
    },
    /// Create a list.
    Create {
        /// The list's name (unique in the account).
        name: String,
        /// A description.
        #[arg(long)]
        description: Option<String>,
        /// Mark it as a favourite.
        #[arg(long)]
        favorite: bool,
    },
    /// Rename a list or change its description.
    Update {
        /// The list's id.
        id: String,
        /// The new name.
        #[arg(long)]
        name: String,
        /// A description.
        #[arg(long)]
        description: Option<String>,
        /// Mark it as a favourite.
        #[arg(long)]
        favorite: bool,
    },
    /// Delete a list and wait until the server has (contacts stay).
    Delete {
        /// The list's id.
        id: String,
    },
}

/// What `v3 contacts list --include` can add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum V3Include {
    /// The ids of the lists each contact is on.
    #[value(name = "list_memberships")]
    ListMemberships,
}
