//! `/v3/contact_custom_fields`: the account's custom field definitions. List (cursor
//! paging, at most 100 a page), create (a label and a type; choice types with their
//! choices; 409 when the label or its name is taken; at most 100 fields per account),
//! read, change the label or choices, and delete (204; the field's values leave every
//! contact at once).
//!
//! A field's `name` is made from its label (lower case, other characters `_`), the name
//! imports and exports use as `cf:<name>`.

use axum::response::Response;
use ctct_models::v3::custom_fields::{
    CreateCustomField, CustomFieldChoice, CustomFieldDefinition, CustomFieldMetadata, CustomFields,
    DeleteCustomField, GetCustomField, GetCustomFields, PutCustomField,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::paging::{PageQuery, page};
use super::respond::{V3Error, json, no_content};
use super::store::{Store, now};

const INVALID: &str = "contact_custom_fields.api.validation.error";

/// Custom fields one account can have.
pub(crate) const MAX_FIELDS: usize = 100;

/// The types a custom field can have.
pub(crate) const TYPES: &[&str] = &[
    "string",
    "date",
    "number",
    "currency",
    "boolean",
    "single_select",
    "multi_select",
];

fn invalid(message: impl AsRef<str>) -> V3Error {
    V3Error::many(400, INVALID, message)
}

/// The `name` made from a label: `Favorite Fruit` is `favorite_fruit`.
pub(crate) fn name_of(label: &str) -> String {
    label
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn find_seq(store: &Store, id: &str) -> Result<u64, V3Error> {
    store
        .catalog
        .field_seq(id)
        .ok_or_else(|| V3Error::not_found("contact_custom_fields", id))
}

fn label_taken(store: &Store, label: &str, except: Option<u64>) -> Result<(), V3Error> {
    for candidate in [label.to_owned(), name_of(label)] {
        if let Some(seq) = store.catalog.field_by_label(&candidate)
            && Some(seq) != except
        {
            return Err(V3Error::conflict(
                "contact_custom_fields.api.conflict",
                format!("a custom field labelled or named {label:?} already exists"),
            ));
        }
    }
    Ok(())
}

fn check_label(label: Option<&str>) -> Result<String, V3Error> {
    match label.map(str::trim) {
        Some(l) if !l.is_empty() => Ok(l.to_owned()),
        _ => Err(invalid("label is required and must not be empty")),
    }
}

/// `GET /contact_custom_fields`.
pub(crate) fn list(cx: &mut Ctx<'_>, _first: GetCustomFields) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let limit = q.limit(100)?;
    let (fields, next) = page(
        &q,
        "contact_custom_fields",
        cx.store.catalog.fields.iter().map(|(s, f)| (*s, f.clone())),
        limit,
    );
    Ok(json(
        200,
        &CustomFields {
            custom_fields: Some(fields),
            links: super::paging::next_links(next),
            ..Default::default()
        },
    ))
}

/// `POST /contact_custom_fields`.
pub(crate) fn create(cx: &mut Ctx<'_>, req: CreateCustomField) -> Result<Response, V3Error> {
    let body = req.payload;
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    let label = check_label(body.label.as_deref())?;
    let kind = body.type_.clone().unwrap_or_else(|| "string".to_owned());
    if !TYPES.contains(&kind.as_str()) {
        return Err(invalid(format!(
            "type {kind:?} is not one of {}",
            TYPES.join(", ")
        )));
    }
    let select = kind.ends_with("_select");
    if select && body.choices.is_empty() {
        return Err(invalid(format!("a {kind} field needs choices")));
    }
    if !select && !body.choices.is_empty() {
        return Err(invalid(format!("a {kind} field has no choices")));
    }
    let store = &mut cx.store;
    if store.catalog.fields.len() >= MAX_FIELDS {
        return Err(invalid(format!(
            "the account has {MAX_FIELDS} custom fields, the most it can have"
        )));
    }
    label_taken(store, &label, None)?;
    let id: ctct_models::v3::common::CustomFieldId = store.uuid();
    let at = now();
    let choices = body
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| CustomFieldChoice {
            custom_field_id: Some(id.clone()),
            choice_id: Some(i64::try_from(i + 1).unwrap_or(i64::MAX)),
            choice_label: c.choice_label.clone(),
            display_order: c.display_order.or_else(|| i64::try_from(i + 1).ok()),
            created_at: Some(at),
            updated_at: Some(at),
            ..Default::default()
        })
        .collect::<Vec<_>>();
    let field = CustomFieldDefinition {
        custom_field_id: Some(id),
        name: Some(name_of(&label)),
        label: Some(label),
        type_: Some(kind),
        metadata: body.metadata.as_ref().map(|m| CustomFieldMetadata {
            display_type: m.display_type.clone(),
            allow_negative: m.allow_negative,
            decimal_places: m.decimal_places,
            currency_code: m.currency_code.clone(),
            integer: m.integer,
            display_format: m.display_format.clone(),
            ..Default::default()
        }),
        version: Some(body.version.unwrap_or(if select { 2 } else { 1 })),
        choices: select.then_some(choices),
        created_at: Some(at),
        updated_at: Some(at),
        ..Default::default()
    };
    store.catalog.insert_field(field.clone());
    Ok(json(201, &field))
}

/// `GET /contact_custom_fields/{custom_field_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>, req: GetCustomField) -> Result<Response, V3Error> {
    let store = &cx.store;
    let seq = find_seq(store, &req.custom_field_id)?;
    let field = store
        .catalog
        .fields
        .get(&seq)
        .ok_or_else(|| V3Error::not_found("contact_custom_fields", &req.custom_field_id))?;
    Ok(json(200, field))
}

