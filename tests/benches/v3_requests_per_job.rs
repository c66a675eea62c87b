//! Requests per V3 job: every V3 workflow of the client run against the in-process sandbox
//! seeded with N contacts, its requests counted twice (the workflow's own report, and a
//! counting transport under the client that sees every attempt on the wire), set against the
//! fewest requests the job can take. A count above that minimum panics, so the bench is also
//! a check.
//!
//! Activities finish at the first poll (`activity_duration` zero), so each activity is polled
//! once here; against the real service the polls grow with the activity's duration divided by
//! the poll interval, and are reported apart from the starts for that reason.
//!
//! ```text
//! cargo bench -p ctct-tests --bench v3_requests_per_job                      # N = 1,000 and 10,000
//! CTCT_BENCH_LARGE=1 cargo bench -p ctct-tests --bench v3_requests_per_job   # also 50,000
//! ```

#![allow(clippy::unwrap_used, missing_docs)] // a bench binary: a failure is a failed run

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ctct_client::Error;
use ctct_client::Secret;
use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::{HttpRequest, Method, SendFuture, StreamFuture, Transport};
use ctct_client::v3::oauth::StaticToken;
use ctct_client::v3::{BATCH, PollOptions, V3Client};
use ctct_models::v3::activities::ContactsExportInput;
use ctct_models::v3::common::{ContactId, ListId};
use ctct_models::v3::contact_lists::{CreateList, ListInput};
use ctct_models::v3::contact_tags::{CreateTag, TagPostInput};
use ctct_models::v3::contacts::{ContactCreateOrUpdateInput, GetContacts};
use ctct_models::v3::custom_fields::GetCustomFields;
use ctct_sandbox::{Config, Sandbox, V3Config};
use futures_util::TryStreamExt as _;

const TOKEN: &str = "bench-v3-token";
/// The largest `limit` of `GET /contacts`.
const CONTACT_PAGE: usize = 500;
/// The most rows one V3 CSV import takes.
const IMPORT_ROWS: usize = 39_999;

/// Every request the client put on the wire (each attempt), as method and path.
#[derive(Debug)]
struct Counting {
    inner: ReqwestTransport,
    log: Mutex<Vec<(Method, String)>>,
}

impl Counting {
    fn record(&self, request: &HttpRequest) {
        let url = request.url.split('?').next().unwrap_or_default();
        let path = url.find("/v3/").map_or(url, |at| &url[at + 3..]);
        self.log
            .lock()
            .unwrap()
            .push((request.method, path.to_owned()));
    }

    fn take(&self) -> Wire {
        let log = std::mem::take(&mut *self.log.lock().unwrap());
        let mut wire = Wire::default();
        for (method, path) in log {
            wire.total += 1;
            if method == Method::Get && path.starts_with("/activities/") {
                wire.polls += 1;
            } else if method == Method::Post && path.starts_with("/activities/") {
                wire.starts += 1;
            } else if path.starts_with("/contact_exports/") {
                wire.downloads += 1;
            }
        }
        wire
    }
}

impl Transport for Counting {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        self.record(&request);
        self.inner.send(request)
    }

    fn send_streaming(&self, request: HttpRequest) -> StreamFuture<'_> {
        self.record(&request);
        self.inner.send_streaming(request)
    }
}

/// Requests seen on the wire during one job.
#[derive(Debug, Default, Clone, Copy)]
struct Wire {
    total: u64,
    starts: u64,
    polls: u64,
    downloads: u64,
}

/// One row of the table.
struct Row {
    job: String,
    n: usize,
    reported: Option<u64>,
    wire: Wire,
    minimum: u64,
    formula: String,
}

fn ceil(n: usize, by: usize) -> u64 {
    n.div_ceil(by) as u64
}

fn poll() -> PollOptions {
    PollOptions::new(Duration::from_millis(5), Duration::from_secs(120))
}

struct Bench {
    sandbox: Sandbox,
    client: V3Client,
    wire: Arc<Counting>,
    rows: Vec<Row>,
}

