//! `ctct contacts …`: read, create, change, remove and opt out contacts, find them by
//! address and sync what changed, through the contact workflows of `ctct-client`.

use std::collections::HashSet;

use ctct_client::Client;
use ctct_client::workflows::contacts::contact_id_of;
use ctct_models::ids::{ContactId, ListId};
use ctct_models::v1::contacts::{
    self as api, ActionSource, Contact, ContactLists, ContactMembership, SystemListType,
};
use serde_json::json;

use crate::cli::{ContactFields, ContactsCommand, ListType};
use crate::commands::Rows;
use crate::confirm::confirm;
use crate::context::Context;
use crate::failure::Failure;
use crate::ids;
use crate::output::Output;
use crate::records::{CONTACT_COLUMNS, contact_detail, contact_summary};

/// Runs one `contacts` subcommand.
pub async fn run(ctx: &Context, cmd: ContactsCommand) -> Result<Output, Failure> {
    let client = &ctx.client;
    match cmd {
        ContactsCommand::List => {
            let mut rows = Rows::new(ctx, CONTACT_COLUMNS.to_vec());
            rows.read(ctx, client.contacts(), "contacts", |c| {
                Some(contact_summary(c))
            })
            .await?;
            Ok(rows.finish())
        }
        ContactsCommand::Get { id } => {
            let id: ContactId = ids::parse(client, &id)?;
            let entry = client
                .send(api::GetContact::new(&id))
                .await
                .map_err(|e| Failure::from_client(e, &contact_name(&id)))?;
            Ok(Output::detail(contact_detail(&entry)))
        }
        ContactsCommand::Create {
            email,
            fields,
            lists,
        } => create(ctx, &email, &fields, &lists).await,
        ContactsCommand::Update {
            id,
            email,
            fields,
            add_lists,
            remove_lists,
        } => {
            let id: ContactId = ids::parse(client, &id)?;
            let add: Vec<ListId> = ids::parse_all(client, &add_lists)?;
            let remove: Vec<ListId> = ids::parse_all(client, &remove_lists)?;
            update(client, &id, email, &fields, &add, &remove).await
        }
        ContactsCommand::OptOut { id } => {
            let id: ContactId = ids::parse(client, &id)?;
            confirm(
                ctx.consent,
                &format!("opt out contact {}", id.tail()),
                "an opted-out contact gets no more mail and only the contact can undo it",
            )?;
            client
                .opt_out_contact(&id)
                .await
                .map_err(|e| Failure::from_client(e, &contact_name(&id)))?;
            Ok(Output::message(
                format!(
                    "Opted out contact {}: Do Not Mail, off every list; only the contact can undo this.",
                    id.tail()
                ),
                json!({ "opted_out": id.tail(), "uri": id.uri() }),
            ))
        }
        ContactsCommand::Remove { id } => {
            let id: ContactId = ids::parse(client, &id)?;
            confirm(
                ctx.consent,
                &format!("remove contact {} from every list", id.tail()),
                "the contact leaves every list (it can be added back)",
            )?;
            client
                .remove_contact(&id)
                .await
                .map_err(|e| Failure::from_client(e, &contact_name(&id)))?;
            Ok(Output::message(
                format!(
                    "Removed contact {} from every list (status Removed; it can be added back).",
                    id.tail()
                ),
                json!({ "removed": id.tail(), "uri": id.uri() }),
            ))
        }
        ContactsCommand::Search { email } => {
            let addresses: Vec<String> = email.iter().map(|e| e.trim().to_lowercase()).collect();
            let request = api::SearchContactsByEmail::new().emails(addresses);
            let feed = client.send(request).await?;
            Ok(summaries(
                feed.entries.iter().map(contact_summary).collect(),
            ))
        }
        ContactsCommand::ChangedSince {
            date,
            list,
            list_type,
        } => changed_since(ctx, &date, list.as_deref(), list_type).await,
    }
}

fn contact_name(id: &ContactId) -> String {
    format!("contact {}", id.tail())
}

fn summaries(rows: Vec<serde_json::Map<String, serde_json::Value>>) -> Output {
    Output::table(CONTACT_COLUMNS.to_vec(), rows)
}

/// Copies the fields given on the command line onto `contact`; returns whether any was.
fn apply(fields: &ContactFields, contact: &mut Contact) -> bool {
    let mut changed = false;
    let mut set = |slot: &mut Option<String>, value: &Option<String>| {
        if let Some(v) = value {
            *slot = Some(v.clone());
            changed = true;
        }
    };
    set(&mut contact.first_name, &fields.first_name);
    set(&mut contact.last_name, &fields.last_name);
    set(&mut contact.company_name, &fields.company);
    set(&mut contact.city, &fields.city);
    set(&mut contact.note, &fields.note);
    changed
}

