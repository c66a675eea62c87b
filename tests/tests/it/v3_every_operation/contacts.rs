//! Contacts (10 operations): list, create, read, replace, delete, the sign-up form upsert,
//! the V2 id cross-reference, the SMS engagement history, the consent counts and the
//! resubscribe request.

use ctct_models::DateTime;
use ctct_models::endpoint::{Method, NoContent};
use ctct_models::v3::common::{ListId, TagId};
use ctct_models::v3::contacts::{
    AddressKind, ConfirmStatus, ContactCountsInclude, ContactCreateOrUpdateInput, ContactInclude,
    ContactPostRequest, ContactPutRequest, ContactStatusFilter, CreateContact,
    CreateOrUpdateContact, CustomFieldInput, DeleteContact, EmailAddressPost, EmailAddressPut,
    GetContact, GetContactCounts, GetContactIdXrefs, GetContacts, GetSmsEngagementHistory,
    NoteInput, PermissionToSend, PhoneKind, PhoneNumberInput, PutContact, ResubscribeContact,
    ResubscribeInput, SignUpAction, SignUpCustomField, SignUpSmsChannel, SignUpSmsConsent,
    SmsChannelConsentInput, SmsChannelInput, SmsStatusFilter, Source, StreetAddressInput,
};

use super::{Case, bare, decodes, with_json};

const C1: &str = "1618ae62-4752-11e9-9c8a-fa163e6b01c1";
const L1: &str = "07936f78-662a-11eb-af0a-fa163e56c9b0";
const T1: &str = "ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1";
const F1: &str = "1618ae62-4752-11e9-9c8a-fa163e6b0001";

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

fn list_everything() -> Case {
    bare(
        GetContacts::new()
            .status([
                ContactStatusFilter::Active,
                ContactStatusFilter::PendingConfirmation,
            ])
            .email("ada+news@example.com")
            .lists([L1, "l2"])
            .segment_id("12")
            .tags([T1])
            .updated_after(at("2024-05-01T10:00:00-04:00"))
            .updated_before(at("2024-06-01T00:00:00Z"))
            .created_after(at("2024-01-01T00:00:00Z"))
            .created_before(at("2024-12-31T23:59:59.5Z"))
            .optout_after(at("2023-01-01T00:00:00+01:00"))
            .optout_before(at("2023-02-01T00:00:00Z"))
            .include([ContactInclude::Taggings, ContactInclude::StreetAddresses])
            .sms_status([SmsStatusFilter::Explicit, SmsStatusFilter::NotSet])
            .include_count(true)
            .limit(500),
        Method::Get,
        "/contacts?status=active%2Cpending_confirmation&email=ada%2Bnews%40example.com\
         &lists=07936f78-662a-11eb-af0a-fa163e56c9b0%2Cl2&segment_id=12\
         &tags=ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1\
         &updated_after=2024-05-01T14%3A00%3A00.000Z&updated_before=2024-06-01T00%3A00%3A00.000Z\
         &created_after=2024-01-01T00%3A00%3A00.000Z&created_before=2024-12-31T23%3A59%3A59.500Z\
         &optout_after=2022-12-31T23%3A00%3A00.000Z&optout_before=2023-02-01T00%3A00%3A00.000Z\
         &include=taggings%2Cstreet_addresses&sms_status=explicit%2Cnot_set&include_count=true\
         &limit=500",
    )
}

