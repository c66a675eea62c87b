//! Deterministic seed data: the same `--seed-contacts N --seed-lists M` always gives the same
//! account (ids, addresses, names, memberships, statuses and timestamps), so a test or a
//! demo can rely on what is there.

use ctct_models::ids::{EmailAddressId, ListId};
use ctct_models::v1::campaigns::{
    Campaign, CampaignEmail, EmailAddressRef, EmailContentFormat, YesNo,
};
use ctct_models::v1::contacts::{Contact, ContactLists, ContactMembership, EmailType};
use ctct_models::v1::events::{Event, EventAddress, EventStatus, Guest, Registrant};
use ctct_models::v1::tracking::BounceCode;
use time::OffsetDateTime;

use crate::store::{EventKind, Store};

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
    let owner = format!("{}@example.com", store.username);
    store.add_email_address(&owner, true);
    store.add_email_address("marketing@example.com", false);
    if contacts > 0 && !list_ids.is_empty() {
        seed_campaigns(store, &owner, &list_ids);
    }
    if contacts > 0 {
        seed_events(store);
    }
    store.seeding = false;
}

/// Sent campaigns: name, subject, landing page.
const SENT: [(&str, &str, &str); 3] = [
    (
        "Spring Sale",
        "Spring flowers are here",
        "https://example.com/spring",
    ),
    (
        "Summer Newsletter",
        "What is blooming in June",
        "https://example.com/summer",
    ),
    (
        "Autumn Bouquets",
        "Warm colours for cool days",
        "https://example.com/autumn",
    ),
];

const BOUNCES: [BounceCode; 7] = [
    BounceCode::B,
    BounceCode::D,
    BounceCode::F,
    BounceCode::S,
    BounceCode::V,
    BounceCode::X,
    BounceCode::Z,
];

fn campaign(
    store: &Store,
    name: &str,
    subject: &str,
    link: &str,
    owner: &str,
    lists: &[u64],
) -> Campaign {
    let address = CampaignEmail {
        email: Some(EmailAddressRef {
            id: Some(EmailAddressId::new(&store.username, "1").uri()),
            links: Vec::new(),
        }),
        email_address: Some(owner.to_owned()),
    };
    Campaign {
        name: Some(name.to_owned()),
        subject: Some(subject.to_owned()),
        from_name: Some("Joe's Flowers".to_owned()),
        view_as_webpage: Some(YesNo::No),
        permission_reminder: Some(YesNo::No),
        greeting_salutation: Some("Dear".to_owned()),
        greeting_name: Some("FirstName".to_owned()),
        greeting_string: Some("Greetings!".to_owned()),
        organization_name: Some("Joe's Flowers".to_owned()),
        organization_address1: Some("123 Main St".to_owned()),
        organization_city: Some("Boston".to_owned()),
        organization_state: Some("MA".to_owned()),
        organization_country: Some("us".to_owned()),
        organization_postal_code: Some("02101".to_owned()),
        include_forward_email: Some(YesNo::Yes),
        forward_email_link_text: Some("Forward to a friend".to_owned()),
        include_subscribe_link: Some(YesNo::No),
        email_content_format: Some(EmailContentFormat::Html),
        email_content: Some(format!(
            "<html><body><p>{subject}</p><a href=\"{link}\">Shop now</a> \
             <a href=\"https://example.com/about\">About us</a></body></html>"
        )),
        email_text_content: Some(format!("<Text>{subject}: {link}</Text>")),
        contact_lists: Some(ContactLists {
            lists: lists
                .iter()
                .map(|l| ContactMembership {
                    id: Some(ListId::new(&store.username, l.to_string()).uri()),
                    ..ContactMembership::default()
                })
                .collect(),
        }),
        reply_to_email: Some(address.clone()),
        from_email: Some(address),
        ..Campaign::default()
    }
}

