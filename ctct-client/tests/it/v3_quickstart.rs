//! The quick start example's flow (examples/quickstart/flow.rs) against an embedded sandbox,
//! with the CSV the example ships: the two bad rows are reported, the four good ones imported
//! into the chosen list, and the imported contacts come back with that membership.

#![allow(clippy::unwrap_used)]

#[path = "../../examples/quickstart/flow.rs"]
mod flow;

use std::time::Duration;

use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::{OAuthApp, OAuthEndpoints};
use ctct_models::v3::activities::ActivityState;
use ctct_sandbox::oauth::{DEFAULT_CLIENT_ID, DEFAULT_REDIRECT_URI};
use ctct_sandbox::{Config, Sandbox, V3Config};

const SHIPPED_CSV: &str = include_str!("../../examples/quickstart/contacts.csv");

#[tokio::test]
async fn the_quickstart_imports_the_shipped_csv_and_reports_its_bad_rows() {
    let sandbox = Sandbox::start(Config {
        v3: V3Config {
            activity_duration: Duration::from_millis(300),
            ..V3Config::default()
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let app = OAuthApp::public(DEFAULT_CLIENT_ID)
        .redirect_uri(DEFAULT_REDIRECT_URI)
        .endpoints(OAuthEndpoints::at(&sandbox.base_url()));
    let session = flow::authorize_automatically(app).await.unwrap();
    let client = V3Client::builder(session)
        .base_url(sandbox.v3_url())
        .build()
        .unwrap();
    let mut lines = Vec::new();
    let report = flow::run(&client, SHIPPED_CSV, None, &mut |l| lines.push(l))
        .await
        .unwrap();

    assert!(report.contacts_before >= 1, "the account owner at least");
    assert_eq!(report.activity.state, Some(ActivityState::Completed));
    assert_eq!(report.activity.percent_done, Some(100));
    assert!(report.activity.completed_at.is_some());
    let errors = report.activity.activity_errors.clone().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let emails: Vec<&str> = report.imported.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        emails.len(),
        4,
        "the four good rows, nothing else: {emails:?}"
    );
    for expected in [
        "ada.lovelace@example.com",
        "grace.hopper@example.com",
        "alan.turing@example.com",
        "katherine.johnson@example.com",
    ] {
        assert!(emails.contains(&expected), "{expected} missing: {emails:?}");
    }
    assert!(
        report
            .imported
            .iter()
            .all(|(_, lists)| lists.contains(&report.list_id))
    );
    let text = lines.join("\n");
    assert!(text.contains("import error: line 4"), "{text}");
    assert!(
        text.contains(&format!(
            "katherine.johnson@example.com: lists {}",
            report.list_id
        )),
        "{text}"
    );
}
