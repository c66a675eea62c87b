//! Bulk Activities over HTTP: each answers 201 with the activity to poll, is polled until
//! done, and then shows in what contacts, lists, tags and custom fields read back; the
//! imports add contacts to lists, the export's file holds them.

use ctct_models::endpoint::EndpointSpec;
use ctct_models::form::Table;
use ctct_models::v3::activities::{
    self, ActivityState, ActivityStateFilter, AddListMemberships, AddListMembershipsInput,
    AddTaggings, ContactsDeleteInput, ContactsExportInput, ContactsJsonImport, CustomFieldIdsInput,
    DeleteContactsBulk, DeleteCustomFieldsBulk, DeleteListsBulk, DeleteTagsBulk,
    DownloadContactsExport, ExportContacts, GetActivities, ImportContactsCsv, ImportContactsJson,
    JsonImportContact, ListActivityAddContactsSourceInput, ListActivityRemoveContactsSourceInput,
    ListIdsInput, RemoveListMemberships, RemoveListMembershipsInput, RemoveTaggings,
    TagAddRemoveContactsSourceInput, TagIdsInput, TaggingsInput,
};
use ctct_models::v3::common::{ContactId, TagId};
use ctct_models::v3::contact_lists::{CreateList, GetList, ListInput};
use ctct_models::v3::contact_tags::{CreateTag, GetTag, TagPostInput};
use ctct_models::v3::contacts::{ContactInclude, ContactStatusFilter, GetContacts};
use ctct_models::v3::custom_fields::{CreateCustomField, CustomFieldPostInput, GetCustomField};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &activities::IMPORT_CONTACTS_CSV,
    &activities::IMPORT_CONTACTS_JSON,
    &activities::GET_ACTIVITIES,
    &activities::GET_ACTIVITY,
    &activities::EXPORT_CONTACTS,
    &activities::DOWNLOAD_CONTACTS_EXPORT,
    &activities::DELETE_CONTACTS_BULK,
    &activities::REMOVE_LIST_MEMBERSHIPS,
    &activities::ADD_LIST_MEMBERSHIPS,
    &activities::DELETE_LISTS_BULK,
    &activities::REMOVE_TAGGINGS,
    &activities::ADD_TAGGINGS,
    &activities::DELETE_TAGS_BULK,
    &activities::DELETE_CUSTOM_FIELDS_BULK,
];

/// What [`imports_activities_and_export`] covers.
const IMPORTS: &[&EndpointSpec] = &[
    &activities::IMPORT_CONTACTS_CSV,
    &activities::IMPORT_CONTACTS_JSON,
    &activities::GET_ACTIVITIES,
    &activities::GET_ACTIVITY,
    &activities::EXPORT_CONTACTS,
    &activities::DOWNLOAD_CONTACTS_EXPORT,
];

/// What [`bulk_changes`] covers.
const BULK: &[&EndpointSpec] = &[
    &activities::DELETE_CONTACTS_BULK,
    &activities::REMOVE_LIST_MEMBERSHIPS,
    &activities::ADD_LIST_MEMBERSHIPS,
    &activities::DELETE_LISTS_BULK,
    &activities::REMOVE_TAGGINGS,
    &activities::ADD_TAGGINGS,
    &activities::DELETE_TAGS_BULK,
    &activities::DELETE_CUSTOM_FIELDS_BULK,
];

#[test]
fn the_two_tests_cover_every_bulk_operation() {
    let mut covered: Vec<&str> = IMPORTS.iter().chain(BULK).map(|s| s.name).collect();
    let mut declared: Vec<&str> = OPS.iter().map(|s| s.name).collect();
    covered.sort_unstable();
    declared.sort_unstable();
    assert_eq!(covered, declared);
}