fn create() -> Case {
    let mut body = ContactPostRequest::new();
    let mut email = EmailAddressPost::new("ada@example.com".into());
    email.permission_to_send = Some(PermissionToSend::Explicit);
    body.email_address = Some(email);
    body.first_name = Some("Ada".into());
    body.last_name = Some("Lovelace".into());
    body.job_title = Some("Analyst".into());
    body.company_name = Some("Engines Ltd".into());
    body.create_source = Some(Source::Contact);
    body.birthday_month = Some(12);
    body.birthday_day = Some(10);
    body.anniversary = Some("2006-11-15".into());
    let mut field = CustomFieldInput::new(F1);
    field.value = Some("green".into());
    body.custom_fields = vec![field];
    let mut phone = PhoneNumberInput::new();
    phone.phone_number = Some("+44 20 7946 0000".into());
    phone.kind = Some(PhoneKind::Work);
    body.phone_numbers = vec![phone];
    let mut street = StreetAddressInput::new(AddressKind::Home);
    street.street = Some("12 St James's Square".into());
    street.city = Some("London".into());
    street.postal_code = Some("SW1Y 4JH".into());
    street.country = Some("UK".into());
    body.street_addresses = vec![street];
    body.list_memberships = vec![L1.into()];
    body.taggings = vec![T1.into()];
    let mut note = NoteInput::new();
    note.created_at = Some(at("2026-01-02T03:04:05Z"));
    note.content = Some("Met at the \"Analytical\" fair".into());
    body.notes = vec![note];
    body.sms_channel = Some(SmsChannelInput::new(
        "+15555550100".into(),
        vec![SmsChannelConsentInput::new(
            "explicit".into(),
            "promotional_sms".into(),
        )],
    ));
    with_json(
        CreateContact::new(body),
        Method::Post,
        "/contacts",
        concat!(
            r#"{"email_address":{"address":"ada@example.com","permission_to_send":"explicit"},"#,
            r#""first_name":"Ada","last_name":"Lovelace","job_title":"Analyst","#,
            r#""company_name":"Engines Ltd","create_source":"Contact","birthday_month":12,"#,
            r#""birthday_day":10,"anniversary":"2006-11-15","#,
            r#""custom_fields":[{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001","value":"green"}],"#,
            r#""phone_numbers":[{"phone_number":"+44 20 7946 0000","kind":"work"}],"#,
            r#""street_addresses":[{"kind":"home","street":"12 St James's Square","city":"London","postal_code":"SW1Y 4JH","country":"UK"}],"#,
            r#""list_memberships":["07936f78-662a-11eb-af0a-fa163e56c9b0"],"#,
            r#""taggings":["ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1"],"#,
            r#""notes":[{"created_at":"2026-01-02T03:04:05.000Z","content":"Met at the \"Analytical\" fair"}],"#,
            r#""sms_channel":{"full_sms_address":"+15555550100","sms_channel_consents":[{"sms_consent_permission":"explicit","consent_type":"promotional_sms"}]}}"#,
        ),
    )
}

fn replace() -> Vec<Case> {
    let mut body = ContactPutRequest::new(Source::Account);
    let mut email = EmailAddressPut::new("ada@example.com".into());
    email.permission_to_send = Some(PermissionToSend::Unsubscribed);
    email.opt_out_reason = Some("Too many emails".into());
    body.email_address = Some(email);
    body.first_name = Some("Ada".into());
    body.list_memberships = Some(Vec::new());
    let mut keep = ContactPutRequest::new(Source::Contact);
    keep.last_name = Some("King".into());
    keep.taggings = Some(vec![T1.into()]);
    vec![
        with_json(
            PutContact::new(C1, body),
            Method::Put,
            "/contacts/1618ae62-4752-11e9-9c8a-fa163e6b01c1",
            r#"{"email_address":{"address":"ada@example.com","permission_to_send":"unsubscribed","opt_out_reason":"Too many emails"},"first_name":"Ada","update_source":"Account","list_memberships":[]}"#,
        ),
        with_json(
            PutContact::new(C1, keep),
            Method::Put,
            "/contacts/1618ae62-4752-11e9-9c8a-fa163e6b01c1",
            r#"{"last_name":"King","update_source":"Contact","taggings":["ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1"]}"#,
        ),
    ]
}

