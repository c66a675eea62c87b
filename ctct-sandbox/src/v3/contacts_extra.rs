//! The contact operations beside CRUD: counts by email permission (and recent sign-ups),
//! the resubscribe request, a contact's SMS consent history, and the V2 id cross-references
//! of contacts and lists.
//!
//! A V2 id ("sequence id") is the store's own sequence number of the record: the sandbox
//! numbers contacts and lists in creation order as V1/V2 did, so the cross-reference is a
//! real mapping rather than an invented one.

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::v3::contact_lists::{ListXref, ListXrefs};
use ctct_models::v3::contacts::{
    ConfirmStatus, ContactCountsInclude, ContactXref, ContactXrefs, ContactsCounts,
    GetContactCounts, HistoryDetails, PermissionToSend, ResubscribeInput, SmsEngagementHistory,
    SmsEngagementHistoryItem,
};

use super::Ctx;
use super::respond::{V3Error, json};
use super::store::now;

/// How far back a contact counts as a new subscriber.
const NEW_SUBSCRIBER_DAYS: i64 = 30;

fn count(n: usize) -> Option<i64> {
    Some(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `GET /contacts/counts`: contacts not deleted, by email permission.
pub(crate) fn counts(cx: &mut Ctx<'_>, request: &GetContactCounts) -> Result<Response, V3Error> {
    let live: Vec<_> = cx
        .store
        .contacts
        .values()
        .filter(|c| c.deleted_at.is_none())
        .collect();
    let with = |p: PermissionToSend| {
        live.iter()
            .filter(|c| {
                c.email_address
                    .as_ref()
                    .and_then(|e| e.permission_to_send.as_ref())
                    == Some(&p)
            })
            .count()
    };
    let mut counts = ContactsCounts {
        total: count(live.len()),
        explicit: count(with(PermissionToSend::Explicit)),
        implicit: count(with(PermissionToSend::Implicit)),
        pending: count(with(PermissionToSend::PendingConfirmation)),
        unsubscribed: count(with(PermissionToSend::Unsubscribed)),
        ..Default::default()
    };
    match &request.include {
        None => {}
        Some(ContactCountsInclude::NewSubscriber) => {
            let since = now().inner() - time::Duration::days(NEW_SUBSCRIBER_DAYS);
            counts.new_subscriber = count(
                live.iter()
                    .filter(|c| c.created_at.is_some_and(|t| t.inner() >= since))
                    .count(),
            );
        }
        Some(other) => {
            return Err(V3Error::bad_request(format!(
                "include {:?} is not new_subscriber",
                ctct_models::enums::ClosedEnum::as_str(other)
            )));
        }
    }
    Ok(json(200, &counts))
}

/// `PUT /contacts/resubscribe/{contact_id}`: only an unsubscribed contact can be asked; its
/// address goes to pending confirmation (the confirmation email is "sent") and it rejoins
/// the lists, which must exist.
pub(crate) fn resubscribe(cx: &mut Ctx<'_>, body: ResubscribeInput) -> Result<Response, V3Error> {
    let id = cx.params[0].clone();
    if body.list_ids.is_empty() {
        return Err(V3Error::bad_request("list_ids needs at least one list"));
    }
    if let Some(missing) = body
        .list_ids
        .iter()
        .find(|l| cx.store.list_seq(l).is_none())
    {
        return Err(V3Error::not_found("contact_lists", missing));
    }
    let contact = cx
        .store
        .contact_mut(&id)
        .ok_or_else(|| V3Error::not_found("contacts", &id))?;
    let email = contact.email_address.as_mut().ok_or_else(|| {
        V3Error::bad_request(format!(
            "contact {id:?} has no email address to resubscribe"
        ))
    })?;
    if email.permission_to_send != Some(PermissionToSend::Unsubscribed) {
        return Err(V3Error::conflict(
            "contacts.api.conflict",
            format!("contact {id:?} is not unsubscribed, so it cannot be resubscribed"),
        ));
    }
    let at = now();
    email.permission_to_send = Some(PermissionToSend::PendingConfirmation);
    email.confirm_status = Some(ConfirmStatus::Pending);
    email.updated_at = Some(at);
    let lists = contact.list_memberships.get_or_insert_with(Vec::new);
    for l in body.list_ids {
        if !lists.contains(&l) {
            lists.push(l);
        }
    }
    contact.updated_at = Some(at);
    Ok(axum::response::IntoResponse::into_response(
        axum::http::StatusCode::OK,
    ))
}

/// `GET /contacts/sms_engagement_history/{contact_id}`: one event per SMS consent recorded,
/// oldest first; `[]` for a contact without an SMS channel.
pub(crate) fn sms_history(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    let id = &cx.params[0];
    let contact = cx
        .store
        .contacts
        .get(
            &cx.store
                .contact_seq(id)
                .ok_or_else(|| V3Error::not_found("contacts", id))?,
        )
        .ok_or_else(|| V3Error::not_found("contacts", id))?;
    let Some(channel) = &contact.sms_channel else {
        return Ok(json(
            200,
            &SmsEngagementHistory {
                items: Some(Vec::new()),
            },
        ));
    };
    let items: Vec<SmsEngagementHistoryItem> = channel
        .sms_channel_consents
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, consent)| {
            let at: Option<DateTime> = consent.opt_in_date.or(consent.created_at);
            SmsEngagementHistoryItem {
                contact_id: contact.contact_id.clone(),
                sms_channel_id: channel.sms_channel_id.clone(),
                sms_channel_history_id: Some(format!(
                    "{}-{}",
                    channel.sms_channel_id.as_deref().unwrap_or("sms"),
                    i + 1
                )),
                insert_time: at,
                history_details: Some(HistoryDetails {
                    state: consent.sms_consent_permission.clone(),
                    source: contact
                        .create_source
                        .as_ref()
                        .map(|s| ctct_models::enums::ClosedEnum::as_str(s).to_owned()),
                    consent_type: consent.consent_type.clone(),
                    consent_action_time: at,
                    consent_action_type: Some(
                        if consent.opt_out_date.is_some() {
                            "opt_out"
                        } else {
                            "opt_in"
                        }
                        .to_owned(),
                    ),
                    source_sms_number: channel.sms_address.clone(),
                    advertised_frequency: consent
                        .advertised_frequency
                        .as_deref()
                        .and_then(|f| f.parse().ok()),
                    advertised_interval: consent.advertised_interval.clone(),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    Ok(json(200, &SmsEngagementHistory { items: Some(items) }))
}

/// The sequence ids asked for: 1 to 500 of them, each a number.
fn sequence_ids(ids: &[String]) -> Result<Vec<(String, u64)>, V3Error> {
    if ids.is_empty() || ids.len() > 500 {
        return Err(V3Error::bad_request(format!(
            "sequence_ids has {} values; 1 to 500 are allowed",
            ids.len()
        )));
    }
    ids.iter()
        .map(|s| {
            s.trim()
                .parse::<u64>()
                .map(|n| (s.trim().to_owned(), n))
                .map_err(|_| V3Error::bad_request(format!("sequence_ids {s:?} is not a number")))
        })
        .collect()
}

/// `GET /contacts/contact_id_xrefs`: the known ones, in the order asked; unknown ids are
/// left out.
pub(crate) fn contact_xrefs(cx: &mut Ctx<'_>, ids: &[String]) -> Result<Response, V3Error> {
    let xrefs = sequence_ids(ids)?
        .into_iter()
        .filter_map(|(text, seq)| {
            let c = cx.store.contacts.get(&seq)?;
            Some(ContactXref {
                sequence_id: Some(text),
                contact_id: c.contact_id.clone(),
                ..Default::default()
            })
        })
        .collect();
    Ok(json(
        200,
        &ContactXrefs {
            xrefs: Some(xrefs),
            ..Default::default()
        },
    ))
}

/// `GET /contact_lists/list_id_xrefs`, as for contacts.
pub(crate) fn list_xrefs(cx: &mut Ctx<'_>, ids: &[String]) -> Result<Response, V3Error> {
    let xrefs = sequence_ids(ids)?
        .into_iter()
        .filter_map(|(text, seq)| {
            let l = cx.store.lists.get(&seq)?;
            Some(ListXref {
                sequence_id: Some(text),
                list_id: l.list_id.clone(),
                ..Default::default()
            })
        })
        .collect();
    Ok(json(
        200,
        &ListXrefs {
            xrefs: Some(xrefs),
            ..Default::default()
        },
    ))
}
