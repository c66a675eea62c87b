//! The bulk activities of `/v3/activities/…` other than the imports: tag and untag
//! contacts, add them to and remove them from lists, delete contacts, lists, tags and
//! custom fields, and export contacts to CSV.
//!
//! Each request is checked whole before anything happens (unknown ids are 404s naming the
//! id, conflicting sources 400s), then resolved into a [`Plan`]: one [`Step`] per contact
//! (or list, tag, field) chosen at that moment. The plan runs as an activity like an import
//! does ([`super::store::jobs::Job`]): every request moves it forward, `percent_done` follows the
//! steps done, and the effects are visible as they happen. An export's steps append its
//! rows to a CSV file that `GET /contact_exports/{id}` serves once the activity completes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ctct_models::v3::activities::{Activity, ActivityState};
use ctct_models::v3::activities::{
    ActivityDeleteCustomFields, ActivityDeleteListsResponse, ActivityDeleteStatus,
    ActivityExportStatus, ActivityListsMembership, ActivityTagging, AddListMemberships,
    AddTaggings, DeleteContactsBulk, DeleteCustomFieldsBulk, DeleteListsBulk, DeleteTagsBulk,
    DownloadContactsExport, ExportContacts, RemoveListMemberships, RemoveTaggings,
};
use ctct_models::v3::common::ContactId;
use ctct_models::v3::common::ListId;
use ctct_models::v3::common::SegmentId;
use ctct_models::v3::common::TagId;
use ctct_models::validate::{Validate, WriteKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Ctx;
use super::export;
use super::respond::V3Error;
use super::segments;
use super::store::Store;
use super::store::is_active;
use super::store::jobs::start;
use super::store::plan::{Plan, Step};

/// The error key of a bulk request the service refuses.
const INVALID: &str = "activities.api.validation.error";

/// The activity in the shape of one bulk operation's answer: only the keys that shape has
/// (`names`), nested `status` and `_links` keys as they are.
pub(crate) fn shaped<T: DeserializeOwned>(a: &Activity, names: &[&str]) -> Result<T, V3Error> {
    let server = |e: serde_json::Error| V3Error::many(500, "server.error", e.to_string());
    let mut value = serde_json::to_value(a).map_err(server)?;
    if let Value::Object(map) = &mut value {
        map.retain(|k, _| names.contains(&k.as_str()));
        if let Some(Value::Object(status)) = map.get_mut("status") {
            status.retain(|k, _| {
                ["items_total_count", "items_completed_count", "list_count"].contains(&k.as_str())
            });
        }
    }
    serde_json::from_value(value).map_err(server)
}

fn invalid(message: impl AsRef<str>) -> V3Error {
    V3Error::many(400, INVALID, message)
}

fn validated<T: Validate>(body: &T) -> Result<(), V3Error> {
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))
}

/// Where the contacts of a bulk activity come from; the service takes exactly one source.
#[derive(Default)]
struct Source<'a> {
    contact_ids: &'a [ContactId],
    list_ids: &'a [ListId],
    tag_ids: &'a [TagId],
    all_active: bool,
    segment_id: Option<SegmentId>,
    engagement_level: Option<&'a str>,
    new_subscriber: bool,
}

fn check_lists(store: &Store, ids: &[ListId]) -> Result<Vec<u64>, V3Error> {
    ids.iter()
        .map(|id| {
            store
                .list_seq(id)
                .ok_or_else(|| V3Error::not_found("contact_lists", id))
        })
        .collect()
}

fn check_tags(store: &Store, ids: &[TagId]) -> Result<(), V3Error> {
    match ids.iter().find(|id| store.catalog.tag_seq(id).is_none()) {
        Some(id) => Err(V3Error::not_found("contact_tags", id)),
        None => Ok(()),
    }
}

