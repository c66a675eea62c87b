//! Export downloads streamed to a file, V1 and V3, against an embedded sandbox over real
//! sockets: a file larger than the client's response cap arrives whole and byte for byte as
//! the sandbox served it (compared with a plain GET of the same file), progress is reported
//! in bytes, a download cut mid-body is an error that leaves neither the target nor a
//! temporary file behind (and is not restarted, though a restart would have succeeded), and
//! one dropped before its first byte is retried. The cap is set small here so the streaming
//! path is proven on a small file; the `*_over_32_mib` tests do the same with the default cap
//! and a file larger than it. The V1 one seeds 360,000 contacts, about 16 s in a debug build,
//! so it is ignored by default: run it with
//! `cargo test -p ctct-client --test it streamed_export:: -- --include-ignored`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use ctct_client::transport::TransportErrorKind;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::v3::{PollOptions, V3Client};
use ctct_client::workflows::activities::WaitOptions;
use ctct_client::workflows::download::DownloadProgress;
use ctct_client::workflows::export::{ExportOptions, export_file_name};
use ctct_client::{Auth, Client, Error, Secret};
use ctct_models::ids::ListId;
use ctct_models::v3::activities::ContactsExportInput;
use ctct_sandbox::{Config, FaultSpec, Sandbox, V3Config};

const TOKEN: &str = "stream-token";
const KEY: &str = "sandbox-key";
const PASS: &str = "sandbox-password";
const USER: &str = "joesflowers";
/// The response cap of the small tests: far below the files they download.
const SMALL_CAP: usize = 16 * 1024;

async fn sandbox(v1_contacts: usize, v3_contacts: usize) -> Sandbox {
    Sandbox::start(Config {
        seed_contacts: v1_contacts,
        seed_lists: usize::from(v1_contacts > 0),
        access_token: Some(TOKEN.into()),
        activity_step: Duration::ZERO,
        v3: V3Config {
            activity_duration: Duration::ZERO,
            seed_contacts: v3_contacts,
            ..V3Config::default()
        },
        ..Config::default()
    })
    .await
    .unwrap()
}

fn v1_client(sandbox: &Sandbox, cap: usize) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .username(USER)
        .auth(Auth::basic(KEY, PASS))
        .max_response_bytes(cap)
        .build()
        .unwrap()
}

fn v3_client(sandbox: &Sandbox, cap: usize) -> V3Client {
    V3Client::builder(Arc::new(StaticToken(Secret::new(TOKEN))))
        .base_url(sandbox.v3_url())
        .rate_limit(None)
        .max_response_bytes(cap)
        .build()
        .unwrap()
}

fn wait() -> WaitOptions {
    WaitOptions {
        initial_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(50),
        timeout: Duration::from_secs(120),
    }
}

fn poll() -> PollOptions {
    PollOptions::new(Duration::from_millis(10), Duration::from_secs(120))
}

/// A fresh directory for one test's files.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "ctct-stream-{name}-{}-{}",
        std::process::id(),
        unique_suffix()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn unique_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The bytes of `url` by a plain GET, as the sandbox serves them.
async fn served(url: &str, authorization: &str) -> Vec<u8> {
    let r = reqwest::Client::new()
        .get(url)
        .header("authorization", authorization)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{url}");
    r.bytes().await.unwrap().to_vec()
}

