//! `/v3/contact_tags`: list (cursor paging, `include_count`), create (409 on a name already
//! used, compared without case), read, rename, and the asynchronous delete (202 with the
//! activity that strips the tag from every contact carrying it).
//!
//! A tag's `contacts_count` is computed from the contacts' `taggings` when asked for, so it
//! always agrees with `GET /contacts?tags=…`.

use axum::response::Response;
use ctct_models::v3::contact_tags::{
    CreateTag, DeleteTag, GetTag, GetTags, PutTag, Tag, TagDeleteActivity, Tags, TagsLinks,
    TagsPagingLinks,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::bulk;
use super::paging::{PageQuery, page};
use super::respond::{V3Error, json};
use super::store::plan::{Plan, Step};
use super::store::{Store, now};

/// The error key of a tag request the service refuses.
const INVALID: &str = "contact_tags.api.validation.error";

/// How many contacts (not deleted) carry tag `id`.
pub(crate) fn contacts_count(store: &Store, id: &str) -> i64 {
    let n = store
        .contacts
        .values()
        .filter(|c| {
            c.deleted_at.is_none()
                && c.taggings
                    .as_ref()
                    .is_some_and(|t| t.iter().any(|x| x == id))
        })
        .count();
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn shown(store: &Store, tag: &Tag, count: bool) -> Tag {
    let mut t = tag.clone();
    t.contacts_count = match (count, &t.tag_id) {
        (true, Some(id)) => Some(contacts_count(store, id)),
        _ => None,
    };
    t
}

fn find<'s>(store: &'s Store, id: &str) -> Result<&'s Tag, V3Error> {
    store
        .catalog
        .tag_seq(id)
        .and_then(|seq| store.catalog.tags.get(&seq))
        .ok_or_else(|| V3Error::not_found("contact_tags", id))
}

fn name_taken(store: &Store, name: &str, except: Option<&str>) -> Result<(), V3Error> {
    match store.catalog.tag_by_name(name) {
        Some(seq)
            if store
                .catalog
                .tags
                .get(&seq)
                .and_then(|t| t.tag_id.as_deref())
                != except =>
        {
            Err(V3Error::conflict(
                "contact_tags.api.conflict",
                format!("a tag named {name:?} already exists"),
            ))
        }
        _ => Ok(()),
    }
}

fn check_name(name: &str) -> Result<(), V3Error> {
    if name.trim().is_empty() {
        return Err(V3Error::many(400, INVALID, "name must not be empty"));
    }
    Ok(())
}

/// `GET /contact_tags`.
pub(crate) fn list(cx: &mut Ctx<'_>, first: GetTags) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = q.limit(500)?;
    let count = if q.after.is_some() {
        q.flag("include_count")?
    } else {
        first.include_count.unwrap_or(false)
    };
    let store = &cx.store;
    let (tags, next) = page(
        &q,
        "contact_tags",
        store
            .catalog
            .tags
            .iter()
            .map(|(seq, t)| (*seq, shown(store, t, count))),
        limit,
    );
    Ok(json(
        200,
        &Tags {
            tags: Some(tags),
            links: next.map(|href| TagsPagingLinks {
                next: Some(TagsLinks {
                    href: Some(href),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
}

/// `POST /contact_tags`.
pub(crate) fn create(cx: &mut Ctx<'_>, req: CreateTag) -> Result<Response, V3Error> {
    let body = req.payload;
    body.validate(WriteKind::Create)
        .map_err(|e| V3Error::many(400, INVALID, e.to_string()))?;
    check_name(&body.name)?;
    let store = &mut cx.store;
    name_taken(store, &body.name, None)?;
    let at = now();
    let tag = Tag {
        tag_id: Some(store.uuid()),
        name: Some(body.name.trim().to_owned()),
        tag_source: body.tag_source.or_else(|| Some("API".to_owned())),
        created_at: Some(at),
        updated_at: Some(at),
        ..Default::default()
    };
    store.catalog.insert_tag(tag.clone());
    Ok(json(201, &tag))
}

/// `GET /contact_tags/{tag_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>, req: GetTag) -> Result<Response, V3Error> {
    let store = &cx.store;
    let tag = find(store, &req.tag_id)?;
    Ok(json(
        200,
        &shown(store, tag, req.include_count.unwrap_or(false)),
    ))
}

/// `PUT /contact_tags/{tag_id}`: renames the tag.
pub(crate) fn put(cx: &mut Ctx<'_>, req: PutTag) -> Result<Response, V3Error> {
    let body = req.payload;
    body.validate(WriteKind::Update)
        .map_err(|e| V3Error::many(400, INVALID, e.to_string()))?;
    check_name(&body.name)?;
    let store = &mut cx.store;
    find(store, &req.tag_id)?;
    name_taken(store, &body.name, Some(&req.tag_id))?;
    let seq = store
        .catalog
        .tag_seq(&req.tag_id)
        .ok_or_else(|| V3Error::not_found("contact_tags", &req.tag_id))?;
    let tag = store
        .catalog
        .tags
        .get_mut(&seq)
        .ok_or_else(|| V3Error::not_found("contact_tags", &req.tag_id))?;
    tag.name = Some(body.name.trim().to_owned());
    tag.updated_at = Some(now());
    let tag = tag.clone();
    Ok(json(200, &tag))
}

/// `DELETE /contact_tags/{tag_id}`: the tag is gone at once; the 202's activity removes
/// its taggings from contacts in the background.
pub(crate) fn delete(cx: &mut Ctx<'_>, req: DeleteTag) -> Result<Response, V3Error> {
    let store = &mut cx.store;
    find(store, &req.tag_id)?;
    let plan = Plan::new(vec![Step::DeleteTag(req.tag_id.clone())]);
    let activity = super::store::jobs::start(store, plan, false);
    store.catalog.remove_tag(&req.tag_id);
    let body: TagDeleteActivity = bulk::shaped(&activity, TagDeleteActivity::FIELD_NAMES)?;
    Ok(json(202, &body))
}
