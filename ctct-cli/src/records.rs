//! API payloads as output records (JSON objects with stable, lower-case keys).
//!
//! Ids are shown by their last segment (`42`), which is what every command takes back;
//! `uri` keeps the full id for scripts that need it. A field the server did not send is
//! `null` in JSON and left out of a detail view.

use ctct_client::workflows::contacts::contact_id_of;
use ctct_client::workflows::lists::{is_system_list, list_id_of};
use ctct_models::atom::Entry;
use ctct_models::ids::{ActivityId, ContactId};
use ctct_models::v1::activities::Activity;
use ctct_models::v1::contacts::Contact;
use ctct_models::v1::lists::{ContactList, ContactListMember};
use serde_json::{Map, Value, json};

use crate::output::record;

/// The columns of [`contact_summary`] in a table.
pub const CONTACT_COLUMNS: [&str; 5] = ["id", "email", "status", "name", "updated"];

/// A displayable value as a JSON string, or null.
pub(crate) fn opt<T: ToString>(value: Option<T>) -> Value {
    value.map_or(Value::Null, |v| Value::String(v.to_string()))
}

/// An optional string as JSON.
pub(crate) fn text(value: &Option<String>) -> Value {
    value.clone().map_or(Value::Null, Value::String)
}

/// The display name: the server's `Name`, else first and last name.
fn name_of(c: &Contact) -> Value {
    if let Some(name) = c.name.as_deref().filter(|n| !n.trim().is_empty()) {
        return Value::String(name.to_owned());
    }
    let joined = [c.first_name.as_deref(), c.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        Value::Null
    } else {
        Value::String(joined)
    }
}

fn list_tails(c: &Contact) -> Vec<String> {
    c.contact_lists
        .as_ref()
        .map(|l| {
            l.lists
                .iter()
                .filter_map(|m| m.resource_id().ok().map(|id| id.tail().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// A contact entry from a feed (a summary: id, address, name, status, update time).
pub fn contact_summary(entry: &Entry<Contact>) -> Map<String, Value> {
    let c = &entry.content;
    let id = contact_id_of(entry).ok();
    record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "email" => text(&c.email_address),
        "status" => opt(c.status.as_ref().map(|s| s.as_str())),
        "name" => name_of(c),
        "updated" => match &c.last_update_time {
            Some(t) => Value::String(t.to_string()),
            None => text(&entry.updated),
        },
        "uri" => opt(id.as_ref().map(|i| i.uri())),
    }
}

/// A full contact: every field the server sent. Text fields (the schema's
/// `Contact::TEXT_FIELDS`) appear under their field names, e.g. `first_name`,
/// `custom_field3`.
pub fn contact_detail(entry: &Entry<Contact>) -> Map<String, Value> {
    let c = &entry.content;
    let id = contact_id_of(entry).ok();
    let mut map = record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "uri" => opt(id.as_ref().map(|i| i.uri())),
        "email" => text(&c.email_address),
        "status" => opt(c.status.as_ref().map(|s| s.as_str())),
        "email_type" => opt(c.email_type.as_ref().map(|s| s.as_str())),
        "name" => text(&c.name),
    };
    for field in Contact::TEXT_FIELDS {
        if !map.contains_key(field.rust) && field.wire != "EmailAddress" && field.wire != "Name" {
            map.insert(field.rust.to_owned(), opt((field.get)(c)));
        }
    }
    let rest = record! {
        "lists" => list_tails(c),
        "opt_in_source" => opt(c.opt_in_source.as_ref().map(|s| s.as_str())),
        "opt_in_time" => opt(c.opt_in_time.as_ref()),
        "opt_out_source" => opt(c.opt_out_source.as_ref().map(|s| s.as_str())),
        "opt_out_time" => opt(c.opt_out_time.as_ref()),
        "confirmed" => c.confirmed,
        "inserted" => opt(c.insert_time.as_ref()),
        "updated" => opt(c.last_update_time.as_ref()),
    };
    map.extend(rest);
    map
}

/// The columns of [`list_record`] in a table.
pub const LIST_COLUMNS: [&str; 4] = ["id", "name", "contacts", "system"];

/// A contact list.
pub fn list_record(entry: &Entry<ContactList>) -> Map<String, Value> {
    let l = &entry.content;
    let id = list_id_of(entry).ok();
    record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "name" => text(&l.name),
        "contacts" => l.contact_count,
        "system" => id.as_ref().is_some_and(is_system_list),
        "opt_in_default" => l.opt_in_default,
        "sort_order" => l.sort_order,
        "uri" => opt(id.as_ref().map(|i| i.uri())),
    }
}

/// The columns of [`member_record`] in a table.
pub const MEMBER_COLUMNS: [&str; 3] = ["id", "email", "name"];

/// A list member (a contact's id, address and name).
pub fn member_record(entry: &Entry<ContactListMember>) -> Map<String, Value> {
    let m = &entry.content;
    let id = m
        .resource_id()
        .ok()
        .or_else(|| entry.id.as_deref().and_then(|i| ContactId::parse(i).ok()));
    record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "email" => text(&m.email_address),
        "name" => text(&m.name.clone().filter(|n| !n.trim().is_empty())),
        "uri" => opt(id.as_ref().map(|i| i.uri())),
    }
}

/// The columns of [`activity_record`] in a table.
pub const ACTIVITY_COLUMNS: [&str; 6] = ["id", "type", "status", "rows", "errors", "inserted"];

/// A bulk activity (`entry_id`: the Atom `<id>`, used when the payload has no id);
/// `rejected` lists its rejected lines.
pub fn activity_record(a: &Activity, entry_id: Option<&str>) -> Map<String, Value> {
    let id = a
        .resource_id()
        .ok()
        .or_else(|| entry_id.and_then(|i| ActivityId::parse(i).ok()));
    let rejected: Vec<Value> = a
        .errors
        .iter()
        .flat_map(|e| &e.errors)
        .map(|e| {
            json!({
                "line": e.line_number,
                "email": e.email_address,
                "message": e.message,
            })
        })
        .collect();
    record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "type" => opt(a.type_.as_ref().map(|t| t.as_str())),
        "status" => opt(a.status.as_ref().map(|s| s.as_str())),
        "rows" => a.transaction_count,
        "errors" => rejected.len(),
        "inserted" => opt(a.insert_time.as_ref()),
        "started" => opt(a.run_start_time.as_ref()),
        "finished" => opt(a.run_finish_time.as_ref()),
        "file" => text(&a.file_name),
        "rejected" => rejected,
        "uri" => opt(id.as_ref().map(|i| i.uri())),
    }
}
