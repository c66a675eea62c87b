//! The CSV an export activity writes: which columns (`fields` of the request, or every
//! column when none are named), one row per contact, cells quoted when they must be.
//!
//! Column names are the request's field names; custom fields are `cf:<name>`, the column
//! name the imports read, so an exported file imports back unchanged.
//!
//! The store writes files with this module, so it speaks no HTTP: fields or a status it
//! cannot use are an [`ExportError`], which `super::respond` turns into the 400 answer.

use std::fmt;

use ctct_models::v3::contacts::ContactResource;

use super::catalog::Catalog;

/// Every standard column, in file order.
pub(crate) const STANDARD: &[&str] = &[
    "contact_id",
    "email_address",
    "first_name",
    "last_name",
    "job_title",
    "company_name",
    "birthday_month",
    "birthday_day",
    "anniversary",
    "phone_number",
    "street",
    "city",
    "state",
    "zip",
    "country",
    "email_permission_to_send",
    "email_optin_source",
    "email_optin_date",
    "email_optout_source",
    "email_optout_date",
    "email_optout_reason",
    "list_memberships",
    "tags",
    "created_at",
    "updated_at",
];

/// Columns that need `email_address` beside them.
const NEEDS_EMAIL: &[&str] = &[
    "email_optin_source",
    "email_optin_date",
    "email_optout_source",
    "email_optout_date",
    "email_optout_reason",
];

/// The statuses an export can be limited to.
pub(crate) const STATUSES: &[&str] = &[
    "active",
    "deleted",
    "unsubscribed",
    "explicit",
    "implicit",
    "pending_confirmation",
    "temp_hold",
    "not_set",
];

/// One column of an export.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Column {
    /// A standard column (one of [`STANDARD`]).
    Standard(&'static str),
    /// A custom field: its id and its `cf:` column name.
    Custom { id: String, name: String },
}

fn custom_name(name: &str) -> String {
    format!("cf:{name}")
}

/// Why an export request's fields or status cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum ExportError {
    /// The field names no standard column and no custom field.
    UnknownField(String),
    /// The field can be exported only beside `email_address`, which was not asked for.
    NeedsEmail(String),
    /// The status is not one of [`STATUSES`].
    UnknownStatus(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownField(field) => write!(f, "{field:?} is not an export field"),
            Self::NeedsEmail(field) => {
                write!(f, "{field:?} can be exported only with email_address")
            }
            Self::UnknownStatus(status) => write!(f, "{status:?} is not an export status"),
        }
    }
}

impl std::error::Error for ExportError {}

/// The columns of `fields`, or every column when it is empty; the first unknown field, or
/// one that needs `email_address` without it, is refused.
pub(crate) fn columns(catalog: &Catalog, fields: &[String]) -> Result<Vec<Column>, ExportError> {
    let customs = || {
        catalog.fields.values().filter_map(|f| {
            Some(Column::Custom {
                id: f.custom_field_id.clone()?.into_string(),
                name: custom_name(f.name.as_deref()?),
            })
        })
    };
    if fields.is_empty() {
        let mut out: Vec<Column> = STANDARD.iter().map(|s| Column::Standard(s)).collect();
        out.extend(customs());
        return Ok(out);
    }
    let mut out = Vec::new();
    for f in fields {
        let column = if let Some(s) = STANDARD.iter().find(|s| **s == f.as_str()) {
            Column::Standard(s)
        } else if let Some(c) =
            customs().find(|c| matches!(c, Column::Custom { name, .. } if name == f))
        {
            c
        } else {
            return Err(ExportError::UnknownField(f.clone()));
        };
        if !out.contains(&column) {
            out.push(column);
        }
    }
    if let Some(f) = fields.iter().find(|f| NEEDS_EMAIL.contains(&f.as_str()))
        && !fields.iter().any(|f| f == "email_address")
    {
        return Err(ExportError::NeedsEmail(f.clone()));
    }
    Ok(out)
}

/// Refuses a `status` an export cannot be limited to.
pub(crate) fn check_status(status: &str) -> Result<(), ExportError> {
    if STATUSES.contains(&status) {
        Ok(())
    } else {
        Err(ExportError::UnknownStatus(status.to_owned()))
    }
}

/// Whether contact `c` has export status `status`.
pub(crate) fn status_matches(c: &ContactResource, status: &str) -> bool {
    let permission = c
        .email_address
        .as_ref()
        .and_then(|e| e.permission_to_send.as_ref())
        .map(|p| p.as_str());
    match status {
        "deleted" => c.deleted_at.is_some(),
        "active" => super::store::is_active(c),
        other => c.deleted_at.is_none() && permission == Some(other),
    }
}