/// Three sent campaigns with tracking events on the seeded contacts, and a draft.
///
/// Of the contacts a campaign was sent to (in id order, counting from 0), number `j` bounced
/// when `j % 17 == 5` (codes in turn), else opened when `j % 3 == 0`, clicked when
/// `j % 6 == 0` (link `j / 6 % 2`) and forwarded when `j % 29 == 0`. The first two Do Not Mail
/// contacts were sent each campaign and opted out through it.
fn seed_campaigns(store: &mut Store, owner: &str, lists: &[u64]) {
    let opted_out: Vec<u64> = store
        .contacts
        .iter()
        .filter(|(_, c)| c.opt_out.is_some())
        .map(|(id, _)| *id)
        .take(2)
        .collect();
    for (k, (name, subject, link)) in SENT.iter().enumerate() {
        let mut on = vec![lists[k % lists.len()]];
        if lists.len() > 1 {
            on.push(lists[(k + 1) % lists.len()]);
        }
        let c = campaign(store, name, subject, link, owner, &on);
        let Ok(id) = store.create_campaign(&c) else {
            continue;
        };
        let at = store.tick();
        store.send_campaign(id, at);
        let sent: Vec<u64> = store
            .campaigns
            .get(&id)
            .map(|c| c.events.iter().map(|e| e.contact).collect())
            .unwrap_or_default();
        for (j, cid) in sent.into_iter().enumerate() {
            if j % 17 == 5 {
                let now = store.tick();
                let code = BOUNCES[(j / 17) % BOUNCES.len()].clone();
                store.add_event(id, EventKind::Bounce(code), cid, now);
                continue;
            }
            if j % 3 == 0 {
                let now = store.tick();
                store.add_event(id, EventKind::Open, cid, now);
            }
            if j % 6 == 0 {
                let now = store.tick();
                store.add_event(id, EventKind::Click(j / 6 % 2), cid, now);
            }
            if j % 29 == 0 {
                let now = store.tick();
                store.add_event(id, EventKind::Forward, cid, now);
            }
        }
        for cid in &opted_out {
            let now = store.tick();
            store.add_event(id, EventKind::Send, *cid, at);
            store.add_event(id, EventKind::OptOut, *cid, now);
        }
        if let Some(c) = store.campaigns.get_mut(&id) {
            c.spam_reports = i64::try_from(k).unwrap_or(0);
        }
    }
    let draft = campaign(
        store,
        "Winter Preview",
        "Coming soon: winter wreaths",
        "https://example.com/winter",
        owner,
        &lists[..1],
    );
    let _ = store.create_campaign(&draft);
}

/// Events: name, title, city, status, how many registrants.
const EVENTS: [(&str, &str, &str, EventStatus, usize); 3] = [
    (
        "Spring Orientation",
        "Joe's Flowers Spring Orientation",
        "Chelsea",
        EventStatus::Active,
        5,
    ),
    (
        "Garden Workshop",
        "Planting for Beginners",
        "Boston",
        EventStatus::Active,
        3,
    ),
    (
        "Holiday Open House",
        "Holiday Open House",
        "Cambridge",
        EventStatus::Draft,
        0,
    ),
];

/// When seeded event `index` starts and ends: 18:00 to 21:00 Eastern daylight time (`-04:00`,
/// as Event Marketing writes local offsets), two weeks apart, from 30 days after `from`.
fn event_times(from: OffsetDateTime, index: i64) -> (ctct_models::DateTime, ctct_models::DateTime) {
    let offset = time::UtcOffset::from_hms(-4, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let day = (from + time::Duration::days(30 + 14 * index)).to_offset(offset);
    let start = day.replace_time(time::Time::from_hms(18, 0, 0).unwrap_or(time::Time::MIDNIGHT));
    let end = start + time::Duration::hours(3);
    (start.into(), end.into())
}

/// Three events, each with a location, start and end dates and a registration URL, as real
/// ones have; the active ones have registrants drawn from the active seeded contacts (in
/// id order). Every second registrant brings a guest; the first of each event attended and
/// paid, the others did not attend and are `PENDING`.
fn seed_events(store: &mut Store) {
    let people: Vec<(String, Contact)> = store
        .contacts
        .values()
        .filter(|c| c.opt_out.is_none() && !c.lists.is_empty())
        .map(|c| (c.email.clone(), c.profile.clone()))
        .collect();
    let mut next = people.iter();
    let from = store.tick().inner();
    for (index, (name, title, city, status, count)) in (0_i64..).zip(EVENTS) {
        let (start, end) = event_times(from, index);
        let event = Event {
            start_date: Some(start),
            end_date: Some(end),
            name: Some(name.to_owned()),
            description: Some(format!("{title} in {city}")),
            title: Some(title.to_owned()),
            status: Some(status),
            event_type: Some(String::new()),
            event_location: Some(EventAddress {
                location: Some(format!("{city} Community Hall")),
                city: Some(city.to_owned()),
                state: Some("Massachusetts".to_owned()),
                country: Some("US".to_owned()),
                ..EventAddress::default()
            }),
            ..Event::default()
        };
        let Ok(id) = store.create_event(&event) else {
            continue;
        };
        let registration = Event {
            registration_url: Some(format!(
                "http://events.constantcontact.com/register/event?llr=sandbox&oeidk={id}"
            )),
            ..Event::default()
        };
        let _ = store.update_event(&id, &registration);
        for k in 0..count {
            let Some((email, c)) = next.next() else {
                break;
            };
            let registrant = Registrant {
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
                email_address: Some(email.clone()),
                ..Registrant::default()
            };
            let guests = if k % 2 == 1 {
                vec![Guest {
                    first_name: Some("Guest".to_owned()),
                    last_name: c.last_name.clone(),
                    ..Guest::default()
                }]
            } else {
                Vec::new()
            };
            let paid = if k == 0 { "PAID" } else { "PENDING" };
            let _ = store.add_registrant(&id, registrant, guests, k == 0, paid);
        }
    }
}
