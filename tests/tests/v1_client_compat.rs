//! The sandbox as an existing V1 client library sees it: requests are the exact bytes such a
//! library sends (written out here), and answers are read with [`plain_xml`], which finds
//! elements only by the name they are written with, as PHP's SimpleXML does. Nothing here
//! decodes through `ctct-models`, so a writer and reader that agree on a wrong spelling
//! cannot hide it.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

#[path = "common/sandbox.rs"]
mod common;
mod plain_xml;

use common::*;
use plain_xml::{Node, parse};

const ATOM_LINK: &str = r#"<link xmlns="http://www.w3.org/2005/Atom" href=""#;

/// A GET as the library sends it (Basic auth, `Accept: application/atom+xml`), read plainly.
async fn read(api: &Api, rest: &str) -> (String, Node) {
    let r = api
        .http
        .get(api.url(rest))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .header("Accept", "application/atom+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{rest}");
    let body = r.text().await.unwrap();
    let doc = parse(&body);
    (body, doc)
}

fn href(node: &Node) -> &str {
    node.child("link")
        .and_then(|l| l.attr("href"))
        .unwrap_or_else(|| panic!("no plain <link> in <{}>: {node:?}", node.name))
}

fn first_entry_id(feed: &Node) -> String {
    let id = &feed.child("entry").unwrap().child("id").unwrap().text;
    tail(id)
}

#[tokio::test]
async fn nested_links_are_found_by_a_reader_that_looks_up_link_by_name() {
    let api = start(60, 3).await;
    let (_, feed) = read(&api, "/campaigns?status=SENT").await;
    let id = first_entry_id(&feed);
    let (body, entry) = read(&api, &format!("/campaigns/{id}")).await;
    let campaign = entry.at(&["content", "Campaign"]).unwrap();

    // `$campaign->FromEmail->Email->link->Attributes()->href`, and the same for Reply-To.
    for which in ["FromEmail", "ReplyToEmail"] {
        let email = campaign.at(&[which, "Email"]).unwrap();
        let link = href(email);
        assert!(link.starts_with(&format!("/ws/customers/{USER}/settings/emailaddresses/")));
        assert_eq!(
            email.attr("id").unwrap(),
            format!("http://api.constantcontact.com{link}")
        );
    }
    // `foreach ($campaign->ContactLists->ContactList as $item) $item->link->Attributes()->href`
    let lists: Vec<&Node> = campaign
        .child("ContactLists")
        .unwrap()
        .all("ContactList")
        .collect();
    assert!(!lists.is_empty());
    for list in lists {
        assert!(href(list).starts_with(&format!("/ws/customers/{USER}/lists/")));
    }
    // The exact bytes of one nested link, as the service writes them.
    assert!(
        body.contains(&format!(
            r#"{ATOM_LINK}/ws/customers/{USER}/settings/emailaddresses/1" rel="self"/>"#
        )),
        "{body}"
    );
    assert!(!body.contains("atom:link"), "{body}");

    // Every tracking event names its campaign with a link.
    for (kind, element) in [
        ("sends", "SentEvent"),
        ("opens", "OpenEvent"),
        ("clicks", "ClickEvent"),
        ("bounces", "BounceEvent"),
        ("forwards", "ForwardEvent"),
        ("optouts", "OptoutEvent"),
    ] {
        let (_, feed) = read(&api, &format!("/campaigns/{id}/events/{kind}")).await;
        let event = feed
            .child("entry")
            .and_then(|e| e.at(&["content", element]))
            .unwrap_or_else(|| panic!("no {element} in the {kind} feed"));
        let campaign = event.child("Campaign").unwrap();
        assert_eq!(
            href(campaign),
            format!("http://api.constantcontact.com/ws/customers/{USER}/campaigns/{id}"),
            "{kind}"
        );
        assert!(
            href(event.child("Contact").unwrap()).contains("/contacts/"),
            "{kind}"
        );
    }
}