/// The contacts `source` names, in store order, without `exclude`. `optional`: no source
/// at all means every contact, deleted ones included (exports filter by status).
fn select(
    store: &Store,
    source: &Source<'_>,
    exclude: &[ContactId],
    optional: bool,
) -> Result<Vec<u64>, V3Error> {
    let given = [
        ("contact_ids", !source.contact_ids.is_empty()),
        ("list_ids", !source.list_ids.is_empty()),
        ("tag_ids", !source.tag_ids.is_empty()),
        ("all_active_contacts", source.all_active),
        ("segment_id", source.segment_id.is_some()),
        ("engagement_level", source.engagement_level.is_some()),
        ("new_subscriber", source.new_subscriber),
    ];
    let named: Vec<&str> = given
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
    if named.len() > 1 {
        return Err(invalid(format!(
            "source: {} are mutually exclusive; give one",
            named.join(", ")
        )));
    }
    if named.is_empty() && !optional {
        return Err(invalid(
            "source: give one of contact_ids, list_ids, tag_ids, all_active_contacts or segment_id",
        ));
    }
    if let Some(level) = source.engagement_level {
        return Err(invalid(format!(
            "source.engagement_level {level:?}: engagement levels are not emulated by ctct-sandbox"
        )));
    }
    if source.new_subscriber {
        return Err(invalid(
            "source.new_subscriber: new-subscriber selection is not emulated by ctct-sandbox",
        ));
    }
    let excluded = |seq: &u64| {
        store
            .contacts
            .get(seq)
            .is_some_and(|c| c.contact_id.as_ref().is_some_and(|id| exclude.contains(id)))
    };
    let seqs: Vec<u64> = if !source.contact_ids.is_empty() {
        let mut out = Vec::new();
        for id in source.contact_ids {
            let seq = store
                .contact_seq(id)
                .ok_or_else(|| V3Error::not_found("contacts", id))?;
            if !out.contains(&seq) {
                out.push(seq);
            }
        }
        out
    } else if !source.list_ids.is_empty() {
        check_lists(store, source.list_ids)?;
        store
            .contacts
            .iter()
            .filter(|(_, c)| {
                c.deleted_at.is_none()
                    && c.list_memberships
                        .as_ref()
                        .is_some_and(|m| m.iter().any(|l| source.list_ids.contains(l)))
            })
            .map(|(s, _)| *s)
            .collect()
    } else if !source.tag_ids.is_empty() {
        check_tags(store, source.tag_ids)?;
        store
            .contacts
            .iter()
            .filter(|(_, c)| {
                c.deleted_at.is_none()
                    && c.taggings
                        .as_ref()
                        .is_some_and(|m| m.iter().any(|t| source.tag_ids.contains(t)))
            })
            .map(|(s, _)| *s)
            .collect()
    } else if let Some(id) = source.segment_id {
        let criteria = segments::criteria_of(store, id)?;
        store
            .contacts
            .iter()
            .filter(|(_, c)| c.deleted_at.is_none() && criteria.matches(c))
            .map(|(s, _)| *s)
            .collect()
    } else if source.all_active {
        store
            .contacts
            .iter()
            .filter(|(_, c)| is_active(c))
            .map(|(s, _)| *s)
            .collect()
    } else {
        // No source (exports only): every contact, deleted ones too, for `status`.
        store.contacts.keys().copied().collect()
    };
    Ok(seqs.into_iter().filter(|s| !excluded(s)).collect())
}

fn activity_href(cx: &Ctx<'_>, a: &Activity) -> String {
    format!(
        "{}/v3/activities/{}",
        cx.origin,
        a.activity_id.as_deref().unwrap_or_default()
    )
}

fn created<T: serde::Serialize>(cx: &Ctx<'_>, a: &Activity, body: &T) -> Response {
    super::respond::json_at(201, &activity_href(cx, a), body)
}

