//! The V3 sandbox over raw HTTP: auth and both error shapes, contacts CRUD with V3's status
//! codes, `include=`, cursor paging that keeps its filters, the sign-up form upsert, lists
//! with the asynchronous delete, the JSON import's per-row errors, and the optional 429s.

use crate::support;

use ctct_models::endpoint::Endpoint as _;
use ctct_models::json::{CursorPage, ErrorBody};
use ctct_models::v3::activities::{Activities, Activity, ActivityImport, ActivityState};
use ctct_models::v3::contact_lists::{ContactList, ContactLists};
use ctct_models::v3::contacts::{ContactResource, Contacts, SignUpAction, SignUpFormResponse};
use ctct_sandbox::V3Config;
use reqwest::Method;
use serde_json::json;
use support::v3::*;

async fn first_list_id(api: &V3) -> String {
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    lists.lists.expect("lists")[0]
        .list_id
        .clone()
        .expect("list_id")
        .into_string()
}

#[tokio::test]
async fn auth_failures_are_401_with_the_single_object_body() {
    let mut api = start().await;
    api.token = None;
    let r = api.get("/contacts").await;
    assert!(matches!(r.error(401), ErrorBody::One(_)));
    assert_eq!(
        r.body,
        r#"{"error_key":"unauthorized","error_message":"Unauthorized"}"#
    );
    api.token = Some("not-the-token".into());
    assert_eq!(
        api.get("/contacts").await.error(401).key(),
        Some("unauthorized")
    );
    // V1 credentials are not V3 credentials, and the V1 API is still served beside it.
    api.token = Some(TOKEN.into());
    assert_eq!(api.get("/contacts").await.status, 200);
    let v1 = api
        .http
        .get(format!("{}/contacts", api.sandbox.account_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        v1.status().as_u16(),
        401,
        "V1 still wants its own credentials"
    );
}

#[tokio::test]
async fn unknown_paths_methods_and_media_types() {
    let api = start().await;
    let r = api.get("/nothing_here").await;
    assert!(matches!(r.error(404), ErrorBody::Many(_)));
    api.send(Method::PATCH, "/contacts", None, Vec::new())
        .await
        .error(405);
    let r = api
        .send(
            Method::POST,
            "/contacts",
            Some("text/plain"),
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(r.error(415).key(), Some("unsupported.media.type"));
    let r = api
        .send(
            Method::POST,
            "/contacts",
            Some("application/json"),
            b"{not json".to_vec(),
        )
        .await;
    assert!(
        r.error(400).message().contains("malformed JSON"),
        "{}",
        r.body
    );
    assert_eq!(
        api.get("/contacts/no-such-id").await.error(404).key(),
        Some("contacts.api.not_found")
    );
    assert!(
        api.get("/contacts?limit=0")
            .await
            .error(400)
            .message()
            .contains("limit \"0\"")
    );
    assert!(
        api.get("/contacts?include=everything")
            .await
            .error(400)
            .message()
            .contains("include")
    );
}

#[tokio::test]
async fn contact_create_conflict_put_delete_and_revive() {
    let api = start().await;
    let list = first_list_id(&api).await;
    let body = json!({
        "email_address": {"address": "kim@example.com", "permission_to_send": "explicit"},
        "first_name": "Kim",
        "create_source": "Contact",
        "list_memberships": [list],
        "phone_numbers": [{"phone_number": "555-0100", "kind": "mobile"}],
        "contact_id": "client-chosen-id-is-ignored"
    });
    let created: ContactResource = api.post_json("/contacts", &body).await.json(201);
    let id = created.contact_id.clone().unwrap();
    assert_ne!(id, "client-chosen-id-is-ignored");
    assert_eq!(id.len(), 36, "a UUID");
    assert!(
        created.phone_numbers.as_ref().unwrap()[0]
            .phone_number_id
            .is_some()
    );
    // The same address in another case: 409.
    let dup = json!({"email_address": {"address": "KIM@example.com"}, "create_source": "Account"});
    assert_eq!(
        api.post_json("/contacts", &dup).await.error(409).key(),
        Some("contacts.api.conflict")
    );
    // Validation errors name the field and value.
    let long = json!({"first_name": "x".repeat(51), "create_source": "Account"});
    let r = api.post_json("/contacts", &long).await;
    assert!(r.error(400).message().contains("first_name"), "{}", r.body);
    let none = json!({"create_source": "Account"});
    api.post_json("/contacts", &none).await.error(400);
    let no_source = json!({"first_name": "A"});
    assert!(
        api.post_json("/contacts", &no_source)
            .await
            .error(400)
            .message()
            .contains("create_source")
    );

    // Sub-resources appear only when included.
    let plain: ContactResource = api.get(&format!("/contacts/{id}")).await.json(200);
    assert!(plain.phone_numbers.is_none() && plain.list_memberships.is_none());
    let full: ContactResource = api
        .get(&format!(
            "/contacts/{id}?include=phone_numbers,list_memberships"
        ))
        .await
        .json(200);
    assert_eq!(
        full.list_memberships.as_deref().unwrap(),
        std::slice::from_ref(&list)
    );

    // PUT: top-level fields left out are cleared, sub-resources left out are kept.
    let put = json!({"email_address": {"address": "kim@example.com"}, "last_name": "Lee", "update_source": "Account"});
    let updated: ContactResource = api
        .put_json(&format!("/contacts/{id}"), &put)
        .await
        .json(200);
    assert_eq!(updated.first_name, None);
    assert_eq!(updated.last_name.as_deref(), Some("Lee"));
    assert_eq!(
        updated.list_memberships.as_deref().unwrap(),
        std::slice::from_ref(&list)
    );
    assert_eq!(updated.phone_numbers.as_ref().unwrap().len(), 1);

    // DELETE: 204, gone from the default listing, visible with status=deleted, revived by PUT.
    let r = api.delete(&format!("/contacts/{id}")).await;
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    api.delete(&format!("/contacts/{id}")).await.error(404);
    let active: Contacts = api.get("/contacts?email=kim%40example.com").await.json(200);
    assert!(active.contacts.unwrap().is_empty());
    let deleted: Contacts = api.get("/contacts?status=deleted").await.json(200);
    let gone = &deleted.contacts.unwrap()[0];
    assert_eq!(gone.contact_id.as_deref(), Some(id.as_str()));
    assert!(
        gone.deleted_at.as_deref().is_some_and(|d| d.len() == 10),
        "a plain date"
    );
    let revived: ContactResource = api
        .put_json(&format!("/contacts/{id}"), &put)
        .await
        .json(200);
    assert_eq!(revived.deleted_at, None);
}

#[tokio::test]
async fn sign_up_form_creates_then_updates_and_appends_lists() {
    let api = start().await;
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    let ids: Vec<String> = lists
        .lists
        .unwrap()
        .iter()
        .map(|l| l.list_id.clone().unwrap().into_string())
        .collect();
    let first = json!({"email_address": "sam@example.com", "first_name": "Sam", "list_memberships": [ids[0]]});
    let r: SignUpFormResponse = api
        .post_json("/contacts/sign_up_form", &first)
        .await
        .json(201);
    assert_eq!(r.action, Some(SignUpAction::Created));
    let again = json!({"email_address": "sam@example.com", "list_memberships": [ids[1]]});
    let r2: SignUpFormResponse = api
        .post_json("/contacts/sign_up_form", &again)
        .await
        .json(200);
    assert_eq!(r2.action, Some(SignUpAction::Updated));
    assert_eq!(r.contact_id, r2.contact_id);
    let c: ContactResource = api
        .get(&format!(
            "/contacts/{}?include=list_memberships",
            r.contact_id.unwrap()
        ))
        .await
        .json(200);
    assert_eq!(c.list_memberships.unwrap(), ids);
    assert_eq!(c.first_name.as_deref(), Some("Sam"), "an update is partial");
    let missing = json!({"email_address": "x@example.com", "list_memberships": []});
    api.post_json("/contacts/sign_up_form", &missing)
        .await
        .error(400);
    let unknown = json!({"email_address": "x@example.com", "list_memberships": ["nope"]});
    assert!(
        api.post_json("/contacts/sign_up_form", &unknown)
            .await
            .error(400)
            .message()
            .contains("nope")
    );
}

#[tokio::test]
async fn cursor_pages_keep_their_filters_and_counts() {
    let api = start().await;
    let list = first_list_id(&api).await;
    for i in 0..7 {
        let body = json!({"email_address": {"address": format!("p{i}@example.com")}, "create_source": "Account", "list_memberships": [list]});
        api.post_json("/contacts", &body)
            .await
            .json::<ContactResource>(201);
    }
    // Seeded: ada and grace are on the first list too, so 9 members.
    let mut href =
        format!("/contacts?lists={list}&limit=4&include_count=true&include=list_memberships");
    let mut seen = Vec::new();
    let mut counts = Vec::new();
    loop {
        let page: Contacts = api.get(&href).await.json(200);
        counts.push(page.contacts_count);
        for c in page.contacts.clone().unwrap() {
            assert!(
                c.list_memberships.unwrap().contains(&list.as_str().into()),
                "filter kept on every page"
            );
            seen.push(c.contact_id.unwrap());
        }
        match page.next_href() {
            Some(next) => {
                assert!(next.starts_with("/v3/contacts?cursor="), "{next}");
                href = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), 9);
    assert_eq!(counts, [Some(9), Some(9), Some(9)]);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 9, "no contact twice");
    api.get("/contacts?cursor=garbage!").await.error(400);
}

#[tokio::test]
async fn lists_create_conflict_rename_and_asynchronous_delete() {
    let api = start().await;
    let list: ContactList = api
        .post_json(
            "/contact_lists",
            &json!({"name": "Spring sale", "description": "d"}),
        )
        .await
        .json(201);
    let id = list.list_id.unwrap();
    assert_eq!(list.favorite, Some(false));
    api.post_json("/contact_lists", &json!({"name": "Spring sale"}))
        .await
        .error(409);
    api.post_json("/contact_lists", &json!({"name": "n".repeat(256)}))
        .await
        .error(400);
    let renamed: ContactList = api
        .put_json(
            &format!("/contact_lists/{id}"),
            &json!({"name": "Summer sale", "favorite": true}),
        )
        .await
        .json(200);
    assert_eq!(renamed.name.as_deref(), Some("Summer sale"));
    let member = json!({"email_address": {"address": "m@example.com"}, "create_source": "Account", "list_memberships": [id]});
    let c: ContactResource = api.post_json("/contacts", &member).await.json(201);
    let counted: ContactList = api
        .get(&format!("/contact_lists/{id}?include_membership_count=all"))
        .await
        .json(200);
    assert_eq!(counted.membership_count, Some(1));

    let r = api.delete(&format!("/contact_lists/{id}")).await;
    let activity: Activity = r.json(202);
    let activity_id = activity.activity_id.clone().unwrap();
    assert!(
        r.header("location")
            .unwrap()
            .ends_with(&format!("/v3/activities/{activity_id}"))
    );
    assert_eq!(
        activity.links.unwrap().self_.unwrap().href.unwrap(),
        format!("/v3/activities/{activity_id}")
    );
    let done: Activity = api
        .get(&format!("/activities/{activity_id}"))
        .await
        .json(200);
    assert_eq!(done.state, Some(ActivityState::Completed));
    api.get(&format!("/contact_lists/{id}")).await.error(404);
    let c: ContactResource = api
        .get(&format!(
            "/contacts/{}?include=list_memberships",
            c.contact_id.unwrap()
        ))
        .await
        .json(200);
    assert!(
        c.list_memberships.unwrap().is_empty(),
        "memberships go with the list"
    );
    let deleted: ContactLists = api.get("/contact_lists?status=deleted").await.json(200);
    assert_eq!(deleted.lists.unwrap().len(), 1);
    let all: Activities = api.get("/activities?state=completed").await.json(200);
    assert_eq!(all.activities.unwrap().len(), 1);
}

#[tokio::test]
async fn json_import_reports_every_bad_row_and_applies_the_good_ones() {
    let api = start().await;
    let list = first_list_id(&api).await;
    let body = json!({
        "import_data": [
            {"email": "good@example.com", "first_name": "Good", "home_phone": "555-0101", "home country": "UK"},
            {"email": "good2@example.com", "first_name": "x".repeat(51)},
            {"first_name": "No Email"},
            {"email": "bday@example.com", "birthday_month": 13},
            {"email": "cf@example.com", "cf:Color": "blue", "fax": "1"}
        ],
        "list_ids": [list]
    });
    let import: ActivityImport = api
        .post_json("/activities/contacts_json_import", &body)
        .await
        .json(201);
    let done: Activity = api
        .get(&format!("/activities/{}", import.activity_id.unwrap()))
        .await
        .json(200);
    assert_eq!(done.percent_done, Some(100));
    let errors = done.activity_errors.unwrap();
    assert_eq!(
        errors,
        [
            "column \"cf:Color\": custom field \"Color\" does not exist in this account; its values were not imported",
            "column \"fax\" is not an import column; its values were not imported",
            "line 2: first_name is 51 characters, at most 50 allowed (\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")",
            "line 3: neither email nor sms_number is given",
            "line 4: birthday_month \"13\" is not a number from 1 to 12",
        ]
    );
    let status = done.status.unwrap();
    assert_eq!(
        (
            status.person_count,
            status.error_count,
            status.correctable_count
        ),
        (Some(2), Some(1), Some(2))
    );
    let good: Contacts = api
        .get("/contacts?email=good%40example.com&include=phone_numbers,street_addresses,list_memberships")
        .await
        .json(200);
    let good = &good.contacts.unwrap()[0];
    assert_eq!(
        good.phone_numbers.as_ref().unwrap()[0]
            .phone_number
            .as_deref(),
        Some("555-0101")
    );
    assert_eq!(
        good.street_addresses.as_ref().unwrap()[0]
            .country
            .as_deref(),
        Some("UK")
    );
    assert_eq!(
        good.list_memberships.as_deref().unwrap(),
        std::slice::from_ref(&list)
    );
    assert!(
        api.get("/contacts?email=good2%40example.com")
            .await
            .json::<Contacts>(200)
            .contacts
            .unwrap()
            .is_empty()
    );

    let no_lists = json!({"import_data": [{"email": "a@example.com"}], "list_ids": []});
    api.post_json("/activities/contacts_json_import", &no_lists)
        .await
        .error(400);
    let bad_list = json!({"import_data": [{"email": "a@example.com"}], "list_ids": ["nope"]});
    api.post_json("/activities/contacts_json_import", &bad_list)
        .await
        .error(404);
}

#[tokio::test]
async fn csv_import_rejects_what_it_cannot_read() {
    let api = start().await;
    let list = first_list_id(&api).await;
    let r = api
        .send(
            Method::POST,
            "/activities/contacts_file_import",
            Some("text/csv"),
            b"email\na@example.com".to_vec(),
        )
        .await;
    r.error(415);
    let multipart = |file: &str, lists: &str| {
        format!(
            "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\r\n{file}\r\n\
             --B\r\nContent-Disposition: form-data; name=\"list_ids\"\r\n\r\n{lists}\r\n--B--\r\n"
        )
        .into_bytes()
    };
    let ct = Some("multipart/form-data; boundary=B");
    let no_email = api
        .send(
            Method::POST,
            "/activities/contacts_file_import",
            ct,
            multipart("first_name\nAda", &list),
        )
        .await;
    assert!(
        no_email
            .error(400)
            .message()
            .contains("email or sms_number column")
    );
    api.send(
        Method::POST,
        "/activities/contacts_file_import",
        ct,
        multipart("email\na@example.com", ""),
    )
    .await
    .error(400);
    let ragged = api
        .send(
            Method::POST,
            "/activities/contacts_file_import",
            ct,
            multipart(
                "email,first_name\na@example.com\n\"b@example.com\",\"B, Jr.\"",
                &list,
            ),
        )
        .await;
    let import: ActivityImport = ragged.json(201);
    let done: Activity = api
        .get(&format!("/activities/{}", import.activity_id.unwrap()))
        .await
        .json(200);
    assert_eq!(
        done.activity_errors.unwrap(),
        ["line 2: 1 cells where the header has 2 columns"]
    );
    let b: Contacts = api.get("/contacts?email=b%40example.com").await.json(200);
    assert_eq!(b.contacts.unwrap()[0].first_name.as_deref(), Some("B, Jr."));
}

#[tokio::test]
async fn rate_limits_answer_429_only_when_enabled() {
    let mut cfg = config();
    cfg.v3 = V3Config {
        rate_limit: Some(4),
        ..cfg.v3
    };
    let api = start_with(cfg).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(api.get("/contact_lists").await.status);
    }
    assert_eq!(&statuses[..4], [200, 200, 200, 200]);
    let r = api.get("/contact_lists").await;
    assert_eq!(
        r.body,
        r#"{"error_key":"throttled","error_message":"Too Many Requests"}"#
    );
    assert_eq!(r.status, 429);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(api.get("/contact_lists").await.status, 200);

    let mut cfg = config();
    cfg.v3 = V3Config {
        daily_quota: Some(2),
        ..cfg.v3
    };
    let api = start_with(cfg).await;
    assert_eq!(api.get("/contacts").await.status, 200);
    assert_eq!(api.get("/contacts").await.status, 200);
    let r = api.get("/contacts").await;
    assert_eq!(r.error(429).key(), Some("quota_exceeded"));
    assert!(matches!(ErrorBody::parse(&r.body), Some(ErrorBody::One(_))));

    let api = start().await;
    for _ in 0..20 {
        assert_eq!(
            api.get("/contact_lists").await.status,
            200,
            "off by default"
        );
    }
}

