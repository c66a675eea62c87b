//! What the store refuses, as domain errors: the record, field or rule named, no status code.

use ctct_models::DateTime;
use ctct_models::ids::ListId;
use ctct_models::v1::campaigns::{Campaign, CampaignEmail, CampaignStatus};
use ctct_models::v1::contacts::{ActionSource, Contact, ContactLists, ContactMembership};
use ctct_models::v1::events::AttendanceState;
use time::{Duration, OffsetDateTime};

use super::{CampaignAction, Field, Problem, Record, Store, StoreError, Unique};

const USER: &str = "joesflowers";

fn on_lists(ids: &[&str]) -> Option<ContactLists> {
    Some(ContactLists {
        lists: ids
            .iter()
            .map(|id| ContactMembership {
                id: Some((*id).to_owned()),
                ..ContactMembership::default()
            })
            .collect(),
    })
}

fn list_uri(id: u64) -> String {
    ListId::new(USER, id.to_string()).uri()
}

fn contact(email: &str, lists: &[&str]) -> Contact {
    Contact {
        email_address: Some(email.to_owned()),
        contact_lists: on_lists(lists),
        ..Contact::default()
    }
}

/// A store with one list (id 1) and one contact on it (id 1).
fn store_with_contact() -> Store {
    let mut s = Store::new(USER);
    let list = s.create_list("Customers", false, 1).unwrap();
    let id = s
        .create_contact(&contact("ann@example.com", &[&list_uri(list)]))
        .unwrap();
    assert_eq!((list, id), (1, 1));
    s
}

#[test]
fn updating_a_missing_contact_names_its_id() {
    let mut s = store_with_contact();
    let e = s
        .update_contact(7, &contact("bob@example.com", &[]))
        .unwrap_err();
    assert_eq!(
        e,
        StoreError::NotFound {
            what: Record::Contact,
            id: "7".to_owned()
        }
    );
    assert_eq!(e.to_string(), "no contact 7");
    assert_eq!(
        s.opt_out_contact(9),
        Err(StoreError::not_found(Record::Contact, 9))
    );
}

#[test]
fn a_taken_list_name_is_a_conflict_whatever_its_case_or_spaces() {
    let mut s = store_with_contact();
    assert_eq!(
        s.create_list("  customers ", false, 2),
        Err(StoreError::Conflict {
            what: Unique::ListName,
            value: "customers".to_owned()
        })
    );
    assert_eq!(
        s.create_list("Do Not Mail", false, 2),
        Err(StoreError::conflict(Unique::ListName, "Do Not Mail"))
    );
    assert_eq!(
        s.create_list(" ", false, 2),
        Err(StoreError::invalid(Field::ListName, "", Problem::Missing))
    );
    let other = s.create_list("VIP", false, 2).unwrap();
    assert_eq!(
        s.update_list(other, Some("CUSTOMERS"), None, None),
        Err(StoreError::conflict(Unique::ListName, "CUSTOMERS"))
    );
    assert_eq!(s.update_list(other, Some("VIP"), None, None), Ok(()));
    assert_eq!(
        s.delete_list(40),
        Err(StoreError::not_found(Record::List, 40))
    );
}

#[test]
fn contact_writes_name_the_field_or_rule_they_break() {
    let mut s = store_with_contact();
    let list = list_uri(1);
    assert_eq!(
        s.create_contact(&contact("ANN@example.com", &[&list])),
        Err(StoreError::conflict(
            Unique::ContactEmail,
            "ANN@example.com"
        ))
    );
    assert_eq!(
        s.create_contact(&contact("not-an-address", &[&list])),
        Err(StoreError::invalid(
            Field::ContactEmail,
            "not-an-address",
            Problem::Malformed
        ))
    );
    assert_eq!(
        s.create_contact(&contact("bob@example.com", &[])),
        Err(StoreError::invalid(
            Field::ContactLists,
            "",
            Problem::Missing
        ))
    );
    let foreign = ListId::new("someoneelse", "1").uri();
    assert_eq!(
        s.create_contact(&contact("bob@example.com", &[&foreign])),
        Err(StoreError::invalid(
            Field::ContactLists,
            foreign.as_str(),
            Problem::NotOfAccount
        ))
    );
    s.opt_out_contact(1).unwrap();
    assert_eq!(
        s.update_contact(1, &contact("ann@example.com", &[&list])),
        Err(StoreError::OptedOut { contact: 1 })
    );
    let mut by_contact = contact("ann@example.com", &[&list]);
    by_contact.opt_in_source = Some(ActionSource::ActionByContact);
    assert_eq!(s.update_contact(1, &by_contact), Ok(()));
}

