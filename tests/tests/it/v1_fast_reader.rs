//! The fast read path (`ctct_models::fastxml`, the default `from_xml`) against the yaserde
//! reference decoder (`from_xml_reference_with`): every V1 fixture decodes to equal values
//! both ways, and the documented rule differences hold.

use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::v1::activities::Activity;
use ctct_models::v1::campaigns::{Campaign, Schedule};
use ctct_models::v1::contacts::Contact;
use ctct_models::v1::events::{AttendanceStatus, Event, Guest, PaymentStatus, Registrant};
use ctct_models::v1::lists::{ContactList, ContactListMember};
use ctct_models::v1::settings::AccountEmailAddress;
use ctct_models::v1::tracking::{
    BounceEvent, ClickEvent, ForwardEvent, OpenEvent, OptOutEvent, OptoutEvent, SentEvent,
};
use ctct_models::xml::{DecodeErrorKind, DecodeOptions};

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/v1/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn same_feed<T: AtomPayload + PartialEq + std::fmt::Debug>(name: &str) {
    let body = fixture(name);
    let opts = DecodeOptions::default();
    let fast = Feed::<T>::from_xml_with(&body, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let reference = Feed::<T>::from_xml_reference_with(&body, &opts)
        .unwrap_or_else(|e| panic!("{name} (reference): {e}"));
    assert_eq!(fast, reference, "{name}: the two decoders differ");
}

fn same_entry<T: AtomPayload + PartialEq + std::fmt::Debug>(name: &str) {
    let body = fixture(name);
    let opts = DecodeOptions::default();
    let fast = Entry::<T>::from_xml_with(&body, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let reference = Entry::<T>::from_xml_reference_with(&body, &opts)
        .unwrap_or_else(|e| panic!("{name} (reference): {e}"));
    assert_eq!(fast, reference, "{name}: the two decoders differ");
}

#[test]
fn every_fixture_decodes_the_same_both_ways() {
    same_feed::<Contact>("example-01-contacts-feed.xml");
    same_entry::<Contact>("example-02-contact-entry.xml");
    same_entry::<Contact>("example-03-create-contact.xml");
    same_entry::<Contact>("contact-full-entry.xml");
    same_feed::<Contact>("contacts-search-by-email-feed.xml");
    same_feed::<Contact>("empty-contacts-feed.xml");
    same_entry::<ContactList>("example-04-list-entry.xml");
    same_feed::<ContactList>("lists-feed-with-system-lists.xml");
    same_entry::<ContactList>("create-list-request.xml");
    same_feed::<ContactListMember>("list-members-feed.xml");
    same_entry::<Campaign>("example-05-campaign-entry.xml");
    same_entry::<Campaign>("campaign-sent-with-urls.xml");
    same_feed::<Campaign>("campaigns-feed.xml");
    same_entry::<Campaign>("create-campaign-request.xml");
    same_entry::<Schedule>("schedule-entry.xml");
    same_feed::<Schedule>("schedules-feed.xml");
    same_feed::<AccountEmailAddress>("email-addresses-feed.xml");
    same_entry::<AccountEmailAddress>("email-address-entry.xml");
    same_entry::<Activity>("example-09-activity-entry.xml");
    same_feed::<Activity>("activities-feed.xml");
    same_feed::<BounceEvent>("example-06-campaign-bounces-feed.xml");
    same_feed::<BounceEvent>("contact-bounces-feed.xml");
    same_feed::<SentEvent>("campaign-sends-feed.xml");
    same_feed::<OpenEvent>("campaign-opens-feed.xml");
    same_feed::<ClickEvent>("campaign-link-clicks-feed.xml");
    same_feed::<ForwardEvent>("campaign-forwards-feed.xml");
    same_feed::<OptoutEvent>("campaign-optouts-feed.xml");
    same_feed::<OptOutEvent>("contact-optouts-feed-optout-spelling.xml");
    same_feed::<Event>("example-07-events-feed.xml");
    same_entry::<Event>("event-detail-entry.xml");
    same_feed::<Registrant>("example-08-registrants-feed.xml");
    same_entry::<Registrant>("registrant-detail-entry.xml");
    same_feed::<Guest>("guests-feed.xml");
    same_entry::<AttendanceStatus>("attendance-status-request.xml");
    same_entry::<PaymentStatus>("payment-status-entry.xml");
}

const CONTACT: &str = r#"<entry xmlns="http://www.w3.org/2005/Atom"><id>x</id><content type="application/vnd.ctct+xml"><Contact xmlns="http://ws.constantcontact.com/ns/1.0/" id="http://api.constantcontact.com/ws/customers/u/contacts/1">BODY</Contact></content></entry>"#;

fn contact(body: &str) -> String {
    CONTACT.replace("BODY", body)
}

#[test]
fn an_empty_typed_element_is_absent_and_an_empty_string_is_kept() {
    let body = contact("<EmailType/><Confirmed></Confirmed><FirstName></FirstName><ContactLists/>");
    let c = Entry::<Contact>::from_xml(&body).expect("decodes").content;
    assert_eq!(c.email_type, None);
    assert_eq!(c.confirmed, None);
    assert_eq!(c.first_name.as_deref(), Some(""));
    assert_eq!(c.contact_lists.map(|l| l.lists.len()), Some(0));
    // The reference reads `<EmailType/>` as the unknown value "".
    let reference = Entry::<Contact>::from_xml_reference_with(
        &contact("<EmailType/>"),
        &DecodeOptions::default(),
    )
    .expect("reference decodes")
    .content;
    assert_eq!(
        reference.email_type.map(|t| t.to_string()).as_deref(),
        Some("")
    );
}

#[test]
fn a_payload_inheriting_the_atom_namespace_is_read_by_local_name() {
    let body = r#"<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/vnd.ctct+xml"><Contact><EmailAddress>a@example.com</EmailAddress><Status>Active</Status></Contact></content></entry>"#;
    let c = Entry::<Contact>::from_xml(body).expect("decodes").content;
    assert_eq!(c.email_address.as_deref(), Some("a@example.com"));
    assert!(
        Entry::<Contact>::from_xml_reference_with(body, &DecodeOptions::default()).is_err(),
        "the reference refuses it"
    );
    // Any other namespace is still refused, naming both.
    let other = body.replace("<Contact>", "<Contact xmlns=\"urn:other\">");
    let err = Entry::<Contact>::from_xml(&other).unwrap_err();
    assert!(err.message.contains("urn:other"), "{err}");
}

#[test]
fn trailing_content_and_illegal_character_references_are_refused() {
    let ok = contact("<Note>a</Note>");
    assert!(Entry::<Contact>::from_xml(&format!("{ok}<!-- fine -->\n")).is_ok());
    for bad in [format!("{ok}<entry/>"), format!("{ok}junk")] {
        let err = Entry::<Contact>::from_xml(&bad).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::Syntax, "{bad}: {err}");
    }
    for bad in [contact("<Note>&#1;</Note>"), contact("<Note>&#0;</Note>")] {
        let err = Entry::<Contact>::from_xml(&bad).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::InvalidCharacter, "{bad}: {err}");
    }
}

#[test]
fn errors_name_the_element_and_field() {
    let err = Entry::<Contact>::from_xml(&contact("<Confirmed>yes</Confirmed>")).unwrap_err();
    assert!(err.message.contains("Contact.Confirmed"), "{err}");
    assert!(err.message.contains("\"yes\""), "{err}");
    let err = Entry::<Contact>::from_xml(&contact(
        "<ContactLists><ContactList id='l'><OptInTime>soon</OptInTime></ContactList></ContactLists>",
    ))
    .unwrap_err();
    assert!(err.message.contains("ContactLists"), "{err}");
    assert!(err.message.contains("OptInTime"), "{err}");
}

#[test]
fn a_repeated_single_element_keeps_the_last_value_like_the_reference() {
    let body = contact("<Status>Active</Status><Status>Removed</Status>");
    let fast = Entry::<Contact>::from_xml(&body).expect("decodes");
    let reference = Entry::<Contact>::from_xml_reference_with(&body, &DecodeOptions::default())
        .expect("decodes");
    assert_eq!(fast, reference);
}