fn basic() -> String {
    let raw = format!("{KEY}%{USER}:{PASS}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// Reports grow, each by a chunk, and the last one is every byte, of the announced total.
fn check_progress(progress: &[DownloadProgress], written: u64) {
    assert!(!progress.is_empty(), "no progress reported");
    assert!(
        progress.windows(2).all(|w| w[0].bytes < w[1].bytes),
        "progress must grow: {progress:?}"
    );
    let last = progress[progress.len() - 1];
    assert_eq!(last.bytes, written);
    assert!(progress.iter().all(|p| p.total == Some(written)));
}

fn v1_options() -> ExportOptions {
    ExportOptions {
        columns: vec!["FIRST NAME".into(), "LAST NAME".into(), "CITY".into()],
        opt_in_date: Some(true),
        opt_in_source: Some(true),
        list_name: Some(true),
        ..ExportOptions::default()
    }
}

/// The V1 export of list 1 through `export_list_to`: the bytes on disk equal what the
/// sandbox serves, and more than one chunk was reported.
async fn v1_export_is_streamed(contacts: usize, cap: usize, min_bytes: u64) {
    let sandbox = sandbox(contacts, 0).await;
    let client = v1_client(&sandbox, cap);
    let list = ListId::new(USER, "1");
    let d = dir("v1");
    let path = d.join("list.csv");
    let mut progress = Vec::new();
    let written = client
        .export_list_to(
            &list,
            &v1_options(),
            &wait(),
            |_| {},
            &path,
            |p| {
                progress.push(p);
            },
        )
        .await
        .unwrap();
    assert!(written > min_bytes, "only {written} bytes");
    assert!(written > cap as u64, "the file must exceed the cap");
    check_progress(&progress, written);
    assert!(progress.len() > 1, "streamed in chunks: {}", progress.len());
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(on_disk.len() as u64, written);
    // The same file, as the sandbox serves it: the activity names it.
    let activities = served(
        &format!("{}/activities", client.account_url().unwrap()),
        &basic(),
    )
    .await;
    let text = String::from_utf8(activities).unwrap();
    let file = text
        .split("<FileName>")
        .nth(1)
        .and_then(|s| s.split("</FileName>").next())
        .unwrap();
    let name = file.rsplit('/').next().unwrap();
    let url = format!("{}/activities/{name}", client.account_url().unwrap());
    assert!(
        on_disk == served(&url, &basic()).await,
        "the file differs from the served one"
    );
    let text = String::from_utf8(on_disk).unwrap();
    assert!(
        text.starts_with(
            "EMAIL ADDRESS,FIRST NAME,LAST NAME,CITY,OPT-IN DATE,OPT-IN SOURCE,LIST NAME\r\n"
        ),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.ends_with(",General Interest\r\n"), "last line whole");
    assert_eq!(
        names(&d),
        vec!["list.csv".to_owned()],
        "no temporary file left"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test]
async fn a_v1_export_larger_than_the_cap_is_streamed_to_the_file() {
    v1_export_is_streamed(2_000, SMALL_CAP, 100_000).await;
}

#[tokio::test]
#[ignore = "a >32 MiB V1 export: seeding 360,000 contacts takes about 16 s in a debug build"]
async fn a_v1_export_over_32_mib_is_streamed_to_the_file() {
    v1_export_is_streamed(
        360_000,
        ctct_client::client::DEFAULT_MAX_RESPONSE_BYTES,
        32 << 20,
    )
    .await;
}

/// A finished V1 export activity of list 1, and the client (cap [`SMALL_CAP`]).
async fn v1_finished_export(sandbox: &Sandbox) -> (Client, ctct_models::v1::activities::Activity) {
    let client = v1_client(sandbox, SMALL_CAP);
    let id = client
        .start_export(&ListId::new(USER, "1"), &v1_options())
        .await
        .unwrap();
    let activity = client
        .wait_for_activity(&id, &wait(), |_| {})
        .await
        .unwrap();
    assert!(export_file_name(&activity).is_some());
    (client, activity)
}

#[tokio::test]
async fn a_v1_download_cut_mid_body_fails_and_leaves_the_old_file_and_no_temporary() {
    let sandbox = sandbox(2_000, 0).await;
    let (client, activity) = v1_finished_export(&sandbox).await;
    // Cut once: a silent restart would succeed, so an error proves there is none.
    sandbox.set_faults(
        "truncate,method=GET,path=/activities/*.csv,times=1"
            .parse::<FaultSpec>()
            .unwrap(),
    );
    let d = dir("v1-cut");
    let path = d.join("list.csv");
    std::fs::write(&path, "old").unwrap();
    let mut progress = Vec::new();
    let e = client
        .download_export_to(&activity, &path, |p| progress.push(p))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportErrorKind::Broken,
                attempts: 1,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("/activities/"), "{e}");
    assert!(!progress.is_empty(), "bytes were written before the cut");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(names(&d), vec!["list.csv".to_owned()]);
    // Without the fault the same download succeeds.
    let written = client
        .download_export_to(&activity, &path, |_| {})
        .await
        .unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), written);
    assert_eq!(names(&d), vec!["list.csv".to_owned()]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test]
async fn a_v1_download_dropped_before_its_first_byte_is_retried() {
    let sandbox = sandbox(500, 0).await;
    let (client, activity) = v1_finished_export(&sandbox).await;
    sandbox.set_faults(
        "drop,method=GET,path=/activities/*.csv,times=1"
            .parse::<FaultSpec>()
            .unwrap(),
    );
    let d = dir("v1-drop");
    let path = d.join("list.csv");
    let written = client
        .download_export_to(&activity, &path, |_| {})
        .await
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.len() as u64, written);
    assert_eq!(
        text.lines().count(),
        1 + 500 - 500 / 20 - 500 / 50 + 500 / 100
    );
    assert_eq!(names(&d), vec!["list.csv".to_owned()]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test]
async fn a_v1_download_of_a_missing_file_fails_and_creates_nothing() {
    let sandbox = sandbox(10, 0).await;
    let (client, mut activity) = v1_finished_export(&sandbox).await;
    activity.file_name = Some("nosuchfile.csv".into());
    let d = dir("v1-404");
    let e = client
        .download_export_to(&activity, d.join("list.csv"), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.status == 404), "{e:?}");
    assert!(names(&d).is_empty(), "{:?}", names(&d));
    std::fs::remove_dir_all(&d).unwrap();
}