/// The first names of the active contacts on `list`, in order.
async fn on_list(ops: &Ops, list: &ctct_models::v3::common::ListId) -> Vec<String> {
    ops.ok(GetContacts::new().lists([list.clone()]), 200)
        .await
        .contacts
        .unwrap()
        .into_iter()
        .map(|c| c.first_name.unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn imports_activities_and_export() {
    let ops = Ops::start().await;
    let lists = ops.list_ids().await;

    let file = Table::new(["email", "first_name"])
        .row(["kim@example.com", "Kim"])
        .row(["lee@example.com", "Lee"]);
    let csv = ops
        .ok(
            ImportContactsCsv::new(&file).list_ids([lists[1].clone()]),
            201,
        )
        .await;
    assert_eq!(csv.source_file_name.as_deref(), Some("contacts.csv"));
    let csv_id = csv.activity_id.unwrap();
    let done = ops.finished(&csv_id).await;
    assert_eq!(done.status.unwrap().person_count, Some(2));
    assert_eq!(on_list(&ops, &lists[1]).await, ["Grace", "Kim", "Lee"]);

    let mut pat = JsonImportContact::new();
    pat.email = Some("pat@example.com".into());
    pat.first_name = Some("Pat".into());
    let json = ops
        .ok(
            ImportContactsJson::new(ContactsJsonImport::new(vec![pat], vec![lists[0].clone()])),
            201,
        )
        .await;
    let json_id = json.activity_id.unwrap();
    ops.finished(&json_id).await;
    assert_eq!(on_list(&ops, &lists[0]).await, ["Ada", "Grace", "Pat"]);

    let listed = ops
        .ok(
            GetActivities::new().state(ActivityStateFilter::Completed),
            200,
        )
        .await
        .activities
        .unwrap();
    for id in [&csv_id, &json_id] {
        assert!(
            listed
                .iter()
                .any(|a| a.activity_id.as_ref() == Some(id)
                    && a.state == Some(ActivityState::Completed)),
            "{id} in {listed:?}"
        );
    }
    let page = ops.ok(GetActivities::new().limit(1), 200).await;
    assert_eq!(page.activities.unwrap().len(), 1);
    assert!(page.links.unwrap().next.is_some());

    let mut export = ContactsExportInput::new();
    export.list_ids = vec![lists[1].clone()];
    export.fields = vec!["email_address".into(), "first_name".into()];
    let started = ops.ok(ExportContacts::new(export), 201).await;
    let export_id = started.activity_id.unwrap();
    let results = started.links.unwrap().results.unwrap().href.unwrap();
    assert_eq!(results, format!("/v3/contact_exports/{export_id}"));
    ops.finished(&export_id).await;
    let file = ops
        .ok(DownloadContactsExport::new(export_id.as_str()), 200)
        .await;
    assert_eq!(
        file.text,
        "email_address,first_name\r\n\
         grace@example.com,Grace\r\n\
         kim@example.com,Kim\r\n\
         lee@example.com,Lee\r\n"
    );

    ops.covered(IMPORTS);
}

fn taggings(contacts: &[ContactId], tag: &TagId) -> TaggingsInput {
    let mut source = TagAddRemoveContactsSourceInput::new();
    source.contact_ids = contacts.to_vec();
    TaggingsInput::new(source, vec![tag.clone()])
}

#[tokio::test]
async fn bulk_changes() {
    let ops = Ops::start().await;
    let ids = ops.contact_ids().await;
    let (owner, ada, grace) = (&ids[0], &ids[1], &ids[2]);
    let lists = ops.list_ids().await;

    // Tag Ada and Grace, then untag Grace.
    let vip = ops
        .ok(CreateTag::new(TagPostInput::new("VIP".into())), 201)
        .await
        .tag_id
        .unwrap();
    let a = ops
        .ok(
            AddTaggings::new(taggings(&[ada.clone(), grace.clone()], &vip)),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    assert_eq!(ops.contact(ada).await.taggings, Some(vec![vip.clone()]));
    assert_eq!(ops.contact(grace).await.taggings, Some(vec![vip.clone()]));
    let a = ops
        .ok(
            RemoveTaggings::new(taggings(std::slice::from_ref(grace), &vip)),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    assert_eq!(ops.contact(grace).await.taggings, Some(vec![]));
    assert_eq!(ops.contact(ada).await.taggings, Some(vec![vip.clone()]));

    // Deleting the tag in bulk takes it off Ada too.
    let a = ops
        .ok(
            DeleteTagsBulk::new(TagIdsInput::new(vec![vip.clone()])),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    ops.refused(GetTag::new(&vip), 404).await;
    assert_eq!(ops.contact(ada).await.taggings, Some(vec![]));

    // Add the owner to the Newsletter, then take Grace off both lists.
    let mut source = ListActivityAddContactsSourceInput::new();
    source.contact_ids = vec![owner.clone()];
    let a = ops
        .ok(
            AddListMemberships::new(AddListMembershipsInput::new(source, vec![lists[1].clone()])),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    assert_eq!(
        ops.contact(owner).await.list_memberships,
        Some(vec![lists[1].clone()])
    );
    let mut source = ListActivityRemoveContactsSourceInput::new();
    source.contact_ids = vec![grace.clone()];
    let a = ops
        .ok(
            RemoveListMemberships::new(RemoveListMembershipsInput::new(source, lists.clone())),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    assert_eq!(ops.contact(grace).await.list_memberships, Some(vec![]));
    assert_eq!(on_list(&ops, &lists[1]).await, ["Joe"]);

    // Delete a new list in bulk: gone, and the contacts on it are on it no more.
    let spare = ops
        .ok(CreateList::new(ListInput::new("Spare".into())), 201)
        .await
        .list_id
        .unwrap();
    let mut source = ListActivityAddContactsSourceInput::new();
    source.contact_ids = vec![ada.clone()];
    let a = ops
        .ok(
            AddListMemberships::new(AddListMembershipsInput::new(source, vec![spare.clone()])),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    let a = ops
        .ok(
            DeleteListsBulk::new(ListIdsInput::new(vec![spare.clone()])),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    ops.refused(GetList::new(&spare), 404).await;
    assert_eq!(
        ops.contact(ada).await.list_memberships,
        Some(vec![lists[0].clone()])
    );

    // Delete a custom field in bulk.
    let mut field = CustomFieldPostInput::new();
    field.label = Some("Color".into());
    field.type_ = Some("string".into());
    let field = ops
        .ok(CreateCustomField::new(field), 201)
        .await
        .custom_field_id
        .unwrap();
    let a = ops
        .ok(
            DeleteCustomFieldsBulk::new(CustomFieldIdsInput::new(vec![field.clone()])),
            201,
        )
        .await;
    ops.finished(&a.activity_id.unwrap()).await;
    ops.refused(GetCustomField::new(&field), 404).await;

    // Delete Grace in bulk: gone from the active contacts, listed as deleted.
    let mut delete = ContactsDeleteInput::new();
    delete.contact_ids = vec![grace.clone()];
    let a = ops.ok(DeleteContactsBulk::new(delete), 201).await;
    ops.finished(&a.activity_id.unwrap()).await;
    assert_eq!(ops.contact_ids().await, [owner.clone(), ada.clone()]);
    let deleted = ops
        .ok(
            GetContacts::new()
                .status([ContactStatusFilter::Deleted])
                .include([ContactInclude::ListMemberships]),
            200,
        )
        .await
        .contacts
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].contact_id.as_ref(), Some(grace));
    assert!(ops.contact(grace).await.deleted_at.is_some());

    ops.covered(BULK);
}