impl Bench {
    async fn start(seed: usize) -> Self {
        let sandbox = Sandbox::start(Config {
            access_token: Some(TOKEN.into()),
            v3: V3Config {
                activity_duration: Duration::ZERO,
                seed_contacts: seed,
                ..V3Config::default()
            },
            ..Config::default()
        })
        .await
        .unwrap();
        let wire = Arc::new(Counting {
            inner: ReqwestTransport::new(Duration::from_secs(5)).unwrap(),
            log: Mutex::new(Vec::new()),
        });
        let client = V3Client::builder(Arc::new(StaticToken(Secret::new(TOKEN))))
            .base_url(sandbox.v3_url())
            .transport(wire.clone())
            .rate_limit(None)
            .build()
            .unwrap();
        Self {
            sandbox,
            client,
            wire,
            rows: Vec::new(),
        }
    }

    /// Records a job: the wire count must equal the workflow's report (when it has one) and
    /// stay within the minimum.
    fn row(&mut self, job: &str, n: usize, reported: Option<u64>, minimum: u64, formula: &str) {
        let wire = self.wire.take();
        if let Some(r) = reported {
            assert_eq!(
                r, wire.total,
                "{job} (N = {n}): the workflow reported {r} requests, the wire saw {}",
                wire.total
            );
        }
        assert!(
            wire.total <= minimum,
            "{job} (N = {n}): {} requests on the wire, more than the minimum {minimum} ({formula})",
            wire.total
        );
        self.rows.push(Row {
            job: job.to_owned(),
            n,
            reported,
            wire,
            minimum,
            formula: formula.to_owned(),
        });
    }

    async fn all_ids(&self) -> Vec<ContactId> {
        let contacts: Vec<_> = self
            .client
            .items(GetContacts::new().limit(CONTACT_PAGE as i64))
            .try_collect()
            .await
            .unwrap();
        contacts
            .into_iter()
            .map(|c| c.contact_id.unwrap())
            .collect()
    }

    async fn list(&self, name: &str) -> ListId {
        let list = self
            .client
            .send(CreateList::new(ListInput::new(name.into())))
            .await
            .unwrap();
        self.wire.take();
        list.list_id.unwrap()
    }
}

fn csv(rows: usize, prefix: &str) -> String {
    let mut s = String::from("email,first_name\n");
    for i in 0..rows {
        writeln!(s, "{prefix}{i:06}@example.org,Row{i}").unwrap();
    }
    s
}

