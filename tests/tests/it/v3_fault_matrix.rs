//! V3 operations of every tag under every fault the sandbox injects on `/v3/`, through
//! [`V3Client`].
//!
//! Each cell is one operation run on a fresh sandbox whose request (method and path) is hit by
//! one fault on its first attempt only: 500, 503, 429 `throttled`, 429 `quota_exceeded`, a
//! dropped connection, a truncated answer, a lost answer (applied, then the connection
//! closed), latency past the client's timeout, and for the operations that wait for a bulk
//! activity, an activity that ends `failed`. Afterwards the state is read over raw HTTP
//! without faults: done means the change is there exactly once (one list created, the tag
//! applied once, …), failed means nothing changed, and an unknown outcome may be either but
//! never a duplicate. A read is done when it returned what a fault-free read returns. The
//! expected outcome and the number of attempts of each cell are asserted too, so the V3 table
//! in `tests/README.md` is what this test checks.

#![allow(clippy::unwrap_used)] // a test: a failed unwrap is a failed test

use crate::fault_matrix::{Counting, Reported, fast_retries, reported, v3_contacts_with, v3_get};
use crate::support;

use std::sync::Arc;
use std::time::Duration;

use ctct_client::v3::oauth::StaticToken;
use ctct_client::v3::{PollOptions, V3Client};
use ctct_client::{Error, Secret};
use ctct_models::v3::common::{ContactId, ListId, TagId};
use ctct_models::v3::{
    account, activities, contact_lists, contact_tags, contacts, custom_fields, reporting, segments,
};
use ctct_sandbox::{Config, FaultSpec};
use support::sandbox::*;

/// The client's per-attempt timeout; the latency fault is well past it (generous for a
/// loaded machine: an attempt timing out by accident would change a cell's outcome).
const TIMEOUT: Duration = Duration::from_millis(1500);
const LATENCY: &str = "3s";
/// How long after a latency cell the state is read: past the latency, so a request the
/// server handled late would show.
const AFTER_LATENCY: Duration = Duration::from_millis(3300);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    S500,
    S503,
    Throttled,
    Quota,
    Drop,
    Truncate,
    Lose,
    Latency,
    FailActivity,
}

const FAULTS: [Fault; 9] = [
    Fault::S500,
    Fault::S503,
    Fault::Throttled,
    Fault::Quota,
    Fault::Drop,
    Fault::Truncate,
    Fault::Lose,
    Fault::Latency,
    Fault::FailActivity,
];

impl Fault {
    fn rule(self, method: &str, path: &str) -> String {
        let effect = match self {
            Fault::S500 => "status=500".to_owned(),
            Fault::S503 => "status=503,retry-after=0".to_owned(),
            Fault::Throttled => "status=429,retry-after=0".to_owned(),
            Fault::Quota => "status=429,error-key=quota_exceeded,retry-after=0".to_owned(),
            Fault::Drop => "drop".to_owned(),
            Fault::Truncate => "truncate".to_owned(),
            Fault::Lose => "lose".to_owned(),
            Fault::Latency => format!("latency={LATENCY}"),
            // Whatever request starts the next activity.
            Fault::FailActivity => return "fail-activity,times=1".to_owned(),
        };
        format!("{effect},method={method},path={path},times=1")
    }

