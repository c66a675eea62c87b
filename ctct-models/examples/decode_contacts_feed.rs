//! Decodes a V1 contacts feed and prints it, then builds (without sending) the request that
//! would create a contact. No account and no network needed.
//!
//! ```text
//! cargo run -p ctct-models --example decode_contacts_feed [FEED.xml]
//! ```
//!
//! Without an argument it reads a two-entry sample feed shipped with the repository.

use ctct_models::endpoint::Endpoint as _;
use std::process::ExitCode;

use ctct_models::atom::Feed;
use ctct_models::endpoint::Body;
use ctct_models::ids::ListId;
use ctct_models::v1::contacts::{self, ActionSource, Contact, ContactLists, ContactMembership};

const SAMPLE: &str = include_str!("../../tests/fixtures/v1/contacts-search-by-email-feed.xml");

fn main() -> ExitCode {
    let body = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => SAMPLE.to_owned(),
    };
    let feed = match Feed::<Contact>::from_xml(&body) {
        Ok(feed) => feed,
        Err(e) => {
            eprintln!("not a contacts feed: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{:<8} {:<28} {:<12} NAME", "ID", "EMAIL", "STATUS");
    for entry in &feed.entries {
        let c = &entry.content;
        let id = c
            .resource_id()
            .map(|id| id.tail().to_owned())
            .unwrap_or_else(|_| "?".into());
        println!(
            "{:<8} {:<28} {:<12} {}",
            id,
            c.email_address.as_deref().unwrap_or(""),
            c.status.as_ref().map(|s| s.as_str()).unwrap_or(""),
            c.name.as_deref().unwrap_or("")
        );
    }
    println!(
        "{} contact(s); next page: {}",
        feed.entries.len(),
        feed.next_href().unwrap_or("none (last page)")
    );

    let new_contact = Contact {
        email_address: Some("new.person@example.com".into()),
        first_name: Some("New".into()),
        opt_in_source: Some(ActionSource::ActionByCustomer),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new("joesflowers", "1").uri()),
                ..Default::default()
            }],
        }),
        ..Default::default()
    };
    match contacts::CreateContact::new(new_contact.clone()).to_request() {
        Ok(request) => {
            println!(
                "\nA create would send {} {} ({}):",
                request.method(),
                request.path,
                request.content_type().unwrap_or("")
            );
            if let Some(xml) = request.body.as_ref().and_then(Body::as_text) {
                println!("{xml}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
