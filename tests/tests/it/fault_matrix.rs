//! Every write workflow of the client under every kind of fault, against the sandbox.
//!
//! Each cell is one workflow run on a fresh sandbox whose write request (method and path) is
//! hit by one fault on its first attempt only: 503, 429, a dropped connection, a truncated
//! answer, a lost answer (applied, then the connection closed), and latency past the client's
//! timeout. Afterwards the state is read over raw HTTP and compared with what the workflow
//! reported: done means the change is there exactly once, failed means nothing changed, and
//! an unknown outcome may be either but never a duplicate. The expected outcome of each cell
//! is asserted too, so the table in `tests/README.md` is what this test checks.

#![allow(clippy::unwrap_used)] // a test: a failed unwrap is a failed test

use crate::support;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ctct_client::v3::V3Client;
use ctct_client::workflows::export::ExportOptions;
use ctct_client::workflows::import::ImportOptions;
use ctct_client::{Auth, Client, Error, RetryPolicy};
use ctct_models::DateTime;
use ctct_models::ids::{ContactId, EmailAddressId, ListId};
use ctct_models::v1::activities::{Activity, ActivityType};
use ctct_models::v1::campaigns::{
    Campaign, CampaignEmail, EmailAddressRef, EmailContentFormat, Schedule, YesNo,
};
use ctct_models::v1::contacts::{Contact, ContactLists, ContactMembership, ContactStatus};
use ctct_models::v1::lists::ContactList;
use ctct_models::v3::{contact_lists, contacts as v3_contacts};
use ctct_sandbox::{Config, FaultSpec};
use support::sandbox::*;

/// The client's per-attempt timeout; the latency fault is well past it. Generous for a
/// loaded machine running every cell at once: an attempt that times out by accident would
/// change a cell's outcome (truthfully, but not as the table says).
const TIMEOUT: Duration = Duration::from_millis(1500);
const LATENCY: &str = "4s";
/// How long after a latency cell the state is read: past the latency, so a request the
/// server handled late would show.
const AFTER_LATENCY: Duration = Duration::from_millis(4300);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    S503,
    S429,
    Drop,
    Truncate,
    Lose,
    Latency,
}

const FAULTS: [Fault; 6] = [
    Fault::S503,
    Fault::S429,
    Fault::Drop,
    Fault::Truncate,
    Fault::Lose,
    Fault::Latency,
];

impl Fault {
    fn rule(self, method: &str, path: &str) -> String {
        let effect = match self {
            Fault::S503 => "status=503,retry-after=0".to_owned(),
            Fault::S429 => "status=429,retry-after=0".to_owned(),
            Fault::Drop => "drop".to_owned(),
            Fault::Truncate => "truncate".to_owned(),
            Fault::Lose => "lose".to_owned(),
            Fault::Latency => format!("latency={LATENCY}"),
        };
        format!("{effect},method={method},path={path},times=1")
    }
}

/// What the workflow said (also read by the V3 matrix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reported {
    Done,
    Failed,
    Unknown,
}

impl fmt::Display for Reported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reported::Done => "done",
            Reported::Failed => "failed, nothing changed",
            Reported::Unknown => "outcome unknown",
        })
    }
}