/// A CSV cell: quoted when it holds a comma, quote or line break.
fn cell(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn line(cells: impl Iterator<Item = String>) -> String {
    let mut out = cells.map(|c| cell(&c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// The header line of `columns`.
pub(crate) fn header(columns: &[Column]) -> String {
    line(columns.iter().map(|c| match c {
        Column::Standard(s) => (*s).to_owned(),
        Column::Custom { name, .. } => name.clone(),
    }))
}

fn standard(catalog: &Catalog, c: &ContactResource, name: &str) -> Option<String> {
    let email = c.email_address.as_ref();
    let street = c.street_addresses.as_ref().and_then(|s| s.first());
    let text = |v: &Option<String>| v.clone();
    let date = |v: Option<ctct_models::DateTime>| v.map(|d| d.to_string());
    match name {
        "contact_id" => c.contact_id.as_ref().map(ToString::to_string),
        "email_address" => email.and_then(|e| e.address.clone()),
        "first_name" => text(&c.first_name),
        "last_name" => text(&c.last_name),
        "job_title" => text(&c.job_title),
        "company_name" => text(&c.company_name),
        "birthday_month" => c.birthday_month.map(|n| n.to_string()),
        "birthday_day" => c.birthday_day.map(|n| n.to_string()),
        "anniversary" => text(&c.anniversary),
        "phone_number" => c
            .phone_numbers
            .as_ref()
            .and_then(|p| p.first())
            .and_then(|p| p.phone_number.clone()),
        "street" => street.and_then(|s| s.street.clone()),
        "city" => street.and_then(|s| s.city.clone()),
        "state" => street.and_then(|s| s.state.clone()),
        "zip" => street.and_then(|s| s.postal_code.clone()),
        "country" => street.and_then(|s| s.country.clone()),
        "email_permission_to_send" => email
            .and_then(|e| e.permission_to_send.as_ref())
            .map(|p| p.as_str().to_owned()),
        "email_optin_source" => email
            .and_then(|e| e.opt_in_source.as_ref())
            .map(|p| p.as_str().to_owned()),
        "email_optin_date" => date(email.and_then(|e| e.opt_in_date)),
        "email_optout_source" => email
            .and_then(|e| e.opt_out_source.as_ref())
            .map(|p| p.as_str().to_owned()),
        "email_optout_date" => date(email.and_then(|e| e.opt_out_date)),
        "email_optout_reason" => email.and_then(|e| e.opt_out_reason.clone()),
        "list_memberships" => c.list_memberships.as_ref().map(|l| l.join(";")),
        "tags" => c.taggings.as_ref().map(|t| {
            t.iter()
                .map(|id| {
                    catalog
                        .tag_seq(id)
                        .and_then(|s| catalog.tags.get(&s))
                        .and_then(|t| t.name.clone())
                        .unwrap_or_else(|| id.to_string())
                })
                .collect::<Vec<_>>()
                .join(";")
        }),
        "created_at" => date(c.created_at),
        "updated_at" => date(c.updated_at),
        _ => None,
    }
}

/// The line of contact `c`.
pub(crate) fn row(catalog: &Catalog, c: &ContactResource, columns: &[Column]) -> String {
    line(columns.iter().map(|col| {
        match col {
            Column::Standard(s) => standard(catalog, c, s),
            Column::Custom { id, .. } => c
                .custom_fields
                .as_ref()
                .and_then(|f| f.iter().find(|x| x.custom_field_id.as_deref() == Some(id)))
                .and_then(|f| f.value.clone()),
        }
        .unwrap_or_default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn unknown_fields_and_optin_without_email_are_refused() {
        let catalog = Catalog::default();
        assert_eq!(
            columns(&catalog, &["fax".to_owned()]),
            Err(ExportError::UnknownField("fax".to_owned()))
        );
        assert_eq!(
            columns(&catalog, &["email_optin_date".to_owned()]),
            Err(ExportError::NeedsEmail("email_optin_date".to_owned()))
        );
        assert_eq!(
            check_status("gone"),
            Err(ExportError::UnknownStatus("gone".to_owned()))
        );
        assert_eq!(check_status("temp_hold"), Ok(()));
        assert_eq!(
            columns(
                &catalog,
                &["email_address".to_owned(), "first_name".to_owned()]
            )
            .unwrap(),
            vec![
                Column::Standard("email_address"),
                Column::Standard("first_name")
            ]
        );
    }
}
