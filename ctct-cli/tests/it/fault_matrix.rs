//! Every write command of `ctct` under every kind of fault, against an in-process sandbox.
//!
//! Each cell runs the real binary once on a fresh sandbox whose write request is hit by one
//! fault on its first attempt (503, 429, drop, truncate, lose, latency past `--timeout`), then
//! reads the state back with a fault-free client and checks that the exit code told the
//! truth: 0 means the change is there exactly once, 1 means nothing changed, 8 (outcome
//! unknown) may be either but never a duplicate. The expected code of each cell is asserted.

#![allow(clippy::unwrap_used)] // a test: a failed unwrap is a failed test

use crate::support;

use std::sync::OnceLock;
use std::time::Duration;

use ctct_client::{Auth, Client};
use ctct_models::v1::activities::{Activity, ActivityType};
use ctct_models::v1::campaigns::{Campaign, Schedule};
use ctct_models::v1::contacts::{ContactStatus, SearchContactsByEmail};
use ctct_models::v1::lists::ContactList;
use ctct_sandbox::{Config, Sandbox};
use futures_util::TryStreamExt as _;

const TIMEOUT: &str = "1500ms";
const LATENCY: &str = "4s";
const AFTER_LATENCY: Duration = Duration::from_millis(4300);

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
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
}

const CMDS: [Cmd; 12] = [
    Cmd::ContactCreate,
    Cmd::ContactUpdate,
    Cmd::ContactRemove,
    Cmd::ContactOptOut,
    Cmd::ListCreate,
    Cmd::ListUpdate,
    Cmd::ListDelete,
    Cmd::Import,
    Cmd::Export,
    Cmd::CampaignCreate,
    Cmd::CampaignSchedule,
    Cmd::CampaignUnschedule,
];

impl Cmd {
    fn write(self) -> (&'static str, &'static str) {
        match self {
            Cmd::ContactCreate => ("POST", "/contacts"),
            Cmd::ContactUpdate | Cmd::ContactRemove => ("PUT", "/contacts/*"),
            Cmd::ContactOptOut => ("DELETE", "/contacts/*"),
            Cmd::ListCreate => ("POST", "/lists"),
            Cmd::ListUpdate => ("PUT", "/lists/*"),
            Cmd::ListDelete => ("DELETE", "/lists/*"),
            Cmd::Import | Cmd::Export => ("POST", "/activities"),
            Cmd::CampaignCreate => ("POST", "/campaigns"),
            Cmd::CampaignSchedule => ("POST", "/campaigns/*/schedules"),
            Cmd::CampaignUnschedule => ("DELETE", "/campaigns/*/schedules/1"),
        }
    }

    /// The exit code the command should end with.
    fn expected(self, fault: Fault) -> i32 {
        if self.write().0 != "POST" {
            return 0;
        }
        match fault {
            Fault::S503 | Fault::S429 | Fault::Truncate | Fault::Lose => 0,
            Fault::Drop | Fault::Latency => 1,
        }
    }
}

fn rule(fault: Fault, method: &str, path: &str) -> String {
    let effect = match fault {
        Fault::S503 => "status=503,retry-after=0".to_owned(),
        Fault::S429 => "status=429,retry-after=0".to_owned(),
        Fault::Drop => "drop".to_owned(),
        Fault::Truncate => "truncate".to_owned(),
        Fault::Lose => "lose".to_owned(),
        Fault::Latency => format!("latency={LATENCY}"),
    };
    format!("{effect},method={method},path={path},times=1")
}

fn client(sandbox: &Sandbox) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .username("joesflowers")
        .auth(Auth::basic("sandbox-key", support::PASSWORD))
        .build()
        .unwrap()
}

fn ctct(sandbox: &Sandbox) -> assert_cmd::Command {
    let mut cmd = support::bare();
    cmd.env("CTCT_BASE_URL", sandbox.base_url())
        .env("CTCT_USERNAME", "joesflowers")
        .env("CTCT_API_KEY", "sandbox-key")
        .env("CTCT_PASSWORD", support::PASSWORD)
        .arg("--timeout")
        .arg(TIMEOUT)
        // Off a terminal, destructive commands need --yes; the matrix is about faults.
        .arg("--yes")
        .arg("--output")
        .arg("json");
    cmd
}

