//! `/v3/contacts`: list with filters, `include=` and cursor paging; create (409 on a used
//! address); read; full replace (sub-resources left out are kept, deleted contacts revive);
//! delete (204; the contact can be revived); and the sign-up form upsert (201 created,
//! 200 updated, lists appended).

use axum::response::Response;
use ctct_models::enums::ClosedEnum;
use ctct_models::incoming::FromIncoming as _;
use ctct_models::v3::contacts::{
    ContactCreateOrUpdateInput, ContactInclude, ContactPostRequest, ContactPutRequest,
    ContactResource, ContactStatusFilter, Contacts, CustomField, EmailAddress, GetContact,
    GetContacts, Note, PermissionToSend, PhoneNumber, SignUpAction, SignUpFormResponse, SmsChannel,
    SmsChannelConsent, Source, StreetAddress,
};
use serde_json::Value;

use super::paging::{PageQuery, page};
use super::respond::{V3Error, json, no_content};
use super::store::{Store, now, today};
use super::store::{is_active, permission};
use super::{Ctx, read_json};

/// Whether `c` passes the `status` filter (default: every contact not deleted).
fn status_matches(c: &ContactResource, statuses: &[&str]) -> bool {
    if statuses.is_empty() {
        return c.deleted_at.is_none();
    }
    statuses.iter().any(|s| match *s {
        "all" => true,
        "deleted" => c.deleted_at.is_some(),
        "active" => c.deleted_at.is_none() && is_active(c),
        other => c.deleted_at.is_none() && permission(c).is_some_and(|p| p.as_str() == other),
    })
}

/// The contact as a response shows it: sub-resources only when included.
fn shown(c: &ContactResource, include: &[&str]) -> ContactResource {
    let mut c = c.clone();
    let has = |name: &str| include.contains(&name);
    if !has("custom_fields") {
        c.custom_fields = None;
    } else if c.custom_fields.is_none() {
        c.custom_fields = Some(Vec::new());
    }
    if !has("list_memberships") {
        c.list_memberships = None;
    } else if c.list_memberships.is_none() {
        c.list_memberships = Some(Vec::new());
    }
    if !has("phone_numbers") {
        c.phone_numbers = None;
    } else if c.phone_numbers.is_none() {
        c.phone_numbers = Some(Vec::new());
    }
    if !has("street_addresses") {
        c.street_addresses = None;
    } else if c.street_addresses.is_none() {
        c.street_addresses = Some(Vec::new());
    }
    if !has("taggings") {
        c.taggings = None;
    } else if c.taggings.is_none() {
        c.taggings = Some(Vec::new());
    }
    if !has("notes") {
        c.notes = None;
    } else if c.notes.is_none() {
        c.notes = Some(Vec::new());
    }
    c
}

/// Every `include=` value must be a documented one (the typed request keeps others as
/// `Unknown`).
fn includes(include: &[ContactInclude]) -> Result<Vec<&str>, V3Error> {
    if let Some(bad) = include.iter().find(|i| !i.is_known()) {
        return Err(V3Error::bad_request(format!(
            "include {:?} is not one of {}",
            bad.as_str(),
            <ContactInclude as ClosedEnum>::ALLOWED.join(", ")
        )));
    }
    Ok(include.iter().map(ContactInclude::as_str).collect())
}