/// The jobs on a sandbox holding `total` contacts: its few fixed ones (`fixed`) and generated
/// ones for the rest.
async fn jobs(total: usize, fixed: usize, rows: &mut Vec<Row>) {
    let mut b = Bench::start(total - fixed).await;

    // Listing every contact with the cursor stream at the largest page.
    let ids = b.all_ids().await;
    let n = ids.len();
    assert_eq!(n, total);
    let pages = ceil(n, CONTACT_PAGE);
    b.row(
        "list all contacts (`items`, limit 500)",
        n,
        None,
        pages,
        "⌈N/500⌉ pages",
    );

    let counts = b.client.contact_counts(false).await.unwrap();
    b.row(
        "`contact_counts`",
        n,
        Some(u64::from(counts.requests)),
        1,
        "1",
    );

    let list = b.list("Bench").await;
    let up = b
        .client
        .upsert_by_email(ContactCreateOrUpdateInput {
            email_address: Some("bench.upsert@example.org".into()),
            ..ContactCreateOrUpdateInput::new(vec![list.clone()])
        })
        .await
        .unwrap();
    b.row("`upsert_by_email`", n, Some(u64::from(up.requests)), 1, "1");

    // Get-or-create a custom field: created (every page searched, then one create), then
    // found (pages up to the one that holds it).
    let fields = b
        .client
        .send(GetCustomFields::new().limit(100))
        .await
        .unwrap()
        .custom_fields
        .map_or(0, |f| f.len());
    b.wire.take();
    let field_pages = ceil(fields.max(1), 100);
    let (_, created) = b
        .client
        .custom_field_by_label("Bench Field", "string")
        .await
        .unwrap();
    b.row(
        "`custom_field_by_label` (created)",
        n,
        Some(created),
        field_pages + 1,
        "⌈F/100⌉ pages (at least 1) + 1 create",
    );
    let (_, found) = b
        .client
        .custom_field_by_label("bench field", "string")
        .await
        .unwrap();
    b.row(
        "`custom_field_by_label` (found)",
        n,
        Some(found),
        ceil(fields + 1, 100),
        "⌈(F+1)/100⌉ pages",
    );

    let tag = b
        .client
        .send(CreateTag::new(TagPostInput::new("Bench".into())))
        .await
        .unwrap()
        .tag_id
        .unwrap();
    b.wire.take();
    let activities = ceil(n, BATCH);
    let report = b
        .client
        .tag_contacts(&ids, std::slice::from_ref(&tag), poll())
        .await
        .unwrap();
    assert!(report.errors().is_empty(), "{:?}", report.errors());
    assert_eq!(report.activities.len() as u64, activities);
    b.row(
        "`tag_contacts` (one tag)",
        n,
        Some(report.requests),
        2 * activities,
        "⌈N/500⌉ starts + ⌈N/500⌉ polls",
    );
    let report = b
        .client
        .untag_contacts(&ids, std::slice::from_ref(&tag), poll())
        .await
        .unwrap();
    assert!(report.errors().is_empty(), "{:?}", report.errors());
    b.row(
        "`untag_contacts` (one tag)",
        n,
        Some(report.requests),
        2 * activities,
        "⌈N/500⌉ starts + ⌈N/500⌉ polls",
    );

    let dir = std::env::temp_dir().join(format!("ctct-bench-v3-{}-{total}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("export.csv");
    let export = b
        .client
        .export_to_file(ContactsExportInput::new(), &file, poll(), |_| {}, |_| {})
        .await
        .unwrap();
    assert!(export.bytes > 0);
    b.row(
        "`export_to_file` (all contacts)",
        n,
        Some(export.requests),
        3,
        "1 start + 1 poll + 1 download",
    );
    std::fs::remove_dir_all(&dir).ok();

    let report = b.client.delete_contacts(&ids, poll()).await.unwrap();
    assert!(report.errors().is_empty(), "{:?}", report.errors());
    b.row(
        "`delete_contacts`",
        n,
        Some(report.requests),
        2 * activities,
        "⌈N/500⌉ starts + ⌈N/500⌉ polls",
    );

    // Import N rows: one activity (N ≤ 39,999), then its wait.
    let import_list = b.list("Imported").await;
    let mut imports = vec![n];
    if total == 10_000 {
        imports.push(50_000);
    }
    for (k, total) in imports.into_iter().enumerate() {
        let text = csv(total, &format!("imp{k}-"));
        let mut reported = 0;
        if total > IMPORT_ROWS {
            // One import takes at most 39,999 rows: more is refused before sending.
            let err = b
                .client
                .import_csv(&text, std::slice::from_ref(&import_list), None)
                .await
                .unwrap_err();
            assert!(matches!(err, Error::Invalid(_)), "{err}");
            assert_eq!(b.wire.take().total, 0, "a refused import sent a request");
        }
        // The client splits the file into as few imports as the limits allow.
        let parts = b
            .client
            .import_csv_in_parts(&text, std::slice::from_ref(&import_list), None)
            .await
            .unwrap();
        for started in &parts {
            let id = started.activity_id.clone().unwrap();
            let (done, polls) = b.client.wait(&id, poll(), |_| {}).await.unwrap();
            assert!(done.activity_errors.as_ref().is_none_or(Vec::is_empty));
            reported += 1 + polls;
        }
        let min = ceil(total, IMPORT_ROWS);
        let (job, formula) = if parts.len() > 1 {
            (
                "`import_csv_in_parts` + `wait` (split at 39,999 rows)",
                "⌈N/39,999⌉ starts + as many polls",
            )
        } else {
            ("`import_csv` + `wait`", "1 start + 1 poll")
        };
        b.row(job, total, Some(reported), 2 * min, formula);
    }

    rows.append(&mut b.rows);
    b.sandbox.shutdown().await;
}

fn print(rows: &[Row]) {
    println!(
        "| Job | N | Requests (wire) | Workflow's count | Starts | Polls | Downloads | Minimum | Ratio |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} ({}) | {:.2} |",
            r.job,
            r.n,
            r.wire.total,
            r.reported.map_or("–".to_owned(), |x| x.to_string()),
            r.wire.starts,
            r.wire.polls,
            r.wire.downloads,
            r.minimum,
            r.formula,
            r.wire.total as f64 / r.minimum as f64,
        );
    }
}

fn main() {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("CTCT_BENCH_LARGE").is_some() {
        sizes.push(50_000);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // The sandbox's fixed contacts, so that N counts them and is exactly the size asked for.
    let fixed = rt.block_on(async {
        let b = Bench::start(0).await;
        let n = b.all_ids().await.len();
        b.sandbox.shutdown().await;
        n
    });
    let mut rows = Vec::new();
    for total in sizes {
        rt.block_on(jobs(total, fixed, &mut rows));
    }
    print(&rows);
}
