//! Shared test helpers: a client over a replay transport and builders for V1 documents.
#![allow(dead_code)]

pub mod sandbox;
pub mod silent;

use std::sync::Arc;

use base64::Engine as _;
use ctct_client::replay::ReplayTransport;
use ctct_client::{Auth, Client, ClientBuilder};
use ctct_models::atom::{Entry, Feed, Head, Link};
use ctct_models::v1::contacts::{ActionSource, Contact, ContactLists, ContactMembership};
use ctct_models::v1::lists::{ContactList, ContactListMember};

pub const BASE: &str = "https://api.example.test";
pub const ACCOUNT: &str = "https://api.example.test/ws/customers/joesflowers";
pub const API_KEY: &str = "KEY-7f3a";
pub const PASSWORD: &str = "pa55-w0rd!";

/// `Basic base64("KEY%user:pass")` for the test credentials.
pub fn basic_header() -> String {
    let raw = format!("{API_KEY}%joesflowers:{PASSWORD}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

pub fn builder(replay: &ReplayTransport) -> ClientBuilder {
    Client::builder()
        .base_url(BASE)
        .username("JoesFlowers")
        .auth(Auth::basic(API_KEY, PASSWORD))
        .transport(Arc::new(replay.clone()))
}

pub fn client(replay: &ReplayTransport) -> Client {
    builder(replay).build().expect("client")
}

pub fn contact_uri(n: u32) -> String {
    format!("http://api.constantcontact.com/ws/customers/joesflowers/contacts/{n}")
}

pub fn list_uri(n: &str) -> String {
    format!("http://api.constantcontact.com/ws/customers/joesflowers/lists/{n}")
}

pub fn contact(n: u32, email: &str, lists: &[&str]) -> Contact {
    Contact {
        id: Some(contact_uri(n)),
        email_address: Some(email.to_owned()),
        first_name: Some("Jon".to_owned()),
        contact_lists: Some(ContactLists {
            lists: lists
                .iter()
                .map(|l| ContactMembership {
                    id: Some(list_uri(l)),
                    links: vec![Link::new(
                        format!("/ws/customers/joesflowers/lists/{l}"),
                        Some("self"),
                    )],
                    opt_in_source: Some(ActionSource::ActionByCustomer),
                    opt_in_time: Some("2010-04-21T18:35:34.175Z".parse().expect("date")),
                })
                .collect(),
        }),
        ..Contact::default()
    }
}

pub fn entry<T>(uri: String, edit: String, content: T) -> Entry<T> {
    Entry {
        id: Some(uri),
        title: None,
        updated: Some("2010-04-21T18:35:34.279Z".to_owned()),
        author: None,
        summary: None,
        links: vec![Link::new(edit, Some("edit"))],
        content_type: Some("application/vnd.ctct+xml".to_owned()),
        content,
        source: None,
    }
}

pub fn contact_entry(c: Contact) -> Entry<Contact> {
    let uri = c.id.clone().expect("id");
    let edit = uri.replace("http://api.constantcontact.com", "");
    entry(uri, edit, c)
}

pub fn contact_entry_xml(c: Contact) -> String {
    contact_entry(c).to_xml().expect("entry xml")
}

pub fn feed_xml<T: ctct_models::atom::AtomPayload>(
    entries: Vec<Entry<T>>,
    next: Option<&str>,
) -> String {
    let mut links = vec![Link::new("contacts", Some("self"))];
    if let Some(n) = next {
        links.push(Link::new(n, Some("next")));
    }
    Feed {
        head: Head {
            id: Some("http://api.constantcontact.com/ws/customers/joesflowers/contacts".into()),
            updated: Some("2010-04-21T23:36:25.001Z".into()),
            links,
            ..Head::default()
        },
        entries,
    }
    .to_xml()
    .expect("feed xml")
}

pub fn contacts_feed_xml(contacts: Vec<Contact>, next: Option<&str>) -> String {
    feed_xml(contacts.into_iter().map(contact_entry).collect(), next)
}

pub fn list_entry_xml(n: &str, name: &str) -> String {
    let uri = list_uri(n);
    entry(
        uri.clone(),
        format!("/ws/customers/joesflowers/lists/{n}"),
        ContactList {
            id: Some(uri),
            name: Some(name.to_owned()),
            short_name: Some(name.to_owned()),
            opt_in_default: Some(false),
            sort_order: Some(99),
            contact_count: Some(12),
            ..ContactList::default()
        },
    )
    .to_xml()
    .expect("list xml")
}

pub fn members_feed_xml(contacts: &[u32], next: Option<&str>) -> String {
    feed_xml(
        contacts
            .iter()
            .map(|n| {
                entry(
                    contact_uri(*n),
                    format!("/ws/customers/joesflowers/lists/1/members/{n}"),
                    ContactListMember {
                        id: Some(contact_uri(*n)),
                        email_address: Some(format!("c{n}@example.com")),
                        name: Some(String::new()),
                    },
                )
            })
            .collect(),
        next,
    )
}