pub(crate) fn reported<T>(result: &Result<T, Error>) -> Reported {
    match result {
        Ok(_) => Reported::Done,
        Err(e) if e.is_outcome_unknown() => Reported::Unknown,
        Err(_) => Reported::Failed,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Workflow {
    ContactCreate,
    ContactUpdate,
    ContactRemove,
    ContactOptOut,
    ListCreate,
    ListUpdate,
    ListDelete,
    Import,
    Export,
    CampaignCreate,
    CampaignSchedule,
    CampaignUnschedule,
    V3ContactCreate,
    V3ContactUpdate,
    V3Import,
}

const WORKFLOWS: [Workflow; 15] = [
    Workflow::ContactCreate,
    Workflow::ContactUpdate,
    Workflow::ContactRemove,
    Workflow::ContactOptOut,
    Workflow::ListCreate,
    Workflow::ListUpdate,
    Workflow::ListDelete,
    Workflow::Import,
    Workflow::Export,
    Workflow::CampaignCreate,
    Workflow::CampaignSchedule,
    Workflow::CampaignUnschedule,
    Workflow::V3ContactCreate,
    Workflow::V3ContactUpdate,
    Workflow::V3Import,
];

impl Workflow {
    /// The write request the fault hits.
    fn write(self) -> (&'static str, &'static str) {
        match self {
            Workflow::ContactCreate => ("POST", "/contacts"),
            Workflow::ContactUpdate | Workflow::ContactRemove => ("PUT", "/contacts/*"),
            Workflow::ContactOptOut => ("DELETE", "/contacts/*"),
            Workflow::ListCreate => ("POST", "/lists"),
            Workflow::ListUpdate => ("PUT", "/lists/*"),
            Workflow::ListDelete => ("DELETE", "/lists/*"),
            Workflow::Import | Workflow::Export => ("POST", "/activities"),
            Workflow::CampaignCreate => ("POST", "/campaigns"),
            Workflow::CampaignSchedule => ("POST", "/campaigns/*/schedules"),
            Workflow::CampaignUnschedule => ("DELETE", "/campaigns/*/schedules/1"),
            Workflow::V3ContactCreate => ("POST", "/v3/contacts"),
            Workflow::V3ContactUpdate => ("PUT", "/v3/contacts/*"),
            Workflow::V3Import => ("POST", "/v3/activities/contacts_file_import"),
        }
    }

    /// V1 creates look for what they made after a lost answer; the V3 ones cannot yet.
    fn recovers(self) -> bool {
        !matches!(self, Workflow::V3ContactCreate | Workflow::V3Import)
    }

    fn expected(self, fault: Fault) -> Reported {
        let (method, _) = self.write();
        if method != "POST" {
            // Idempotent: retried after every fault, and a retried DELETE's 404 is done.
            return Reported::Done;
        }
        match fault {
            Fault::S503 | Fault::S429 => Reported::Done,
            // Nothing was applied: the check finds nothing.
            Fault::Drop | Fault::Latency if self.recovers() => Reported::Failed,
            // Applied: the check finds it.
            Fault::Truncate | Fault::Lose if self.recovers() => Reported::Done,
            _ => Reported::Unknown,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Workflow::ContactCreate => "contacts create (upsert, new)",
            Workflow::ContactUpdate => "contacts update (upsert, existing)",
            Workflow::ContactRemove => "contacts remove",
            Workflow::ContactOptOut => "contacts opt-out",
            Workflow::ListCreate => "lists create",
            Workflow::ListUpdate => "lists update (rename)",
            Workflow::ListDelete => "lists delete",
            Workflow::Import => "import",
            Workflow::Export => "export",
            Workflow::CampaignCreate => "campaigns create",
            Workflow::CampaignSchedule => "campaigns schedule",
            Workflow::CampaignUnschedule => "campaigns unschedule",
            Workflow::V3ContactCreate => "v3 contact create",
            Workflow::V3ContactUpdate => "v3 contact update",
            Workflow::V3Import => "v3 import",
        }
    }
}

/// Sends through reqwest and counts the attempts of one method and path prefix: proof that a
/// fault hit an idempotent write (it was retried).
#[derive(Debug, Clone)]
pub(crate) struct Counting {
    inner: Arc<ctct_client::reqwest_transport::ReqwestTransport>,
    method: &'static str,
    prefix: String,
    hits: Arc<std::sync::atomic::AtomicUsize>,
}

impl Counting {
    pub(crate) fn new(method: &'static str, path: &str) -> Self {
        Self {
            inner: Arc::new(
                ctct_client::reqwest_transport::ReqwestTransport::new(Duration::from_secs(2))
                    .unwrap(),
            ),
            method,
            prefix: path.split('*').next().unwrap_or_default().to_owned(),
            hits: Arc::default(),
        }
    }

    pub(crate) fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Starts counting afresh (when the fault is armed).
    pub(crate) fn reset(&self) {
        self.hits.store(0, std::sync::atomic::Ordering::SeqCst);
    }
}

impl ctct_client::Transport for Counting {
    fn send(&self, request: ctct_client::HttpRequest) -> ctct_client::transport::SendFuture<'_> {
        let path = request.url.split('?').next().unwrap_or_default();
        let relative = path
            .split_once(&format!("/ws/customers/{USER}"))
            .map_or_else(|| path.split_once("://").map_or("", |(_, r)| r), |(_, r)| r);
        let relative = if relative.starts_with("/v3") {
            relative
        } else {
            relative.find("/v3/").map_or(relative, |i| &relative[i..])
        };
        if request.method.as_str() == self.method && relative.starts_with(&self.prefix) {
            self.hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.inner.send(request)
    }
}

fn client_for(api: &Api, counting: &Counting) -> Client {
    Client::builder()
        .transport(Arc::new(counting.clone()))
        .base_url(api.sandbox.base_url())
        .username(USER)
        .auth(Auth::basic(KEY, PASS))
        .retry(fast_retries())
        .request_timeout(TIMEOUT)
        .build()
        .unwrap()
}

pub(crate) fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(Duration::from_millis(5), Duration::from_millis(20))
        .with_max_retry_after(Duration::from_secs(1))
}

fn v3_client_for(
    api: &Api,
    session: Arc<ctct_client::v3::oauth::OAuthSession>,
    counting: &Counting,
) -> V3Client {
    V3Client::builder(session)
        .transport(Arc::new(counting.clone()))
        .base_url(api.sandbox.v3_url())
        .rate_limit(None)
        .retry(fast_retries())
        .request_timeout(TIMEOUT)
        .build()
        .unwrap()
}

fn campaign(name: &str) -> Campaign {
    let from = CampaignEmail {
        email: Some(EmailAddressRef {
            id: Some(EmailAddressId::new(USER, "1").uri()),
            links: Vec::new(),
        }),
        email_address: Some(format!("{USER}@example.com")),
    };
    Campaign {
        name: Some(name.into()),
        subject: Some("Tulips are in".into()),
        from_name: Some("Joe's Flowers".into()),
        view_as_webpage: Some(YesNo::No),
        permission_reminder: Some(YesNo::No),
        greeting_string: Some("Greetings!".into()),
        organization_name: Some("Joe's Flowers".into()),
        organization_address1: Some("123 Main St".into()),
        organization_city: Some("Boston".into()),
        organization_state: Some("MA".into()),
        organization_country: Some("us".into()),
        organization_postal_code: Some("02101".into()),
        include_forward_email: Some(YesNo::No),
        include_subscribe_link: Some(YesNo::No),
        email_content_format: Some(EmailContentFormat::Html),
        email_content: Some("<html><body>Tulips</body></html>".into()),
        email_text_content: Some("<Text>Tulips</Text>".into()),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new(USER, "1").uri()),
                ..ContactMembership::default()
            }],
        }),
        from_email: Some(from.clone()),
        reply_to_email: Some(from),
        ..Campaign::default()
    }
}

