//! `ctct v3 contacts get|search|changed-since|create|update|delete`: one contact at a time,
//! or the contacts matching an address or changed since an instant.
//!
//! `update` reads the contact first: a V3 PUT replaces every top-level field, so the names
//! and address it is not told to change are sent back as they were; its lists are replaced
//! only when `--list` or `--no-lists` says so (`--no-lists` sends `list_memberships: []`).

use ctct_client::v3::V3Client;
use ctct_models::DateTime;
use ctct_models::v3::contacts::{
    self, ContactInclude, ContactPostRequest, ContactPutRequest, ContactResource, EmailAddressPost,
    EmailAddressPut, Source,
};
use futures_util::TryStreamExt as _;
use serde_json::json;

use super::contact_row::row;
use crate::cli_v3::V3ContactsCommand;
use crate::failure::Failure;
use crate::output::Output;
use crate::progress;
use crate::v3_session::v3_failure;

const COLUMNS: [&str; 5] = [
    "contact_id",
    "email",
    "first_name",
    "last_name",
    "list_memberships",
];

/// Runs the `contacts` subcommands other than `list`.
pub async fn run(
    client: &V3Client,
    cmd: V3ContactsCommand,
    progress_visible: bool,
) -> Result<Output, Failure> {
    match cmd {
        V3ContactsCommand::List { .. } => Err(Failure::usage("contacts list is read elsewhere")),
        V3ContactsCommand::Get { id } => {
            let c = read(client, &id).await?;
            Ok(Output::detail(row(c, true)))
        }
        V3ContactsCommand::Search { email } => {
            let request = contacts::GetContacts::new()
                .email(email)
                .include([ContactInclude::ListMemberships])
                .limit(500);
            page_all(client, request, progress_visible, "searching").await
        }
        V3ContactsCommand::ChangedSince { since } => {
            let at = DateTime::parse_date_or_date_time(&since).map_err(|_| {
                Failure::invalid(format!(
                    "since {since:?} is not an ISO-8601 date-time or date (e.g. 2026-01-31T00:00:00Z)"
                ))
            })?;
            let request = contacts::GetContacts::new()
                .updated_after(at)
                .include([ContactInclude::ListMemberships])
                .limit(500);
            page_all(client, request, progress_visible, "reading changes").await
        }
        V3ContactsCommand::Create {
            email,
            first_name,
            last_name,
            lists,
        } => {
            let mut body = ContactPostRequest::new();
            body.email_address = Some(EmailAddressPost::new(email));
            body.first_name = first_name;
            body.last_name = last_name;
            body.create_source = Some(Source::Account);
            body.list_memberships = lists.into_iter().map(Into::into).collect();
            let c = client
                .send(contacts::CreateContact::new(body))
                .await
                .map_err(|e| v3_failure(e, "the contact"))?;
            Ok(Output::detail(row(c, true)))
        }
        V3ContactsCommand::Update {
            id,
            first_name,
            last_name,
            lists,
            no_lists,
        } => {
            let old = read(client, &id).await?;
            let mut body = ContactPutRequest::new(Source::Account);
            body.email_address = old
                .email_address
                .and_then(|e| e.address)
                .map(EmailAddressPut::new);
            body.first_name = first_name.or(old.first_name);
            body.last_name = last_name.or(old.last_name);
            body.job_title = old.job_title;
            body.company_name = old.company_name;
            body.birthday_month = old.birthday_month;
            body.birthday_day = old.birthday_day;
            body.anniversary = old.anniversary;
            body.list_memberships = if no_lists {
                Some(Vec::new())
            } else if lists.is_empty() {
                None
            } else {
                Some(lists.into_iter().map(Into::into).collect())
            };
            let c = client
                .send(contacts::PutContact::new(id, body))
                .await
                .map_err(|e| v3_failure(e, "the contact"))?;
            Ok(Output::detail(row(c, true)))
        }
        V3ContactsCommand::Delete { id } => {
            client
                .send(contacts::DeleteContact::new(id.clone()))
                .await
                .map_err(|e| v3_failure(e, &format!("contact {id}")))?;
            Ok(Output::message(
                format!("deleted contact {id}"),
                json!({"deleted": id}),
            ))
        }
    }
}

async fn read(client: &V3Client, id: &str) -> Result<ContactResource, Failure> {
    client
        .send(contacts::GetContact::new(id).include([ContactInclude::ListMemberships]))
        .await
        .map_err(|e| v3_failure(e, &format!("contact {id}")))
}

async fn page_all(
    client: &V3Client,
    request: contacts::GetContacts,
    progress_visible: bool,
    what: &str,
) -> Result<Output, Failure> {
    let spinner = progress::bar(progress_visible, None, what);
    let items = client
        .items(request)
        .inspect_ok(|_| spinner.inc(1))
        .try_collect::<Vec<_>>()
        .await;
    spinner.finish_and_clear();
    let found = items.map_err(|e| v3_failure(e, "contacts"))?;
    let rows = found.into_iter().map(|c| row(c, true)).collect();
    Ok(Output::table(COLUMNS.to_vec(), rows))
}