    fn name(self) -> &'static str {
        match self {
            Fault::S500 => "500",
            Fault::S503 => "503",
            Fault::Throttled => "429 throttled",
            Fault::Quota => "429 quota",
            Fault::Drop => "drop",
            Fault::Truncate => "truncate",
            Fault::Lose => "lose",
            Fault::Latency => "latency",
            Fault::FailActivity => "activity failed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    AccountUpdate,
    AccountRead,
    ContactCreate,
    ContactUpdate,
    ContactDelete,
    ContactsRead,
    ListCreate,
    ListUpdate,
    ListDelete,
    ListsRead,
    TagCreate,
    TagUpdate,
    TagDelete,
    TagsRead,
    FieldCreate,
    FieldsRead,
    SegmentCreate,
    SegmentsRead,
    Tagging,
    Import,
    ActivityPoll,
    ReportRead,
}

const OPS: [Op; 22] = [
    Op::AccountUpdate,
    Op::AccountRead,
    Op::ContactCreate,
    Op::ContactUpdate,
    Op::ContactDelete,
    Op::ContactsRead,
    Op::ListCreate,
    Op::ListUpdate,
    Op::ListDelete,
    Op::ListsRead,
    Op::TagCreate,
    Op::TagUpdate,
    Op::TagDelete,
    Op::TagsRead,
    Op::FieldCreate,
    Op::FieldsRead,
    Op::SegmentCreate,
    Op::SegmentsRead,
    Op::Tagging,
    Op::Import,
    Op::ActivityPoll,
    Op::ReportRead,
];

impl Op {
    /// The request the fault hits.
    fn request(self) -> (&'static str, &'static str) {
        match self {
            Op::AccountUpdate => ("PUT", "/v3/account/summary"),
            Op::AccountRead => ("GET", "/v3/account/summary"),
            Op::ContactCreate => ("POST", "/v3/contacts"),
            Op::ContactUpdate => ("PUT", "/v3/contacts/*"),
            Op::ContactDelete => ("DELETE", "/v3/contacts/*"),
            Op::ContactsRead => ("GET", "/v3/contacts"),
            Op::ListCreate => ("POST", "/v3/contact_lists"),
            Op::ListUpdate => ("PUT", "/v3/contact_lists/*"),
            Op::ListDelete => ("DELETE", "/v3/contact_lists/*"),
            Op::ListsRead => ("GET", "/v3/contact_lists"),
            Op::TagCreate => ("POST", "/v3/contact_tags"),
            Op::TagUpdate => ("PUT", "/v3/contact_tags/*"),
            Op::TagDelete => ("DELETE", "/v3/contact_tags/*"),
            Op::TagsRead => ("GET", "/v3/contact_tags"),
            Op::FieldCreate => ("POST", "/v3/contact_custom_fields"),
            Op::FieldsRead => ("GET", "/v3/contact_custom_fields"),
            Op::SegmentCreate => ("POST", "/v3/segments"),
            Op::SegmentsRead => ("GET", "/v3/segments"),
            Op::Tagging => ("POST", "/v3/activities/contacts_taggings_add"),
            Op::Import => ("POST", "/v3/activities/contacts_file_import"),
            Op::ActivityPoll => ("GET", "/v3/activities/*"),
            Op::ReportRead => ("GET", "/v3/reports/contact_reports/*"),
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Op::AccountUpdate | Op::AccountRead => "Account Services",
            Op::ContactCreate | Op::ContactUpdate | Op::ContactDelete | Op::ContactsRead => {
                "Contacts"
            }
            Op::ListCreate | Op::ListUpdate | Op::ListDelete | Op::ListsRead => "Contact Lists",
            Op::TagCreate | Op::TagUpdate | Op::TagDelete | Op::TagsRead => "Contact Tags",
            Op::FieldCreate | Op::FieldsRead => "Contacts Custom Fields",
            Op::SegmentCreate | Op::SegmentsRead => "Segments",
            Op::Tagging | Op::Import | Op::ActivityPoll => "Bulk Activities",
            Op::ReportRead => "Contacts Reporting",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Op::AccountUpdate => "PUT account summary",
            Op::AccountRead => "GET account summary",
            Op::ContactCreate => "POST contact",
            Op::ContactUpdate => "PUT contact",
            Op::ContactDelete => "DELETE contact",
            Op::ContactsRead => "GET contacts",
            Op::ListCreate => "POST list",
            Op::ListUpdate => "PUT list",
            Op::ListDelete => "DELETE list, wait for its activity",
            Op::ListsRead => "GET lists",
            Op::TagCreate => "POST tag",
            Op::TagUpdate => "PUT tag",
            Op::TagDelete => "DELETE tag",
            Op::TagsRead => "GET tags",
            Op::FieldCreate => "POST custom field",
            Op::FieldsRead => "GET custom fields",
            Op::SegmentCreate => "POST segment",
            Op::SegmentsRead => "GET segments",
            Op::Tagging => "tag_contacts (POST taggings, wait)",
            Op::Import => "import_csv, wait",
            Op::ActivityPoll => "wait (GET activity)",
            Op::ReportRead => "GET contact activity details",
        }
    }

    /// Whether the operation waits for an activity it starts (so `fail-activity` applies).
    fn starts_activity(self) -> bool {
        matches!(self, Op::ListDelete | Op::Tagging | Op::Import)
    }

