//! `/v3/contact_lists`: list (filters, counts, cursor paging), create (409 on a used name),
//! read, replace, and the asynchronous delete (202 + `Location` + the `list_delete`
//! activity, `docs/v3/lists.md#endpoints`).

use axum::response::Response;
use ctct_models::v3::contact_lists::{ContactList, ContactLists, ListInput};

use super::paging::{PageQuery, page};
use super::respond::{V3Error, json, json_at};
use super::store::jobs::Job;
use super::store::{Store, now};
use super::{Ctx, read_json};

fn membership_filter(q: &PageQuery) -> Result<Option<bool>, V3Error> {
    match q.get("include_membership_count") {
        None => Ok(None),
        Some("all") => Ok(Some(false)),
        Some("active") => Ok(Some(true)),
        Some(v) => Err(V3Error::bad_request(format!(
            "include_membership_count {v:?} is not all or active"
        ))),
    }
}

fn shown(store: &Store, list: &ContactList, count: Option<bool>) -> ContactList {
    let mut l = list.clone();
    l.membership_count = match (count, &l.list_id) {
        (Some(active), Some(id)) => Some(store.membership_count(id, active)),
        _ => None,
    };
    l
}

/// `GET /contact_lists`.
pub(crate) fn list(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = q.limit(1000)?;
    let count = q.flag("include_count")?;
    let members = membership_filter(&q)?;
    let status = q.get("status").unwrap_or("active");
    if !["all", "active", "deleted"].contains(&status) {
        return Err(V3Error::bad_request(format!(
            "status {status:?} is not all, active or deleted"
        )));
    }
    let name = q.get("name");
    // Every list of this account is an email list (it has no SMS lists); the SMS member
    // count only applies to SMS lists, so it adds nothing here.
    let email_lists = match q.get("channel_type").unwrap_or("email") {
        "email" => true,
        "sms" => false,
        other => {
            return Err(V3Error::bad_request(format!(
                "channel_type {other:?} is not email or sms"
            )));
        }
    };
    q.flag("include_sms_membership_count")?;
    let store = &cx.store;
    let matches = |l: &ContactList| {
        email_lists
            && (match status {
                "all" => true,
                "deleted" => l.deleted_at.is_some(),
                _ => l.deleted_at.is_none(),
            })
            && name.is_none_or(|n| l.name.as_deref() == Some(n))
    };
    let total = count.then(|| store.lists.values().filter(|l| matches(l)).count());
    let (lists, next) = page(
        &q,
        "contact_lists",
        store
            .lists
            .iter()
            .filter(|(_, l)| matches(l))
            .map(|(seq, l)| (*seq, shown(store, l, members))),
        limit,
    );
    Ok(json(
        200,
        &ContactLists {
            lists: Some(lists),
            lists_count: total.map(|n| i64::try_from(n).unwrap_or(i64::MAX)),
            links: super::paging::next_links(next),
            ..Default::default()
        },
    ))
}

fn validated(cx: &mut Ctx<'_>) -> Result<ListInput, V3Error> {
    let (body, _): (ListInput, _) = read_json(cx)?;
    ctct_models::validate::Validate::validate(&body, ctct_models::validate::WriteKind::Create)
        .map_err(|e| V3Error::many(400, "contact_lists.api.validation.error", e.to_string()))?;
    Ok(body)
}

fn name_taken(store: &Store, name: &str, except: Option<u64>) -> Result<(), V3Error> {
    match store.list_by_name(name) {
        Some(seq) if Some(seq) != except => Err(V3Error::conflict(
            "contact_lists.api.conflict",
            format!("a list named {name:?} already exists"),
        )),
        _ => Ok(()),
    }
}

/// `POST /contact_lists`.
pub(crate) fn create(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let body = validated(cx)?;
    let store = &mut cx.store;
    name_taken(store, &body.name, None)?;
    let at = now();
    let list = ContactList {
        list_id: Some(store.uuid()),
        name: Some(body.name),
        description: body.description,
        favorite: Some(body.favorite.unwrap_or(false)),
        created_at: Some(at),
        updated_at: Some(at),
        ..Default::default()
    };
    store.insert_list(list.clone());
    Ok(json(201, &list))
}

fn seq(store: &Store, id: &str) -> Result<u64, V3Error> {
    store
        .list_seq(id)
        .ok_or_else(|| V3Error::not_found("contact_lists", id))
}

/// `GET /contact_lists/{list_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let members = membership_filter(&q)?;
    let store = &cx.store;
    let s = seq(store, &cx.params[0])?;
    let list = store
        .lists
        .get(&s)
        .ok_or_else(|| V3Error::not_found("contact_lists", &cx.params[0]))?;
    Ok(json(200, &shown(store, list, members)))
}

/// `PUT /contact_lists/{list_id}`.
pub(crate) fn put(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let body = validated(cx)?;
    let id = cx.params[0].clone();
    let store = &mut cx.store;
    let s = seq(store, &id)?;
    name_taken(store, &body.name, Some(s))?;
    let list = store
        .lists
        .get_mut(&s)
        .ok_or_else(|| V3Error::not_found("contact_lists", &id))?;
    list.name = Some(body.name);
    list.description = body.description;
    list.favorite = Some(body.favorite.unwrap_or(false));
    list.updated_at = Some(now());
    Ok(json(200, &*list))
}

/// `DELETE /contact_lists/{list_id}`: 202, `Location` of the activity, the activity.
pub(crate) fn delete(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let id = cx.params[0].clone();
    let origin = cx.origin.clone();
    let store = &mut cx.store;
    let s = seq(store, &id)?;
    let job = Job::list_delete(store, s);
    let a = job.activity.clone();
    store.insert_job(job);
    // The 202 is the activity without counts (the contract's list-delete shape).
    let activity = ctct_models::v3::activities::ListDeleteActivity {
        activity_id: a.activity_id,
        state: a.state,
        created_at: a.created_at,
        updated_at: a.updated_at,
        percent_done: a.percent_done,
        activity_errors: a.activity_errors,
        links: a
            .links
            .map(|l| ctct_models::v3::activities::ActivitySelfLink {
                self_: l.self_,
                ..Default::default()
            }),
        ..Default::default()
    };
    let location = format!(
        "{origin}/v3/activities/{}",
        activity.activity_id.as_deref().unwrap_or_default()
    );
    Ok(json_at(202, &location, &activity))
}