fn sign_up() -> Case {
    let mut body = ContactCreateOrUpdateInput::new(vec![L1.into()]);
    body.email_address = Some("grace@example.com".into());
    body.first_name = Some("Grace".into());
    body.phone_number = Some("555-0100".into());
    let mut field = SignUpCustomField::new();
    field.custom_field_id = Some(F1.into());
    field.value = Some("navy".into());
    body.custom_fields = vec![field];
    body.birthday_month = Some(12);
    body.birthday_day = Some(9);
    let mut street = StreetAddressInput::new(AddressKind::Work);
    street.city = Some("Arlington".into());
    body.street_address = Some(street);
    let mut consent = SignUpSmsConsent::new(
        "explicit".into(),
        "promotional_sms".into(),
        "web_form".into(),
        "https://joesflowers.example/signup".into(),
        "checked the SMS box".into(),
    );
    consent.advertised_frequency = Some(4);
    consent.advertised_interval = Some("monthly".into());
    body.sms_channel = Some(SignUpSmsChannel::new(
        "5555550100".into(),
        "1".into(),
        "US".into(),
        vec![consent],
    ));
    with_json(
        CreateOrUpdateContact::new(body),
        Method::Post,
        "/contacts/sign_up_form",
        concat!(
            r#"{"email_address":"grace@example.com","first_name":"Grace","phone_number":"555-0100","#,
            r#""list_memberships":["07936f78-662a-11eb-af0a-fa163e56c9b0"],"#,
            r#""custom_fields":[{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001","value":"navy"}],"#,
            r#""birthday_month":12,"birthday_day":9,"street_address":{"kind":"work","city":"Arlington"},"#,
            r#""sms_channel":{"sms_address":"5555550100","dial_code":"1","country_code":"US","#,
            r#""sms_channel_consents":[{"sms_consent_permission":"explicit","consent_type":"promotional_sms","#,
            r#""consent_medium_type":"web_form","consent_medium_url":"https://joesflowers.example/signup","#,
            r#""consent_medium_details":"checked the SMS box","advertised_frequency":4,"advertised_interval":"monthly"}]}}"#,
        ),
    )
}

pub fn wire() -> Vec<Case> {
    let mut cases = vec![
        bare(GetContacts::new(), Method::Get, "/contacts"),
        list_everything(),
        create(),
        bare(
            GetContact::new("a/b c").include([
                ContactInclude::CustomFields,
                ContactInclude::ListMemberships,
                ContactInclude::PhoneNumbers,
                ContactInclude::Notes,
            ]),
            Method::Get,
            "/contacts/a%2Fb%20c?include=custom_fields%2Clist_memberships%2Cphone_numbers%2Cnotes",
        ),
        bare(
            DeleteContact::new(C1),
            Method::Delete,
            "/contacts/1618ae62-4752-11e9-9c8a-fa163e6b01c1",
        ),
        sign_up(),
        bare(
            GetContactIdXrefs::new().sequence_ids(["1", "2"]),
            Method::Get,
            "/contacts/contact_id_xrefs?sequence_ids=1%2C2",
        ),
        bare(
            GetSmsEngagementHistory::new(C1),
            Method::Get,
            "/contacts/sms_engagement_history/1618ae62-4752-11e9-9c8a-fa163e6b01c1",
        ),
        bare(GetContactCounts::new(), Method::Get, "/contacts/counts"),
        bare(
            GetContactCounts::new().include(ContactCountsInclude::NewSubscriber),
            Method::Get,
            "/contacts/counts?include=new_subscriber",
        ),
        with_json(
            ResubscribeContact::new(C1, ResubscribeInput::new(vec![L1.into()])),
            Method::Put,
            "/contacts/resubscribe/1618ae62-4752-11e9-9c8a-fa163e6b01c1",
            r#"{"list_ids":["07936f78-662a-11eb-af0a-fa163e56c9b0"]}"#,
        ),
    ];
    cases.extend(replace());
    cases
}