/// `PUT /contact_custom_fields/{custom_field_id}`: a new label (and name), and for a
/// choice field its choices: ones with a `choice_id` are renamed or reordered, ones without
/// are added, ones left out are marked deleted.
pub(crate) fn put(cx: &mut Ctx<'_>, req: PutCustomField) -> Result<Response, V3Error> {
    let body = req.payload;
    body.validate(WriteKind::Update)
        .map_err(|e| invalid(e.to_string()))?;
    let store = &mut cx.store;
    let id = req.custom_field_id.clone();
    let seq = find_seq(store, &id)?;
    let label = match body.label.as_deref() {
        Some(l) => {
            let l = check_label(Some(l))?;
            label_taken(store, &l, Some(seq))?;
            Some(l)
        }
        None => None,
    };
    let at = now();
    let field = store
        .catalog
        .fields
        .get_mut(&seq)
        .ok_or_else(|| V3Error::not_found("contact_custom_fields", &id))?;
    let select = field
        .type_
        .as_deref()
        .is_some_and(|t| t.ends_with("_select"));
    if !body.choices.is_empty() {
        if !select {
            return Err(invalid(format!(
                "custom field {id:?} is of type {}, which has no choices",
                field.type_.as_deref().unwrap_or("string")
            )));
        }
        let mut choices = field.choices.clone().unwrap_or_default();
        if let Some(bad) = body
            .choices
            .iter()
            .filter_map(|c| c.choice_id)
            .find(|cid| !choices.iter().any(|x| x.choice_id == Some(*cid)))
        {
            return Err(invalid(format!(
                "choices: choice_id {bad} is not a choice of custom field {id:?}"
            )));
        }
        let mut next = choices
            .iter()
            .filter_map(|c| c.choice_id)
            .max()
            .unwrap_or(0);
        for c in &mut choices {
            if !body.choices.iter().any(|x| x.choice_id == c.choice_id) && c.deleted_at.is_none() {
                c.deleted_at = Some(super::store::today());
                c.updated_at = Some(at);
            }
        }
        for input in &body.choices {
            match input.choice_id {
                Some(cid) => {
                    if let Some(c) = choices.iter_mut().find(|x| x.choice_id == Some(cid)) {
                        if input.choice_label.is_some() {
                            c.choice_label.clone_from(&input.choice_label);
                        }
                        if input.display_order.is_some() {
                            c.display_order = input.display_order;
                        }
                        c.deleted_at = None;
                        c.updated_at = Some(at);
                    }
                }
                None => {
                    next += 1;
                    choices.push(CustomFieldChoice {
                        custom_field_id: Some(id.clone()),
                        choice_id: Some(next),
                        choice_label: input.choice_label.clone(),
                        display_order: input.display_order,
                        created_at: Some(at),
                        updated_at: Some(at),
                        ..Default::default()
                    });
                }
            }
        }
        field.choices = Some(choices);
    }
    if let Some(l) = label {
        field.name = Some(name_of(&l));
        field.label = Some(l);
    }
    field.updated_at = Some(at);
    let field = field.clone();
    Ok(json(200, &field))
}

/// `DELETE /contact_custom_fields/{custom_field_id}`: 204.
pub(crate) fn delete(cx: &mut Ctx<'_>, req: DeleteCustomField) -> Result<Response, V3Error> {
    let store = &mut cx.store;
    let id = req.custom_field_id;
    find_seq(store, &id)?;
    store.catalog.remove_field(&id);
    let at = now();
    for c in store.contacts.values_mut() {
        if let Some(f) = &mut c.custom_fields {
            let before = f.len();
            f.retain(|x| x.custom_field_id.as_deref() != Some(id.as_str()));
            if f.len() != before {
                c.updated_at = Some(at);
            }
        }
    }
    Ok(no_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_labels() {
        assert_eq!(name_of(" Favorite Fruit "), "favorite_fruit");
        assert_eq!(name_of("Size (cm)"), "size__cm_");
    }
}
