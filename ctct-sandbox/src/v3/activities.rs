//! `/v3/activities`: the CSV import (multipart `file` + `list_ids`), the JSON import, the
//! activity collection (past 10 days, `state` filter, cursor paging) and one activity's
//! status, which is what a client polls.

use axum::http::header;
use axum::response::Response;
use ctct_models::v3::activities::{Activities, ContactsJsonImport};
use serde_json::Value;

use super::csv;
use super::paging::{PageQuery, page};
use super::respond::{V3Error, json};
use super::store::Store;
use super::store::jobs::{self as import, Job, MAX_LINES, Row};
use super::{Ctx, read_json};

/// Imports read at most this many bytes of data (`docs/v3/activities.md#csv-import`).
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;

fn check_list_ids(store: &Store, ids: &[ctct_models::v3::common::ListId]) -> Result<(), V3Error> {
    if ids.is_empty() || ids.len() > 50 {
        return Err(V3Error::many(
            400,
            "activities.api.validation.error",
            format!("list_ids has {} values; 1 to 50 are allowed", ids.len()),
        ));
    }
    match ids.iter().find(|id| store.list_seq(id).is_none()) {
        Some(id) => Err(V3Error::not_found("contact_lists", id)),
        None => Ok(()),
    }
}

fn sms_permission(value: Option<&str>) -> Result<(), V3Error> {
    match value {
        None | Some("explicit") | Some("not_set") => Ok(()),
        Some(v) => Err(V3Error::bad_request(format!(
            "sms_permission_to_send {v:?} is not explicit or not_set"
        ))),
    }
}

/// `POST /activities/contacts_file_import`.
pub(crate) fn import_csv(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let content_type = cx
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = ctct_models::form_read::is_multipart(content_type)
        .then(|| ctct_models::form_read::boundary_of(content_type))
        .flatten();
    let Some(boundary) = boundary else {
        return Err(V3Error::many(
            415,
            "unsupported.media.type",
            format!("expected multipart/form-data with a boundary, not {content_type:?}"),
        ));
    };
    let parts = ctct_models::form_read::parse_parts(&cx.body, &boundary)
        .map_err(|e| V3Error::bad_request(format!("malformed multipart body: {e}")))?;
    let field = |name: &str| parts.iter().find(|p| p.name == name);
    let file = field("file").ok_or_else(|| V3Error::bad_request("the file part is missing"))?;
    let list_ids: Vec<ctct_models::v3::common::ListId> = field("list_ids")
        .map(|p| String::from_utf8_lossy(&p.data).into_owned())
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Into::into)
        .collect();
    sms_permission(
        field("sms_permission_to_send")
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
            .as_deref(),
    )?;
    check_list_ids(&cx.store, &list_ids)?;
    if file.data.len() > MAX_IMPORT_BYTES {
        return Err(V3Error::many(
            413,
            "activities.api.file.too_large",
            format!(
                "the file has {} bytes; at most {MAX_IMPORT_BYTES} are read",
                file.data.len()
            ),
        ));
    }
    let text = std::str::from_utf8(&file.data).map_err(|_| {
        V3Error::many(
            415,
            "unsupported.media.type",
            "the file is not UTF-8 CSV text",
        )
    })?;
    let records = csv::parse(text).map_err(V3Error::bad_request)?;
    let Some(((_, header), body)) = records.split_first() else {
        return Err(V3Error::bad_request("the file is empty"));
    };
    let columns: Vec<String> = header.iter().map(|h| import::normalize(h)).collect();
    if !columns.iter().any(|c| c == "email" || c == "sms_number") {
        return Err(V3Error::bad_request(
            "the file needs an email or sms_number column",
        ));
    }
    let mut errors = import::check_columns(header);
    let keep = MAX_LINES.saturating_sub(1);
    let dropped = body.len().saturating_sub(keep);
    if let (true, Some((first, _)), Some((last, _))) = (dropped > 0, body.get(keep), body.last()) {
        errors.push(format!(
            "lines {first} to {last} are past the {MAX_LINES}-line limit and were not imported"
        ));
    }
    let rows = body
        .iter()
        .take(keep)
        .map(|(line, cells)| Row {
            line: *line,
            cells: columns
                .iter()
                .zip(cells)
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.trim().to_owned()))
                .collect(),
            broken: (cells.len() != columns.len()).then(|| {
                format!(
                    "{} cells where the header has {} columns",
                    cells.len(),
                    columns.len()
                )
            }),
        })
        .collect();
    let job = Job::import(
        &mut cx.store,
        rows,
        list_ids,
        errors,
        records.len(),
        dropped,
        file.filename.clone(),
    );
    let report = job.report();
    cx.store.insert_job(job);
    Ok(json(201, &report))
}

/// `POST /activities/contacts_json_import`.
pub(crate) fn import_json(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    if cx.body.len() > MAX_IMPORT_BYTES {
        return Err(V3Error::many(
            413,
            "activities.api.file.too_large",
            format!(
                "the body has {} bytes; at most {MAX_IMPORT_BYTES} are read",
                cx.body.len()
            ),
        ));
    }
    let (body, raw): (ContactsJsonImport, Value) = read_json(cx)?;
    sms_permission(body.sms_permission_to_send.as_ref().map(|p| p.as_str()))?;
    check_list_ids(&cx.store, &body.list_ids)?;
    if body.import_data.is_empty() || body.import_data.len() > 40_000 {
        return Err(V3Error::bad_request(format!(
            "import_data has {} contacts; 1 to 40000 are allowed",
            body.import_data.len()
        )));
    }
    // Rows come from the raw objects, so every key the client sent is seen (and unknown
    // ones reported), not only the ones the model knows.
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let items = raw
        .get("import_data")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut reported = std::collections::BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        let mut cells = Vec::new();
        let mut broken = None;
        if let Some(obj) = item.as_object() {
            let unknown: Vec<String> = obj
                .keys()
                .filter(|k| reported.insert((*k).clone()))
                .cloned()
                .collect();
            errors.extend(import::check_columns(&unknown));
            for (k, v) in obj {
                let text = match v {
                    Value::String(s) => s.trim().to_owned(),
                    Value::Number(n) => n.to_string(),
                    Value::Null => continue,
                    other => {
                        broken = Some(format!("{k} is {other}, not text"));
                        continue;
                    }
                };
                if !text.is_empty() {
                    cells.push((import::normalize(k), text));
                }
            }
        } else {
            broken = Some("the item is not an object".to_owned());
        }
        rows.push(Row {
            line: i + 1,
            cells,
            broken,
        });
    }
    let total = rows.len();
    let job = Job::import(&mut cx.store, rows, body.list_ids, errors, total, 0, None);
    let report = job.report();
    cx.store.insert_job(job);
    Ok(json(201, &report))
}

/// `GET /activities`.
pub(crate) fn list(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = q.limit(500)?;
    let state = q.get("state").map(str::to_owned);
    let (activities, next) = page(
        &q,
        "activities",
        cx.store
            .activities
            .iter()
            .filter(|(_, j)| {
                state
                    .as_deref()
                    .is_none_or(|s| j.activity.state.as_ref().is_some_and(|x| x.as_str() == s))
            })
            .map(|(seq, j)| (*seq, j.activity.clone())),
        limit,
    );
    Ok(json(
        200,
        &Activities {
            activities: Some(activities),
            links: super::paging::next_links(next),
            ..Default::default()
        },
    ))
}

/// `GET /activities/{activity_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let id = &cx.params[0];
    let a = cx
        .store
        .activity(id)
        .ok_or_else(|| V3Error::not_found("activities", id))?;
    Ok(json(200, a))
}