fn taggings(
    cx: &mut Ctx<'_>,
    body: ctct_models::v3::activities::TaggingsInput,
    add: bool,
) -> Result<Response, V3Error> {
    validated(&body)?;
    if body.tag_ids.is_empty() {
        return Err(invalid("tag_ids: give 1 to 50 tag ids"));
    }
    let store = &mut cx.store;
    check_tags(store, &body.tag_ids)?;
    let s = &body.source;
    let source = Source {
        contact_ids: &s.contact_ids,
        list_ids: &s.list_ids,
        tag_ids: &s.tag_ids,
        all_active: s.all_active_contacts.unwrap_or(false),
        new_subscriber: s.new_subscriber.unwrap_or(false),
        ..Default::default()
    };
    let exclude = body
        .exclude
        .as_ref()
        .map(|e| e.contact_ids.as_slice())
        .unwrap_or(&[]);
    let seqs = select(store, &source, exclude, false)?;
    let steps = seqs
        .into_iter()
        .map(|s| if add { Step::Tag(s) } else { Step::Untag(s) })
        .collect();
    let plan = Plan {
        tags: body.tag_ids.clone(),
        ..Plan::new(steps)
    };
    let a = start(store, plan, false);
    let shown: ActivityTagging = shaped(&a, ActivityTagging::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `POST /activities/contacts_taggings_add`.
pub(crate) fn add_taggings(cx: &mut Ctx<'_>, req: AddTaggings) -> Result<Response, V3Error> {
    taggings(cx, req.payload, true)
}

/// `POST /activities/contacts_taggings_remove`.
pub(crate) fn remove_taggings(cx: &mut Ctx<'_>, req: RemoveTaggings) -> Result<Response, V3Error> {
    taggings(cx, req.payload, false)
}

/// `POST /activities/add_list_memberships`.
pub(crate) fn add_list_memberships(
    cx: &mut Ctx<'_>,
    req: AddListMemberships,
) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    if body.list_ids.is_empty() {
        return Err(invalid("list_ids: give 1 to 50 target list ids"));
    }
    let store = &mut cx.store;
    check_lists(store, &body.list_ids)?;
    let s = &body.source;
    let source = Source {
        contact_ids: &s.contact_ids,
        list_ids: &s.list_ids,
        tag_ids: &s.tag_ids,
        all_active: s.all_active_contacts.unwrap_or(false),
        segment_id: s.segment_id,
        engagement_level: s.engagement_level.as_deref(),
        ..Default::default()
    };
    let exclude = body.exclude.as_ref().map(|e| e.contact_ids.as_slice());
    let seqs = select(store, &source, exclude.unwrap_or(&[]), false)?;
    membership_activity(cx, &body.list_ids, seqs, Step::AddLists)
}

/// Starts the activity that adds the selected contacts to `lists` or removes them (`step`),
/// and answers with its membership shape: the two membership operations differ only there.
fn membership_activity(
    cx: &mut Ctx<'_>,
    lists: &[ListId],
    seqs: Vec<u64>,
    step: fn(u64) -> Step,
) -> Result<Response, V3Error> {
    let plan = Plan {
        lists: lists.to_vec(),
        ..Plan::new(seqs.into_iter().map(step).collect())
    };
    let a = start(&mut cx.store, plan, false);
    let shown: ActivityListsMembership = shaped(&a, ActivityListsMembership::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `POST /activities/remove_list_memberships`.
pub(crate) fn remove_list_memberships(
    cx: &mut Ctx<'_>,
    req: RemoveListMemberships,
) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    if body.list_ids.is_empty() {
        return Err(invalid("list_ids: give 1 to 50 target list ids"));
    }
    let store = &mut cx.store;
    check_lists(store, &body.list_ids)?;
    let s = &body.source;
    let source = Source {
        contact_ids: &s.contact_ids,
        list_ids: &s.list_ids,
        tag_ids: &s.tag_ids,
        all_active: s.all_active_contacts.unwrap_or(false),
        engagement_level: s.engagement_level.as_deref(),
        ..Default::default()
    };
    let exclude = body.exclude.as_ref().map(|e| e.contact_ids.as_slice());
    let seqs = select(store, &source, exclude.unwrap_or(&[]), false)?;
    membership_activity(cx, &body.list_ids, seqs, Step::RemoveLists)
}

/// `POST /activities/contact_delete`: contacts by id (up to 500) or every member of up to
/// 50 lists; one of the two.
pub(crate) fn delete_contacts(
    cx: &mut Ctx<'_>,
    req: DeleteContactsBulk,
) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    let store = &mut cx.store;
    let source = Source {
        contact_ids: &body.contact_ids,
        list_ids: &body.list_ids,
        ..Default::default()
    };
    if body.contact_ids.is_empty() && body.list_ids.is_empty() {
        return Err(invalid("give contact_ids or list_ids"));
    }
    let seqs = select(store, &source, &[], false)?;
    let plan = Plan {
        lists: body.list_ids.clone(),
        ..Plan::new(seqs.into_iter().map(Step::DeleteContact).collect())
    };
    let a = start(store, plan, false);
    let shown: ActivityDeleteStatus = shaped(&a, ActivityDeleteStatus::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `POST /activities/list_delete`.
pub(crate) fn delete_lists(cx: &mut Ctx<'_>, req: DeleteListsBulk) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    if body.list_ids.is_empty() {
        return Err(invalid("list_ids: give 1 to 100 list ids"));
    }
    let store = &mut cx.store;
    let mut seqs = check_lists(store, &body.list_ids)?;
    seqs.dedup();
    let plan = Plan {
        lists: body.list_ids.clone(),
        ..Plan::new(seqs.into_iter().map(Step::DeleteList).collect())
    };
    let a = start(store, plan, false);
    let shown: ActivityDeleteListsResponse = shaped(&a, ActivityDeleteListsResponse::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `POST /activities/contacts_tags_delete`: the tags disappear at once, their taggings as
/// the activity runs.
pub(crate) fn delete_tags(cx: &mut Ctx<'_>, req: DeleteTagsBulk) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    if body.tag_ids.is_empty() {
        return Err(invalid("tag_ids: give 1 to 500 tag ids"));
    }
    let store = &mut cx.store;
    check_tags(store, &body.tag_ids)?;
    let mut ids = body.tag_ids.clone();
    ids.dedup();
    for id in &ids {
        store.catalog.remove_tag(id);
    }
    let a = start(
        store,
        Plan::new(ids.into_iter().map(Step::DeleteTag).collect()),
        false,
    );
    let shown: ActivityTagging = shaped(&a, ActivityTagging::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `POST /activities/custom_fields_delete`.
pub(crate) fn delete_custom_fields(
    cx: &mut Ctx<'_>,
    req: DeleteCustomFieldsBulk,
) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    if body.custom_field_ids.is_empty() {
        return Err(invalid("custom_field_ids: give 1 to 100 custom field ids"));
    }
    let store = &mut cx.store;
    if let Some(id) = body
        .custom_field_ids
        .iter()
        .find(|id| store.catalog.field_seq(id).is_none())
    {
        return Err(V3Error::not_found("contact_custom_fields", id));
    }
    let mut ids = body.custom_field_ids.clone();
    ids.dedup();
    let a = start(
        store,
        Plan::new(ids.into_iter().map(Step::DeleteField).collect()),
        false,
    );
    let shown: ActivityDeleteCustomFields = shaped(&a, ActivityDeleteCustomFields::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `POST /activities/contact_exports`.
pub(crate) fn export_contacts(cx: &mut Ctx<'_>, req: ExportContacts) -> Result<Response, V3Error> {
    let body = req.payload;
    validated(&body)?;
    let store = &mut cx.store;
    let columns = export::columns(&store.catalog, &body.fields)?;
    let status = body.status.as_deref();
    if let Some(s) = status {
        export::check_status(s)?;
        if !body.tag_ids.is_empty() || body.segment_id.is_some() {
            return Err(invalid(
                "status can be combined only with contact_ids or list_ids",
            ));
        }
    }
    check_tags(store, &body.tag_ids)?;
    let source = Source {
        contact_ids: &body.contact_ids,
        list_ids: &body.list_ids,
        tag_ids: &body.tag_ids,
        segment_id: body.segment_id,
        new_subscriber: body.new_subscriber.unwrap_or(false),
        ..Default::default()
    };
    let exclude = body
        .exclude
        .as_ref()
        .map(|e| e.contact_ids.as_slice())
        .unwrap_or(&[]);
    let seqs: Vec<u64> = select(store, &source, exclude, true)?
        .into_iter()
        .filter(|s| {
            store.contacts.get(s).is_some_and(|c| match status {
                Some(st) => export::status_matches(c, st),
                None => c.deleted_at.is_none(),
            })
        })
        .collect();
    let plan = Plan {
        columns,
        ..Plan::new(seqs.into_iter().map(Step::Export).collect())
    };
    let a = start(store, plan, true);
    let shown: ActivityExportStatus = shaped(&a, ActivityExportStatus::FIELD_NAMES)?;
    Ok(created(cx, &a, &shown))
}

/// `GET /contact_exports/{file_export_id}`: the CSV of a completed export; 404 for an
/// unknown id or an export still running.
pub(crate) fn download(cx: &mut Ctx<'_>, req: DownloadContactsExport) -> Result<Response, V3Error> {
    let id = &req.file_export_id;
    let store = &cx.store;
    let (Some(file), Some(activity)) = (store.catalog.exports.get(id), store.activity(id)) else {
        return Err(V3Error::not_found("contact_exports", id));
    };
    if activity.state != Some(ActivityState::Completed) {
        return Err(V3Error::many(
            404,
            "contact_exports.api.not_found",
            format!(
                "the file of export {id:?} is not ready: the activity is {}% done",
                activity.percent_done.unwrap_or(0)
            ),
        ));
    }
    let mut r = (StatusCode::OK, file.clone()).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{id}.csv\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctct_models::v3::activities::ActivityStatus;

    #[test]
    fn shaped_keeps_only_the_keys_of_the_shape() {
        let a = Activity {
            activity_id: Some("a".into()),
            source_file_name: Some("x.csv".into()),
            status: Some(ActivityStatus {
                items_total_count: Some(3),
                person_count: Some(2),
                ..Default::default()
            }),
            ..Default::default()
        };
        let t: ActivityTagging = shaped(&a, ActivityTagging::FIELD_NAMES).unwrap();
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"activity_id": "a", "status": {"items_total_count": 3}})
        );
    }
}