/// A contact with every sub-resource, as `include=` of all of them returns it.
const FULL_CONTACT: &str = r#"{
  "contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1",
  "email_address":{"address":"ada@example.com","permission_to_send":"implicit",
    "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-02T00:00:00.000Z",
    "opt_in_source":"Account","opt_in_date":"2026-01-01T00:00:00.000Z",
    "confirm_status":"off"},
  "first_name":"Ada","last_name":"Lovelace","job_title":"Analyst","company_name":"Engines Ltd",
  "birthday_month":12,"birthday_day":10,"anniversary":"2006-11-15",
  "update_source":"Contact","create_source":"Account",
  "created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-02T00:00:00.000Z",
  "custom_fields":[{"custom_field_id":"1618ae62-4752-11e9-9c8a-fa163e6b0001","value":"green"}],
  "phone_numbers":[{"phone_number_id":"p1","phone_number":"+44 20 7946 0000","kind":"work",
    "create_source":"Account","update_source":"Account"}],
  "street_addresses":[{"street_address_id":"s1","kind":"home","street":"12 St James's Square",
    "city":"London","postal_code":"SW1Y 4JH","country":"UK"}],
  "list_memberships":["07936f78-662a-11eb-af0a-fa163e56c9b0"],
  "taggings":["ff4f3f1e-69b0-11ea-9c4b-fa163e6b01c1"],
  "notes":[{"note_id":"n1","created_at":"2026-01-02T03:04:05.000Z","content":"Met at the fair"}],
  "sms_channel":{"sms_channel_id":"sc1","sms_address":"5555550100","dial_code":"1",
    "country_code":"US","sms_channel_consents":[{"sms_consent_permission":"explicit",
    "consent_type":"promotional_sms","advertised_frequency":"4","advertised_interval":"monthly"}]}
}"#;

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetContacts>(
            200,
            r#"{"contacts":[{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1",
                  "email_address":{"address":"ada@example.com","permission_to_send":"explicit"},
                  "list_memberships":["07936f78-662a-11eb-af0a-fa163e56c9b0"]},
                 {"contact_id":"c2","deleted_at":"2026-01-03"}],
                "contacts_count":2,
                "_links":{"next":{"href":"/v3/contacts?cursor=bGltaXQ9MiZuZXh0PTM"}}}"#,
            |page| {
                let contacts = page.contacts.unwrap();
                assert_eq!(contacts[0].contact_id.as_ref().unwrap(), C1);
                assert_eq!(
                    contacts[0].list_memberships.as_deref().unwrap(),
                    [ListId::from(L1)]
                );
                assert_eq!(contacts[1].deleted_at.as_deref(), Some("2026-01-03"));
                assert_eq!(page.contacts_count, Some(2));
                assert!(page.links.unwrap().next.unwrap().href.is_some());
            },
        ),
        decodes::<GetContacts>(202, r#"{"status":"processing"}"#, |page| {
            assert_eq!(page.status.as_deref(), Some("processing"));
            assert_eq!(page.contacts, None);
        }),
        decodes::<CreateContact>(201, FULL_CONTACT, |c| {
            let email = c.email_address.unwrap();
            assert_eq!(email.permission_to_send, Some(PermissionToSend::Implicit));
            assert_eq!(email.opt_in_source, Some(Source::Account));
            assert_eq!(email.confirm_status, Some(ConfirmStatus::Off));
            assert_eq!(c.birthday_day, Some(10));
            assert_eq!(c.update_source, Some(Source::Contact));
            assert_eq!(c.custom_fields.unwrap()[0].value.as_deref(), Some("green"));
            assert_eq!(c.phone_numbers.unwrap()[0].kind, Some(PhoneKind::Work));
            let street = &c.street_addresses.unwrap()[0];
            assert_eq!(street.kind, Some(AddressKind::Home));
            assert_eq!(street.postal_code.as_deref(), Some("SW1Y 4JH"));
            assert_eq!(c.taggings.unwrap(), [TagId::from(T1)]);
            assert_eq!(
                c.notes.unwrap()[0].content.as_deref(),
                Some("Met at the fair")
            );
            let sms = c.sms_channel.unwrap();
            assert_eq!(sms.dial_code.as_deref(), Some("1"));
            let consent = &sms.sms_channel_consents.unwrap()[0];
            assert_eq!(consent.advertised_frequency.as_deref(), Some("4"));
        }),
        decodes::<GetContact>(200, FULL_CONTACT, |c| {
            assert_eq!(c.contact_id.unwrap(), *C1);
            assert_eq!(c.anniversary.as_deref(), Some("2006-11-15"));
            assert_eq!(
                c.created_at.unwrap().to_string(),
                "2026-01-01T00:00:00.000Z"
            );
        }),
        decodes::<PutContact>(
            200,
            r#"{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1",
                "email_address":{"address":"ada@example.com","permission_to_send":"unsubscribed",
                  "opt_out_source":"Account","opt_out_date":"2026-02-01T00:00:00.000Z",
                  "opt_out_reason":"Too many emails"},
                "first_name":"Ada","update_source":"Account","list_memberships":[]}"#,
            |c| {
                let email = c.email_address.unwrap();
                assert_eq!(email.opt_out_source, Some(Source::Account));
                assert_eq!(email.opt_out_reason.as_deref(), Some("Too many emails"));
                assert!(email.opt_out_date.is_some());
                assert_eq!(c.list_memberships, Some(vec![]));
            },
        ),
        decodes::<DeleteContact>(204, "", |done: NoContent| assert_eq!(done, NoContent)),
        decodes::<CreateOrUpdateContact>(
            201,
            r#"{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1","action":"created"}"#,
            |r| {
                assert_eq!(r.contact_id.unwrap(), *C1);
                assert_eq!(r.action, Some(SignUpAction::Created));
            },
        ),
        decodes::<CreateOrUpdateContact>(
            200,
            r#"{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1","action":"updated"}"#,
            |r| assert_eq!(r.action, Some(SignUpAction::Updated)),
        ),
        decodes::<GetContactIdXrefs>(
            200,
            r#"{"xrefs":[{"sequence_id":"1","contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1"}]}"#,
            |x| {
                let x = x.xrefs.unwrap();
                assert_eq!(x[0].sequence_id.as_deref(), Some("1"));
                assert_eq!(x[0].contact_id.as_ref().unwrap(), C1);
            },
        ),
        decodes::<GetSmsEngagementHistory>(
            200,
            r#"[{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1","sms_channel_id":"sc1",
                 "sms_channel_history_id":"h1","insert_time":"2026-01-05T10:00:00.000Z",
                 "history_details":{"state":"explicit","source":"Contact",
                   "consent_type":"promotional_sms","consent_action_time":"2026-01-05T10:00:00.000Z",
                   "consent_action_type":"opt_in","consent_medium_type":"web_form",
                   "source_consent_timestamp":"2026-01-05T09:59:00Z",
                   "source_sms_number":"5555550100","advertised_frequency":4,
                   "advertised_interval":"monthly"}}]"#,
            |h| {
                let items = h.items.unwrap();
                assert_eq!(items.len(), 1);
                assert_eq!(items[0].sms_channel_history_id.as_deref(), Some("h1"));
                let d = items[0].history_details.as_ref().unwrap();
                assert_eq!(d.consent_action_type.as_deref(), Some("opt_in"));
                assert_eq!(d.advertised_frequency, Some(4));
                assert_eq!(d.source_sms_number.as_deref(), Some("5555550100"));
            },
        ),
        decodes::<GetContactCounts>(
            200,
            r#"{"total":10,"explicit":6,"implicit":2,"pending":1,"unsubscribed":1,
                "new_subscriber":3}"#,
            |n| {
                assert_eq!(n.total, Some(10));
                assert_eq!(n.explicit, Some(6));
                assert_eq!(n.pending, Some(1));
                assert_eq!(n.new_subscriber, Some(3));
            },
        ),
        decodes::<ResubscribeContact>(200, "", |done: NoContent| assert_eq!(done, NoContent)),
    ]
}
