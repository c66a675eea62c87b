//! The V3 quick start of Constant Contact's guide against the sandbox, over raw HTTP with requests built by
//! `ctct_models::v3`: list contacts (the owner), get a `list_id`, import a CSV, poll the
//! activity until done, list contacts with their list memberships.

use crate::support;

use ctct_models::endpoint::Endpoint as _;
use std::time::Duration;

use ctct_models::form::Table;
use ctct_models::json::CursorPage;
use ctct_models::v3::activities::{self, Activity, ActivityImport, ActivityState};
use ctct_models::v3::contact_lists::{self, ContactLists};
use ctct_models::v3::contacts::{self, ContactInclude, Contacts};
use ctct_sandbox::V3Config;
use support::v3::*;

fn list_contacts(
    include: &[ContactInclude],
    limit: Option<i64>,
) -> ctct_models::endpoint::Request<Contacts> {
    let mut request = contacts::GetContacts::new().include(include.iter().cloned());
    request.limit = limit;
    request.to_request().expect("valid request")
}

#[tokio::test]
async fn the_whole_quick_start_flow() {
    let mut cfg = config();
    cfg.v3 = V3Config {
        activity_duration: Duration::from_millis(600),
        ..V3Config::default()
    };
    let api = start_with(cfg).await;

    // Step 1: the trial account shows the owner (and the seeded customers).
    let page: Contacts = api
        .get(&list_contacts(&[], None).path_and_query())
        .await
        .json(200);
    let contacts = page.contacts.unwrap();
    assert_eq!(
        contacts[0]
            .email_address
            .as_ref()
            .unwrap()
            .address
            .as_deref(),
        Some("owner@joesflowers.example")
    );
    assert!(
        contacts[0].list_memberships.is_none(),
        "sub-resources only when included"
    );

    // Step 2: a list_id.
    let lists: ContactLists = api
        .request(&contact_lists::GetLists::new().to_request().unwrap())
        .await
        .json(200);
    let list_id = lists.lists.unwrap()[1].list_id.clone().unwrap();

    // Step 3: import a CSV with one bad row.
    let file = Table::new(["email", "first_name", "last_name"])
        .row(["new1@example.com", "New", "One"])
        .row(["not-an-email", "Bad", "Row"])
        .row(["ada@example.com", "Ada", "Byron"]);
    let import: ActivityImport = api
        .request(
            &activities::ImportContactsCsv::new(&file)
                .list_ids([&list_id])
                .to_request()
                .unwrap(),
        )
        .await
        .json(201);
    assert_eq!(import.state, Some(ActivityState::Initialized));
    assert_eq!(import.percent_done, Some(0));
    assert_eq!(import.status.as_ref().unwrap().items_total_count, Some(4));
    let id = import.activity_id.unwrap();

    // Step 4: poll until percent_done is 100 and completed_at is set; progress only grows.
    let mut seen = Vec::new();
    let done = loop {
        let a: Activity = api
            .request(
                &activities::GetActivity::new(&id)
                    .to_request()
                    .expect("valid request"),
            )
            .await
            .json(200);
        seen.push(a.percent_done.unwrap());
        if a.completed_at.is_some() {
            break a;
        }
        assert!(seen.len() < 200, "never completed: {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(
        seen.iter().any(|p| *p > 0 && *p < 100),
        "no intermediate progress: {seen:?}"
    );
    assert_eq!(done.percent_done, Some(100));
    assert_eq!(done.state, Some(ActivityState::Completed));
    assert_eq!(
        done.activity_errors.as_deref().unwrap(),
        ["line 3: email \"not-an-email\" is not a valid email address"]
    );
    let status = done.status.unwrap();
    assert_eq!(status.person_count, Some(2));
    assert_eq!(status.correctable_count, Some(1));
    assert_eq!(status.items_completed_count, Some(3));

    // Step 5: contacts with their memberships, following _links.next.href.
    let mut href = list_contacts(&[ContactInclude::ListMemberships], Some(2)).path_and_query();
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page: Contacts = api.get(&href).await.json(200);
        pages += 1;
        all.extend(page.contacts.clone().unwrap());
        match page.next_href() {
            Some(next) => href = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    let by_email = |e: &str| {
        all.iter()
            .find(|c| c.email_address.as_ref().unwrap().address.as_deref() == Some(e))
            .unwrap_or_else(|| panic!("{e} missing"))
    };
    let new1 = by_email("new1@example.com");
    assert_eq!(
        new1.list_memberships.as_deref().unwrap(),
        std::slice::from_ref(&list_id)
    );
    assert_eq!(new1.first_name.as_deref(), Some("New"));
    let ada = by_email("ada@example.com");
    assert_eq!(
        ada.last_name.as_deref(),
        Some("Byron"),
        "existing contacts get the supplied columns"
    );
    assert!(ada.list_memberships.as_ref().unwrap().contains(&list_id));
    assert_eq!(
        ada.list_memberships.as_ref().unwrap().len(),
        2,
        "memberships are added, not replaced"
    );
    assert!(
        all.iter()
            .all(|c| c.email_address.as_ref().unwrap().address.as_deref() != Some("not-an-email"))
    );
}
