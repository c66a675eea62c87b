//! `/v3/segments`: saved contact queries. List (no criteria; `sort_by=name` ascending or
//! `date` newest first; deleted ones left out), create (201; 409 on a name in use; 400 when
//! the criteria are not JSON or use what the sandbox does not evaluate), read (deleted
//! segments too, as on the service), replace, rename (PATCH), delete (204).
//!
//! The criteria are evaluated by [`super::criteria`] wherever a segment selects contacts:
//! `GET /contacts?segment_id=…`, exports and list-membership activities.

use axum::response::Response;
use ctct_models::v3::common::Href;
use ctct_models::v3::common::SegmentId;
use ctct_models::v3::segments::{
    CreateSegment, DeleteSegment, GetSegment, GetSegments, PutSegment, RenameSegment,
    SegmentDataInput, SegmentDetail, SegmentSummary, Segments, SegmentsLinks,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::criteria::{self, Criteria};
use super::paging::{PageQuery, page};
use super::respond::{V3Error, json, no_content};
use super::store::{Store, now};

const INVALID: &str = "segments.api.validation.error";

fn invalid(message: impl AsRef<str>) -> V3Error {
    V3Error::many(400, INVALID, message)
}

/// A segment id from a path or query: an integer, or a 400 naming the value.
pub(crate) fn parse_id(text: &str) -> Result<SegmentId, V3Error> {
    text.parse()
        .map_err(|_| invalid(format!("segment_id {text:?} is not an integer")))
}

/// The criteria of live segment `id`, ready to evaluate; 404 when there is none.
pub(crate) fn criteria_of(store: &Store, id: SegmentId) -> Result<Criteria, V3Error> {
    let record = store
        .catalog
        .segment(id)
        .filter(|s| !s.deleted)
        .ok_or_else(|| V3Error::not_found("segments", &id.to_string()))?;
    let text = record.detail.segment_criteria.as_deref().unwrap_or("");
    criteria::parse(text).map_err(invalid)
}

fn checked(body: &SegmentDataInput) -> Result<(), V3Error> {
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    if body.name.trim().is_empty() {
        return Err(invalid("name must not be empty"));
    }
    criteria::parse(&body.segment_criteria).map_err(invalid)?;
    Ok(())
}

fn name_free(store: &Store, name: &str, except: Option<SegmentId>) -> Result<(), V3Error> {
    if store.catalog.segment_named(name, except) {
        return Err(V3Error::conflict(
            "segments.api.conflict",
            format!("a segment named {name:?} already exists"),
        ));
    }
    Ok(())
}

/// `GET /segments`.
pub(crate) fn list(cx: &mut Ctx<'_>, _first: GetSegments) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = match q.get("limit") {
        None => 1000,
        Some(_) => q.limit(1000)?,
    };
    let sort = q.get("sort_by").unwrap_or("date");
    let mut items: Vec<SegmentSummary> = cx
        .store
        .catalog
        .segments
        .values()
        .filter(|s| !s.deleted)
        .map(|s| SegmentSummary {
            name: s.detail.name.clone(),
            segment_id: s.detail.segment_id,
            created_at: s.detail.created_at,
            edited_at: s.detail.edited_at,
            ..Default::default()
        })
        .collect();
    match sort {
        "name" => items.sort_by(|a, b| a.name.cmp(&b.name)),
        "date" => items.sort_by(|a, b| {
            b.edited_at
                .cmp(&a.edited_at)
                .then(b.segment_id.cmp(&a.segment_id))
        }),
        other => {
            return Err(V3Error::bad_request(format!(
                "sort_by {other:?} is not name or date"
            )));
        }
    }
    // Pages follow the sorted order; the cursor keeps the position in it.
    let (segments, next) = page(
        &q,
        "segments",
        items
            .into_iter()
            .enumerate()
            .map(|(i, s)| (i as u64 + 1, s)),
        limit,
    );
    Ok(json(
        200,
        &Segments {
            segments: Some(segments),
            links: next.map(|href| SegmentsLinks {
                next: Some(Href {
                    href: Some(href),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
}

/// `POST /segments`.
pub(crate) fn create(cx: &mut Ctx<'_>, req: CreateSegment) -> Result<Response, V3Error> {
    let body = req.payload;
    checked(&body)?;
    let store = &mut cx.store;
    name_free(store, &body.name, None)?;
    let at = now();
    let mut detail = SegmentDetail {
        name: Some(body.name),
        segment_criteria: Some(body.segment_criteria),
        created_at: Some(at),
        edited_at: Some(at),
        ..Default::default()
    };
    detail.segment_id = Some(store.catalog.insert_segment(detail.clone()));
    Ok(json(201, &detail))
}

/// `GET /segments/{segment_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>, req: GetSegment) -> Result<Response, V3Error> {
    let id = req.segment_id;
    let s = cx
        .store
        .catalog
        .segment(id)
        .ok_or_else(|| V3Error::not_found("segments", &id.to_string()))?;
    Ok(json(200, &s.detail))
}

fn live_mut<'s>(
    store: &'s mut Store,
    id: SegmentId,
    text: &str,
) -> Result<&'s mut super::catalog::SegmentRecord, V3Error> {
    store
        .catalog
        .segment_mut(id)
        .filter(|s| !s.deleted)
        .ok_or_else(|| V3Error::not_found("segments", text))
}

/// `PUT /segments/{segment_id}`.
pub(crate) fn put(cx: &mut Ctx<'_>, req: PutSegment) -> Result<Response, V3Error> {
    let id = req.segment_id;
    let body = req.payload;
    let store = &mut cx.store;
    live_mut(store, id, &id.to_string())?;
    checked(&body)?;
    name_free(store, &body.name, Some(id))?;
    let s = live_mut(store, id, &id.to_string())?;
    s.detail.name = Some(body.name);
    s.detail.segment_criteria = Some(body.segment_criteria);
    s.detail.edited_at = Some(now());
    let detail = s.detail.clone();
    Ok(json(200, &detail))
}

/// `PATCH /segments/{segment_id}/name`.
pub(crate) fn rename(cx: &mut Ctx<'_>, req: RenameSegment) -> Result<Response, V3Error> {
    let id = req.segment_id;
    let body = req.payload;
    body.validate(WriteKind::Update)
        .map_err(|e| invalid(e.to_string()))?;
    if body.name.trim().is_empty() {
        return Err(invalid("name must not be empty"));
    }
    let store = &mut cx.store;
    live_mut(store, id, &id.to_string())?;
    name_free(store, &body.name, Some(id))?;
    let s = live_mut(store, id, &id.to_string())?;
    s.detail.name = Some(body.name);
    s.detail.edited_at = Some(now());
    let detail = s.detail.clone();
    Ok(json(200, &detail))
}

/// `DELETE /segments/{segment_id}`: 204; the segment stays readable by id.
pub(crate) fn delete(cx: &mut Ctx<'_>, req: DeleteSegment) -> Result<Response, V3Error> {
    let id = req.segment_id;
    let s = live_mut(&mut cx.store, id, &id.to_string())?;
    s.deleted = true;
    s.detail.edited_at = Some(now());
    Ok(no_content())
}
