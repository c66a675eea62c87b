//! Mixed read/write load against the sandbox: clients read and write concurrently for a
//! bounded time, then every write the server acknowledged is read back. The driver is the
//! one the `mixed_load` example runs (`ctct-sandbox/examples/mixed_load/driver.rs`).
//!
//! The short test runs on every `cargo test`; the long one is ignored by default:
//!
//! ```text
//! cargo test -p ctct-sandbox --test it load:: -- --ignored
//! ```
//!
//! Neither asserts anything about speed (that is the example's job): only that nothing
//! acknowledged is lost and every answer is the expected one.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

#[path = "../../examples/mixed_load/driver.rs"]
mod driver;

use std::time::Duration;

use ctct_sandbox::{Config, Sandbox};
use driver::{Options, Target};

async fn mixed(clients: usize, duration: Duration, contacts: usize) {
    let sandbox = Sandbox::start(Config {
        seed_contacts: contacts,
        seed_lists: 3,
        api_key: "KEY".into(),
        password: "PASS".into(),
        ..Config::default()
    })
    .await
    .unwrap();
    let target = Target {
        account_url: sandbox.account_url(),
        username: "joesflowers".into(),
        basic_user: "KEY%joesflowers".into(),
        password: "PASS".into(),
    };
    let opts = Options {
        clients,
        duration,
        writes_in_ten: 3,
    };
    let report = driver::run(&target, &opts, contacts as u64).await.unwrap();
    assert!(report.unexpected.is_empty(), "{:?}", report.unexpected);
    assert!(report.reads > 0 && report.writes > 0, "{report:?}");
    assert!(!report.promises.is_empty(), "no write was acknowledged");
    let lost = driver::verify(&target, &report.promises).await.unwrap();
    assert!(
        lost.is_empty(),
        "{} acknowledged writes lost: {lost:?}",
        lost.len()
    );
    // Each acknowledged create is a distinct contact, and (every answer having been the
    // expected one) the account grew by exactly that many.
    let mut emails: Vec<&str> = report.promises.iter().map(|p| p.email.as_str()).collect();
    emails.sort_unstable();
    emails.dedup();
    assert_eq!(emails.len(), report.promises.len());
    assert_eq!(
        count_contacts(&target).await,
        contacts + report.promises.len()
    );
    // The check itself catches a missing write.
    let ghost = driver::Promise {
        email: "ghost@example.com".into(),
        id: "99999999".into(),
        first_name: "Ghost".into(),
    };
    assert_eq!(driver::verify(&target, &[ghost]).await.unwrap().len(), 1);
}

/// Pages through `GET /contacts` and counts the entries.
async fn count_contacts(target: &Target) -> usize {
    let http = crate::support::v1::http_client();
    let origin = target.account_url.split("/ws/").next().unwrap().to_owned();
    let mut url = format!("{}/contacts", target.account_url);
    let mut n = 0;
    loop {
        let body = http
            .get(&url)
            .basic_auth(&target.basic_user, Some(&target.password))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let feed =
            ctct_models::atom::Feed::<ctct_models::v1::contacts::Contact>::from_xml(&body).unwrap();
        n += feed.entries.len();
        match feed.next_href() {
            Some(next) => url = format!("{origin}{next}"),
            None => return n,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_short_mixed_load_loses_no_acknowledged_write() {
    mixed(4, Duration::from_millis(1500), 300).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "long: 16 clients for 30 s; run with -- --ignored"]
async fn a_long_mixed_load_loses_no_acknowledged_write() {
    mixed(16, Duration::from_secs(30), 10_000).await;
}
