//! The mixed read/write load driver, shared by the `mixed_load` example and the
//! `ctct-sandbox/tests/it/load.rs` test (which includes this file by path).
//!
//! Each client runs until the deadline, three requests in ten being writes: it creates
//! contacts of its own (`POST /contacts`) and renames the ones it created (`PUT`), and between
//! writes it pages `GET /contacts`, reads single contacts and list members. Every write the
//! server acknowledged (201 or 204) is remembered with the state it promised; afterwards
//! [`verify`] reads each one back and reports the ones that are missing or stale.

#![allow(dead_code)] // the example and the test use different parts

use ctct_models::endpoint::Endpoint as _;
use std::time::{Duration, Instant};

use ctct_models::atom::{Entry, Feed};
use ctct_models::ids::{ContactId, ListId};
use ctct_models::v1::contacts::{self, ActionSource, Contact, ContactLists, ContactMembership};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Concurrent clients.
    pub clients: usize,
    /// How long they run.
    pub duration: Duration,
    /// Writes per ten requests (0 for a read-only baseline).
    pub writes_in_ten: u64,
}

/// A write the server acknowledged, and the state it promised.
#[derive(Debug, Clone)]
pub struct Promise {
    pub email: String,
    pub id: String,
    pub first_name: String,
}

/// What one run did.
#[derive(Debug, Default)]
pub struct Report {
    pub reads: u64,
    pub writes: u64,
    /// Answers other than the expected ones, with what was asked.
    pub unexpected: Vec<String>,
    pub promises: Vec<Promise>,
    /// Every request's latency, sorted once the run is over.
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
}

impl Report {
    /// Requests per second.
    pub fn throughput(&self) -> f64 {
        (self.reads + self.writes) as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `p`-quantile latency (0.5 for the median); [`run`] leaves them sorted.
    pub fn quantile(&self, p: f64) -> Duration {
        let i = ((self.latencies.len().saturating_sub(1)) as f64 * p) as usize;
        self.latencies.get(i).copied().unwrap_or_default()
    }
}

/// Where the sandbox is and how to sign in.
#[derive(Debug, Clone)]
pub struct Target {
    /// `http://ADDR/ws/customers/{username}`.
    pub account_url: String,
    pub username: String,
    pub basic_user: String,
    pub password: String,
}

fn new_contact(target: &Target, email: &str, first: &str) -> Contact {
    Contact {
        email_address: Some(email.to_owned()),
        first_name: Some(first.to_owned()),
        opt_in_source: Some(ActionSource::ActionByCustomer),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new(&target.username, "1").uri()),
                ..ContactMembership::default()
            }],
        }),
        ..Contact::default()
    }
}

struct Client {
    http: reqwest::Client,
    target: Target,
    report: Report,
}

impl Client {
    async fn send(
        &mut self,
        method: reqwest::Method,
        rest: &str,
        body: Option<String>,
    ) -> Result<(u16, Option<String>, String), reqwest::Error> {
        let mut req = self
            .http
            .request(method, format!("{}{rest}", self.target.account_url))
            .basic_auth(&self.target.basic_user, Some(&self.target.password));
        if let Some(b) = body {
            req = req.header("Content-Type", "application/atom+xml").body(b);
        }
        let t = Instant::now();
        let r = req.send().await?;
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = r.text().await?;
        self.report.latencies.push(t.elapsed());
        Ok((status, location, text))
    }

    fn expect(&mut self, what: &str, got: u16, want: u16, body: &str) -> bool {
        if got == want {
            true
        } else {
            self.report.unexpected.push(format!(
                "{what}: {got} {}",
                body.chars().take(200).collect::<String>()
            ));
            false
        }
    }
}

