//! The bulk workflows through [`V3Client`] against an embedded sandbox: tagging and
//! untagging many contacts (one activity per 500, polled), create-or-get of a custom field,
//! deleting contacts in bulk, and an export written to a file. Each checks the account's
//! state afterwards and the number of requests the workflow reports.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use ctct_client::Secret;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::v3::{BATCH, PollOptions, V3Client};
use ctct_models::v3::activities::{
    ActivityState, ContactsExportInput, ContactsJsonImport, ImportContactsJson, JsonImportContact,
};
use ctct_models::v3::common::ContactId;
use ctct_models::v3::contact_tags::{CreateTag, TagPostInput};
use ctct_models::v3::contacts::{ContactResource, GetContacts};
use ctct_sandbox::{Config, Sandbox, V3Config};
use futures_util::TryStreamExt as _;

const TOKEN: &str = "bulk-token";

async fn setup() -> (Sandbox, V3Client) {
    let sandbox = Sandbox::start(Config {
        access_token: Some(TOKEN.into()),
        v3: V3Config {
            activity_duration: Duration::ZERO,
            ..V3Config::default()
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let client = V3Client::builder(Arc::new(StaticToken(Secret::new(TOKEN))))
        .base_url(sandbox.v3_url())
        .rate_limit(None)
        .build()
        .unwrap();
    (sandbox, client)
}

fn quick() -> PollOptions {
    PollOptions::new(Duration::from_millis(10), Duration::from_secs(30))
}

async fn all_contacts(client: &V3Client, tag: Option<&str>) -> Vec<ContactResource> {
    let mut req = GetContacts::new().limit(500);
    if let Some(t) = tag {
        req = req.tags([t.to_owned()]);
    }
    client.items(req).try_collect().await.unwrap()
}

/// Imports `n` contacts into the first seeded list.
async fn import(client: &V3Client, n: usize) {
    let lists = client
        .send(ctct_models::v3::contact_lists::GetLists::new())
        .await
        .unwrap();
    let list = lists.lists.unwrap()[0].list_id.clone().unwrap();
    let rows = (0..n)
        .map(|i| JsonImportContact {
            email: Some(format!("p{i}@example.com")),
            ..JsonImportContact::default()
        })
        .collect();
    let a = client
        .send(ImportContactsJson::new(ContactsJsonImport::new(
            rows,
            vec![list],
        )))
        .await
        .unwrap();
    client
        .wait(&a.activity_id.unwrap(), quick(), |_| {})
        .await
        .unwrap();
}

#[tokio::test]
async fn tagging_many_contacts_is_one_activity_per_batch() {
    let (_sandbox, client) = setup().await;
    import(&client, 600).await;
    let contacts = all_contacts(&client, None).await;
    assert_eq!(contacts.len(), 603);
    let ids: Vec<ContactId> = contacts
        .iter()
        .map(|c| c.contact_id.clone().unwrap())
        .collect();
    let tag = client
        .send(CreateTag::new(TagPostInput::new("vip".to_owned())))
        .await
        .unwrap()
        .tag_id
        .unwrap();

    let report = client
        .tag_contacts(&ids, std::slice::from_ref(&tag), quick())
        .await
        .unwrap();
    assert_eq!(report.activities.len(), ids.len().div_ceil(BATCH));
    // One start and (with a zero duration) one poll per activity: the minimum.
    assert_eq!(report.requests, 2 * report.activities.len() as u64);
    assert!(
        report
            .activities
            .iter()
            .all(|a| a.state == Some(ActivityState::Completed))
    );
    assert!(report.errors().is_empty());
    assert_eq!(all_contacts(&client, Some(&tag)).await.len(), 603);

    let report = client
        .untag_contacts(&ids[..10], std::slice::from_ref(&tag), quick())
        .await
        .unwrap();
    assert_eq!(report.activities.len(), 1);
    assert_eq!(all_contacts(&client, Some(&tag)).await.len(), 593);
}

#[tokio::test]
async fn a_custom_field_is_created_once_and_found_after() {
    let (sandbox, client) = setup().await;
    let (created, requests) = client
        .custom_field_by_label("Favorite Fruit", "string")
        .await
        .unwrap();
    assert_eq!(requests, 2, "one empty page, one create");
    assert_eq!(created.name.as_deref(), Some("favorite_fruit"));
    let (found, requests) = client
        .custom_field_by_label("favorite fruit", "string")
        .await
        .unwrap();
    assert_eq!(requests, 1);
    assert_eq!(found.custom_field_id, created.custom_field_id);
    // Checked before the search: with every read of the fields failing, the error is
    // still the label's.
    sandbox.set_faults(
        "status=503,path=/v3/contact_custom_fields*"
            .parse()
            .unwrap(),
    );
    let e = client
        .custom_field_by_label(&"x".repeat(51), "string")
        .await
        .unwrap_err();
    assert!(
        matches!(e, ctct_client::Error::Invalid(_)) && e.to_string().contains("label"),
        "{e}"
    );
}

#[tokio::test]
async fn deleting_contacts_in_bulk() {
    let (_sandbox, client) = setup().await;
    import(&client, 20).await;
    let ids: Vec<ContactId> = all_contacts(&client, None)
        .await
        .iter()
        .skip(1)
        .map(|c| c.contact_id.clone().unwrap())
        .collect();
    let report = client.delete_contacts(&ids, quick()).await.unwrap();
    assert_eq!(report.activities.len(), 1);
    assert_eq!(report.requests, 2);
    assert_eq!(all_contacts(&client, None).await.len(), 1);
}

#[tokio::test]
async fn an_export_is_written_to_a_file() {
    let (_sandbox, client) = setup().await;
    import(&client, 5).await;
    let dir = std::env::temp_dir().join(format!("ctct-v3-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("contacts.csv");
    let input = ContactsExportInput {
        fields: vec!["email_address".to_owned()],
        ..ContactsExportInput::new()
    };
    let mut reads = 0;
    let mut progress = Vec::new();
    let report = client
        .export_to_file(input, &path, quick(), |_| reads += 1, |p| progress.push(p))
        .await
        .unwrap();
    assert_eq!(reads, 1);
    let last = progress.last().copied().unwrap();
    assert_eq!(last.bytes, report.bytes, "the last report is every byte");
    assert_eq!(last.total, Some(report.bytes), "Content-Length is known");
    assert_eq!(report.requests, 3, "start, one poll, download");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(report.bytes, text.len() as u64);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "email_address");
    assert_eq!(lines.len(), 1 + 8, "header, 3 seeded, 5 imported");
    assert!(lines.contains(&"p4@example.com"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The list ids of the seeded account's first list.
async fn first_list(client: &V3Client) -> ctct_models::v3::common::ListId {
    let lists = client
        .send(ctct_models::v3::contact_lists::GetLists::new())
        .await
        .unwrap();
    lists.lists.unwrap()[0].list_id.clone().unwrap()
}

#[tokio::test]
async fn a_csv_over_the_row_limit_is_imported_in_parts_and_nothing_is_lost() {
    let (_sandbox, client) = setup().await;
    let list = first_list(&client).await;
    let before = all_contacts(&client, None).await.len();
    let n = ctct_client::v3::MAX_IMPORT_ROWS + 5_001;
    let mut csv = String::from("email,first_name\n");
    for i in 0..n {
        csv.push_str(&format!("part{i}@example.com,P{i}\n"));
    }
    let parts = client
        .import_csv_in_parts(&csv, std::slice::from_ref(&list), None)
        .await
        .unwrap();
    assert_eq!(parts.len(), 2, "39,999 rows, then 5,001");
    for part in &parts {
        let id = part.activity_id.clone().unwrap();
        client.wait(&id, quick(), |_| {}).await.unwrap();
    }
    let after = all_contacts(&client, None).await;
    assert_eq!(after.len(), before + n, "every row imported once");
    for probe in [
        0,
        ctct_client::v3::MAX_IMPORT_ROWS - 1,
        ctct_client::v3::MAX_IMPORT_ROWS,
        n - 1,
    ] {
        let email = format!("part{probe}@example.com");
        assert!(
            after.iter().any(
                |c| c.email_address.as_ref().and_then(|e| e.address.as_deref())
                    == Some(email.as_str())
            ),
            "{email} missing"
        );
    }
}

#[tokio::test]
async fn a_csv_over_4_mb_is_halved_until_each_part_fits_and_a_huge_row_sends_nothing() {
    let (_sandbox, client) = setup().await;
    let list = first_list(&client).await;
    // 1,600 rows of about 3 KB: about 4.8 MB, over the 4,000,000-byte body limit.
    let filler = "x".repeat(3_000);
    let mut csv = String::from("email,notes\n");
    for i in 0..1_600 {
        csv.push_str(&format!("big{i}@example.com,{filler}\n"));
    }
    let parts = client
        .import_csv_in_parts(&csv, std::slice::from_ref(&list), None)
        .await
        .unwrap();
    assert_eq!(parts.len(), 2, "halved once: two bodies of about 2.4 MB");
    for part in &parts {
        let id = part.activity_id.clone().unwrap();
        client.wait(&id, quick(), |_| {}).await.unwrap();
    }

    let activities_before = client
        .send(ctct_models::v3::activities::GetActivities::new())
        .await
        .unwrap();
    let huge = format!("email,notes\nhuge@example.com,{}\n", "y".repeat(4_100_000));
    let err = client
        .import_csv_in_parts(&huge, std::slice::from_ref(&list), None)
        .await
        .unwrap_err();
    // The CSV reader's record cap (1 MiB) refuses such a row before any part is built.
    assert!(
        matches!(err, ctct_client::Error::Csv(_)),
        "one row over 4 MB cannot be sent: {err}"
    );
    let activities_after = client
        .send(ctct_models::v3::activities::GetActivities::new())
        .await
        .unwrap();
    assert_eq!(
        activities_after.activities.map(|a| a.len()),
        activities_before.activities.map(|a| a.len()),
        "nothing was sent"
    );
}