/// `GET /contacts`, its filters read by the generated [`GetContacts`]. A later page's
/// cursor carries the first page's query, which is read the same way.
pub(crate) fn list(cx: &mut Ctx<'_>, first: GetContacts) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    let req = if q.after.is_some() {
        let incoming = ctct_models::incoming::Incoming {
            account: "",
            params: &[],
            query: &q.params,
            content_type: None,
            body: &[],
        };
        GetContacts::from_incoming(&incoming).map_err(|e| V3Error::bad_request(e.message))?
    } else {
        first
    };
    let segment = match req.segment_id.as_deref() {
        Some(id) => Some(super::segments::criteria_of(
            &cx.store,
            super::segments::parse_id(id)?,
        )?),
        None => None,
    };
    let limit = q.limit(500)?;
    let include = includes(&req.include)?;
    let statuses: Vec<&str> = req.status.iter().map(ContactStatusFilter::as_str).collect();
    let lists: Vec<&str> = req.lists.iter().map(|l| l.as_str()).collect();
    let tags: Vec<&str> = req.tags.iter().map(|t| t.as_str()).collect();
    let email = req.email.as_deref().map(str::to_lowercase);
    let bounds = [
        ("updated_after", req.updated_after),
        ("updated_before", req.updated_before),
        ("created_after", req.created_after),
        ("created_before", req.created_before),
    ];
    let count = req.include_count.unwrap_or(false);
    let store = &cx.store;
    let matches = |c: &ContactResource| {
        status_matches(c, &statuses)
            && segment.as_ref().is_none_or(|s| s.matches(c))
            && email.as_ref().is_none_or(|e| {
                c.email_address
                    .as_ref()
                    .and_then(|a| a.address.as_deref())
                    .is_some_and(|a| a.to_lowercase() == *e)
            })
            && (lists.is_empty()
                || c.list_memberships
                    .as_ref()
                    .is_some_and(|m| m.iter().any(|l| lists.contains(&l.as_str()))))
            && (tags.is_empty()
                || c.taggings
                    .as_ref()
                    .is_some_and(|m| m.iter().any(|t| tags.contains(&t.as_str()))))
            && bounds.iter().all(|(name, bound)| {
                let Some(bound) = bound else { return true };
                let value = if name.starts_with("updated") {
                    c.updated_at
                } else {
                    c.created_at
                };
                value.is_some_and(|v| {
                    if name.ends_with("after") {
                        v > *bound
                    } else {
                        v < *bound
                    }
                })
            })
    };
    let total = count.then(|| store.contacts.values().filter(|c| matches(c)).count());
    let (contacts, next) = page(
        &q,
        "contacts",
        store
            .contacts
            .iter()
            .filter(|(_, c)| matches(c))
            .map(|(seq, c)| (*seq, shown(c, &include))),
        limit,
    );
    Ok(json(
        200,
        &Contacts {
            contacts: Some(contacts),
            contacts_count: total.map(|n| i64::try_from(n).unwrap_or(i64::MAX)),
            links: super::paging::next_links(next),
            ..Default::default()
        },
    ))
}

fn find<'s>(store: &'s Store, id: &str) -> Result<&'s ContactResource, V3Error> {
    store
        .contact_seq(id)
        .and_then(|seq| store.contacts.get(&seq))
        .ok_or_else(|| V3Error::not_found("contacts", id))
}

/// `GET /contacts/{contact_id}`.
pub(crate) fn get(cx: &mut Ctx<'_>, req: GetContact) -> Result<Response, V3Error> {
    let include = includes(&req.include)?;
    let c = find(&cx.store, &req.contact_id)?;
    Ok(json(200, &shown(c, &include)))
}

/// Checks that every list id exists.
fn check_lists(store: &Store, ids: &[ctct_models::v3::common::ListId]) -> Result<(), V3Error> {
    match ids.iter().find(|id| store.list_seq(id).is_none()) {
        Some(id) => Err(V3Error::many(
            400,
            "contacts.api.validation.error",
            format!("list_memberships: list {id:?} does not exist"),
        )),
        None => Ok(()),
    }
}

fn email_taken(store: &Store, address: &str, except: Option<u64>) -> Result<(), V3Error> {
    match store.contact_by_email(address) {
        Some(seq) if Some(seq) != except => Err(V3Error::conflict(
            "contacts.api.conflict",
            format!("email_address {address:?} is already used by another contact"),
        )),
        _ => Ok(()),
    }
}

fn validation(e: ctct_models::validate::ValidationError) -> V3Error {
    V3Error::many(400, "contacts.api.validation.error", e.to_string())
}

/// Sub-resources from a request, with ids and timestamps.
struct Parts {
    custom_fields: Vec<CustomField>,
    phones: Vec<PhoneNumber>,
    streets: Vec<StreetAddress>,
    notes: Vec<Note>,
}

