//! `/activities`: create bulk activities from form bodies, read them, download exports.
//!
//! The twelve create endpoints of the table share `POST /activities` and differ only by
//! `Content-Type` and `activityType`, so one handler reads either encoding and dispatches on
//! the field. `GET /activities/{activity}` and the export download share a template too: an
//! export file name has a dot (`a07e….csv`), an activity id never does.

use axum::http::StatusCode;
use axum::response::Response;
use ctct_models::atom::{Entry, Feed, Link, Text};
use ctct_models::ids::ListId;
use ctct_models::v1::activities::{Activity, ActivityErrors, ActivityType, ExportSortBy};

use super::{Call, server_author};
use crate::activity::{ExportJob, Job};
use crate::bulk::{Column, parse_table};
use crate::form_body::{self, Fields};
use crate::paging::{self, PAGE_SIZE};
use crate::respond::{self, ApiError};
use crate::store::activities::ActivityRec;
use crate::store::{Filter, Store, SystemList};

fn field<'f>(fields: &'f Fields, name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn all<'f>(fields: &'f Fields, name: &str) -> Vec<&'f str> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn missing(name: &str) -> ApiError {
    ApiError::bad_request(format!("The form field {name} is missing"))
}

/// A list reference of this account: `Ok(n)` for user list `n`, `Err(s)` for a system list.
fn list_ref(store: &Store, field: &str, raw: &str) -> Result<Result<u64, SystemList>, ApiError> {
    let bad = || ApiError::bad_request(format!("{field}: {raw:?} is not a list of this account"));
    let id = ListId::parse(raw.trim()).map_err(|_| bad())?;
    if id.username() != store.username {
        return Err(bad());
    }
    if let Some(s) = SystemList::parse(id.tail()) {
        return Ok(Err(s));
    }
    match id.tail().parse::<u64>() {
        Ok(n) if store.lists.contains_key(&n) => Ok(Ok(n)),
        _ => Err(bad()),
    }
}

/// The `lists` fields: at least one, each a user list.
fn user_lists(store: &Store, fields: &Fields) -> Result<Vec<u64>, ApiError> {
    let raw = all(fields, "lists");
    if raw.is_empty() {
        return Err(missing("lists"));
    }
    let mut out = Vec::new();
    for r in raw {
        match list_ref(store, "lists", r)? {
            Ok(n) if !out.contains(&n) => out.push(n),
            Ok(_) => {}
            Err(s) => {
                return Err(ApiError::bad_request(format!(
                    "lists: the system list {:?} cannot be changed by an activity",
                    s.tail()
                )));
            }
        }
    }
    Ok(out)
}

/// The `data` table: its columns (from the header) and its contact lines.
fn table(fields: &Fields) -> Result<(Vec<Column>, Vec<crate::bulk::Line>), ApiError> {
    let data = field(fields, "data").ok_or_else(|| missing("data"))?;
    let mut lines = parse_table(data)
        .map_err(|e| ApiError::bad_request(format!("data: {e}")))?
        .into_iter();
    let header = lines
        .next()
        .ok_or_else(|| ApiError::bad_request("data: the header line is missing"))?;
    let mut columns = Vec::new();
    for name in &header.cells {
        let col = Column::find(name).ok_or_else(|| {
            ApiError::bad_request(format!("data: unknown column {name:?} on line 1"))
        })?;
        columns.push(col);
    }
    if !columns.iter().any(|c| c.is_email()) {
        return Err(ApiError::bad_request(
            "data: the header line has no EMAIL ADDRESS column",
        ));
    }
    Ok((columns, lines.collect()))
}

fn flag(fields: &Fields, name: &str) -> Result<bool, ApiError> {
    match field(fields, name).map(str::trim) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(ApiError::bad_request(format!(
            "{name}: {v:?} is not true or false"
        ))),
    }
}

fn export_job(store: &Store, fields: &Fields) -> Result<(Job, &'static str), ApiError> {
    let file_type = field(fields, "fileType").ok_or_else(|| missing("fileType"))?;
    let (tabs, ext) = match file_type {
        "CSV" => (false, "csv"),
        "TXT" => (true, "txt"),
        other => {
            return Err(ApiError::bad_request(format!(
                "fileType: {other:?} is not CSV or TXT"
            )));
        }
    };
    let list = field(fields, "listId").ok_or_else(|| missing("listId"))?;
    let (filter, list_name) = match list_ref(store, "listId", list)? {
        Ok(n) => (
            Filter::List(n),
            store
                .lists
                .get(&n)
                .map(|l| l.name.clone())
                .unwrap_or_default(),
        ),
        Err(s) => (Filter::System(s), s.name().to_owned()),
    };
    let mut columns = Vec::new();
    for name in all(fields, "columns") {
        let col = Column::find(name)
            .ok_or_else(|| ApiError::bad_request(format!("columns: unknown column {name:?}")))?;
        // EMAIL ADDRESS is always the first column; asking for it again changes nothing.
        if !col.is_email() && !columns.iter().any(|c: &Column| c.name == col.name) {
            columns.push(col);
        }
    }
    let sort = match field(fields, "sortBy") {
        None => ExportSortBy::EmailAddress,
        Some(v) => match ExportSortBy::from(v) {
            ExportSortBy::Unknown(v) => {
                return Err(ApiError::bad_request(format!(
                    "sortBy: {v:?} is not EMAIL_ADDRESS or DATE_DESC"
                )));
            }
            known => known,
        },
    };
    let job = ExportJob {
        filter,
        list_name,
        columns,
        opt_date: flag(fields, "exportOptDate")?,
        opt_source: flag(fields, "exportOptSource")?,
        with_list_name: flag(fields, "exportListName")?,
        sort,
        tabs,
    };
    Ok((Job::Export(job), ext))
}