    /// The outcome the client reports; `None`: the cell is not run.
    fn expected(self, fault: Fault) -> Option<Reported> {
        let method = self.request().0;
        Some(match fault {
            Fault::FailActivity if self.starts_activity() => Reported::Failed,
            Fault::FailActivity => return None,
            // The daily quota is not retried; nothing was done.
            Fault::Quota => Reported::Failed,
            // A 500 is retried for a GET only; the server did nothing.
            Fault::S500 if method == "GET" => Reported::Done,
            Fault::S500 => Reported::Failed,
            // Refused before anything was done: retried, even a POST.
            Fault::S503 | Fault::Throttled => Reported::Done,
            // Idempotent: sent again.
            _ if method != "POST" => Reported::Done,
            // A POST whose answer never came is not sent again.
            Fault::Drop | Fault::Truncate | Fault::Lose | Fault::Latency => Reported::Unknown,
        })
    }

    /// How many attempts of the faulted request the client makes; `None`: either 1 or 2.
    fn attempts(self, fault: Fault) -> Option<usize> {
        let method = self.request().0;
        Some(match fault {
            Fault::FailActivity | Fault::Quota => 1,
            Fault::S500 => 1 + usize::from(method == "GET"),
            Fault::S503 | Fault::Throttled => 2,
            _ if method == "POST" => 1,
            // An empty answer (a 204) cut in half is whole: no retry needed.
            Fault::Truncate if method != "GET" => return None,
            _ => 2,
        })
    }
}

fn client_for(api: &Api, counting: &Counting) -> V3Client {
    V3Client::builder(Arc::new(StaticToken(Secret::new(TOKEN))))
        .transport(Arc::new(counting.clone()))
        .base_url(api.sandbox.v3_url())
        .rate_limit(None)
        .retry(fast_retries())
        .request_timeout(TIMEOUT)
        .build()
        .unwrap()
}

fn poll() -> PollOptions {
    PollOptions::new(Duration::from_millis(10), Duration::from_secs(10))
}

/// The status of a raw GET (`/v3` + `path`).
async fn v3_status(api: &Api, path: &str) -> u16 {
    api.http
        .get(format!("{}{path}", api.sandbox.v3_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// How many items of the collection at `path` (under `key`) have `field` equal to `value`.
async fn v3_count(api: &Api, path: &str, key: &str, field: &str, value: &str) -> usize {
    v3_get(api, path).await[key]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|item| item[field] == value)
        .count()
}

fn contact_post(email: &str, list: &ListId) -> contacts::ContactPostRequest {
    contacts::ContactPostRequest {
        email_address: Some(contacts::EmailAddressPost::new(email.into())),
        first_name: Some("Vee".into()),
        create_source: Some(contacts::Source::Account),
        list_memberships: vec![list.clone()],
        ..contacts::ContactPostRequest::default()
    }
}

fn criteria() -> String {
    serde_json::json!({"version": "1.0.0", "criteria": {"type": "and", "group": [
        {"source": "contact", "field": "first_name", "op": "eq", "const_value": "Vee"}
    ]}})
    .to_string()
}

/// What a cell ended with.
struct Cell {
    got: Reported,
    /// How many times the change is in the sandbox (0, 1, more for a duplicate); for a read,
    /// 1 when it returned what a fault-free read returns.
    count: usize,
    message: String,
    attempts: usize,
}

/// A read: 1 when the answer is the fault-free one.
fn same<T: std::fmt::Debug>(result: &Result<T, Error>, baseline: &T) -> Option<usize> {
    Some(usize::from(
        result
            .as_ref()
            .is_ok_and(|r| format!("{r:?}") == format!("{baseline:?}")),
    ))
}

fn describe<T>(r: &Result<T, Error>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => ctct_client::error::chain(e),
    }
}

/// Runs one cell: sets up, injects the fault, runs the operation, reads the state back.
async fn cell(op: Op, fault: Fault) -> Cell {
    let api = start_with(Config {
        v3: support::v3_client::instant(),
        ..config()
    })
    .await;
    let (method, path) = op.request();
    let counting = Counting::new(method, path);
    let v3 = client_for(&api, &counting);
    let arm = || {
        let spec: FaultSpec = fault.rule(method, path).parse().unwrap();
        api.sandbox.set_faults(spec);
        counting.reset();
    };
    let list: ListId = v3
        .send(contact_lists::GetLists::new())
        .await
        .unwrap()
        .lists
        .unwrap()[0]
        .list_id
        .clone()
        .unwrap();
    let contact: ContactId = v3
        .send(contacts::GetContacts::new())
        .await
        .unwrap()
        .contacts
        .unwrap()[0]
        .contact_id
        .clone()
        .unwrap();
    let new_tag = |name: &'static str| {
        let v3 = v3.clone();
        async move {
            v3.send(contact_tags::CreateTag::new(
                contact_tags::TagPostInput::new(name.into()),
            ))
            .await
            .unwrap()
            .tag_id
            .unwrap()
        }
    };
    // A read's result compared with the fault-free one, or the id the probe needs.
    let mut read: Option<usize> = None;
    let mut tag_id: Option<TagId> = None;
    let mut made: Option<ContactId> = None;
    let (got, message) = match op {
        Op::AccountUpdate => {
            let mut input = account::AccountSummaryPutInput::new();
            input.organization_name = Some("Changed Org".into());
            arm();
            let r = v3.send(account::PutAccountSummary::new(input)).await;
            (reported(&r), describe(&r))
        }
        Op::AccountRead => {
            let base = v3.send(account::GetAccountSummary::new()).await.unwrap();
            arm();
            let r = v3.send(account::GetAccountSummary::new()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
        Op::ContactCreate => {
            arm();
            let r = v3
                .send(contacts::CreateContact::new(contact_post(
                    "vee@example.com",
                    &list,
                )))
                .await;
            (reported(&r), describe(&r))
        }
        Op::ContactUpdate | Op::ContactDelete => {
            let id = v3
                .send(contacts::CreateContact::new(contact_post(
                    "vee@example.com",
                    &list,
                )))
                .await
                .unwrap()
                .contact_id
                .unwrap();
            made = Some(id.clone());
            arm();
            let r = if op == Op::ContactUpdate {
                let mut put = contacts::ContactPutRequest::new(contacts::Source::Account);
                put.email_address = Some(contacts::EmailAddressPut::new("vee@example.com".into()));
                put.first_name = Some("Changed".into());
                put.list_memberships = Some(vec![list.clone()]);
                v3.send(contacts::PutContact::new(id, put)).await.map(drop)
            } else {
                v3.send(contacts::DeleteContact::new(id)).await.map(drop)
            };
            (reported(&r), describe(&r))
        }
        Op::ContactsRead => {
            let base = v3.send(contacts::GetContacts::new()).await.unwrap();
            arm();
            let r = v3.send(contacts::GetContacts::new()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
        Op::ListCreate => {
            arm();
            let r = v3
                .send(contact_lists::CreateList::new(
                    contact_lists::ListInput::new("Fresh".into()),
                ))
                .await;
            (reported(&r), describe(&r))
        }
        Op::ListUpdate => {
            arm();
            let r = v3
                .send(contact_lists::PutList::new(
                    list.clone(),
                    contact_lists::ListInput::new("Renamed".into()),
                ))
                .await;
            (reported(&r), describe(&r))
        }
        Op::ListDelete => {
            arm();
            let r = match v3.send(contact_lists::DeleteList::new(list.clone())).await {
                // Deleted by an attempt whose answer was lost: no activity to wait for.
                Ok(started) => match started.activity_id {
                    Some(id) => v3.wait(&id, poll(), |_| {}).await.map(drop),
                    None => Ok(()),
                },
                Err(e) => Err(e),
            };
            (reported(&r), describe(&r))
        }
        Op::ListsRead => {
            let base = v3.send(contact_lists::GetLists::new()).await.unwrap();
            arm();
            let r = v3.send(contact_lists::GetLists::new()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
        Op::TagCreate => {
            arm();
            let r = v3
                .send(contact_tags::CreateTag::new(
                    contact_tags::TagPostInput::new("Fresh".into()),
                ))
                .await;
            (reported(&r), describe(&r))
        }
        Op::TagUpdate | Op::TagDelete => {
            let id = new_tag("Old").await;
            tag_id = Some(id.clone());
            arm();
            let r = if op == Op::TagUpdate {
                v3.send(contact_tags::PutTag::new(
                    id,
                    contact_tags::TagPutInput::new("Renamed".into()),
                ))
                .await
                .map(drop)
            } else {
                v3.send(contact_tags::DeleteTag::new(id)).await.map(drop)
            };
            (reported(&r), describe(&r))
        }
        Op::TagsRead => {
            new_tag("Old").await;
            let base = v3.send(contact_tags::GetTags::new()).await.unwrap();
            arm();
            let r = v3.send(contact_tags::GetTags::new()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
        Op::FieldCreate => {
            let input = custom_fields::CustomFieldPostInput {
                label: Some("Fresh".into()),
                type_: Some("string".into()),
                ..custom_fields::CustomFieldPostInput::new()
            };
            arm();
            let r = v3.send(custom_fields::CreateCustomField::new(input)).await;
            (reported(&r), describe(&r))
        }
        Op::FieldsRead => {
            let base = v3
                .send(custom_fields::GetCustomFields::new())
                .await
                .unwrap();
            arm();
            let r = v3.send(custom_fields::GetCustomFields::new()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
        Op::SegmentCreate => {
            arm();
            let r = v3
                .send(segments::CreateSegment::new(
                    segments::SegmentDataInput::new("Fresh".into(), criteria()),
                ))
                .await;
            (reported(&r), describe(&r))
        }
        Op::SegmentsRead => {
            v3.send(segments::CreateSegment::new(
                segments::SegmentDataInput::new("Old".into(), criteria()),
            ))
            .await
            .unwrap();
            let base = v3.send(segments::GetSegments::new()).await.unwrap();
            arm();
            let r = v3.send(segments::GetSegments::new()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
        Op::Tagging => {
            let id = new_tag("Vip").await;
            tag_id = Some(id.clone());
            arm();
            let r = v3
                .tag_contacts(std::slice::from_ref(&contact), &[id], poll())
                .await;
            (reported(&r), describe(&r))
        }
        Op::Import => {
            arm();
            let r = match v3
                .import_csv(
                    "email,first_name\nimp@example.com,Imp\n",
                    std::slice::from_ref(&list),
                    None,
                )
                .await
            {
                Ok(started) => match started.activity_id {
                    Some(id) => v3.wait(&id, poll(), |_| {}).await.map(drop),
                    None => panic!("the import names no activity"),
                },
                Err(e) => Err(e),
            };
            (reported(&r), describe(&r))
        }
        Op::ActivityPoll => {
            let id = new_tag("Vip").await;
            let source = activities::TagAddRemoveContactsSourceInput {
                contact_ids: vec![contact.clone()],
                ..activities::TagAddRemoveContactsSourceInput::new()
            };
            let started = v3
                .send(activities::AddTaggings::new(
                    activities::TaggingsInput::new(source, vec![id]),
                ))
                .await
                .unwrap();
            arm();
            let r = v3
                .wait(&started.activity_id.unwrap(), poll(), |_| {})
                .await
                .map(|(a, _)| a.state);
            read = Some(usize::from(matches!(
                &r,
                Ok(Some(activities::ActivityState::Completed))
            )));
            (reported(&r), describe(&r))
        }
        Op::ReportRead => {
            let request = || reporting::GetContactActivityDetails::new(contact.clone());
            let base = v3.send(request()).await.unwrap();
            arm();
            let r = v3.send(request()).await;
            read = same(&r, &base);
            (reported(&r), describe(&r))
        }
    };
    api.sandbox.clear_faults();
    let attempts = counting.hits();
    if fault == Fault::Latency {
        // A request the server went on handling would change the state meanwhile.
        tokio::time::sleep(AFTER_LATENCY).await;
    }
    api.sandbox.settle().await;
    // A read of the activities moves them forward, so a change a lost answer started shows.
    let _ = v3_get(&api, "/activities").await;
    let count = match read {
        Some(n) => n,
        None => probe(op, &api, &list, tag_id.as_ref(), made.as_ref(), &contact).await,
    };
    Cell {
        got,
        count,
        message,
        attempts,
    }
}

/// The state of the change an operation makes, over raw HTTP.
async fn probe(
    op: Op,
    api: &Api,
    list: &ListId,
    tag: Option<&TagId>,
    made: Option<&ContactId>,
    contact: &ContactId,
) -> usize {
    match op {
        Op::AccountUpdate => {
            usize::from(v3_get(api, "/account/summary").await["organization_name"] == "Changed Org")
        }
        Op::ContactCreate => v3_contacts_with(api, "vee@example.com").await.len(),
        Op::ContactUpdate => v3_contacts_with(api, "vee@example.com")
            .await
            .iter()
            .filter(|c| c["first_name"] == "Changed")
            .count(),
        Op::ContactDelete => {
            let path = format!("/contacts/{}", made.unwrap());
            let gone = v3_status(api, &path).await == 404
                || v3_get(api, &path).await["deleted_at"].is_string();
            usize::from(gone)
        }
        Op::ListCreate => v3_count(api, "/contact_lists", "lists", "name", "Fresh").await,
        Op::ListUpdate => v3_count(api, "/contact_lists", "lists", "name", "Renamed").await,
        Op::ListDelete => {
            usize::from(v3_status(api, &format!("/contact_lists/{list}")).await == 404)
        }
        Op::TagCreate => v3_count(api, "/contact_tags", "tags", "name", "Fresh").await,
        Op::TagUpdate => v3_count(api, "/contact_tags", "tags", "name", "Renamed").await,
        Op::TagDelete => {
            let id = tag.unwrap();
            usize::from(v3_status(api, &format!("/contact_tags/{id}")).await == 404)
        }
        Op::FieldCreate => {
            v3_count(
                api,
                "/contact_custom_fields",
                "custom_fields",
                "label",
                "Fresh",
            )
            .await
        }
        Op::SegmentCreate => v3_count(api, "/segments", "segments", "name", "Fresh").await,
        Op::Tagging => {
            let id = tag.unwrap();
            let c = v3_get(api, &format!("/contacts/{contact}?include=taggings")).await;
            c["taggings"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter(|t| *t == id.as_str())
                .count()
        }
        Op::Import => v3_contacts_with(api, "imp@example.com").await.len(),
        _ => unreachable!("{op:?} is a read, checked by its answer"),
    }
}

/// What the state says about a reported outcome: true, or why not.
fn check_truth(reported: Reported, count: usize) -> Result<(), String> {
    match reported {
        Reported::Done if count == 1 => Ok(()),
        Reported::Failed if count == 0 => Ok(()),
        Reported::Unknown if count <= 1 => Ok(()),
        _ => Err(format!("reported {} but the state shows {count}", reported)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_v3_tag_under_every_fault_reports_the_truth() {
    let mut cells = Vec::new();
    for op in OPS {
        for fault in FAULTS {
            if op.expected(fault).is_none() {
                continue;
            }
            cells.push((
                op,
                fault,
                tokio::spawn(async move { cell(op, fault).await }),
            ));
        }
    }
    let mut failures = Vec::new();
    let mut results = std::collections::BTreeMap::new();
    for (op, fault, handle) in cells {
        let c = handle.await.unwrap();
        if let Some(want) = op.attempts(fault)
            && c.attempts != want
        {
            failures.push(format!(
                "{} × {}: {} attempt(s) of the request, expected {want} ({})",
                op.name(),
                fault.name(),
                c.attempts,
                c.message
            ));
        }
        if c.attempts == 0 {
            failures.push(format!("{} × {}: no attempt", op.name(), fault.name()));
        }
        if let Err(why) = check_truth(c.got, c.count) {
            failures.push(format!(
                "{} × {}: {why} ({})",
                op.name(),
                fault.name(),
                c.message
            ));
        }
        let want = op.expected(fault).unwrap();
        if c.got != want {
            failures.push(format!(
                "{} × {}: expected {}, got {} ({})",
                op.name(),
                fault.name(),
                want,
                c.got,
                c.message
            ));
        }
        results.insert((op as usize, fault as usize), c.got);
    }
    let mut table = String::from("| tag | operation |");
    for f in FAULTS {
        table.push_str(&format!(" {} |", f.name()));
    }
    table.push_str(&format!("\n|---|---|{}\n", "---|".repeat(FAULTS.len())));
    for op in OPS {
        table.push_str(&format!("| {} | {} |", op.tag(), op.name()));
        for f in FAULTS {
            let text = results
                .get(&(op as usize, f as usize))
                .map_or_else(|| "—".to_owned(), ToString::to_string);
            table.push_str(&format!(" {text} |"));
        }
        table.push('\n');
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
