//! The V3 account a new trial starts with, deterministically: the owner's own contact (the
//! one contact the quick start's first call shows), two customers, and two lists.

use ctct_models::DateTime;
use ctct_models::v3::common::ContactId;
use ctct_models::v3::common::ListId;
use ctct_models::v3::contact_lists::ContactList;
use ctct_models::v3::contacts::{
    ConfirmStatus, ContactResource, EmailAddress, PermissionToSend, Source,
};

use super::store::Store;

/// Seeded records are timestamped from this instant.
const SEED_AT: time::OffsetDateTime = time::macros::datetime!(2026-01-01 00:00 UTC);

/// Names of the seeded lists, in order.
pub(crate) const LISTS: &[&str] = &["General Interest", "Newsletter"];

/// `(address, first, last, list indexes)` of the seeded contacts, in order.
pub(crate) const CONTACTS: &[(&str, &str, &str, &[usize])] = &[
    ("owner@joesflowers.example", "Joe", "Flowers", &[]),
    ("ada@example.com", "Ada", "Lovelace", &[0]),
    ("grace@example.com", "Grace", "Hopper", &[0, 1]),
];

/// Adds `n` generated contacts: `contact{i:06}@example.com` (from 1), named from short
/// rotating lists, explicit permission, on the first seeded list. Deterministic, like the rest.
pub(crate) fn seed_generated(store: &mut Store, n: usize) {
    const FIRST: &[&str] = &["Jon", "Ana", "Li", "Maria", "Omar", "Priya", "Sam", "Yuki"];
    const LAST: &[&str] = &["Smith", "Garcia", "Chen", "Okafor", "Novak", "Silva", "Kim"];
    let first_list: Vec<ListId> = store
        .lists
        .values()
        .next()
        .and_then(|l| l.list_id.clone())
        .into_iter()
        .collect();
    for i in 1..=n {
        let contact = seeded_contact(
            format!("contact{i:06}@example.com"),
            FIRST[i % FIRST.len()],
            LAST[i % LAST.len()],
            first_list.clone(),
        );
        let id: ContactId = store.uuid();
        store.insert_contact(ContactResource {
            contact_id: Some(id),
            ..contact
        });
    }
}

/// A contact as the seed writes it: explicit permission, created by the account at the seed
/// instant, on `lists`.
fn seeded_contact(address: String, first: &str, last: &str, lists: Vec<ListId>) -> ContactResource {
    let at = DateTime::new(SEED_AT);
    ContactResource {
        email_address: Some(EmailAddress {
            address: Some(address),
            permission_to_send: Some(PermissionToSend::Explicit),
            created_at: Some(at),
            updated_at: Some(at),
            opt_in_source: Some(Source::Account),
            opt_in_date: Some(at),
            confirm_status: Some(ConfirmStatus::Off),
            ..Default::default()
        }),
        first_name: Some(first.to_owned()),
        last_name: Some(last.to_owned()),
        create_source: Some(Source::Account),
        update_source: Some(Source::Account),
        created_at: Some(at),
        updated_at: Some(at),
        list_memberships: Some(lists),
        ..Default::default()
    }
}

pub(crate) fn seed(store: &mut Store) {
    let at = DateTime::new(SEED_AT);
    let mut list_ids = Vec::new();
    for name in LISTS {
        let id: ListId = store.uuid();
        list_ids.push(id.clone());
        store.insert_list(ContactList {
            list_id: Some(id),
            name: Some((*name).to_owned()),
            favorite: Some(false),
            created_at: Some(at),
            updated_at: Some(at),
            ..Default::default()
        });
    }
    for (address, first, last, lists) in CONTACTS {
        let lists = lists
            .iter()
            .filter_map(|i| list_ids.get(*i).cloned())
            .collect();
        let contact = seeded_contact((*address).to_owned(), first, last, lists);
        let id: ContactId = store.uuid();
        store.insert_contact(ContactResource {
            contact_id: Some(id),
            ..contact
        });
    }
}