/// One client's loop.
async fn client(
    n: usize,
    target: Target,
    opts: Options,
    deadline: Instant,
    seeded: u64,
) -> Result<Report, reqwest::Error> {
    let mut c = Client {
        http: http_client(),
        target: target.clone(),
        report: Report::default(),
    };
    let mut next_page: Option<String> = None;
    let mut i: u64 = 0;
    while Instant::now() < deadline {
        i += 1;
        let write = i % 10 < opts.writes_in_ten;
        if write {
            c.report.writes += 1;
            let rename = i % 20 < 10 && !c.report.promises.is_empty();
            if rename {
                let k = usize::try_from(i).unwrap_or(0) % c.report.promises.len();
                let p = c.report.promises[k].clone();
                let first = format!("C{n}W{i}");
                let mut body = new_contact(&target, &p.email, &first);
                body.last_name = Some("Load".to_owned());
                let cid = ContactId::new(&target.username, p.id.clone());
                let Some(text) = contacts::UpdateContact::new(&cid, body.clone())
                    .to_request()
                    .ok()
                    .and_then(|r| r.body)
                    .and_then(|b| b.as_text().map(str::to_owned))
                else {
                    continue;
                };
                let (status, _, resp) = c
                    .send(
                        reqwest::Method::PUT,
                        &format!("/contacts/{}", p.id),
                        Some(text),
                    )
                    .await?;
                if c.expect("PUT /contacts", status, 204, &resp) {
                    c.report.promises[k].first_name = first;
                }
            } else {
                let email = format!("load-{n}-{i}@example.com");
                let first = format!("C{n}N{i}");
                let Some(text) =
                    contacts::CreateContact::new((new_contact(&target, &email, &first)).clone())
                        .to_request()
                        .ok()
                        .and_then(|r| r.body)
                        .and_then(|b| b.as_text().map(str::to_owned))
                else {
                    continue;
                };
                let (status, location, resp) = c
                    .send(reqwest::Method::POST, "/contacts", Some(text))
                    .await?;
                if c.expect("POST /contacts", status, 201, &resp) {
                    let id = location
                        .as_deref()
                        .and_then(|l| l.rsplit('/').next())
                        .unwrap_or("")
                        .to_owned();
                    c.report.promises.push(Promise {
                        email,
                        id,
                        first_name: first,
                    });
                }
            }
        } else {
            c.report.reads += 1;
            let kind = i % 3;
            let (rest, want) = match kind {
                0 => (
                    next_page.take().unwrap_or_else(|| "/contacts".to_owned()),
                    200,
                ),
                1 => (
                    format!("/contacts/{}", 1 + (i * 7919 + n as u64) % seeded.max(1)),
                    200,
                ),
                _ => ("/lists/1/members".to_owned(), 200),
            };
            let (status, _, body) = c.send(reqwest::Method::GET, &rest, None).await?;
            if c.expect(&format!("GET {rest}"), status, want, &body) && kind == 0 {
                next_page = Feed::<Contact>::from_xml(&body)
                    .ok()
                    .and_then(|f| f.next_href().map(str::to_owned))
                    .and_then(|h| {
                        h.split_once(&format!("/ws/customers/{}", target.username))
                            .map(|(_, r)| r.to_owned())
                    });
            }
        }
    }
    Ok(c.report)
}

/// Runs `opts.clients` clients against `target` until `opts.duration` has passed.
pub async fn run(target: &Target, opts: &Options, seeded: u64) -> Result<Report, reqwest::Error> {
    let started = Instant::now();
    let deadline = started + opts.duration;
    let mut tasks = Vec::new();
    for n in 0..opts.clients {
        tasks.push(tokio::spawn(client(
            n,
            target.clone(),
            opts.clone(),
            deadline,
            seeded,
        )));
    }
    let mut all = Report::default();
    for t in tasks {
        let r = match t.await {
            Ok(r) => r?,
            Err(e) => {
                all.unexpected.push(format!("client task failed: {e}"));
                continue;
            }
        };
        all.reads += r.reads;
        all.writes += r.writes;
        all.unexpected.extend(r.unexpected);
        all.promises.extend(r.promises);
        all.latencies.extend(r.latencies);
    }
    all.elapsed = started.elapsed();
    all.latencies.sort_unstable();
    Ok(all)
}

/// Reads every promised contact back; returns the ones missing or not as promised.
pub async fn verify(target: &Target, promises: &[Promise]) -> Result<Vec<String>, reqwest::Error> {
    let http = http_client();
    let mut lost = Vec::new();
    for p in promises {
        let r = http
            .get(format!("{}/contacts/{}", target.account_url, p.id))
            .basic_auth(&target.basic_user, Some(&target.password))
            .send()
            .await?;
        let status = r.status().as_u16();
        let body = r.text().await?;
        let got = Entry::<Contact>::from_xml(&body).ok().map(|e| e.content);
        let ok = status == 200
            && got.as_ref().is_some_and(|c| {
                c.email_address.as_deref() == Some(p.email.as_str())
                    && c.first_name.as_deref() == Some(p.first_name.as_str())
                    && c.contact_lists.as_ref().is_some_and(|l| l.lists.len() == 1)
            });
        if !ok {
            lost.push(format!(
                "{} (id {}): expected first name {}, got {status} {:?}",
                p.email,
                p.id,
                p.first_name,
                got.map(|c| c.first_name)
            ));
        }
    }
    Ok(lost)
}

/// A plain reqwest client. Built in one workspace with ctct-client's rustls features, reqwest
/// needs a rustls crypto provider first: ring's is installed unless one already is.
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