fn parts(
    store: &mut Store,
    source: &Source,
    custom_fields: &[ctct_models::v3::contacts::CustomFieldInput],
    phones: &[ctct_models::v3::contacts::PhoneNumberInput],
    streets: &[ctct_models::v3::contacts::StreetAddressInput],
    notes: &[ctct_models::v3::contacts::NoteInput],
) -> Parts {
    let at = now();
    Parts {
        custom_fields: custom_fields
            .iter()
            .map(|f| CustomField {
                custom_field_id: Some(f.custom_field_id.clone()),
                value: f.value.clone(),
                choice_ids: (!f.choice_ids.is_empty()).then(|| f.choice_ids.clone()),
                ..Default::default()
            })
            .collect(),
        phones: phones
            .iter()
            .map(|p| PhoneNumber {
                phone_number_id: Some(store.uuid()),
                phone_number: p.phone_number.clone(),
                kind: p.kind.clone(),
                created_at: Some(at),
                updated_at: Some(at),
                create_source: Some(source.clone()),
                update_source: Some(source.clone()),
                ..Default::default()
            })
            .collect(),
        streets: streets
            .iter()
            .map(|s| StreetAddress {
                street_address_id: Some(store.uuid()),
                kind: Some(s.kind.clone()),
                street: s.street.clone(),
                city: s.city.clone(),
                state: s.state.clone(),
                postal_code: s.postal_code.clone(),
                country: s.country.clone(),
                created_at: Some(at),
                updated_at: Some(at),
                ..Default::default()
            })
            .collect(),
        notes: notes
            .iter()
            .map(|n| Note {
                note_id: Some(n.note_id.clone().unwrap_or_else(|| store.uuid())),
                created_at: Some(n.created_at.unwrap_or(at)),
                content: n.content.clone(),
                ..Default::default()
            })
            .collect(),
    }
}

fn sms(
    store: &mut Store,
    input: Option<&ctct_models::v3::contacts::SmsChannelInput>,
    source: &Source,
) -> Option<SmsChannel> {
    let input = input?;
    let at = now();
    Some(SmsChannel {
        sms_channel_id: Some(store.uuid()),
        sms_address: Some(input.full_sms_address.clone()),
        create_source: Some(source.clone()),
        update_source: Some(source.clone()),
        sms_channel_consents: Some(
            input
                .sms_channel_consents
                .iter()
                .map(|c| SmsChannelConsent {
                    sms_consent_permission: Some(c.sms_consent_permission.clone()),
                    consent_type: Some(c.consent_type.clone()),
                    opt_in_date: Some(at),
                    created_at: Some(at),
                    updated_at: Some(at),
                    ..Default::default()
                })
                .collect(),
        ),
        ..Default::default()
    })
}

/// `POST /contacts`.
pub(crate) fn create(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let (body, _): (ContactPostRequest, _) = read_json(cx)?;
    ctct_models::validate::Validate::validate(&body, ctct_models::validate::WriteKind::Create)
        .map_err(validation)?;
    if body.email_address.is_none()
        && body.first_name.is_none()
        && body.last_name.is_none()
        && body.sms_channel.is_none()
    {
        return Err(V3Error::many(
            400,
            "contacts.api.validation.error",
            "a contact needs at least one of email_address, first_name, last_name, sms_channel",
        ));
    }
    // The contract's schema leaves `create_source` optional, but the service refuses a create
    // without it, and so does the emulator.
    let Some(source) = body.create_source.clone() else {
        return Err(V3Error::many(
            400,
            "contacts.api.validation.error",
            "create_source is required",
        ));
    };
    let store = &mut cx.store;
    if let Some(e) = &body.email_address {
        email_taken(store, &e.address, None)?;
    }
    check_lists(store, &body.list_memberships)?;
    let at = now();
    let p = parts(
        store,
        &source,
        &body.custom_fields,
        &body.phone_numbers,
        &body.street_addresses,
        &body.notes,
    );
    let sms_channel = sms(store, body.sms_channel.as_ref(), &source);
    let contact = ContactResource {
        contact_id: Some(store.uuid()),
        email_address: body.email_address.as_ref().map(|e| EmailAddress {
            address: Some(e.address.clone()),
            permission_to_send: Some(
                e.permission_to_send
                    .clone()
                    .unwrap_or(PermissionToSend::Implicit),
            ),
            created_at: Some(at),
            updated_at: Some(at),
            opt_in_source: Some(source.clone()),
            opt_in_date: Some(at),
            confirm_status: Some(ctct_models::v3::contacts::ConfirmStatus::Off),
            ..Default::default()
        }),
        first_name: body.first_name.clone(),
        last_name: body.last_name.clone(),
        job_title: body.job_title.clone(),
        company_name: body.company_name.clone(),
        birthday_month: body.birthday_month,
        birthday_day: body.birthday_day,
        anniversary: body.anniversary.clone(),
        create_source: Some(source.clone()),
        update_source: Some(source),
        created_at: Some(at),
        updated_at: Some(at),
        custom_fields: Some(p.custom_fields),
        phone_numbers: Some(p.phones),
        street_addresses: Some(p.streets),
        list_memberships: Some(body.list_memberships.clone()),
        taggings: Some(body.taggings.clone()),
        notes: Some(p.notes),
        sms_channel,
        ..Default::default()
    };
    store.insert_contact(contact.clone());
    Ok(json(201, &contact))
}

