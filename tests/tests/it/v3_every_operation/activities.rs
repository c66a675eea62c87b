//! Bulk Activities (14 operations): the CSV and JSON imports, the activity reports, the
//! export and its download, and the bulk deletes and membership and tagging changes.

use ctct_models::endpoint::{Body, Endpoint as _, Method};
use ctct_models::form::Table;
use ctct_models::v3::activities::{
    ActivityState, ActivityStateFilter, AddListMemberships, AddListMembershipsInput, AddTaggings,
    ContactsDeleteInput, ContactsExportExcludeInput, ContactsExportInput, ContactsJsonImport,
    CustomFieldIdsInput, DeleteContactsBulk, DeleteCustomFieldsBulk, DeleteListsBulk,
    DeleteTagsBulk, DownloadContactsExport, ExportContacts, GetActivities, GetActivity,
    ImportContactsCsv, ImportContactsJson, JsonImportContact, ListActivityAddContactsExcludeInput,
    ListActivityAddContactsSourceInput, ListActivityRemoveContactsSourceInput, ListIdsInput,
    RemoveListMemberships, RemoveListMembershipsInput, RemoveTaggings, SmsPermission,
    TagAddRemoveContactsExcludeInput, TagAddRemoveContactsSourceInput, TagIdsInput, TaggingsInput,
};

use super::{Case, bare, custom, decodes, with_json};

const L1: &str = "07936f78-662a-11eb-af0a-fa163e56c9b0";
const L2: &str = "1d0b3b6e-662a-11eb-af0a-fa163e56c9b0";
const C1: &str = "1618ae62-4752-11e9-9c8a-fa163e6b01c1";
const C2: &str = "2a4e3d2c-4752-11e9-9c8a-fa163e6b01c1";
const T1: &str = "ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1";
const A1: &str = "04fe9a97-a579-43c5-bb1a-58ed29bf0a6a";

fn taggings() -> TaggingsInput {
    let mut source = TagAddRemoveContactsSourceInput::new();
    source.list_ids = vec![L1.into()];
    source.new_subscriber = Some(true);
    let mut t = TaggingsInput::new(source, vec![T1.into()]);
    let mut exclude = TagAddRemoveContactsExcludeInput::new();
    exclude.contact_ids = vec![C2.into()];
    t.exclude = Some(exclude);
    t
}

fn csv_import() -> Case {
    let file = Table::new(["email", "first_name", "cf:Favorite color"])
        .row(["ada@example.com", "Ada", "green"])
        .row(["grace@example.com", "Grace \"Amazing\"", "navy, dark"]);
    let endpoint = ImportContactsCsv::new(&file)
        .list_ids([L1, L2])
        .sms_permission_to_send(SmsPermission::NotSet);
    custom(endpoint, |endpoint| {
        let req = endpoint.to_request().unwrap();
        assert_eq!(req.method(), Method::Post);
        assert_eq!(req.path_and_query(), "/activities/contacts_file_import");
        let body = req.body.as_ref().unwrap();
        let Body::Multipart {
            boundary,
            content_type,
            ..
        } = body
        else {
            panic!("not multipart: {body:?}")
        };
        assert_eq!(req.content_type(), Some(content_type.as_str()));
        assert_eq!(
            *content_type,
            format!("multipart/form-data; boundary={boundary}")
        );
        assert_eq!(
            body.as_text().unwrap(),
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\n\
                 Content-Type: text/csv; charset=UTF-8\r\n\r\n\
                 email,first_name,cf:Favorite color\n\
                 ada@example.com,Ada,green\n\
                 grace@example.com,\"Grace \"\"Amazing\"\"\",\"navy, dark\"\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"list_ids\"\r\n\r\n{L1},{L2}\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"sms_permission_to_send\"\r\n\r\nnot_set\r\n\
                 --{b}--\r\n",
                b = boundary
            )
        );
    })
}