fn campaign(name: &str, from: &str, lists: &[&str]) -> Campaign {
    Campaign {
        name: Some(name.to_owned()),
        contact_lists: on_lists(lists),
        from_email: Some(CampaignEmail {
            email: None,
            email_address: Some(from.to_owned()),
        }),
        ..Campaign::default()
    }
}

fn in_a_day(days: i64) -> DateTime {
    DateTime::new(OffsetDateTime::now_utc() + Duration::days(days))
}

#[test]
fn campaign_rules_are_domain_errors() {
    let mut s = store_with_contact();
    s.add_email_address("owner@example.com", true);
    s.add_email_address("pending@example.com", false);
    let list = list_uri(1);
    assert_eq!(
        s.create_campaign(&campaign("Spring", "pending@example.com", &[&list])),
        Err(StoreError::invalid(
            Field::CampaignFrom,
            "pending@example.com",
            Problem::NotVerified
        ))
    );
    assert_eq!(
        s.create_campaign(&campaign("Spring", "nobody@example.com", &[&list])),
        Err(StoreError::invalid(
            Field::CampaignFrom,
            "nobody@example.com",
            Problem::NotOfAccount
        ))
    );
    let id = s
        .create_campaign(&campaign("Spring", "owner@example.com", &[&list]))
        .unwrap();
    assert_eq!(
        s.create_campaign(&campaign("spring", "owner@example.com", &[&list])),
        Err(StoreError::conflict(Unique::CampaignName, "spring"))
    );
    let past = in_a_day(-1);
    assert_eq!(
        s.create_schedule(id, past),
        Err(StoreError::invalid(
            Field::ScheduledTime,
            past.to_string(),
            Problem::NotInFuture
        ))
    );
    assert_eq!(
        s.update_schedule(id, in_a_day(1)),
        Err(StoreError::not_found(Record::Schedule, id))
    );
    s.create_schedule(id, in_a_day(1)).unwrap();
    assert_eq!(
        s.create_schedule(id, in_a_day(2)),
        Err(StoreError::conflict(Unique::Schedule, id.to_string()))
    );
    assert_eq!(
        s.delete_campaign(id),
        Err(StoreError::WrongStatus {
            campaign: id,
            status: CampaignStatus::Scheduled,
            action: CampaignAction::Delete
        })
    );
    assert_eq!(
        s.update_campaign(id + 1, &Campaign::default()),
        Err(StoreError::not_found(Record::Campaign, id + 1))
    );
}

#[test]
fn a_missing_event_or_registrant_is_not_found_by_its_id() {
    let mut s = Store::new(USER);
    assert_eq!(
        s.create_event(&Default::default()),
        Err(StoreError::invalid(Field::EventName, "", Problem::Missing))
    );
    let event = s
        .create_event(&ctct_models::v1::events::Event {
            name: Some("Open house".to_owned()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        s.set_payment("a07enothere", "r", "PAID".to_owned()),
        Err(StoreError::not_found(Record::Event, "a07enothere"))
    );
    assert_eq!(
        s.set_attendance(&event, "001nobody", AttendanceState::Attended, None),
        Err(StoreError::not_found(Record::Registrant, "001nobody"))
    );
}
