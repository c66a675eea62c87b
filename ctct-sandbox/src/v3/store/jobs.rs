//! Bulk activities as the sandbox's store runs them: CSV and JSON contact imports, list
//! deletes, and the plans of the other bulk activities ([`start`]).
//!
//! An activity is created `initialized` at 0 %. Every V3 request first moves running
//! activities forward ([`super::Store::advance`]): the share of rows due after the
//! elapsed part of the configured duration is applied, `percent_done` follows, and when the
//! last row is done the state is `completed`, `percent_done` 100 and `completed_at` set.
//! Good rows create or update contacts and their list memberships; every bad row (bad email,
//! too-long field, impossible birthday, missing email and SMS number, wrong cell count) is
//! reported in `activity_errors` with its line number and counted, never silently dropped.
//! An activity doomed by a `fail-activity` fault ([`Job::doom`]) does none of its work: at
//! its first step it ends `failed`, with the reason in `activity_errors`.

use std::time::{Duration, Instant};

use ctct_models::v3::activities::{
    Activity, ActivityImport, ActivityState, ActivityStatus, JsonImportContact,
};
use ctct_models::v3::common::ActivityId;
use ctct_models::v3::common::ListId;
use ctct_models::v3::common::{ActivityLinks, Href};
use ctct_models::v3::contacts::{
    AddressKind, ContactResource, EmailAddress, PermissionToSend, PhoneKind, PhoneNumber,
    SmsChannel, Source, StreetAddress,
};

use super::plan::Plan;
use super::{Store, now};
use crate::v3::export;

/// The most lines a CSV import reads, header included (`docs/v3/activities.md#csv-import`).
pub const MAX_LINES: usize = 40_000;

/// Whether `key` is a column an import understands (CSV headers and JSON keys): a field of
/// the schema's `JsonImportContact`. The schema keeps the contract's `home country` with its
/// space; the service and the sandbox read it as `home_country`, like its siblings.
fn is_column(key: &str) -> bool {
    column_field(key).is_some()
}

fn column_field(key: &str) -> Option<&'static str> {
    JsonImportContact::FIELD_NAMES
        .iter()
        .copied()
        .find(|f| f.replace(' ', "_") == key)
}

/// One row to import: its line (CSV) or position (JSON) and its non-empty cells.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<(String, String)>,
    /// A problem found while reading the row (wrong cell count).
    pub broken: Option<String>,
}

/// What an activity does when it runs.
pub(crate) enum Work {
    /// Import these rows into these lists.
    Import {
        rows: Vec<Row>,
        list_ids: Vec<ListId>,
    },
    /// Delete the list with this sequence number.
    ListDelete(u64),
    /// One of the other bulk activities (tagging, list membership, deletes, exports).
    Bulk(super::plan::Plan),
}

/// A running or finished activity.
pub(crate) struct Job {
    pub activity: Activity,
    work: Work,
    created: Instant,
    duration: Duration,
    done: usize,
    /// Why the activity is to fail instead of running (an injected fault).
    doomed: Option<String>,
}

fn count(n: usize) -> Option<i64> {
    Some(i64::try_from(n).unwrap_or(i64::MAX))
}