async fn create(
    ctx: &Context,
    email: &str,
    fields: &ContactFields,
    lists: &[String],
) -> Result<Output, Failure> {
    let client = &ctx.client;
    let lists: Vec<ListId> = ids::parse_all(client, lists)?;
    let email = email.trim().to_lowercase();
    let mut contact = Contact {
        email_address: Some(email.clone()),
        opt_in_source: Some(ActionSource::ActionByCustomer),
        contact_lists: Some(ContactLists {
            lists: lists
                .iter()
                .map(|l| ContactMembership {
                    id: Some(l.uri()),
                    opt_in_source: Some(ActionSource::ActionByCustomer),
                    ..ContactMembership::default()
                })
                .collect(),
        }),
        ..Contact::default()
    };
    apply(fields, &mut contact);
    // A lost answer is checked by address: the contact is there or it is not.
    let id = client
        .create_contact(&contact)
        .await
        .map(Some)
        .map_err(|e| Failure::from_client(e, &format!("a contact with address {email:?}")))?;
    let tail = id.as_ref().map(|i| i.tail().to_owned());
    Ok(Output::message(
        format!(
            "Created contact {} ({email}).",
            tail.as_deref().unwrap_or("(id not returned)")
        ),
        json!({ "id": tail, "uri": id.map(|i| i.uri()), "email": email }),
    ))
}

async fn update(
    client: &Client,
    id: &ContactId,
    email: Option<String>,
    fields: &ContactFields,
    add: &[ListId],
    remove: &[ListId],
) -> Result<Output, Failure> {
    let what = contact_name(id);
    let fail = |e| Failure::from_client(e, &what);
    let email = email.map(|e| e.trim().to_lowercase());
    let mut changed = client
        .modify_contact(id, |c| {
            let mut changed = apply(fields, c);
            if let Some(e) = &email {
                c.email_address = Some(e.clone());
                changed = true;
            }
            changed
        })
        .await
        .map_err(fail)?;
    if !add.is_empty() {
        changed |= client.add_contact_to_lists(id, add).await.map_err(fail)?;
    }
    if !remove.is_empty() {
        changed |= client
            .remove_contact_from_lists(id, remove)
            .await
            .map_err(fail)?;
    }
    let text = if changed {
        format!("Updated contact {}.", id.tail())
    } else {
        format!("Contact {} already was as asked; nothing sent.", id.tail())
    };
    Ok(Output::message(
        text,
        json!({ "id": id.tail(), "uri": id.uri(), "changed": changed }),
    ))
}

/// Parses `DATE` as RFC 3339, or `YYYY-MM-DD` for midnight UTC.
async fn changed_since(
    ctx: &Context,
    date: &str,
    list: Option<&str>,
    list_type: Option<ListType>,
) -> Result<Output, Failure> {
    let client = &ctx.client;
    let since = crate::dates::parse("DATE", date)?;
    let mut rows = Rows::new(ctx, CONTACT_COLUMNS.to_vec());
    if let Some(list) = list {
        let list: ListId = ids::parse(client, list)?;
        let what = format!("list {}", list.tail());
        let items = client.contacts_updated_since_on_list(&since, &list);
        rows.read(ctx, items, &what, |c| Some(contact_summary(c)))
            .await?;
    } else {
        // Without a type, every status: what changed anywhere in the account.
        let types = match list_type {
            Some(t) => vec![system_type(t)],
            None => vec![
                SystemListType::Active,
                SystemListType::Removed,
                SystemListType::DoNotMail,
            ],
        };
        let mut seen = HashSet::new();
        for t in &types {
            let what = format!("contacts changed since {since} ({})", t.as_str());
            let items = client.contacts_updated_since(&since, t);
            rows.read(ctx, items, &what, |entry| {
                let key = contact_id_of(entry).map(|i| i.tail().to_owned()).ok();
                key.is_none_or(|k| seen.insert(k))
                    .then(|| contact_summary(entry))
            })
            .await?;
        }
    }
    Ok(rows.finish())
}

fn system_type(t: ListType) -> SystemListType {
    match t {
        ListType::Active => SystemListType::Active,
        ListType::Removed => SystemListType::Removed,
        ListType::DoNotMail => SystemListType::DoNotMail,
    }
}