#[tokio::test]
async fn a_changed_address_is_found_and_guarded_under_its_new_name() {
    let api = start().await;
    let body = json!({"email_address": {"address": "old@example.com"}, "create_source": "Account"});
    let c: ContactResource = api.post_json("/contacts", &body).await.json(201);
    let id = c.contact_id.unwrap();
    let put = json!({"email_address": {"address": "New@example.com"}, "update_source": "Account"});
    api.put_json(&format!("/contacts/{id}"), &put)
        .await
        .json::<ContactResource>(200);
    let found: Contacts = api.get("/contacts?email=new%40example.com").await.json(200);
    assert_eq!(
        found.contacts.unwrap()[0].contact_id.as_deref(),
        Some(id.as_str())
    );
    let old_free =
        json!({"email_address": {"address": "old@example.com"}, "create_source": "Account"});
    api.post_json("/contacts", &old_free)
        .await
        .json::<ContactResource>(201);
    let taken =
        json!({"email_address": {"address": "new@EXAMPLE.com"}, "create_source": "Account"});
    api.post_json("/contacts", &taken).await.error(409);
    // Ada's seeded address cannot be taken over by PUT either.
    let grab = json!({"email_address": {"address": "ada@example.com"}, "update_source": "Account"});
    api.put_json(&format!("/contacts/{id}"), &grab)
        .await
        .error(409);
}