impl Job {
    fn new(store: &mut Store, work: Work, status: ActivityStatus, errors: Vec<String>) -> Self {
        let id: ActivityId = store.uuid();
        let at = now();
        let activity = Activity {
            activity_id: Some(id.clone()),
            state: Some(ActivityState::Initialized),
            created_at: Some(at),
            updated_at: Some(at),
            percent_done: Some(0),
            activity_errors: Some(errors),
            status: Some(status),
            links: Some(ActivityLinks {
                self_: Some(Href {
                    href: Some(format!("/v3/activities/{id}")),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        Self {
            activity,
            work,
            created: Instant::now(),
            duration: store.import_duration,
            done: 0,
            doomed: None,
        }
    }

    /// Makes the activity fail with `reason` when it would start working.
    pub fn doom(&mut self, reason: &str) {
        self.doomed = Some(reason.to_owned());
    }

    /// A contact import of `rows` into `list_ids`; `errors` are problems already found
    /// (unknown columns, lines past the limit) and `total` is `items_total_count`.
    pub fn import(
        store: &mut Store,
        rows: Vec<Row>,
        list_ids: Vec<ListId>,
        errors: Vec<String>,
        total: usize,
        dropped: usize,
        file_name: Option<String>,
    ) -> Self {
        let status = ActivityStatus {
            items_total_count: count(total),
            items_completed_count: Some(0),
            person_count: Some(0),
            error_count: count(dropped),
            correctable_count: Some(0),
            cannot_add_to_list_count: Some(0),
            list_count: count(list_ids.len()),
            ..Default::default()
        };
        let mut job = Self::new(store, Work::Import { rows, list_ids }, status, errors);
        job.activity.source_file_name = file_name;
        job
    }

    /// The asynchronous delete of a list.
    pub fn list_delete(store: &mut Store, seq: u64) -> Self {
        let status = ActivityStatus {
            items_total_count: Some(1),
            items_completed_count: Some(0),
            list_count: Some(1),
            ..Default::default()
        };
        Self::new(store, Work::ListDelete(seq), status, Vec::new())
    }

    /// A bulk activity running `plan`, its `status` counts set by the caller.
    pub fn bulk(store: &mut Store, plan: super::plan::Plan, status: ActivityStatus) -> Self {
        Self::new(store, Work::Bulk(plan), status, Vec::new())
    }

    /// The initial report of an import (`201`).
    pub fn report(&self) -> ActivityImport {
        let a = &self.activity;
        ActivityImport {
            activity_id: a.activity_id.clone(),
            state: a.state.clone(),
            created_at: a.created_at,
            updated_at: a.updated_at,
            started_at: a.started_at,
            completed_at: a.completed_at,
            source_file_name: a.source_file_name.clone(),
            percent_done: a.percent_done,
            activity_errors: a.activity_errors.clone(),
            // The 201 carries only the counts known at creation, and only the `self` link.
            status: a
                .status
                .as_ref()
                .map(|st| ctct_models::v3::activities::ImportActivityStatus {
                    items_total_count: st.items_total_count,
                    person_count: st.person_count,
                    error_count: st.error_count,
                    correctable_count: st.correctable_count,
                    cannot_add_to_list_count: st.cannot_add_to_list_count,
                    ..Default::default()
                }),
            links: a
                .links
                .as_ref()
                .map(|l| ctct_models::v3::activities::ActivitySelfLink {
                    self_: l.self_.clone(),
                    ..Default::default()
                }),
            ..Default::default()
        }
    }

    pub fn finished(&self) -> bool {
        self.activity.completed_at.is_some()
    }

    fn total(&self) -> usize {
        match &self.work {
            Work::Import { rows, .. } => rows.len(),
            Work::ListDelete(_) => 1,
            Work::Bulk(plan) => plan.len(),
        }
    }

    /// Applies the work due by `now`.
    pub fn advance(&mut self, store: &mut Store, now_instant: Instant) {
        if self.finished() {
            return;
        }
        let total = self.total();
        let elapsed = now_instant.saturating_duration_since(self.created);
        let due = if self.duration.is_zero() || elapsed >= self.duration {
            total
        } else {
            let share = elapsed.as_secs_f64() / self.duration.as_secs_f64();
            ((total as f64 * share).floor() as usize).min(total)
        };
        let at = now();
        if self.activity.started_at.is_none() {
            self.activity.started_at = Some(at);
            self.activity.state = Some(ActivityState::Processing);
        }
        if let Some(reason) = self.doomed.take() {
            self.activity
                .activity_errors
                .get_or_insert_with(Vec::new)
                .push(reason);
            self.activity.state = Some(ActivityState::Failed);
            self.activity.updated_at = Some(at);
            self.activity.completed_at = Some(at);
            return;
        }
        while self.done < due {
            self.step(store);
            self.done += 1;
        }
        let percent = (self.done * 100).checked_div(total).unwrap_or(100);
        self.activity.percent_done = count(percent);
        self.activity.updated_at = Some(at);
        if let Some(s) = &mut self.activity.status {
            if matches!(
                self.work,
                Work::Import { .. } | Work::ListDelete(_) | Work::Bulk(_)
            ) {
                s.items_completed_count = count(self.done);
            }
        }
        if self.done == total {
            self.activity.state = Some(ActivityState::Completed);
            self.activity.completed_at = Some(at);
            self.activity.percent_done = Some(100);
        }
    }

    fn step(&mut self, store: &mut Store) {
        match &self.work {
            Work::ListDelete(seq) => store.delete_list(*seq),
            Work::Bulk(plan) => {
                let id = self.activity.activity_id.clone().unwrap_or_default();
                plan.apply(store, self.done, &id);
            }
            Work::Import { rows, list_ids } => {
                let Some(row) = rows.get(self.done) else {
                    return;
                };
                let (row, list_ids) = (row.clone(), list_ids.clone());
                let status = self.activity.status.get_or_insert_with(Default::default);
                let errors = self.activity.activity_errors.get_or_insert_with(Vec::new);
                match check(&row) {
                    Err((message, correctable)) => {
                        errors.push(format!("line {}: {message}", row.line));
                        let n = if correctable {
                            &mut status.correctable_count
                        } else {
                            &mut status.error_count
                        };
                        *n = Some(n.unwrap_or(0) + 1);
                    }
                    Ok(()) => {
                        let added = apply(store, &row, &list_ids);
                        status.person_count = Some(status.person_count.unwrap_or(0) + 1);
                        if !added {
                            status.cannot_add_to_list_count =
                                Some(status.cannot_add_to_list_count.unwrap_or(0) + 1);
                        }
                    }
                }
            }
        }
    }
}

/// Splits the header of an import into the columns it reads and errors for the ones it
/// cannot (unknown names, custom fields this account does not have).
pub(crate) fn check_columns(header: &[String]) -> Vec<String> {
    let mut errors = Vec::new();
    for name in header {
        let key = normalize(name);
        if key.is_empty() || is_column(&key) {
            continue;
        }
        if let Some(field) = name.trim().strip_prefix("cf:") {
            errors.push(format!(
                "column {name:?}: custom field {field:?} does not exist in this account; its values were not imported"
            ));
        } else {
            errors.push(format!(
                "column {name:?} is not an import column; its values were not imported"
            ));
        }
    }
    errors
}

/// `Home Country` and `home country` are `home_country`.
pub(crate) fn normalize(name: &str) -> String {
    name.trim().to_lowercase().replace(' ', "_")
}

fn get<'r>(row: &'r Row, key: &str) -> Option<&'r str> {
    row.cells
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A plausible email address: one `@`, a local part, a dotted domain, no spaces.
pub(crate) fn valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The length limit of a column, from the schema's `JsonImportContact`.
fn limit(key: &str) -> Option<usize> {
    let wire = column_field(key)?;
    ctct_models::fields::by_wire(JsonImportContact::TEXT_FIELDS, wire).and_then(|f| f.max_len)
}

/// Checks a row; an error says what is wrong and whether it is "correctable" (bad email or
/// date, missing minimum information) rather than a hard error (too long, malformed row).
fn check(row: &Row) -> Result<(), (String, bool)> {
    if let Some(problem) = &row.broken {
        return Err((problem.clone(), false));
    }
    let email = get(row, "email");
    if email.is_none() && get(row, "sms_number").is_none() {
        return Err(("neither email nor sms_number is given".to_owned(), true));
    }
    if let Some(e) = email
        && !valid_email(e)
    {
        return Err((format!("email {e:?} is not a valid email address"), true));
    }
    for (key, value) in &row.cells {
        if let Some(max) = limit(key) {
            let len = value.chars().count();
            if len > max {
                return Err((
                    format!("{key} is {len} characters, at most {max} allowed ({value:?})"),
                    false,
                ));
            }
        }
    }
    for (key, max) in [("birthday_month", 12), ("birthday_day", 31)] {
        if let Some(v) = get(row, key)
            && !v.parse::<i64>().is_ok_and(|n| (1..=max).contains(&n))
        {
            return Err((format!("{key} {v:?} is not a number from 1 to {max}"), true));
        }
    }
    Ok(())
}

fn phone_kind(key: &str) -> Option<PhoneKind> {
    Some(match key {
        "phone" | "other_phone" => PhoneKind::Other,
        "home_phone" => PhoneKind::Home,
        "work_phone" => PhoneKind::Work,
        "mobile_phone" => PhoneKind::Mobile,
        _ => return None,
    })
}

fn addresses(row: &Row) -> Vec<StreetAddress> {
    let mut out = Vec::new();
    for (prefix, kind) in [
        ("", AddressKind::Home),
        ("home_", AddressKind::Home),
        ("work_", AddressKind::Work),
        ("other_", AddressKind::Other),
    ] {
        let part = |name: &str| get(row, &format!("{prefix}{name}")).map(str::to_owned);
        let street = match (part("street"), part("street2")) {
            (Some(a), Some(b)) => Some(format!("{a}, {b}")),
            (a, b) => a.or(b),
        };
        let address = StreetAddress {
            kind: Some(kind),
            street,
            city: part("city"),
            state: part("state"),
            postal_code: part("zip"),
            country: part("country"),
            ..Default::default()
        };
        if address.street.is_some()
            || address.city.is_some()
            || address.state.is_some()
            || address.postal_code.is_some()
            || address.country.is_some()
        {
            out.push(address);
        }
    }
    out
}

/// Creates or updates the row's contact; returns false when the contact is unsubscribed
/// and so was not added to the lists.
fn apply(store: &mut Store, row: &Row, list_ids: &[ListId]) -> bool {
    let at = now();
    let existing = get(row, "email").and_then(|e| store.contact_by_email(e));
    let seq = match existing {
        Some(seq) => seq,
        None => {
            let id = store.uuid();
            let email = get(row, "email").map(|address| EmailAddress {
                address: Some(address.to_owned()),
                permission_to_send: Some(PermissionToSend::Implicit),
                created_at: Some(at),
                updated_at: Some(at),
                opt_in_source: Some(Source::Account),
                opt_in_date: Some(at),
                ..Default::default()
            });
            store.insert_contact(ContactResource {
                contact_id: Some(id),
                email_address: email,
                create_source: Some(Source::Account),
                created_at: Some(at),
                list_memberships: Some(Vec::new()),
                ..Default::default()
            })
        }
    };
    let uuids: Vec<String> = (0..6).map(|_| store.uuid()).collect();
    let Some(contact) = store.contacts.get_mut(&seq) else {
        return false;
    };
    let set = |slot: &mut Option<String>, key: &str| {
        if let Some(v) = get(row, key) {
            *slot = Some(v.to_owned());
        }
    };
    set(&mut contact.first_name, "first_name");
    set(&mut contact.last_name, "last_name");
    set(&mut contact.job_title, "job_title");
    set(&mut contact.company_name, "company_name");
    set(&mut contact.anniversary, "anniversary");
    if let Some(m) = get(row, "birthday_month").and_then(|v| v.parse().ok()) {
        contact.birthday_month = Some(m);
    }
    if let Some(d) = get(row, "birthday_day").and_then(|v| v.parse().ok()) {
        contact.birthday_day = Some(d);
    }
    let phones: Vec<PhoneNumber> = row
        .cells
        .iter()
        .filter_map(|(k, v)| {
            Some(PhoneNumber {
                kind: Some(phone_kind(k)?),
                phone_number: Some(v.clone()),
                created_at: Some(at),
                updated_at: Some(at),
                create_source: Some(Source::Account),
                update_source: Some(Source::Account),
                ..Default::default()
            })
        })
        .take(3)
        .collect();
    if !phones.is_empty() {
        let mut phones = phones;
        for (p, id) in phones.iter_mut().zip(uuids.iter()) {
            p.phone_number_id = Some(id.clone());
        }
        contact.phone_numbers = Some(phones);
    }
    let mut streets = addresses(row);
    streets.truncate(3);
    if !streets.is_empty() {
        for (s, id) in streets.iter_mut().zip(uuids.iter().skip(3)) {
            s.street_address_id = Some(id.clone());
            s.created_at = Some(at);
            s.updated_at = Some(at);
        }
        contact.street_addresses = Some(streets);
    }
    if let Some(number) = get(row, "sms_number") {
        contact.sms_channel = Some(SmsChannel {
            sms_address: Some(number.chars().filter(char::is_ascii_digit).collect()),
            dial_code: Some("1".to_owned()),
            country_code: Some("US".to_owned()),
            create_source: Some(Source::Account),
            update_source: Some(Source::Account),
            ..Default::default()
        });
    }
    contact.update_source = Some(Source::Account);
    contact.updated_at = Some(at);
    let unsubscribed = contact
        .email_address
        .as_ref()
        .and_then(|e| e.permission_to_send.as_ref())
        == Some(&PermissionToSend::Unsubscribed);
    if unsubscribed {
        return false;
    }
    if contact.deleted_at.is_some() {
        contact.deleted_at = None;
    }
    let lists = contact.list_memberships.get_or_insert_with(Vec::new);
    for id in list_ids {
        if !lists.contains(id) {
            lists.push(id.clone());
        }
    }
    true
}

/// Creates the activity running `plan` and returns it as first shown. An export
/// (`export`) gets its file, named by the activity id, with the header written, and a
/// `results` link to it.
pub(crate) fn start(store: &mut Store, plan: Plan, export: bool) -> Activity {
    let lists = plan.lists.len();
    let status = ActivityStatus {
        items_total_count: Some(i64::try_from(plan.len()).unwrap_or(i64::MAX)),
        items_completed_count: Some(0),
        list_count: (lists > 0).then(|| i64::try_from(lists).unwrap_or(i64::MAX)),
        ..Default::default()
    };
    let header = export.then(|| export::header(&plan.columns));
    let mut job = Job::bulk(store, plan, status);
    let id = job.activity.activity_id.clone().unwrap_or_default();
    if let Some(header) = header {
        if let Some(links) = &mut job.activity.links {
            links.results = Some(Href {
                href: Some(format!("/v3/contact_exports/{id}")),
                ..Default::default()
            });
        }
        store.catalog.exports.insert(id.to_string(), header);
    }
    let activity = job.activity.clone();
    store.insert_job(job);
    activity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_plausibility() {
        for ok in ["a@example.com", "first.last+tag@sub.example.co.uk"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@example.",
            "a@.com",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn unknown_and_custom_columns_are_reported() {
        let header: Vec<String> = ["email", "Home Country", "cf:Color", "fax"]
            .map(String::from)
            .to_vec();
        let errors = check_columns(&header);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("custom field \"Color\""));
        assert!(errors[1].contains("\"fax\" is not an import column"));
    }
}
