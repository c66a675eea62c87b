//! `ctct v3 …`: the V3 (JSON, OAuth 2.0) commands.
//!
//! They do not use the V1 [`Context`](crate::context::Context): V3 needs no username and no
//! key or password, only OAuth tokens ([`crate::v3_session`]). With `--sandbox` an embedded
//! sandbox starts as for V1; since its tokens die with it, the commands other than `login`
//! log in to it by themselves (device flow, approved automatically) and keep the tokens in
//! memory only.

mod account;
pub mod activities;
mod contact_row;
mod contacts;
mod contacts_write;
pub mod custom_fields;
pub mod emails;
pub mod export;
mod import;
mod lists;
mod login;
mod loopback;
mod segment_criteria;
pub mod segments;
pub mod social;
pub mod tags;

use std::io::IsTerminal as _;
use std::sync::Arc;

use ctct_client::v3::oauth::{MemoryTokenStore, OAuthSession, TokenSource};

use crate::cli_v3::{V3Args, V3Command};
use crate::failure::{ExitStatus, Failure};
use crate::options::{Global, OutputFormat};
use crate::output;
use crate::sandbox;
use crate::v3_session::{V3Settings, v3_failure};

/// Runs a `ctct v3` command and prints its output.
///
/// # Errors
///
/// The command's failure, classified for its exit code.
pub async fn run(global: &Global, args: V3Args) -> Result<ExitStatus, Failure> {
    let embedded = if global.sandbox {
        Some(sandbox::start(global.sandbox_state.clone()).await?)
    } else {
        None
    };
    let root = embedded.as_ref().map(sandbox::Embedded::base_url);
    let settings = V3Settings::resolve(global, &args.options, root.as_deref())?;
    // Piped or JSON: no progress drawing.
    let progress = global.output == OutputFormat::Table
        && std::io::stderr().is_terminal()
        && std::io::stdout().is_terminal();
    confirm_destructive(&args.command, global.yes)?;
    let (out, status) = match args.command {
        V3Command::Login { pkce, redirect_uri } => {
            let save = !global.sandbox || args.options.token_file.is_some();
            let flow = if pkce {
                login::Flow::Pkce { redirect_uri }
            } else {
                login::Flow::Device {
                    approve: global.sandbox,
                }
            };
            (login::run(&settings, flow, save).await?, ExitStatus::Ok)
        }
        V3Command::Contacts(cmd) => {
            let tokens = tokens(&settings, global.sandbox).await?;
            let client = settings.client(tokens)?;
            (contacts::run(&client, cmd, progress).await?, ExitStatus::Ok)
        }
        V3Command::Lists(cmd) => {
            let tokens = tokens(&settings, global.sandbox).await?;
            let client = settings.client(tokens)?;
            (lists::run(&client, cmd, progress).await?, ExitStatus::Ok)
        }
        V3Command::Account => {
            let tokens = tokens(&settings, global.sandbox).await?;
            let client = settings.client(tokens)?;
            (account::run(&client).await?, ExitStatus::Ok)
        }
        V3Command::Tags(cmd) => {
            let tokens = tokens(&settings, global.sandbox).await?;
            let client = settings.client(tokens)?;
            (tags::run(&client, cmd).await?, ExitStatus::Ok)
        }
        V3Command::CustomFields(cmd) => {
            let client = settings.client(tokens(&settings, global.sandbox).await?)?;
            (custom_fields::run(&client, cmd).await?, ExitStatus::Ok)
        }
        V3Command::Segments(cmd) => {
            let client = settings.client(tokens(&settings, global.sandbox).await?)?;
            (segments::run(&client, cmd).await?, ExitStatus::Ok)
        }
        V3Command::Emails(cmd) => {
            let client = settings.client(tokens(&settings, global.sandbox).await?)?;
            (emails::run(&client, cmd).await?, ExitStatus::Ok)
        }
        V3Command::Social(cmd) => {
            let client = settings.client(tokens(&settings, global.sandbox).await?)?;
            (social::run(&client, cmd).await?, ExitStatus::Ok)
        }
        V3Command::Export(export_args) => {
            let client = settings.client(tokens(&settings, global.sandbox).await?)?;
            (
                export::run(&client, export_args, progress).await?,
                ExitStatus::Ok,
            )
        }
        V3Command::Activities(cmd) => {
            let client = settings.client(tokens(&settings, global.sandbox).await?)?;
            activities::run(&client, cmd, progress).await?
        }
        V3Command::Import { file, lists } => {
            let tokens = tokens(&settings, global.sandbox).await?;
            let client = settings.client(tokens)?;
            import::run(&client, &file, &lists, progress).await?
        }
    };
    output::print(&out, global.output)
        .map_err(|e| Failure::new(ExitStatus::Api, format!("cannot write the output: {e}")))?;
    drop(embedded);
    Ok(status)
}

/// The tokens to send with: the token file (or `CTCT_ACCESS_TOKEN`), or with `--sandbox` a
/// fresh login to the embedded sandbox kept in memory.
async fn tokens(settings: &V3Settings, sandbox: bool) -> Result<Arc<dyn TokenSource>, Failure> {
    if !sandbox {
        return settings.token_source();
    }
    let oauth = settings.oauth(None)?;
    let tokens = login::device_flow(&oauth, true).await?;
    let session = OAuthSession::new(oauth, Arc::new(MemoryTokenStore::new()));
    session
        .set_tokens(tokens)
        .await
        .map_err(|e| v3_failure(e, "the tokens"))?;
    Ok(Arc::new(session))
}

/// Asks before a V3 delete (or refuses it off a terminal without `--yes`), as the V1
/// commands do; nothing is sent when consent is missing.
fn confirm_destructive(command: &V3Command, yes: bool) -> Result<(), Failure> {
    use crate::cli_v3::{V3ContactsCommand, V3ListsCommand};
    use crate::confirm::{Consent, confirm};
    let (action, consequence) = match command {
        V3Command::Contacts(V3ContactsCommand::Delete { id }) => (
            format!("delete contact {id}"),
            "the contact is deleted from the account",
        ),
        V3Command::Lists(V3ListsCommand::Delete { id }) => (
            format!("delete list {id}"),
            "a deleted list cannot be restored (its contacts stay in the account)",
        ),
        V3Command::Tags(tags::V3TagsCommand::Delete { tag_id }) => (
            format!("delete tag {tag_id}"),
            "the tag is taken off every contact",
        ),
        V3Command::CustomFields(custom_fields::V3CustomFieldsCommand::Delete { id }) => (
            format!("delete custom field {id}"),
            "its value is taken off every contact",
        ),
        V3Command::Segments(segments::V3SegmentsCommand::Delete { id }) => (
            format!("delete segment {id}"),
            "a deleted segment cannot be used again (it stays readable by id)",
        ),
        V3Command::Emails(emails::V3EmailsCommand::Delete { id }) => (
            format!("delete email campaign {id}"),
            "a deleted campaign cannot be sent or changed (it is kept as Removed)",
        ),
        _ => return Ok(()),
    };
    confirm(Consent::from_env(yes), &action, consequence)
}
