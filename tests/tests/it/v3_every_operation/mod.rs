//! The per-operation checklist of V3 (the contact side, email campaigns, campaign reporting and
//! social): for every operation in
//! `ctct_models::v3::ENDPOINTS`, the exact request that goes on the wire (method, path and
//! query, content type, body bytes) and the decoding of an answer written in the shape the
//! contract documents. One submodule per contract tag; the completeness test fails when an
//! operation has no case of either kind.

use std::collections::BTreeSet;

use ctct_models::endpoint::{Endpoint, FromResponse as _, Method, RawResponse};
use ctct_models::xml::DecodeOptions;

mod account;
mod activities;
mod contact_lists;
mod contact_tags;
mod contacts;
mod custom_fields;
mod emails;
mod emails_wire;
mod reporting;
mod reports;
mod reports_wire;
mod segments;
mod social;

/// One check of one operation, run later so the completeness test can list the cases
/// without running them.
pub struct Case {
    /// The operation's name, taken from the endpoint type's table row.
    pub op: &'static str,
    run: Box<dyn FnOnce()>,
}

/// A request with no body: `method`, then exactly `target` (path and query).
pub fn bare<E: Endpoint + 'static>(endpoint: E, method: Method, target: &str) -> Case {
    exact(endpoint, method, target, None)
}

/// A request with a JSON body: `method`, exactly `target`, `application/json` and exactly
/// `body`.
pub fn with_json<E: Endpoint + 'static>(
    endpoint: E,
    method: Method,
    target: &str,
    body: &str,
) -> Case {
    exact(endpoint, method, target, Some(body))
}

fn exact<E: Endpoint + 'static>(
    endpoint: E,
    method: Method,
    target: &str,
    body: Option<&str>,
) -> Case {
    let op = E::SPEC.name;
    let target = target.to_owned();
    let body = body.map(str::to_owned);
    Case {
        op,
        run: Box::new(move || {
            let req = endpoint
                .to_request()
                .unwrap_or_else(|e| panic!("{op}: {e}"));
            assert_eq!(req.spec.name, op);
            assert_eq!(req.method(), method, "{op}");
            assert_eq!(req.path_and_query(), target, "{op}");
            match &body {
                None => {
                    assert_eq!(req.body, None, "{op}");
                    assert_eq!(req.content_type(), None, "{op}");
                }
                Some(expected) => {
                    assert_eq!(req.content_type(), Some("application/json"), "{op}");
                    let sent = req.body.as_ref().and_then(|b| b.as_text());
                    assert_eq!(sent, Some(expected.as_str()), "{op}");
                }
            }
        }),
    }
}

/// A check of `E`'s request that does not fit [`exact`] (the multipart import).
pub fn custom<E: Endpoint + 'static>(endpoint: E, check: impl FnOnce(E) + 'static) -> Case {
    Case {
        op: E::SPEC.name,
        run: Box::new(move || check(endpoint)),
    }
}

/// `body`, answered with `status` (one of the operation's success statuses), decodes as the
/// operation's response type and `check` holds of it.
pub fn decodes<E: Endpoint>(
    status: u16,
    body: &'static str,
    check: impl FnOnce(E::Response) + 'static,
) -> Case
where
    E::Response: 'static,
{
    let op = E::SPEC.name;
    Case {
        op,
        run: Box::new(move || {
            assert!(
                E::SPEC.success.contains(&status),
                "{op}: {status} is not one of its success statuses {:?}",
                E::SPEC.success
            );
            let raw = RawResponse {
                status,
                location: None,
                body,
            };
            let decoded = E::Response::from_response(raw, &DecodeOptions::default())
                .unwrap_or_else(|e| panic!("{op}: {e}\n{body}"));
            check(decoded);
        }),
    }
}

fn run(cases: Vec<Case>) {
    assert!(!cases.is_empty());
    for case in cases {
        eprintln!("case {}", case.op);
        (case.run)();
    }
}

fn wire_cases() -> Vec<Vec<Case>> {
    vec![
        account::wire(),
        activities::wire(),
        contact_lists::wire(),
        contact_tags::wire(),
        contacts::wire(),
        custom_fields::wire(),
        emails_wire::wire(),
        reporting::wire(),
        reports_wire::wire(),
        segments::wire(),
        social::wire(),
    ]
}

fn decode_cases() -> Vec<Vec<Case>> {
    vec![
        account::decode(),
        activities::decode(),
        contact_lists::decode(),
        contact_tags::decode(),
        contacts::decode(),
        custom_fields::decode(),
        emails_wire::decode(),
        reporting::decode(),
        reports_wire::decode(),
        segments::decode(),
        social::decode(),
    ]
}

#[test]
fn every_operation_has_a_wire_case_and_a_decode_case() {
    let all: BTreeSet<&str> = ctct_models::v3::ENDPOINTS.iter().map(|s| s.name).collect();
    assert_eq!(
        all.len(),
        100,
        "the V3 contact side has 57 operations, email campaigns 20, social 4 and campaign reporting 19"
    );
    for (kind, tags) in [("wire", wire_cases()), ("decode", decode_cases())] {
        let covered: BTreeSet<&str> = tags.iter().flatten().map(|c| c.op).collect();
        let missing: Vec<_> = all.difference(&covered).collect();
        assert!(missing.is_empty(), "no {kind} case for {missing:?}");
        assert_eq!(covered, all, "{kind}");
    }
}

#[test]
fn account_services_on_the_wire() {
    run(account::wire());
}

#[test]
fn account_services_decode() {
    run(account::decode());
}

#[test]
fn bulk_activities_on_the_wire() {
    run(activities::wire());
}

#[test]
fn bulk_activities_decode() {
    run(activities::decode());
}

#[test]
fn contact_lists_on_the_wire() {
    run(contact_lists::wire());
}

#[test]
fn contact_lists_decode() {
    run(contact_lists::decode());
}

#[test]
fn contact_tags_on_the_wire() {
    run(contact_tags::wire());
}

#[test]
fn contact_tags_decode() {
    run(contact_tags::decode());
}

#[test]
fn contacts_on_the_wire() {
    run(contacts::wire());
}

#[test]
fn contacts_decode() {
    run(contacts::decode());
}

#[test]
fn custom_fields_on_the_wire() {
    run(custom_fields::wire());
}

#[test]
fn custom_fields_decode() {
    run(custom_fields::decode());
}

#[test]
fn email_campaigns_on_the_wire() {
    run(emails_wire::wire());
}

#[test]
fn email_campaigns_decode() {
    run(emails_wire::decode());
}

#[test]
fn contacts_reporting_on_the_wire() {
    run(reporting::wire());
}

#[test]
fn contacts_reporting_decode() {
    run(reporting::decode());
}

#[test]
fn segments_on_the_wire() {
    run(segments::wire());
}

#[test]
fn segments_decode() {
    run(segments::decode());
}

#[test]
fn social_on_the_wire() {
    run(social::wire());
}

#[test]
fn social_decode() {
    run(social::decode());
}

#[test]
fn campaign_reporting_on_the_wire() {
    run(reports_wire::wire());
}

#[test]
fn campaign_reporting_decode() {
    run(reports_wire::decode());
}
