//! Deterministic seed data: the same `--seed-contacts N --seed-lists M` always gives the same
//! account (ids, addresses, names, memberships, statuses and timestamps), so a test or a
//! demo can rely on what is there.

use ctct_models::v1::contacts::{Contact, EmailType};
use time::OffsetDateTime;

use crate::store::Store;

const LIST_NAMES: &[&str] = &[
    "General Interest",
    "Newsletter",
    "Customers",
    "VIP",
    "Events",
    "Wholesale",
    "Weddings",
    "Garden Club",
];
const FIRST: &[&str] = &[
    "Jon", "Ana", "Li", "Maria", "Omar", "Priya", "Sam", "Yuki", "Zoe", "Ivan", "Ada", "Kofi",
];
const LAST: &[&str] = &[
    "Smith", "Garcia", "Chen", "Okafor", "Novak", "Silva", "Kim", "Müller", "Rossi", "Dubois",
];
const CITIES: &[&str] = &[
    "Boston", "Denver", "Austin", "Toronto", "Portland", "Chicago",
];

/// The instant seeded data is timestamped from (one millisecond per record).
pub(crate) const SEED_EPOCH: OffsetDateTime = time::macros::datetime!(2026-01-01 00:00 UTC);

/// Fills an empty store with `lists` lists and `contacts` contacts.
///
/// Contact `i` (from 1) is `contact{i:05}@example.com`, on list `i % lists + 1` and, every
/// third contact, also on the next one. Every 20th contact is Removed (on no list) and
/// every 50th is Do Not Mail; the rest are Active (all are Removed when there are no lists).
pub(crate) fn seed(store: &mut Store, contacts: usize, lists: usize) {
    store.set_clock(SEED_EPOCH);
    store.seeding = true;
    for i in 0..lists {
        let base = LIST_NAMES[i % LIST_NAMES.len()];
        let name = if i < LIST_NAMES.len() {
            base.to_owned()
        } else {
            format!("{base} {}", i / LIST_NAMES.len() + 1)
        };
        let _ = store.create_list(&name, false, i64::try_from(i + 1).unwrap_or(i64::MAX));
    }
    let list_ids: Vec<u64> = store.lists.keys().copied().collect();
    for i in 1..=contacts {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len()) % LAST.len()];
        let profile = Contact {
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            city: Some(CITIES[i % CITIES.len()].to_owned()),
            email_type: Some(if i % 10 == 0 {
                EmailType::Text
            } else {
                EmailType::Html
            }),
            ..Contact::default()
        };
        let mut on = Vec::new();
        if !list_ids.is_empty() && i % 20 != 0 && i % 50 != 0 {
            on.push(list_ids[i % list_ids.len()]);
            if i % 3 == 0 && list_ids.len() > 1 {
                on.push(list_ids[(i + 1) % list_ids.len()]);
            }
        }
        store.insert_seeded(
            format!("contact{i:05}@example.com"),
            profile,
            &on,
            i % 50 == 0,
        );
    }
    store.seeding = false;
}