/// `PUT /contacts/{contact_id}`: top-level fields left out are cleared, sub-resources left
/// out are kept, a deleted contact is revived.
pub(crate) fn put(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let (body, raw): (ContactPutRequest, Value) = read_json(cx)?;
    ctct_models::validate::Validate::validate(&body, ctct_models::validate::WriteKind::Update)
        .map_err(validation)?;
    let id = cx.params[0].clone();
    let store = &mut cx.store;
    let seq = store
        .contact_seq(&id)
        .ok_or_else(|| V3Error::not_found("contacts", &id))?;
    if let Some(e) = &body.email_address {
        email_taken(store, &e.address, Some(seq))?;
    }
    check_lists(store, body.list_memberships.as_deref().unwrap_or_default())?;
    let source = body.update_source.clone();
    let p = parts(
        store,
        &source,
        &body.custom_fields,
        &body.phone_numbers,
        &body.street_addresses,
        &body.notes,
    );
    let sms_channel = sms(store, body.sms_channel.as_ref(), &source);
    let sent = |key: &str| raw.get(key).is_some();
    let at = now();
    let old_email = store
        .contacts
        .get(&seq)
        .and_then(|c| c.email_address.as_ref()?.address.as_deref())
        .map(|a| a.trim().to_lowercase());
    let Some(c) = store.contacts.get_mut(&seq) else {
        return Err(V3Error::not_found("contacts", &id));
    };
    c.email_address = match (&body.email_address, c.email_address.take()) {
        (None, _) => None,
        (Some(e), old) => {
            let mut email = old.unwrap_or_default();
            if email.address.as_deref() != Some(e.address.as_str()) {
                email.created_at = Some(at);
            }
            email.address = Some(e.address.clone());
            if let Some(p) = &e.permission_to_send {
                email.permission_to_send = Some(p.clone());
                if *p == PermissionToSend::Unsubscribed {
                    email.opt_out_source = Some(source.clone());
                    email.opt_out_date = Some(at);
                    email.opt_out_reason = e.opt_out_reason.clone();
                }
            }
            email.updated_at = Some(at);
            Some(email)
        }
    };
    c.first_name = body.first_name.clone();
    c.last_name = body.last_name.clone();
    c.job_title = body.job_title.clone();
    c.company_name = body.company_name.clone();
    c.birthday_month = body.birthday_month;
    c.birthday_day = body.birthday_day;
    c.anniversary = body.anniversary.clone();
    c.update_source = Some(source);
    c.updated_at = Some(at);
    if sent("custom_fields") {
        c.custom_fields = Some(p.custom_fields);
    }
    if sent("phone_numbers") {
        c.phone_numbers = Some(p.phones);
    }
    if sent("street_addresses") {
        c.street_addresses = Some(p.streets);
    }
    if let Some(lists) = &body.list_memberships {
        c.list_memberships = Some(lists.clone());
    }
    if let Some(tags) = &body.taggings {
        c.taggings = Some(tags.clone());
    }
    if sent("notes") {
        c.notes = Some(p.notes);
    }
    if sent("sms_channel") {
        c.sms_channel = sms_channel;
    }
    c.deleted_at = None;
    let shown = c.clone();
    store.email_changed(seq, old_email);
    Ok(json(200, &shown))
}

/// `DELETE /contacts/{contact_id}`: 204; the contact stays, marked deleted.
pub(crate) fn delete(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let id = cx.params[0].clone();
    let c = cx
        .store
        .contact_mut(&id)
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(|| V3Error::not_found("contacts", &id))?;
    c.deleted_at = Some(today());
    c.updated_at = Some(now());
    Ok(no_content())
}