fn in_an_hour() -> DateTime {
    DateTime::new(DateTime::now_utc().inner() + Duration::from_secs(3600)).to_utc()
}

/// How many times the change is in the sandbox (read over raw HTTP): 0 or 1, more for a
/// duplicate.
struct Probe {
    count: usize,
}

async fn count_v1_activities(api: &Api, kind: ActivityType) -> usize {
    api.all::<Activity>("/activities")
        .await
        .iter()
        .filter(|e| e.content.type_.as_ref() == Some(&kind))
        .count()
}

async fn schedules(api: &Api, campaign: &str) -> usize {
    api.all::<Schedule>(&format!("/campaigns/{campaign}/schedules"))
        .await
        .len()
}

pub(crate) async fn v3_get(api: &Api, path: &str) -> serde_json::Value {
    let r = api
        .http
        .get(format!("{}{path}", api.sandbox.v3_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "GET /v3{path}");
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

pub(crate) async fn v3_contacts_with(api: &Api, email: &str) -> Vec<serde_json::Value> {
    let all = v3_get(api, "/contacts?limit=500").await;
    all["contacts"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c["email_address"]["address"] == email)
        .collect()
}

async fn v3_activity_count(api: &Api) -> usize {
    v3_get(api, "/activities")
        .await
        .get("activities")
        .and_then(|a| a.as_array())
        .map_or(0, Vec::len)
}

/// Runs one cell: sets up, injects the fault, runs the workflow, reads the state back.
async fn cell(workflow: Workflow, fault: Fault) -> (Reported, Probe, String, usize) {
    let api = start_with(Config {
        seed_contacts: 5,
        seed_lists: 2,
        activity_step: Duration::from_millis(5),
        v3: support::v3_client::instant(),
        ..config()
    })
    .await;
    let (method, path) = workflow.write();
    let counting = Counting::new(method, path);
    let client = client_for(&api, &counting);
    let arm = |api: &Api| {
        let spec: FaultSpec = fault.rule(method, path).parse().unwrap();
        api.sandbox.set_faults(spec);
        counting.reset();
    };
    let contact2 = ContactId::new(USER, "2");
    let list1 = ListId::new(USER, "1");
    let (result, message): (Reported, String) = match workflow {
        Workflow::ContactCreate => {
            arm(&api);
            let r = client
                .upsert_contact(&new_contact("new@example.com", &["1"]))
                .await;
            (reported(&r), describe(&r))
        }
        Workflow::ContactUpdate => {
            let mut c = new_contact("contact00002@example.com", &["1"]);
            c.first_name = Some("Changed".into());
            arm(&api);
            let r = client.upsert_contact(&c).await;
            (reported(&r), describe(&r))
        }
        Workflow::ContactRemove => {
            arm(&api);
            let r = client.remove_contact(&contact2).await;
            (reported(&r), describe(&r))
        }
        Workflow::ContactOptOut => {
            arm(&api);
            let r = client.opt_out_contact(&contact2).await;
            (reported(&r), describe(&r))
        }
        Workflow::ListCreate => {
            arm(&api);
            let r = client.create_list("Fresh").await;
            (reported(&r), describe(&r))
        }
        Workflow::ListUpdate => {
            arm(&api);
            let r = client.rename_list(&list1, "Renamed").await;
            (reported(&r), describe(&r))
        }
        Workflow::ListDelete => {
            arm(&api);
            let r = client.delete_list(&list1).await;
            (reported(&r), describe(&r))
        }
        Workflow::Import => {
            let people: Vec<Contact> = (0..3)
                .map(|i| new_contact(&format!("imp{i}@example.com"), &[]))
                .collect();
            arm(&api);
            let r = client
                .import_contacts(people, &ImportOptions::new([list1.clone()]))
                .await
                .map_err(Error::from);
            (reported(&r), describe(&r))
        }
        Workflow::Export => {
            arm(&api);
            let r = client.start_export(&list1, &ExportOptions::default()).await;
            (reported(&r), describe(&r))
        }
        Workflow::CampaignCreate => {
            arm(&api);
            let r = client.create_campaign(&campaign("Spring")).await;
            (reported(&r), describe(&r))
        }
        Workflow::CampaignSchedule | Workflow::CampaignUnschedule => {
            let id = client.create_campaign(&campaign("Spring")).await.unwrap();
            if workflow == Workflow::CampaignUnschedule {
                client.schedule_campaign(&id, in_an_hour()).await.unwrap();
            }
            arm(&api);
            let r = if workflow == Workflow::CampaignSchedule {
                client.schedule_campaign(&id, in_an_hour()).await.map(drop)
            } else {
                client.unschedule_campaign(&id).await.map(|had| {
                    assert!(had, "the campaign was scheduled");
                })
            };
            api.sandbox.clear_faults();
            let probe_id = id.tail().to_owned();
            let attempts = counting.hits();
            let (got, probe, message) = finish(fault, &api, reported(&r), describe(&r), |api| {
                Box::pin(async move { schedules(api, &probe_id).await })
            })
            .await;
            return (got, probe, message, attempts);
        }
        Workflow::V3ContactCreate | Workflow::V3ContactUpdate | Workflow::V3Import => {
            let v3 = v3_client_for(
                &api,
                support::v3_client::session(&api.sandbox).await,
                &counting,
            );
            let list = v3
                .send(contact_lists::CreateList::new(
                    contact_lists::ListInput::new("V3 list".into()),
                ))
                .await
                .unwrap()
                .list_id
                .unwrap();
            let post = |email: &str| v3_contacts::ContactPostRequest {
                email_address: Some(v3_contacts::EmailAddressPost::new(email.into())),
                first_name: Some("Vee".into()),
                create_source: Some(v3_contacts::Source::Account),
                list_memberships: vec![list.clone()],
                ..v3_contacts::ContactPostRequest::default()
            };
            let r = match workflow {
                Workflow::V3ContactCreate => {
                    arm(&api);
                    v3.send(v3_contacts::CreateContact::new(post("vee@example.com")))
                        .await
                        .map(drop)
                }
                Workflow::V3ContactUpdate => {
                    let made = v3
                        .send(v3_contacts::CreateContact::new(post("vee@example.com")))
                        .await
                        .unwrap();
                    let mut put = v3_contacts::ContactPutRequest::new(v3_contacts::Source::Account);
                    put.email_address =
                        Some(v3_contacts::EmailAddressPut::new("vee@example.com".into()));
                    put.first_name = Some("Changed".into());
                    put.list_memberships = Some(vec![list.clone()]);
                    arm(&api);
                    v3.send(v3_contacts::PutContact::new(made.contact_id.unwrap(), put))
                        .await
                        .map(drop)
                }
                _ => {
                    arm(&api);
                    v3.import_csv(
                        "email,first_name\nimp@example.com,Imp\n",
                        std::slice::from_ref(&list),
                        None,
                    )
                    .await
                    .map(drop)
                }
            };
            (reported(&r), describe(&r))
        }
    };
    api.sandbox.clear_faults();
    let attempts = counting.hits();
    let (got, probe, message) = finish(fault, &api, result, message, move |api| {
        Box::pin(async move { probe(workflow, api).await })
    })
    .await;
    (got, probe, message, attempts)
}

async fn finish<F>(
    fault: Fault,
    api: &Api,
    result: Reported,
    message: String,
    probe: F,
) -> (Reported, Probe, String)
where
    F: for<'a> FnOnce(
        &'a Api,
    )
        -> std::pin::Pin<Box<dyn std::future::Future<Output = usize> + Send + 'a>>,
{
    if fault == Fault::Latency {
        // A request the server went on handling would change the state meanwhile.
        tokio::time::sleep(AFTER_LATENCY).await;
    }
    api.sandbox.settle().await;
    let count = probe(api).await;
    (result, Probe { count }, message)
}

/// The state of the change a workflow makes, over raw HTTP.
async fn probe(workflow: Workflow, api: &Api) -> usize {
    match workflow {
        Workflow::ContactCreate => api
            .get("/contacts?email=new%40example.com")
            .await
            .feed::<Contact>()
            .entries
            .len(),
        Workflow::ContactUpdate => {
            usize::from(api.contact("2").await.first_name.as_deref() == Some("Changed"))
        }
        Workflow::ContactRemove => {
            let c = api.contact("2").await;
            usize::from(c.contact_lists.is_none_or(|l| l.lists.is_empty()))
        }
        Workflow::ContactOptOut => {
            usize::from(api.contact("2").await.status == Some(ContactStatus::DoNotMail))
        }
        Workflow::ListCreate => api
            .all::<ContactList>("/lists")
            .await
            .iter()
            .filter(|e| e.content.name.as_deref() == Some("Fresh"))
            .count(),
        Workflow::ListUpdate => {
            let l = api.get("/lists/1").await.entry::<ContactList>().content;
            usize::from(l.name.as_deref() == Some("Renamed"))
        }
        Workflow::ListDelete => usize::from(api.get("/lists/1").await.status == 404),
        Workflow::Import => count_v1_activities(api, ActivityType::SvAdd).await,
        Workflow::Export => count_v1_activities(api, ActivityType::ExportContacts).await,
        Workflow::CampaignCreate => api
            .all::<Campaign>("/campaigns")
            .await
            .iter()
            .filter(|e| e.content.name.as_deref() == Some("Spring"))
            .count(),
        Workflow::CampaignSchedule | Workflow::CampaignUnschedule => {
            unreachable!("probed with the campaign id")
        }
        Workflow::V3ContactCreate => v3_contacts_with(api, "vee@example.com").await.len(),
        Workflow::V3ContactUpdate => {
            let found = v3_contacts_with(api, "vee@example.com").await;
            usize::from(found.iter().any(|c| c["first_name"] == "Changed"))
        }
        Workflow::V3Import => v3_activity_count(api).await,
    }
}

fn describe<T>(r: &Result<T, Error>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

/// What the state says about a reported outcome: true, or why not.
fn check_truth(workflow: Workflow, reported: Reported, count: usize) -> Result<(), String> {
    // Unscheduling removes the schedule: done is 0 schedules left, nothing changed is 1.
    let (done, unchanged) = if workflow == Workflow::CampaignUnschedule {
        (0, 1)
    } else {
        (1, 0)
    };
    match reported {
        Reported::Done if count == done => Ok(()),
        Reported::Failed if count == unchanged => Ok(()),
        Reported::Unknown if count <= 1 => Ok(()),
        _ => Err(format!("reported {reported} but the state shows {count}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_write_workflow_under_every_fault_reports_the_truth() {
    let mut cells = Vec::new();
    for workflow in WORKFLOWS {
        for fault in FAULTS {
            cells.push(tokio::spawn(async move {
                let (got, probe, message, attempts) = cell(workflow, fault).await;
                (workflow, fault, got, probe.count, message, attempts)
            }));
        }
    }
    let mut failures = Vec::new();
    let mut table = String::from("| workflow | 503 | 429 | drop | truncate | lose | latency |\n");
    table.push_str("|---|---|---|---|---|---|---|\n");
    let mut row = Vec::new();
    for handle in cells {
        let (workflow, fault, got, count, message, attempts) = handle.await.unwrap();
        // The fault hit the write: an idempotent one was sent again (a truncated empty
        // answer, such as a 204, is whole and needs no retry).
        let (method, _) = workflow.write();
        let retried = attempts >= 2;
        let must_retry = method != "POST" && fault != Fault::Truncate
            || method == "POST" && matches!(fault, Fault::S503 | Fault::S429);
        if attempts == 0 || (must_retry && !retried) || (method == "POST" && !must_retry && retried)
        {
            failures.push(format!(
                "{} × {fault:?}: {attempts} attempt(s) of the write",
                workflow.name()
            ));
        }
        if let Err(why) = check_truth(workflow, got, count) {
            failures.push(format!(
                "{} × {fault:?}: {why} ({message})",
                workflow.name()
            ));
        }
        let want = workflow.expected(fault);
        if got != want {
            failures.push(format!(
                "{} × {fault:?}: expected {want}, got {got} ({message})",
                workflow.name()
            ));
        }
        row.push(got.to_string());
        if fault == Fault::Latency {
            table.push_str(&format!("| {} | {} |\n", workflow.name(), row.join(" | ")));
            row.clear();
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