#[tokio::test]
async fn csv_lines_past_the_limit_are_reported_not_dropped_silently() {
    let api = start().await;
    let list = first_list_id(&api).await;
    let mut table = ctct_models::form::Table::new(["email"]);
    table.rows = (0..40_001)
        .map(|i| vec![format!("bulk{i}@example.com")])
        .collect();
    // The models refuse to build it (at most 39,999 rows), so it is sent by hand.
    assert!(
        ctct_models::v3::activities::ImportContactsCsv::new(&table)
            .list_ids([&list])
            .to_request()
            .is_err()
    );
    let mut form = ctct_models::form::Form::new();
    form.push_file_as("file", "big.csv", "text/csv", table.to_text());
    form.push("list_ids", list.clone());
    let body = form.into_multipart_body();
    let r = api
        .send(
            Method::POST,
            "/activities/contacts_file_import",
            Some(body.content_type()),
            body.as_bytes().to_vec(),
        )
        .await;
    let import: ActivityImport = r.json(201);
    assert_eq!(
        import.status.as_ref().unwrap().items_total_count,
        Some(40_002)
    );
    let done: Activity = api
        .get(&format!("/activities/{}", import.activity_id.unwrap()))
        .await
        .json(200);
    assert_eq!(
        done.activity_errors.unwrap(),
        ["lines 40001 to 40002 are past the 40000-line limit and were not imported"]
    );
    let status = done.status.unwrap();
    assert_eq!(
        (status.person_count, status.error_count),
        (Some(39_999), Some(2))
    );
    assert_eq!(done.source_file_name.as_deref(), Some("big.csv"));
    let members: ContactList = api
        .get(&format!(
            "/contact_lists/{list}?include_membership_count=all"
        ))
        .await
        .json(200);
    assert_eq!(
        members.membership_count,
        Some(39_999 + 2),
        "plus the two seeded members"
    );
}