/// `POST /contacts/sign_up_form`.
pub(crate) fn sign_up(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let (body, _): (ContactCreateOrUpdateInput, _) = read_json(cx)?;
    ctct_models::validate::Validate::validate(&body, ctct_models::validate::WriteKind::Create)
        .map_err(validation)?;
    let Some(address) = body.email_address.clone() else {
        return Err(V3Error::many(
            400,
            "contacts.api.validation.error",
            "email_address is required (SMS-only sign-ups are not emulated by ctct-sandbox)",
        ));
    };
    if !super::store::jobs::valid_email(&address) {
        return Err(V3Error::many(
            400,
            "contacts.api.validation.error",
            format!("email_address {address:?} is not a valid email address"),
        ));
    }
    let store = &mut cx.store;
    check_lists(store, &body.list_memberships)?;
    let at = now();
    let (seq, action) = match store.contact_by_email(&address) {
        Some(seq) => (seq, SignUpAction::Updated),
        None => {
            let id = store.uuid();
            let seq = store.insert_contact(ContactResource {
                contact_id: Some(id),
                email_address: Some(EmailAddress {
                    address: Some(address.clone()),
                    created_at: Some(at),
                    opt_in_source: Some(Source::Contact),
                    opt_in_date: Some(at),
                    confirm_status: Some(ctct_models::v3::contacts::ConfirmStatus::Off),
                    ..Default::default()
                }),
                create_source: Some(Source::Contact),
                created_at: Some(at),
                ..Default::default()
            });
            (seq, SignUpAction::Created)
        }
    };
    // A sign-up form's custom fields carry no choice ids.
    let custom_fields: Vec<_> = body
        .custom_fields
        .iter()
        .map(|f| ctct_models::v3::contacts::CustomFieldInput {
            custom_field_id: f.custom_field_id.clone().unwrap_or_default(),
            value: f.value.clone(),
            choice_ids: Vec::new(),
        })
        .collect();
    let p = parts(store, &Source::Contact, &custom_fields, &[], &[], &[]);
    let phone_id = store.uuid();
    let street_id = store.uuid();
    let Some(c) = store.contacts.get_mut(&seq) else {
        return Err(V3Error::not_found("contacts", &address));
    };
    if let Some(email) = &mut c.email_address {
        email.permission_to_send = Some(PermissionToSend::Explicit);
        email.updated_at = Some(at);
    }
    for (slot, value) in [
        (&mut c.first_name, &body.first_name),
        (&mut c.last_name, &body.last_name),
        (&mut c.job_title, &body.job_title),
        (&mut c.company_name, &body.company_name),
        (&mut c.anniversary, &body.anniversary),
    ] {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    if body.birthday_month.is_some() {
        c.birthday_month = body.birthday_month;
        c.birthday_day = body.birthday_day;
    }
    if let Some(number) = &body.phone_number {
        c.phone_numbers
            .get_or_insert_with(Vec::new)
            .push(PhoneNumber {
                phone_number_id: Some(phone_id),
                phone_number: Some(number.clone()),
                kind: Some(ctct_models::v3::contacts::PhoneKind::Other),
                created_at: Some(at),
                updated_at: Some(at),
                create_source: Some(Source::Contact),
                update_source: Some(Source::Contact),
                ..Default::default()
            });
    }
    if let Some(s) = &body.street_address {
        c.street_addresses
            .get_or_insert_with(Vec::new)
            .push(StreetAddress {
                street_address_id: Some(street_id),
                kind: Some(s.kind.clone()),
                street: s.street.clone(),
                city: s.city.clone(),
                state: s.state.clone(),
                postal_code: s.postal_code.clone(),
                country: s.country.clone(),
                created_at: Some(at),
                updated_at: Some(at),
                ..Default::default()
            });
    }
    c.custom_fields
        .get_or_insert_with(Vec::new)
        .extend(p.custom_fields);
    let lists = c.list_memberships.get_or_insert_with(Vec::new);
    for id in &body.list_memberships {
        if !lists.contains(id) {
            lists.push(id.clone());
        }
    }
    c.deleted_at = None;
    c.update_source = Some(Source::Contact);
    c.updated_at = Some(at);
    let status = if action == SignUpAction::Created {
        201
    } else {
        200
    };
    Ok(json(
        status,
        &SignUpFormResponse {
            contact_id: c.contact_id.clone(),
            action: Some(action),
            ..Default::default()
        },
    ))
}
