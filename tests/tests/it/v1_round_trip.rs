//! Every V1 example document parses, re-serializes, and parses back equal; the serialized
//! XML is snapshotted for review. A payload type without a fixture fails `every_payload_has_a_fixture`.

use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::v1::activities::{Activity, ActivityStatus, ActivityType};
use ctct_models::v1::campaigns::{
    Campaign, CampaignStatus, CampaignType, EmailContentFormat, Schedule, YesNo,
};
use ctct_models::v1::contacts::{ActionSource, Contact, ContactStatus};
use ctct_models::v1::events::{
    AttendanceState, AttendanceStatus, Event, EventStatus, Guest, PaymentOptionType, PaymentStatus,
    Registrant, RegistrationStatus,
};
use ctct_models::v1::lists::{ContactList, ContactListMember};
use ctct_models::v1::settings::{AccountEmailAddress, EmailAddressStatus};
use ctct_models::v1::tracking::{
    BounceCode, BounceEvent, ClickEvent, ForwardEvent, OpenEvent, OptOutEvent, OptoutEvent,
    ReportsSummary, SentEvent,
};
use ctct_models::xml::Layout;

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/v1/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses an entry fixture, writes it back, parses that, and checks both are equal.
fn entry_round_trip<T: AtomPayload + PartialEq + std::fmt::Debug>(
    name: &str,
) -> (Entry<T>, String) {
    let first = Entry::<T>::from_xml(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = first.to_xml_with(Layout::Pretty).expect("writes");
    let second =
        Entry::<T>::from_xml(&written).unwrap_or_else(|e| panic!("{name} re-read: {e}\n{written}"));
    assert_eq!(first, second, "{name} does not survive a round trip");
    let compact = first.to_xml().expect("writes");
    assert_eq!(
        Entry::<T>::from_xml(&compact).expect("compact re-reads"),
        first
    );
    (first, written)
}

fn feed_round_trip<T: AtomPayload + PartialEq + std::fmt::Debug>(name: &str) -> (Feed<T>, String) {
    let first = Feed::<T>::from_xml(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = first.to_xml_with(Layout::Pretty).expect("writes");
    let second =
        Feed::<T>::from_xml(&written).unwrap_or_else(|e| panic!("{name} re-read: {e}\n{written}"));
    assert_eq!(first, second, "{name} does not survive a round trip");
    (first, written)
}

/// Fixtures and the payload type each one covers.
const FIXTURES: &[(&str, &str)] = &[
    ("example-01-contacts-feed.xml", "Contact"),
    ("example-02-contact-entry.xml", "Contact"),
    ("example-03-create-contact.xml", "Contact"),
    ("contact-full-entry.xml", "Contact"),
    ("contacts-search-by-email-feed.xml", "Contact"),
    ("empty-contacts-feed.xml", "Contact"),
    ("example-04-list-entry.xml", "ContactList"),
    ("lists-feed-with-system-lists.xml", "ContactList"),
    ("create-list-request.xml", "ContactList"),
    ("list-members-feed.xml", "ContactListMember"),
    ("example-05-campaign-entry.xml", "Campaign"),
    ("campaign-sent-with-urls.xml", "Campaign"),
    ("campaigns-feed.xml", "Campaign"),
    ("create-campaign-request.xml", "Campaign"),
    ("schedule-entry.xml", "Schedule"),
    ("schedules-feed.xml", "Schedule"),
    ("email-addresses-feed.xml", "AccountEmailAddress"),
    ("email-address-entry.xml", "AccountEmailAddress"),
    ("example-09-activity-entry.xml", "Activity"),
    ("activities-feed.xml", "Activity"),
    ("example-06-campaign-bounces-feed.xml", "BounceEvent"),
    ("contact-bounces-feed.xml", "BounceEvent"),
    ("campaign-sends-feed.xml", "SentEvent"),
    ("campaign-opens-feed.xml", "OpenEvent"),
    ("campaign-link-clicks-feed.xml", "ClickEvent"),
    ("campaign-forwards-feed.xml", "ForwardEvent"),
    ("campaign-optouts-feed.xml", "OptoutEvent"),
    ("contact-optouts-feed-optout-spelling.xml", "OptOutEvent"),
    ("contact-summary-feed.xml", "ReportsSummary"),
    ("example-07-events-feed.xml", "Event"),
    ("event-detail-entry.xml", "Event"),
    ("example-08-registrants-feed.xml", "Registrant"),
    ("registrant-detail-entry.xml", "Registrant"),
    ("guests-feed.xml", "Guest"),
    ("attendance-status-request.xml", "AttendanceStatus"),
    ("payment-status-entry.xml", "PaymentStatus"),
];

#[test]
fn every_payload_has_a_fixture() {
    for payload in ctct_models::v1::PAYLOADS {
        assert!(
            FIXTURES.iter().any(|(_, p)| p == payload),
            "payload type {payload} has no fixture in tests/fixtures/v1; add one and list it in FIXTURES"
        );
    }
    for (file, _) in FIXTURES {
        assert!(!fixture(file).is_empty());
    }
}

#[test]
fn example_1_contacts_feed() {
    let (feed, xml) = feed_round_trip::<Contact>("example-01-contacts-feed.xml");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.next_href(),
        Some("/ws/customers/joesflowers/contacts?next=g24umerp-fymhqg")
    );
    let c = &feed.entries[0].content;
    assert_eq!(c.status, Some(ContactStatus::Active));
    assert_eq!(
        c.email_address.as_deref(),
        Some("1258642119407@example.com")
    );
    assert_eq!(c.opt_in_source, Some(ActionSource::ActionByContact));
    assert_eq!(
        c.opt_in_time.map(|t| t.to_string()).as_deref(),
        Some("2009-11-19T14:48:41.761Z")
    );
    assert_eq!(
        feed.entries[0].link("edit"),
        Some("/ws/customers/joesflowers/contacts/21930")
    );
    assert_eq!(c.resource_id().expect("typed id").tail(), "21930");
    insta::assert_snapshot!(xml);
}

#[test]
fn example_2_contact_entry() {
    let (entry, xml) = entry_round_trip::<Contact>("example-02-contact-entry.xml");
    let c = &entry.content;
    assert_eq!(c.first_name.as_deref(), Some("jon"));
    assert_eq!(
        c.middle_name.as_deref(),
        Some(""),
        "an empty element is an empty string, not absent"
    );
    assert_eq!(c.custom_field15.as_deref(), Some(""));
    assert_eq!(c.confirmed, Some(false));
    let lists = &c.contact_lists.as_ref().expect("ContactLists").lists;
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].resource_id().expect("list id").tail(), "1");
    assert_eq!(lists[0].links[0].rel.as_deref(), Some("self"));
    assert_eq!(lists[0].opt_in_source, Some(ActionSource::ActionByCustomer));
    let source = entry.source.as_ref().expect("source");
    assert_eq!(
        source.author.as_ref().and_then(|a| a.name.as_deref()),
        Some("joesflowers")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn example_3_create_contact_request() {
    let (entry, xml) = entry_round_trip::<Contact>("example-03-create-contact.xml");
    assert_eq!(entry.id.as_deref(), Some("data:,none"));
    assert_eq!(
        entry.summary.as_ref().map(|s| s.value.as_str()),
        Some("Contact")
    );
    assert_eq!(
        entry.title.as_ref().map(|t| t.value.as_str()),
        Some(" "),
        "whitespace-only title is kept"
    );
    assert_eq!(
        entry.content.email_address.as_deref(),
        Some("test101@example.com")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn full_contact_keeps_whitespace_and_escapes() {
    let (entry, xml) = entry_round_trip::<Contact>("contact-full-entry.xml");
    let c = &entry.content;
    assert_eq!(
        c.note.as_deref(),
        Some("  two  spaces,\na line break, & an ampersand  ")
    );
    assert_eq!(c.custom_field1.as_deref(), Some("<b>not markup</b>"));
    assert_eq!(c.opt_out_source, Some(ActionSource::ActionByContact));
    assert_eq!(c.opt_out_reason.as_deref(), Some("Too many emails"));
    insta::assert_snapshot!(xml);
}

#[test]
fn search_by_email_feed() {
    let (feed, xml) = feed_round_trip::<Contact>("contacts-search-by-email-feed.xml");
    assert_eq!(feed.entries.len(), 2);
    assert_eq!(
        feed.entries[0].content.status,
        Some(ContactStatus::DoNotMail)
    );
    assert_eq!(feed.entries[1].content.status, Some(ContactStatus::Removed));
    assert_eq!(feed.next_href(), None, "a single page has no next link");
    insta::assert_snapshot!(xml);
}

#[test]
fn empty_feed() {
    let (feed, xml) = feed_round_trip::<Contact>("empty-contacts-feed.xml");
    assert!(feed.entries.is_empty());
    insta::assert_snapshot!(xml);
}

#[test]
fn example_4_list_entry() {
    let (entry, xml) = entry_round_trip::<ContactList>("example-04-list-entry.xml");
    let l = &entry.content;
    assert_eq!(l.name.as_deref(), Some("General Interest"));
    assert_eq!(l.sort_order, Some(1));
    assert_eq!(l.contact_count, Some(42));
    assert_eq!(l.opt_in_default, Some(false));
    assert_eq!(
        l.members.as_ref().and_then(|m| m.id.as_deref()),
        Some("http://api.constantcontact.com/ws/customers/username/lists/1/members")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn lists_feed_with_system_lists() {
    let (feed, xml) = feed_round_trip::<ContactList>("lists-feed-with-system-lists.xml");
    let tails: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.content.resource_id().expect("list id").tail().to_owned())
        .collect();
    assert_eq!(tails, ["active", "do-not-mail", "removed", "1"]);
    assert_eq!(
        feed.entries[0].content.contact_count, None,
        "system lists carry no count"
    );
    assert_eq!(
        feed.next_href(),
        Some("lists?next=6"),
        "relative next links are kept verbatim"
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn create_list_request() {
    let (entry, xml) = entry_round_trip::<ContactList>("create-list-request.xml");
    assert_eq!(entry.content.opt_in_default, Some(true));
    insta::assert_snapshot!(xml);
}

#[test]
fn list_members_feed() {
    let (feed, xml) = feed_round_trip::<ContactListMember>("list-members-feed.xml");
    let m = &feed.entries[0].content;
    assert_eq!(m.resource_id().expect("contact id").tail(), "31571");
    assert_eq!(m.name.as_deref(), Some(""));
    insta::assert_snapshot!(xml);
}

#[test]
fn example_5_campaign_entry_keeps_escaped_markup_byte_for_byte() {
    let (entry, xml) = entry_round_trip::<Campaign>("example-05-campaign-entry.xml");
    let c = &entry.content;
    assert_eq!(c.status, Some(CampaignStatus::Draft));
    assert_eq!(c.view_as_webpage, Some(YesNo::No));
    assert_eq!(c.permission_reminder, Some(YesNo::Yes));
    assert_eq!(c.email_content_format, Some(EmailContentFormat::Html));
    assert_eq!(
        c.permission_reminder_text.as_deref(),
        Some(
            "You're receiving this email because of your relationship with ctct. \nPlease <ConfirmOptin><a style=\"color:#0000ff;\">confirm</a></ConfirmOptin> \nyour continued interest in receiving email from us."
        ),
        "escaped markup is text, trailing spaces and line breaks kept"
    );
    let content = c.email_content.as_deref().expect("EmailContent");
    assert!(
        content.starts_with(
            "<html lang=\"en\" xml:lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\""
        )
    );
    assert!(content.contains("\n<OpenTracking/>\n<!--  Do NOT delete previous line"));
    assert!(content.ends_with("</body>\n</html>"));
    assert_eq!(
        c.email_text_content.as_deref(),
        Some("<Text>This is the text version.</Text>")
    );
    assert_eq!(c.style_sheet.as_deref(), Some(""));
    let lists = &c.contact_lists.as_ref().expect("ContactLists").lists;
    assert_eq!(lists[0].resource_id().expect("list id").tail(), "1");
    let from = c.from_email.as_ref().expect("FromEmail");
    assert_eq!(from.email_address.as_deref(), Some("username@example.com"));
    let email = from.email.as_ref().expect("Email");
    assert_eq!(
        email.resource_id().expect("email address id").path(),
        "/settings/emailaddresses/1"
    );
    assert_eq!(email.links[0].rel.as_deref(), Some("self"));
    assert_eq!(c.reply_to_email, c.from_email);
    assert_eq!(c.resource_id().expect("campaign id").tail(), "1");
    insta::assert_snapshot!(xml);
}

#[test]
fn sent_campaign_with_counters_and_urls() {
    let (entry, xml) = entry_round_trip::<Campaign>("campaign-sent-with-urls.xml");
    let c = &entry.content;
    assert_eq!(c.status, Some(CampaignStatus::Sent));
    assert_eq!(c.campaign_type, Some(CampaignType::Custom));
    assert_eq!(
        (
            c.sent,
            c.opens,
            c.clicks,
            c.bounces,
            c.forwards,
            c.opt_outs,
            c.spam_reports
        ),
        (
            Some(120),
            Some(48),
            Some(12),
            Some(3),
            Some(1),
            Some(2),
            Some(0)
        )
    );
    assert_eq!(
        c.email_content.as_deref(),
        Some(
            "<html><body><p class=\"a&b\">Roses &amp; tulips &lt;3</p>\n  <a href=\"http://example.com/?a=1&amp;b=2\">shop</a></body></html>"
        ),
        "doubly escaped entities stay escaped once"
    );
    let urls = &c.urls.as_ref().expect("Urls").urls;
    assert_eq!(urls.len(), 2);
    assert_eq!(
        urls[0].value.as_deref(),
        Some("http://example.com/?a=1&b=2")
    );
    assert_eq!(urls[0].clicks, Some(10));
    assert_eq!(
        urls[0].id.as_deref(),
        Some(
            "http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289/events/clicks/1"
        )
    );
    let reply = c.reply_to_email.as_ref().expect("ReplyToEmail");
    assert_eq!(reply.email_address.as_deref(), Some("replies@example.com"));
    let mut cleared = c.clone();
    cleared.clear_read_only();
    assert_eq!(cleared.urls, None);
    assert_eq!(cleared.sent, None);
    assert_eq!(cleared.name, c.name);
    insta::assert_snapshot!(xml);
}

#[test]
fn campaigns_feed_of_summaries() {
    let (feed, xml) = feed_round_trip::<Campaign>("campaigns-feed.xml");
    let c = &feed.entries[0].content;
    assert_eq!(c.name.as_deref(), Some("November Newsletter"));
    assert_eq!(c.status, Some(CampaignStatus::Sent));
    assert_eq!(
        c.subject, None,
        "summaries carry only Name, Status and Date"
    );
    assert_eq!(
        feed.next_href(),
        Some("/ws/customers/joesflowers/campaigns?next=2")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn create_campaign_request() {
    let (entry, xml) = entry_round_trip::<Campaign>("create-campaign-request.xml");
    let c = &entry.content;
    assert_eq!(
        c.email_content.as_deref(),
        Some("<html><body>Half price &amp; more</body></html>")
    );
    assert!(
        ctct_models::validate::Validate::validate(c, ctct_models::validate::WriteKind::Create)
            .is_ok()
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn schedule_entry() {
    let (entry, xml) = entry_round_trip::<Schedule>("schedule-entry.xml");
    assert_eq!(
        entry
            .content
            .scheduled_time
            .map(|t| t.to_string())
            .as_deref(),
        Some("2010-11-13T20:03:35.000Z")
    );
    assert_eq!(
        entry.link("edit"),
        Some("/ws/customers/joesflowers/campaigns/1100551463584/schedules/1")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn schedules_feed() {
    let (feed, xml) = feed_round_trip::<Schedule>("schedules-feed.xml");
    assert_eq!(feed.entries.len(), 1);
    assert!(feed.entries[0].content.scheduled_time.is_some());
    insta::assert_snapshot!(xml);
}

#[test]
fn email_addresses_feed() {
    let (feed, xml) = feed_round_trip::<AccountEmailAddress>("email-addresses-feed.xml");
    let statuses: Vec<_> = feed
        .entries
        .iter()
        .map(|e| e.content.status.clone())
        .collect();
    assert_eq!(
        statuses,
        [
            Some(EmailAddressStatus::Verified),
            Some(EmailAddressStatus::Pending)
        ]
    );
    assert_eq!(feed.entries[1].content.verified_time, None);
    assert_eq!(
        feed.entries[1].content.resource_id().expect("id").tail(),
        "2"
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn email_address_entry() {
    let (entry, xml) = entry_round_trip::<AccountEmailAddress>("email-address-entry.xml");
    assert_eq!(
        entry.content.email_address.as_deref(),
        Some("joe@example.com")
    );
    assert!(entry.source.is_some());
    insta::assert_snapshot!(xml);
}

#[test]
fn example_9_activity_entry_with_errors() {
    let (entry, xml) = entry_round_trip::<Activity>("example-09-activity-entry.xml");
    let a = &entry.content;
    assert_eq!(a.type_, Some(ActivityType::AddContactDetail));
    assert_eq!(a.status, Some(ActivityStatus::Complete));
    let errors = &a.errors.as_ref().expect("Errors").errors;
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].line_number, Some(3));
    assert_eq!(errors[0].email_address.as_deref(), Some("test2@test.com"));
    assert_eq!(
        errors[1].message.as_deref(),
        Some("Unknown US/Canadian state/prov \"Test3\"")
    );
    assert_eq!(a.file_name.as_deref(), Some(""));
    assert_eq!(a.transaction_count, Some(1));
    assert_eq!(a.resource_id().expect("id").tail(), "activityname");
    insta::assert_snapshot!(xml);
}

#[test]
fn activities_feed() {
    let (feed, xml) = feed_round_trip::<Activity>("activities-feed.xml");
    let running = &feed.entries[0].content;
    assert_eq!(running.status, Some(ActivityStatus::Running));
    assert_eq!(running.run_start_time, None, "absent until it runs");
    let file = running.file_name.as_deref().expect("FileName");
    assert_eq!(file.rsplit('/').next(), Some("a07e5ke3u5dgy7a11on.txt"));
    let done = &feed.entries[1].content;
    assert_eq!(done.type_, Some(ActivityType::ClearContactsFromLists));
    assert_eq!(done.errors.as_ref().map(|e| e.errors.len()), Some(0));
    insta::assert_snapshot!(xml);
}

#[test]
fn example_6_campaign_bounces_feed() {
    let (feed, xml) = feed_round_trip::<BounceEvent>("example-06-campaign-bounces-feed.xml");
    let e = &feed.entries[0].content;
    let contact = e.contact.as_ref().expect("Contact");
    assert_eq!(
        contact.email_address.as_deref(),
        Some("joeschmoe@example.net")
    );
    assert_eq!(contact.resource_id().expect("contact id").tail(), "1");
    let campaign = e.campaign.as_ref().expect("Campaign");
    assert_eq!(campaign.resource_id().expect("campaign id").tail(), "1");
    assert_eq!(e.code, None);
    assert_eq!(
        feed.next_href(),
        Some("/ws/customers/username/campaigns/1/events/bounces?next=6")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn contact_bounces_carry_code_description_and_campaign_name() {
    let (feed, xml) = feed_round_trip::<BounceEvent>("contact-bounces-feed.xml");
    let e = &feed.entries[0].content;
    assert_eq!(e.code, Some(BounceCode::B));
    assert_eq!(e.bounce_message.as_deref(), Some("550 5.1.1 user unknown"));
    assert_eq!(
        e.campaign.as_ref().and_then(|c| c.name.as_deref()),
        Some("November Newsletter")
    );
    insta::assert_snapshot!(xml);
}

/// Round-trips an event feed and checks the event's contact and time survived.
macro_rules! event_feed {
    ($test:ident, $ty:ty, $file:literal) => {
        #[test]
        fn $test() {
            let (feed, xml) = feed_round_trip::<$ty>($file);
            let e = &feed.entries[0].content;
            assert_eq!(
                e.contact.as_ref().and_then(|c| c.email_address.as_deref()),
                Some("jon@example.com")
            );
            assert_eq!(
                e.event_time.map(|t| t.to_string()).as_deref(),
                Some("2010-11-12T10:00:00.000Z")
            );
            assert!(feed.next_href().is_some());
            insta::assert_snapshot!(xml);
        }
    };
}

event_feed!(sends_feed, SentEvent, "campaign-sends-feed.xml");
event_feed!(opens_feed, OpenEvent, "campaign-opens-feed.xml");
event_feed!(
    link_clicks_feed,
    ClickEvent,
    "campaign-link-clicks-feed.xml"
);
event_feed!(forwards_feed, ForwardEvent, "campaign-forwards-feed.xml");
event_feed!(optouts_feed, OptoutEvent, "campaign-optouts-feed.xml");
event_feed!(
    optouts_feed_other_spelling,
    OptOutEvent,
    "contact-optouts-feed-optout-spelling.xml"
);

#[test]
fn click_events_carry_the_link() {
    let (feed, _) = feed_round_trip::<ClickEvent>("campaign-link-clicks-feed.xml");
    assert_eq!(
        feed.entries[0].content.link_url.as_deref(),
        Some("http://example.com/?a=1&b=2")
    );
}

#[test]
fn service_documents_round_trip() {
    use ctct_models::service::ServiceDocument;
    for (name, workspace, collections) in [
        (
            "service-document.xml",
            "Constant Contact Web Services Customer Workspace",
            2,
        ),
        (
            "campaign-events-service.xml",
            "Constant Contact Web Services Event Workspace",
            6,
        ),
        (
            "contact-events-service.xml",
            "Constant Contact Web Services Event Workspace",
            6,
        ),
    ] {
        let doc =
            ServiceDocument::from_xml(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = doc.to_xml();
        assert_eq!(ServiceDocument::from_xml(&written).expect("re-reads"), doc);
        assert_eq!(doc.workspaces[0].title.as_deref(), Some(workspace));
        assert_eq!(doc.workspaces[0].collections.len(), collections);
        insta::assert_snapshot!(name, written);
    }
    let account = ServiceDocument::from_xml(&fixture("service-document.xml")).expect("parses");
    let bulk = account.collection("activities").expect("activities");
    assert_eq!(bulk.title.as_deref(), Some("Bulk Activity"));
    assert_eq!(
        bulk.accept,
        ["application/x-www-form-urlencoded", "multipart/form-data"]
    );
}

#[test]
fn example_7_events_feed() {
    let (feed, xml) = feed_round_trip::<Event>("example-07-events-feed.xml");
    let entry = &feed.entries[0];
    let e = &entry.content;
    assert_eq!(
        e.name.as_deref(),
        Some("Spring Oriengation"),
        "the sample's typo is data"
    );
    assert_eq!(e.status, Some(EventStatus::Active));
    assert_eq!(e.registered, Some(1));
    assert_eq!(
        e.event_location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Chelsea")
    );
    assert_eq!(
        e.start_date.map(|d| d.to_utc().to_string()).as_deref(),
        Some("2010-08-11T22:00:00.000Z"),
        "local offsets are read"
    );
    let id = ctct_models::ids::EventId::parse(entry.id.as_deref().expect("id")).expect("tag id");
    assert_eq!(id.tail(), "a07e1hoasmu0e644426");
    assert!(xml.contains("<atom:feed"), "{xml}");
    insta::assert_snapshot!(xml);
}

#[test]
fn event_detail_entry_ignores_unknown_elements() {
    let (entry, xml) = entry_round_trip::<Event>("event-detail-entry.xml");
    let e = &entry.content;
    assert_eq!(e.description.as_deref(), Some("Welcome & tour"));
    let options = &e.payment_options.as_ref().expect("PaymentOptions").options;
    let types: Vec<_> = options.iter().map(|o| o.type_.clone()).collect();
    assert_eq!(
        types,
        [
            Some(PaymentOptionType::Paypal),
            Some(PaymentOptionType::Check),
            Some(PaymentOptionType::Door)
        ]
    );
    assert_eq!(
        options[1]
            .payment_address
            .as_ref()
            .and_then(|a| a.postal_code.as_deref()),
        Some("02451")
    );
    let reg = &e.registration_types.as_ref().expect("types").types[0];
    assert_eq!(reg.guest_limit, Some(2));
    assert_eq!(
        reg.event_fees.as_ref().map(|f| f.fees[0].fee.as_deref()),
        Some(Some("10.00"))
    );
    assert!(
        !xml.contains("SomethingNew"),
        "unknown elements are dropped"
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn example_8_registrants_feed() {
    let (feed, xml) = feed_round_trip::<Registrant>("example-08-registrants-feed.xml");
    let r = &feed.entries[0].content;
    assert_eq!(r.registration_status, Some(RegistrationStatus::Registered));
    assert_eq!(
        r.attendance_status.as_ref().and_then(|a| a.status.clone()),
        Some(AttendanceState::Attended)
    );
    assert_eq!(
        feed.next_href(),
        Some("/ws/customers/joesflowers/events/a07e1hoasn2a917e97c/registrants?pageNumber=1")
    );
    assert!(
        feed.entries[0]
            .link("edit")
            .expect("edit")
            .ends_with("001xn3Y4OR91FzwO30b8qN3LWcOS1FX1xC4V67bXB7q_g5pDr_tBvaQX89QvmkTNnVy"),
        "mixed-case registrant ids are kept"
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn registrant_detail_entry() {
    let (entry, xml) = entry_round_trip::<Registrant>("registrant-detail-entry.xml");
    let r = &entry.content;
    assert_eq!(r.guest_count, Some(1));
    assert_eq!(r.payment_status.as_deref(), Some("PENDING"));
    assert_eq!(
        r.personal_information
            .as_ref()
            .and_then(|p| p.zip.as_deref()),
        Some("02101")
    );
    assert_eq!(
        r.business_information
            .as_ref()
            .and_then(|b| b.company.as_deref()),
        Some("Joe's Flowers")
    );
    let custom = &r.custom_information1.as_ref().expect("custom").fields[0];
    assert_eq!(
        custom.answers.as_ref().map(|a| a.answers.clone()),
        Some(vec!["Vegetarian".to_owned(), "No nuts".to_owned()])
    );
    assert_eq!(r.costs.as_ref().map(|c| c.costs[0].count), Some(Some(2)));
    insta::assert_snapshot!(xml);
}

#[test]
fn guests_feed_assumed_shape() {
    let (feed, xml) = feed_round_trip::<Guest>("guests-feed.xml");
    assert_eq!(feed.entries[0].content.first_name.as_deref(), Some("Guest"));
    insta::assert_snapshot!(xml);
}

#[test]
fn attendance_status_request_as_ext_sends_it() {
    let (entry, xml) = entry_round_trip::<AttendanceStatus>("attendance-status-request.xml");
    assert_eq!(entry.content.status, Some(AttendanceState::Attended));
    assert_eq!(entry.content.type_.as_deref(), Some("GROUP"));
    insta::assert_snapshot!(xml);
}

#[test]
fn payment_status_assumed_shape() {
    let (entry, xml) = entry_round_trip::<PaymentStatus>("payment-status-entry.xml");
    assert_eq!(entry.content.status.as_deref(), Some("PENDING"));
    insta::assert_snapshot!(xml);
}

#[test]
fn contact_summary_feed() {
    let (feed, xml) = feed_round_trip::<ReportsSummary>("contact-summary-feed.xml");
    let s = &feed.entries[0].content;
    assert_eq!(
        s.contact.as_ref().unwrap().email_address.as_deref(),
        Some("jon@example.com")
    );
    let campaign = s.campaign.as_ref().unwrap();
    assert_eq!(campaign.name.as_deref(), Some("Spring Sale"));
    assert_eq!(
        campaign.links[0].href.as_deref(),
        Some("/ws/customers/joesflowers/campaigns/1100546096289")
    );
    assert_eq!(
        (
            s.sends, s.opens, s.clicks, s.forwards, s.bounces, s.opt_outs
        ),
        (Some(1), Some(3), Some(1), Some(0), Some(0), Some(0))
    );
    insta::assert_snapshot!(xml);
}
