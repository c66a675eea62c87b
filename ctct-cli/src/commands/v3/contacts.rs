//! `ctct v3 contacts list`: every contact of the account, through V3's cursor paging (the
//! other `contacts` commands are in `contacts_write`).

use ctct_client::v3::V3Client;
use ctct_models::v3::contacts::{self, ContactInclude};
use futures_util::{StreamExt as _, TryStreamExt as _};

use super::contact_row::row;
use crate::cli_v3::{V3ContactsCommand, V3Include};
use crate::failure::Failure;
use crate::output::Output;
use crate::progress;
use crate::v3_session::v3_failure;

/// The largest page V3 serves.
const MAX_PAGE: u32 = 500;

/// Runs `ctct v3 contacts …`.
pub async fn run(
    client: &V3Client,
    cmd: V3ContactsCommand,
    progress_visible: bool,
) -> Result<Output, Failure> {
    let (limit, include) = match cmd {
        V3ContactsCommand::List { limit, include } => (limit, include),
        other => return super::contacts_write::run(client, other, progress_visible).await,
    };
    let includes: Vec<ContactInclude> = include
        .iter()
        .map(|i| match i {
            V3Include::ListMemberships => ContactInclude::ListMemberships,
        })
        .collect();
    let page_size = limit.map_or(MAX_PAGE, |n| n.clamp(1, MAX_PAGE));
    let request = contacts::GetContacts::new()
        .include(includes)
        .limit(i64::from(page_size));
    let spinner = progress::bar(progress_visible, None, "reading contacts");
    let items = client
        .items(request)
        .take(limit.map_or(usize::MAX, |n| n as usize))
        .inspect_ok(|_| spinner.inc(1))
        .try_collect::<Vec<_>>()
        .await;
    spinner.finish_and_clear();
    let contacts = items.map_err(|e| v3_failure(e, "contacts"))?;
    let with_lists = include.contains(&V3Include::ListMemberships);
    let mut columns = vec!["contact_id", "email", "first_name", "last_name"];
    if with_lists {
        columns.push("list_memberships");
    }
    let rows = contacts.into_iter().map(|c| row(c, with_lists)).collect();
    Ok(Output::table(columns, rows))
}