fn in_an_hour() -> String {
    let at = time::OffsetDateTime::now_utc() + Duration::from_secs(3600);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Creates a campaign with the CLI (no fault yet) and returns its id.
fn create_campaign(sandbox: &Sandbox, dir: &std::path::Path) -> String {
    let html = dir.join("c.html");
    std::fs::write(&html, "<html><body>Tulips</body></html>").unwrap();
    let out = ctct(sandbox)
        .args([
            "campaigns",
            "create",
            "--name",
            "Spring",
            "--subject",
            "Tulips",
        ])
        .args(["--from", "joesflowers@example.com", "--list", "1", "--html"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["id"].as_str().unwrap().to_owned()
}

/// Runs one cell; returns the exit code, the state count and stderr.
fn cell(cmd: Cmd, fault: Fault) -> (i32, usize, String) {
    let sandbox = runtime()
        .block_on(Sandbox::start(Config {
            seed_contacts: 5,
            seed_lists: 2,
            activity_step: Duration::from_millis(5),
            ..Config::default()
        }))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut campaign = String::new();
    if matches!(cmd, Cmd::CampaignSchedule | Cmd::CampaignUnschedule) {
        campaign = create_campaign(&sandbox, dir.path());
        if cmd == Cmd::CampaignUnschedule {
            ctct(&sandbox)
                .args(["campaigns", "schedule", &campaign, "--at", &in_an_hour()])
                .assert()
                .success();
        }
    }
    let (method, path) = cmd.write();
    sandbox.set_faults(rule(fault, method, path).parse().unwrap());
    let mut run = ctct(&sandbox);
    match cmd {
        Cmd::ContactCreate => run.args(["contacts", "create", "--email", "new@example.com"]),
        Cmd::ContactUpdate => run.args(["contacts", "update", "2", "--first-name", "Changed"]),
        Cmd::ContactRemove => run.args(["contacts", "remove", "2"]),
        Cmd::ContactOptOut => run.args(["contacts", "opt-out", "2"]),
        Cmd::ListCreate => run.args(["lists", "create", "Fresh"]),
        Cmd::ListUpdate => run.args(["lists", "update", "1", "--name", "Renamed"]),
        Cmd::ListDelete => run.args(["lists", "delete", "1"]),
        Cmd::Import => {
            let csv = dir.path().join("people.csv");
            std::fs::write(
                &csv,
                "EMAIL ADDRESS,FIRST NAME\nimp0@example.com,A\nimp1@example.com,B\n",
            )
            .unwrap();
            run.arg("import").arg(&csv)
        }
        Cmd::Export => run
            .args(["export", "--list", "1", "--out"])
            .arg(dir.path().join("out.csv")),
        Cmd::CampaignCreate => {
            let html = dir.path().join("c.html");
            std::fs::write(&html, "<html><body>Tulips</body></html>").unwrap();
            run.args([
                "campaigns",
                "create",
                "--name",
                "Spring",
                "--subject",
                "Tulips",
            ])
            .args(["--from", "joesflowers@example.com", "--html"])
            .arg(&html)
        }
        Cmd::CampaignSchedule => {
            run.args(["campaigns", "schedule", &campaign, "--at", &in_an_hour()])
        }
        Cmd::CampaignUnschedule => run.args(["campaigns", "unschedule", &campaign]),
    };
    if matches!(cmd, Cmd::ContactCreate | Cmd::Import | Cmd::CampaignCreate) {
        run.args(["--list", "1"]);
    }
    let out = run.output().unwrap();
    sandbox.clear_faults();
    if fault == Fault::Latency {
        // A request the server went on handling would change the state meanwhile.
        std::thread::sleep(AFTER_LATENCY);
    }
    let count = runtime().block_on(async {
        sandbox.settle().await;
        probe(cmd, &client(&sandbox), &campaign).await
    });
    (
        out.status.code().unwrap_or(-1),
        count,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn activities(c: &Client, kind: ActivityType) -> usize {
    let all: Vec<Activity> = c
        .items(ctct_models::v1::activities::ListActivities::new())
        .try_collect()
        .await
        .unwrap();
    all.iter()
        .filter(|a| a.type_.as_ref() == Some(&kind))
        .count()
}

/// How many times the change is in the sandbox.
async fn probe(cmd: Cmd, c: &Client, campaign: &str) -> usize {
    let contact2 = ctct_models::ids::ContactId::new("joesflowers", "2");
    match cmd {
        Cmd::ContactCreate => c
            .send(SearchContactsByEmail::new().emails(["new@example.com"]))
            .await
            .unwrap()
            .entries
            .len(),
        Cmd::ContactUpdate => {
            let got = c
                .send(ctct_models::v1::contacts::GetContact::new(&contact2))
                .await
                .unwrap();
            usize::from(got.content.first_name.as_deref() == Some("Changed"))
        }
        Cmd::ContactRemove | Cmd::ContactOptOut => {
            let got = c
                .send(ctct_models::v1::contacts::GetContact::new(&contact2))
                .await
                .unwrap()
                .content;
            if cmd == Cmd::ContactOptOut {
                usize::from(got.status == Some(ContactStatus::DoNotMail))
            } else {
                usize::from(got.contact_lists.is_none_or(|l| l.lists.is_empty()))
            }
        }
        Cmd::ListCreate => {
            let lists: Vec<ContactList> =
                c.lists().map_ok(|e| e.content).try_collect().await.unwrap();
            lists
                .iter()
                .filter(|l| l.name.as_deref() == Some("Fresh"))
                .count()
        }
        Cmd::ListUpdate => {
            let l = c
                .send(ctct_models::v1::lists::GetList::new(
                    ctct_models::ids::ListId::new("joesflowers", "1"),
                ))
                .await
                .unwrap();
            usize::from(l.content.name.as_deref() == Some("Renamed"))
        }
        Cmd::ListDelete => {
            let r = c
                .send(ctct_models::v1::lists::GetList::new(
                    ctct_models::ids::ListId::new("joesflowers", "1"),
                ))
                .await;
            usize::from(r.is_err_and(|e| e.is_not_found()))
        }
        Cmd::Import => activities(c, ActivityType::SvAdd).await,
        Cmd::Export => activities(c, ActivityType::ExportContacts).await,
        Cmd::CampaignCreate => {
            let all: Vec<Campaign> = c
                .items(ctct_models::v1::campaigns::ListCampaigns::new())
                .try_collect()
                .await
                .unwrap();
            all.iter()
                .filter(|x| x.name.as_deref() == Some("Spring"))
                .count()
        }
        Cmd::CampaignSchedule | Cmd::CampaignUnschedule => {
            let id = ctct_models::ids::CampaignId::new("joesflowers", campaign);
            let all: Vec<Schedule> = c
                .items(ctct_models::v1::campaigns::ListSchedules::new(&id))
                .try_collect()
                .await
                .unwrap();
            all.len()
        }
    }
}

#[test]
fn every_write_command_under_every_fault_exits_with_the_truth() {
    let cells: Vec<(Cmd, Fault)> = CMDS
        .iter()
        .flat_map(|c| FAULTS.iter().map(move |f| (*c, *f)))
        .collect();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = cells
            .iter()
            .map(|&(c, f)| s.spawn(move || (c, f, cell(c, f))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut failures = Vec::new();
    for (cmd, fault, (code, count, stderr)) in results {
        let (done, unchanged) = if cmd == Cmd::CampaignUnschedule {
            (0, 1)
        } else {
            (1, 0)
        };
        let truthful = match code {
            0 => count == done,
            1 => count == unchanged,
            8 => count <= 1 && stderr.contains("the change may have been applied"),
            _ => false,
        };
        if !truthful {
            failures.push(format!(
                "{cmd:?} × {fault:?}: exit {code} but the state shows {count}: {stderr}"
            ));
        }
        if code != cmd.expected(fault) {
            failures.push(format!(
                "{cmd:?} × {fault:?}: expected exit {}, got {code}: {stderr}",
                cmd.expected(fault)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