pub fn wire() -> Vec<Case> {
    let mut ada = JsonImportContact::new();
    ada.email = Some("ada@example.com".into());
    ada.first_name = Some("Ada".into());
    ada.birthday_month = Some(12);
    ada.birthday_day = Some(10);
    ada.home_country = Some("UK".into());
    ada.custom_fields
        .insert("cf:Favorite color".into(), "green".into());
    let mut json_import = ContactsJsonImport::new(vec![ada], vec![L1.into()]);
    json_import.sms_permission_to_send = Some(SmsPermission::Explicit);

    let mut export = ContactsExportInput::new();
    export.list_ids = vec![L1.into()];
    export.segment_id = Some(42.into());
    export.fields = vec!["email_address".into(), "first_name".into()];
    export.status = Some("active".into());
    let mut exclude = ContactsExportExcludeInput::new();
    exclude.contact_ids = vec![C1.into()];
    export.exclude = Some(exclude);

    let mut delete = ContactsDeleteInput::new();
    delete.contact_ids = vec![C1.into(), C2.into()];

    let mut remove_source = ListActivityRemoveContactsSourceInput::new();
    remove_source.contact_ids = vec![C1.into()];
    let remove = RemoveListMembershipsInput::new(remove_source, vec![L1.into(), L2.into()]);

    let mut add_source = ListActivityAddContactsSourceInput::new();
    add_source.all_active_contacts = Some(true);
    let mut add = AddListMembershipsInput::new(add_source, vec![L2.into()]);
    let mut add_exclude = ListActivityAddContactsExcludeInput::new();
    add_exclude.contact_ids = vec![C2.into()];
    add.exclude = Some(add_exclude);

    let mut from_segment = ListActivityAddContactsSourceInput::new();
    from_segment.segment_id = Some(7.into());
    from_segment.engagement_level = Some("high".into());

    vec![
        csv_import(),
        with_json(
            ImportContactsJson::new(json_import),
            Method::Post,
            "/activities/contacts_json_import",
            r#"{"import_data":[{"email":"ada@example.com","first_name":"Ada","birthday_month":12,"birthday_day":10,"home country":"UK","cf:Favorite color":"green"}],"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0"],"sms_permission_to_send":"explicit"}"#,
        ),
        bare(GetActivities::new(), Method::Get, "/activities"),
        bare(
            GetActivities::new()
                .limit(500)
                .state(ActivityStateFilter::TimedOut),
            Method::Get,
            "/activities?limit=500&state=timed_out",
        ),
        bare(
            GetActivity::new(A1),
            Method::Get,
            "/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a",
        ),
        with_json(
            ExportContacts::new(export),
            Method::Post,
            "/activities/contact_exports",
            r#"{"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0"],"segment_id":42,"fields":["email_address","first_name"],"status":"active","exclude":{"contact_ids":["1618ae62-4752-11e9-9c8a-fa163e6b01c1"]}}"#,
        ),
        with_json(
            ExportContacts::new(ContactsExportInput::new()),
            Method::Post,
            "/activities/contact_exports",
            "{}",
        ),
        bare(
            DownloadContactsExport::new(A1),
            Method::Get,
            "/contact_exports/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a",
        ),
        with_json(
            DeleteContactsBulk::new(delete),
            Method::Post,
            "/activities/contact_delete",
            r#"{"contact_ids":["1618ae62-4752-11e9-9c8a-fa163e6b01c1","2a4e3d2c-4752-11e9-9c8a-fa163e6b01c1"]}"#,
        ),
        with_json(
            RemoveListMemberships::new(remove),
            Method::Post,
            "/activities/remove_list_memberships",
            r#"{"source":{"contact_ids":["1618ae62-4752-11e9-9c8a-fa163e6b01c1"]},"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0","1d0b3b6e-662a-11eb-af0a-fa163e56c9b0"]}"#,
        ),
        with_json(
            AddListMemberships::new(add),
            Method::Post,
            "/activities/add_list_memberships",
            r#"{"source":{"all_active_contacts":true},"exclude":{"contact_ids":["2a4e3d2c-4752-11e9-9c8a-fa163e6b01c1"]},"list_ids":["1d0b3b6e-662a-11eb-af0a-fa163e56c9b0"]}"#,
        ),
        with_json(
            AddListMemberships::new(AddListMembershipsInput::new(from_segment, vec![L1.into()])),
            Method::Post,
            "/activities/add_list_memberships",
            r#"{"source":{"engagement_level":"high","segment_id":7},"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0"]}"#,
        ),
        with_json(
            DeleteListsBulk::new(ListIdsInput::new(vec![L1.into(), L2.into()])),
            Method::Post,
            "/activities/list_delete",
            r#"{"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0","1d0b3b6e-662a-11eb-af0a-fa163e56c9b0"]}"#,
        ),
        with_json(
            RemoveTaggings::new(taggings()),
            Method::Post,
            "/activities/contacts_taggings_remove",
            r#"{"source":{"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0"],"new_subscriber":true},"exclude":{"contact_ids":["2a4e3d2c-4752-11e9-9c8a-fa163e6b01c1"]},"tag_ids":["ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1"]}"#,
        ),
        with_json(
            AddTaggings::new(taggings()),
            Method::Post,
            "/activities/contacts_taggings_add",
            r#"{"source":{"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0"],"new_subscriber":true},"exclude":{"contact_ids":["2a4e3d2c-4752-11e9-9c8a-fa163e6b01c1"]},"tag_ids":["ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1"]}"#,
        ),
        with_json(
            DeleteTagsBulk::new(TagIdsInput::new(vec![T1.into()])),
            Method::Post,
            "/activities/contacts_tags_delete",
            r#"{"tag_ids":["ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1"]}"#,
        ),
        with_json(
            DeleteCustomFieldsBulk::new(CustomFieldIdsInput::new(vec![
                "1618ae62-4752-11e9-9c8a-fa163e6b0001".into(),
            ])),
            Method::Post,
            "/activities/custom_fields_delete",
            r#"{"custom_field_ids":["1618ae62-4752-11e9-9c8a-fa163e6b0001"]}"#,
        ),
    ]
}

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<ImportContactsCsv>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "created_at":"2026-02-01T09:00:00.000Z","updated_at":"2026-02-01T09:00:00.000Z",
                "source_file_name":"contacts.csv","percent_done":0,"activity_errors":[],
                "status":{"items_total_count":3,"person_count":2,"error_count":0,
                    "correctable_count":0,"cannot_add_to_list_count":0},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.activity_id.unwrap(), *A1);
                assert_eq!(a.state, Some(ActivityState::Initialized));
                assert_eq!(a.source_file_name.as_deref(), Some("contacts.csv"));
                let s = a.status.unwrap();
                assert_eq!((s.items_total_count, s.person_count), (Some(3), Some(2)));
                assert_eq!(
                    a.links.unwrap().self_.unwrap().href.unwrap(),
                    format!("/v3/activities/{A1}")
                );
            },
        ),
        decodes::<ImportContactsJson>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"processing",
                "started_at":"2026-02-01T09:00:01.000Z","percent_done":40,
                "activity_errors":["row 2: email is not an address"],
                "status":{"items_total_count":2,"error_count":1},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.state, Some(ActivityState::Processing));
                assert_eq!(a.percent_done, Some(40));
                assert_eq!(
                    a.activity_errors.unwrap(),
                    ["row 2: email is not an address"]
                );
                assert_eq!(a.status.unwrap().error_count, Some(1));
            },
        ),
        decodes::<GetActivities>(
            200,
            r#"{"activities":[
                  {"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"completed",
                   "completed_at":"2026-02-01T09:00:05.000Z","percent_done":100,
                   "status":{"items_total_count":3,"items_completed_count":3,"person_count":2,
                       "error_count":0,"correctable_count":0,"cannot_add_to_list_count":0,
                       "list_count":1},
                   "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}},
                  {"activity_id":"a2","state":"timed_out","percent_done":10}],
                "_links":{"next":{"href":"/v3/activities?cursor=bGltaXQ9Mg"}}}"#,
            |page| {
                let acts = page.activities.unwrap();
                assert_eq!(acts.len(), 2);
                assert_eq!(acts[0].status.as_ref().unwrap().list_count, Some(1));
                assert_eq!(acts[1].state, Some(ActivityState::TimedOut));
                assert_eq!(
                    page.links.unwrap().next.unwrap().href.as_deref(),
                    Some("/v3/activities?cursor=bGltaXQ9Mg")
                );
            },
        ),
        decodes::<GetActivity>(
            200,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"completed",
                "created_at":"2026-02-01T09:00:00.000Z","started_at":"2026-02-01T09:00:01.000Z",
                "completed_at":"2026-02-01T09:00:05.000Z","percent_done":100,
                "activity_errors":[],
                "status":{"items_total_count":3,"items_completed_count":3,"person_count":2,
                    "error_count":0,"correctable_count":1,"cannot_add_to_list_count":0,"list_count":2},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"},
                    "results":{"href":"/v3/contact_exports/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.state, Some(ActivityState::Completed));
                assert_eq!(
                    a.completed_at.unwrap().to_string(),
                    "2026-02-01T09:00:05.000Z"
                );
                let s = a.status.unwrap();
                assert_eq!((s.correctable_count, s.list_count), (Some(1), Some(2)));
                let links = a.links.unwrap();
                assert_eq!(
                    links.results.unwrap().href.unwrap(),
                    format!("/v3/contact_exports/{A1}")
                );
            },
        ),
        decodes::<ExportContacts>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "created_at":"2026-02-01T09:00:00.000Z","percent_done":0,"activity_errors":[],
                "status":{"items_total_count":0,"items_completed_count":0},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"},
                    "results":{"href":"/v3/contact_exports/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.state.as_deref(), Some("initialized"));
                assert_eq!(a.status.unwrap().items_completed_count, Some(0));
                let links = a.links.unwrap();
                assert_eq!(
                    links.results.unwrap().href.unwrap(),
                    format!("/v3/contact_exports/{A1}")
                );
                assert!(links.self_.is_some());
            },
        ),
        decodes::<DownloadContactsExport>(
            200,
            "email_address,first_name\r\nada@example.com,Ada\r\n",
            |file| {
                assert_eq!(
                    file.text,
                    "email_address,first_name\r\nada@example.com,Ada\r\n"
                )
            },
        ),
        decodes::<DeleteContactsBulk>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "percent_done":0,"activity_errors":[],
                "status":{"items_total_count":2,"items_completed_count":0,"list_count":0},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                let s = a.status.unwrap();
                assert_eq!((s.items_total_count, s.list_count), (Some(2), Some(0)));
                assert!(a.links.unwrap().self_.unwrap().href.is_some());
            },
        ),
        decodes::<RemoveListMemberships>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "started_at":"2026-02-01T09:00:01.000Z","percent_done":0,
                "status":{"items_total_count":1,"items_completed_count":0,"list_count":2},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.status.unwrap().list_count, Some(2));
                assert!(a.started_at.is_some());
            },
        ),
        decodes::<AddListMemberships>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"completed",
                "completed_at":"2026-02-01T09:00:02.000Z","percent_done":100,"activity_errors":[],
                "status":{"items_total_count":3,"items_completed_count":3,"list_count":1},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.state.as_deref(), Some("completed"));
                assert_eq!(a.status.unwrap().items_completed_count, Some(3));
            },
        ),
        decodes::<DeleteListsBulk>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "percent_done":0,"activity_errors":[],"status":{"list_count":2},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.status.unwrap().list_count, Some(2));
                assert_eq!(a.activity_id.unwrap(), *A1);
            },
        ),
        decodes::<RemoveTaggings>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "percent_done":0,"status":{"items_total_count":5,"items_completed_count":0},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| assert_eq!(a.status.unwrap().items_total_count, Some(5)),
        ),
        decodes::<AddTaggings>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"processing",
                "percent_done":50,"activity_errors":["contact c9 is deleted"],
                "status":{"items_total_count":4,"items_completed_count":2},
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"},
                    "results":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a/results"}}}"#,
            |a| {
                assert_eq!(a.percent_done, Some(50));
                assert_eq!(a.activity_errors.unwrap(), ["contact c9 is deleted"]);
                assert!(a.links.unwrap().results.unwrap().href.is_some());
            },
        ),
        decodes::<DeleteTagsBulk>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "created_at":"2026-02-01T09:00:00.000Z","percent_done":0,
                "status":{"items_total_count":1,"items_completed_count":0}}"#,
            |a| {
                assert_eq!(a.state.as_deref(), Some("initialized"));
                assert!(a.created_at.is_some());
            },
        ),
        decodes::<DeleteCustomFieldsBulk>(
            201,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "created_at":"2026-02-01T09:00:00.000Z","percent_done":0,"activity_errors":[],
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.percent_done, Some(0));
                assert_eq!(
                    a.links.unwrap().self_.unwrap().href.unwrap(),
                    format!("/v3/activities/{A1}")
                );
            },
        ),
    ]
}