/// `POST /activities`, form-encoded or multipart.
pub(crate) fn create(call: &Call<'_>) -> Result<Response, ApiError> {
    let fields = form_body::read(call.headers, &call.body)?;
    let raw_type = field(&fields, "activityType").ok_or_else(|| missing("activityType"))?;
    let kind = ActivityType::from(raw_type);
    let mut store = call.store();
    let (job, ext) = match &kind {
        ActivityType::SvAdd | ActivityType::AddContacts | ActivityType::AddContactDetail => {
            let lists = user_lists(&store, &fields)?;
            let (columns, lines) = table(&fields)?;
            (
                Job::Add {
                    columns,
                    lines,
                    lists,
                },
                None,
            )
        }
        ActivityType::RemoveContactsFromLists => {
            let lists = user_lists(&store, &fields)?;
            let (columns, lines) = table(&fields)?;
            (
                Job::Remove {
                    columns,
                    lines,
                    lists,
                },
                None,
            )
        }
        ActivityType::ClearContactsFromLists => {
            let lists = user_lists(&store, &fields)?;
            (Job::Clear { lists }, None)
        }
        ActivityType::ExportContacts => {
            let (job, ext) = export_job(&store, &fields)?;
            (job, Some(ext))
        }
        ActivityType::Unknown(v) => {
            return Err(ApiError::bad_request(format!(
                "activityType: {v:?} is not an activity type"
            )));
        }
    };
    let now = store.tick();
    let seq = store.activities.insert(kind, ext, now);
    let (id, e) = store
        .activities
        .recs
        .get(&seq)
        .map(|rec| (rec.id.clone(), entry(call, rec)))
        .ok_or_else(ApiError::not_found)?;
    drop(store);
    call.app.activities.spawn(&call.app.store, seq, job);
    Ok(respond::created(
        &call.location(&format!("/activities/{id}")),
        &e,
    ))
}

fn payload(call: &Call<'_>, rec: &ActivityRec) -> Activity {
    Activity {
        id: Some(call.uri(&format!("/activities/{}", rec.id))),
        type_: Some(rec.kind.clone()),
        status: Some(rec.status.clone()),
        errors: Some(ActivityErrors {
            errors: rec.errors.clone(),
        }),
        file_name: Some(
            rec.file_name
                .as_ref()
                .map(|f| call.uri(&format!("/activities/{f}")))
                .unwrap_or_default(),
        ),
        transaction_count: Some(rec.count),
        run_start_time: rec.started,
        run_finish_time: rec.finished,
        insert_time: Some(rec.inserted),
    }
}

fn entry(call: &Call<'_>, rec: &ActivityRec) -> Entry<Activity> {
    let updated = rec.finished.or(rec.started).unwrap_or(rec.inserted);
    Entry {
        id: Some(call.uri(&format!("/activities/{}", rec.id))),
        title: Some(Text::plain("")),
        updated: Some(updated.to_string()),
        author: Some(server_author()),
        summary: None,
        links: vec![Link::new(
            format!("{}/activities/{}", call.base_path(), rec.id),
            Some("edit"),
        )],
        content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
        content: payload(call, rec),
        source: None,
    }
}

/// `GET /activities/{activity}` or, for a name with a dot, the export file download.
pub(crate) fn get_or_download(call: &Call<'_>) -> Result<Response, ApiError> {
    let name = call.params.first().copied().unwrap_or("");
    let store = call.store();
    if name.contains('.') {
        let file = store
            .activities
            .by_file(name)
            .and_then(|r| r.file.clone())
            .ok_or_else(ApiError::not_found)?;
        drop(store);
        return Ok(respond::with_type_bytes(
            StatusCode::OK,
            file.content_type,
            file.body,
        ));
    }
    let rec = store
        .activities
        .seq_of(name)
        .and_then(|s| store.activities.recs.get(&s))
        .ok_or_else(ApiError::not_found)?;
    let mut e = entry(call, rec);
    drop(store);
    let mut head = call.head("activities", "Bulk Activity".to_owned(), None);
    head.links
        .retain(|l| l.rel.is_none() || l.rel.as_deref() == Some("self"));
    e.source = Some(head);
    Ok(respond::entry(&e))
}

/// `GET /activities`: newest first, 50 a page.
pub(crate) fn list(call: &Call<'_>) -> Result<Response, ApiError> {
    let after = call.page_after()?;
    let store = call.store();
    let upper = after.map_or(u64::MAX, |a| a.saturating_sub(1));
    let page: Vec<(u64, Entry<Activity>)> = store
        .activities
        .recs
        .range(..=upper)
        .rev()
        .take(PAGE_SIZE + 1)
        .map(|(seq, rec)| (*seq, entry(call, rec)))
        .collect();
    drop(store);
    let next = (page.len() > PAGE_SIZE)
        .then(|| call.next_href("/activities", &paging::encode(page[PAGE_SIZE - 1].0)));
    Ok(respond::feed(&Feed {
        head: call.head("activities", "Bulk Activity".to_owned(), next),
        entries: page.into_iter().take(PAGE_SIZE).map(|(_, e)| e).collect(),
    }))
}
