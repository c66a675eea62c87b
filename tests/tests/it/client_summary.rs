//! A contact's tracking summary end to end: the client's `contact_summary` against the
//! sandbox, whose counts must agree with the per-kind contact event feeds; and the same
//! answer read by name, as a SimpleXML client reads it.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::collections::BTreeMap;

use ctct_models::ids::ContactId;
use futures_util::TryStreamExt as _;
use support::client::*;

/// Campaign URI → how many `kind` events the contact's feed lists for it.
async fn per_campaign(env: &Env, contact: &str, kind: &str) -> BTreeMap<String, i64> {
    let body = crate::support::sandbox::http_client()
        .get(format!(
            "{}/ws/customers/{USER}/contacts/{contact}/events/{kind}",
            env.sandbox.base_url()
        ))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let feed = support::plain_xml::parse(&body);
    assert!(feed.child("link").is_some());
    let mut out = BTreeMap::new();
    for entry in feed.all("entry") {
        let content = &entry.child("content").unwrap().children[0];
        let campaign = content
            .child("Campaign")
            .unwrap()
            .attr("id")
            .unwrap()
            .to_owned();
        *out.entry(campaign).or_default() += 1;
    }
    out
}

#[tokio::test]
async fn the_summary_counts_what_the_event_feeds_list() {
    let env = start(120, 3).await;
    let contact = "50";
    let summaries: Vec<_> = env
        .client
        .contact_summary(&ContactId::new(USER, contact))
        .try_collect()
        .await
        .unwrap();
    assert!(!summaries.is_empty());
    let sends = per_campaign(&env, contact, "sends").await;
    let opens = per_campaign(&env, contact, "opens").await;
    let optouts = per_campaign(&env, contact, "optouts").await;
    assert_eq!(summaries.len(), sends.len());
    for s in &summaries {
        let c = s.campaign.as_ref().unwrap();
        let uri = c.id.clone().unwrap();
        assert!(c.name.as_deref().is_some_and(|n| !n.is_empty()));
        assert_eq!(c.links[0].href.as_deref(), Some(uri.as_str()));
        let email = s.contact.as_ref().unwrap().email_address.clone();
        assert!(email.is_some_and(|e| e.contains('@')));
        assert_eq!(
            s.sends,
            Some(sends.get(&uri).copied().unwrap_or(0)),
            "{uri}"
        );
        assert_eq!(
            s.opens,
            Some(opens.get(&uri).copied().unwrap_or(0)),
            "{uri}"
        );
        assert_eq!(
            s.opt_outs,
            Some(optouts.get(&uri).copied().unwrap_or(0)),
            "{uri}"
        );
    }

    // Read by name: `$summary->Campaign->link`, `$summary->Opens`.
    let body = crate::support::sandbox::http_client()
        .get(format!(
            "{}/ws/customers/{USER}/contacts/{contact}/events/summary",
            env.sandbox.base_url()
        ))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let feed = support::plain_xml::parse(&body);
    let first = feed
        .child("entry")
        .and_then(|e| e.at(&["content", "ReportsSummary"]))
        .unwrap();
    assert!(
        first
            .at(&["Campaign", "link"])
            .unwrap()
            .attr("href")
            .is_some()
    );
    assert!(
        first
            .at(&["Contact", "link"])
            .unwrap()
            .attr("href")
            .is_some()
    );
    assert!(first.child("Opens").unwrap().text.parse::<i64>().is_ok());

    // An unknown contact is 404.
    let e = env
        .client
        .contact_summary(&ContactId::new(USER, "99999"))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
}