/// The V3 export of every contact through `export_to_file`: the bytes on disk equal what
/// the sandbox serves.
async fn v3_export_is_streamed(contacts: usize, cap: usize, min_bytes: u64) {
    let sandbox = sandbox(0, contacts).await;
    let client = v3_client(&sandbox, cap);
    let d = dir("v3");
    let path = d.join("contacts.csv");
    let mut progress = Vec::new();
    let report = client
        .export_to_file(
            ContactsExportInput::new(),
            &path,
            poll(),
            |_| {},
            |p| {
                progress.push(p);
            },
        )
        .await
        .unwrap();
    let written = report.bytes;
    assert!(written > min_bytes, "only {written} bytes");
    assert!(written > cap as u64, "the file must exceed the cap");
    check_progress(&progress, written);
    assert!(progress.len() > 1, "streamed in chunks: {}", progress.len());
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(on_disk.len() as u64, written);
    let id = report.activity.activity_id.clone().unwrap();
    let url = format!("{}/contact_exports/{id}", sandbox.v3_url());
    assert!(
        on_disk == served(&url, &format!("Bearer {TOKEN}")).await,
        "the file differs from the served one"
    );
    let text = String::from_utf8(on_disk).unwrap();
    assert!(
        text.starts_with("contact_id,email_address,"),
        "header first"
    );
    assert_eq!(
        text.lines().count(),
        1 + 3 + contacts,
        "header, 3 seeded, generated"
    );
    assert!(
        text.contains(&format!(",contact{contacts:06}@example.com,")),
        "the last generated contact is there"
    );
    assert!(text.ends_with("\r\n"), "last line whole");
    assert_eq!(names(&d), vec!["contacts.csv".to_owned()]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test]
async fn a_v3_export_larger_than_the_cap_is_streamed_to_the_file() {
    v3_export_is_streamed(1_000, SMALL_CAP, 100_000).await;
}

#[tokio::test]
async fn a_v3_export_over_32_mib_is_streamed_to_the_file() {
    v3_export_is_streamed(
        160_000,
        ctct_client::client::DEFAULT_MAX_RESPONSE_BYTES,
        32 << 20,
    )
    .await;
}

#[tokio::test]
async fn a_v3_download_cut_mid_body_fails_and_leaves_no_file() {
    let sandbox = sandbox(0, 1_000).await;
    let client = v3_client(&sandbox, SMALL_CAP);
    sandbox.set_faults(
        "truncate,method=GET,path=/v3/contact_exports/*,times=1"
            .parse::<FaultSpec>()
            .unwrap(),
    );
    let d = dir("v3-cut");
    let path = d.join("contacts.csv");
    let e = client
        .export_to_file(ContactsExportInput::new(), &path, poll(), |_| {}, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportErrorKind::Broken,
                attempts: 1,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("/v3/contact_exports/"), "{e}");
    assert!(names(&d).is_empty(), "{:?}", names(&d));
    // Without the fault the same export succeeds.
    let report = client
        .export_to_file(ContactsExportInput::new(), &path, poll(), |_| {}, |_| {})
        .await
        .unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), report.bytes);
    assert_eq!(names(&d), vec!["contacts.csv".to_owned()]);
    std::fs::remove_dir_all(&d).unwrap();
}
