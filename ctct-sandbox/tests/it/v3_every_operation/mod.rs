//! The per-operation checklist of the V3 sandbox (contact side, email campaigns, campaign
//! reporting and social): every operation of
//! `ctct_models::v3::ENDPOINTS` over real HTTP, built with the generated request types and
//! read back with their response types, asserting the status, the key fields of the answer
//! and the state the call leaves behind (bulk activities are polled until done). One
//! submodule per contract tag, each declaring the operations it covers; the completeness test
//! fails when an operation is declared by none, and each tag's test fails when it did not
//! call one it declares.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use ctct_models::endpoint::{
    Endpoint, EndpointSpec, FromResponse as _, RawResponse, ResponseShape,
};
use ctct_models::json::ErrorBody;
use ctct_models::v3::activities::{Activity, ActivityState, GetActivity};
use ctct_models::v3::common::{ActivityId, ContactId, ListId};
use ctct_models::v3::contact_lists::{ContactList, GetLists};
use ctct_models::v3::contacts::{ContactInclude, ContactResource, GetContact, GetContacts};

use crate::support::v3::{Resp, V3, start};

mod account;
mod activities;
mod contact_lists;
mod contact_tags;
mod contacts;
mod custom_fields;
mod emails;
mod reporting;
mod reports;
mod segments;
mod social;

/// A sandbox and the operations called on it with a success status.
pub struct Ops {
    pub api: V3,
    called: Mutex<BTreeSet<&'static str>>,
}

impl Ops {
    pub async fn start() -> Self {
        Self {
            api: start().await,
            called: Mutex::new(BTreeSet::new()),
        }
    }

    /// Like [`Ops::start`], with `n` generated contacts on the first list.
    pub async fn start_with_contacts(n: usize) -> Self {
        let mut config = crate::support::v3::config();
        config.v3.seed_contacts = n;
        Self {
            api: crate::support::v3::start_with(config).await,
            called: Mutex::new(BTreeSet::new()),
        }
    }

    async fn send<E: Endpoint>(&self, endpoint: &E) -> Resp {
        let req = endpoint
            .to_request()
            .unwrap_or_else(|e| panic!("{}: {e}", E::SPEC.name));
        self.api.request(&req).await
    }

    /// Sends `endpoint`, checks that the answer is `status` (one of the operation's success
    /// statuses) with the operation's media type, and decodes it as the response type.
    pub async fn ok<E: Endpoint>(&self, endpoint: E, status: u16) -> E::Response {
        let op = E::SPEC.name;
        assert!(E::SPEC.success.contains(&status), "{op}: {status}");
        let r = self.send(&endpoint).await;
        assert_eq!(r.status, status, "{op}: {}", r.body);
        match E::SPEC.response {
            ResponseShape::Json(_) => {
                assert_eq!(r.header("content-type"), Some("application/json"), "{op}");
            }
            ResponseShape::Raw => assert_eq!(r.header("content-type"), Some("text/csv"), "{op}"),
            ResponseShape::Empty => assert_eq!(r.body, "", "{op}"),
            other => panic!("{op}: a V3 operation answers {other:?}"),
        }
        self.called.lock().unwrap().insert(op);
        let raw = RawResponse {
            status,
            location: r.header("location"),
            body: &r.body,
        };
        E::Response::from_response(raw, &Default::default())
            .unwrap_or_else(|e| panic!("{op}: {e}\n{}", r.body))
    }

    /// Sends `endpoint` and checks that it is refused with `status` and a V3 error body.
    pub async fn refused<E: Endpoint>(&self, endpoint: E, status: u16) -> ErrorBody {
        self.send(&endpoint).await.error(status)
    }

    /// Polls the activity until it is completed.
    pub async fn finished(&self, id: &ActivityId) -> Activity {
        for _ in 0..200 {
            let a = self.ok(GetActivity::new(id), 200).await;
            if a.state == Some(ActivityState::Completed) {
                assert_eq!(a.percent_done, Some(100), "{a:?}");
                assert!(a.completed_at.is_some(), "{a:?}");
                assert!(
                    a.activity_errors.as_ref().is_none_or(Vec::is_empty),
                    "{a:?}"
                );
                return a;
            }
            assert!(
                matches!(
                    a.state,
                    Some(ActivityState::Initialized | ActivityState::Processing)
                ),
                "{a:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("activity {id} did not finish");
    }

    /// A contact with its lists, tags and custom field values.
    pub async fn contact(&self, id: &ContactId) -> ContactResource {
        self.ok(
            GetContact::new(id).include([
                ContactInclude::ListMemberships,
                ContactInclude::Taggings,
                ContactInclude::CustomFields,
            ]),
            200,
        )
        .await
    }

    /// The active contacts (owner, Ada, Grace when untouched), with their lists and tags.
    pub async fn contacts(&self) -> Vec<ContactResource> {
        self.ok(
            GetContacts::new().include([ContactInclude::ListMemberships, ContactInclude::Taggings]),
            200,
        )
        .await
        .contacts
        .unwrap()
    }

    pub async fn contact_ids(&self) -> Vec<ContactId> {
        self.contacts()
            .await
            .into_iter()
            .map(|c| c.contact_id.unwrap())
            .collect()
    }

    /// The active lists (General Interest, Newsletter when untouched).
    pub async fn lists(&self) -> Vec<ContactList> {
        self.ok(GetLists::new(), 200).await.lists.unwrap()
    }

    pub async fn list_ids(&self) -> Vec<ListId> {
        self.lists()
            .await
            .into_iter()
            .map(|l| l.list_id.unwrap())
            .collect()
    }

    /// Checks that every operation of `ops` was called with a success status.
    pub fn covered(&self, ops: &[&EndpointSpec]) {
        let called = self.called.lock().unwrap();
        let missing: Vec<_> = ops
            .iter()
            .map(|s| s.name)
            .filter(|n| !called.contains(n))
            .collect();
        assert!(missing.is_empty(), "declared but not called: {missing:?}");
    }
}

#[test]
fn every_operation_is_declared_by_one_tag() {
    let tags: [&[&EndpointSpec]; 11] = [
        account::OPS,
        activities::OPS,
        contact_lists::OPS,
        contact_tags::OPS,
        contacts::OPS,
        custom_fields::OPS,
        emails::OPS,
        reporting::OPS,
        reports::OPS,
        segments::OPS,
        social::OPS,
    ];
    let mut declared = BTreeSet::new();
    for op in tags.iter().flat_map(|t| t.iter()) {
        assert!(declared.insert(op.name), "{} is declared twice", op.name);
    }
    let all: BTreeSet<&str> = ctct_models::v3::ENDPOINTS.iter().map(|s| s.name).collect();
    assert_eq!(all.len(), 100);
    let missing: Vec<_> = all.difference(&declared).collect();
    assert!(missing.is_empty(), "no sandbox case for {missing:?}");
    assert_eq!(declared, all);
}
