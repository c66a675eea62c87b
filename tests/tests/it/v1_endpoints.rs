//! Every contacts and lists endpoint description: method, path (ids encoded), query, media
//! types, success statuses, and the request body bytes.

use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{Body, Method, Paging, Request};
use ctct_models::ids::{ContactId, ListId};
use ctct_models::v1::contacts::{
    self, ActionSource, Contact, ContactLists, ContactMembership, SystemListType,
};
use ctct_models::v1::lists::{self, ContactList};
use ctct_models::validate::Problem;

fn body<R>(req: &Request<R>) -> &str {
    req.body
        .as_ref()
        .and_then(Body::as_text)
        .expect("a text body")
}

fn new_contact() -> Contact {
    Contact {
        email_address: Some("test101@example.com".into()),
        first_name: Some("Joe".into()),
        last_name: Some("Test".into()),
        opt_in_source: Some(ActionSource::ActionByCustomer),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new("joesflowers", "1").uri()),
                ..Default::default()
            }],
        }),
        ..Default::default()
    }
}

#[test]
fn list_contacts() {
    let r = contacts::ListContacts::new()
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path_and_query().as_str()),
        (Method::Get, "/contacts")
    );
    assert_eq!(r.spec.paging, Paging::NextLink);
    assert_eq!(r.spec.accept, "application/atom+xml");
    assert_eq!(r.content_type(), None);
    assert!(r.body.is_none());
}

#[test]
fn create_contact_sends_the_documented_entry() {
    let r = contacts::CreateContact::new((new_contact()).clone())
        .to_request()
        .expect("valid");
    assert_eq!((r.method(), r.path.as_str()), (Method::Post, "/contacts"));
    assert_eq!(r.content_type(), Some("application/atom+xml"));
    assert_eq!(r.spec.success, &[201]);
    insta::assert_snapshot!(body(&r), @r#"<entry xmlns="http://www.w3.org/2005/Atom"><id>data:,none</id><title type="text"/><updated>1970-01-01T00:00:00.000Z</updated><author/><summary type="text">Contact</summary><content type="application/vnd.ctct+xml"><Contact xmlns="http://ws.constantcontact.com/ns/1.0/" xmlns:atom="http://www.w3.org/2005/Atom"><EmailAddress>test101@example.com</EmailAddress><FirstName>Joe</FirstName><LastName>Test</LastName><ContactLists><ContactList id="http://api.constantcontact.com/ws/customers/joesflowers/lists/1"/></ContactLists><OptInSource>ACTION_BY_CUSTOMER</OptInSource></Contact></content></entry>"#);
}

#[test]
fn create_contact_refuses_what_the_server_would() {
    let mut no_list = new_contact();
    no_list.contact_lists = Some(ContactLists::default());
    let err = contacts::CreateContact::new(no_list.clone())
        .to_request()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "invalid Contact.ContactLists: required for this request but missing or empty"
    );

    let mut long = new_contact();
    long.email_address = Some(format!("{}@example.com", "a".repeat(70)));
    let err = contacts::CreateContact::new(long.clone())
        .to_request()
        .unwrap_err();
    let ctct_models::endpoint::BuildError::Invalid(v) = err else {
        panic!("validation")
    };
    assert_eq!(v.field, "EmailAddress");
    assert_eq!(v.problem, Problem::TooLong { max: 80, len: 82 });
    assert!(v.to_string().contains("82 characters, at most 80"), "{v}");

    let mut wrong_case = new_contact();
    wrong_case.opt_in_source = Some(ActionSource::from("action_by_customer"));
    let err = contacts::CreateContact::new(wrong_case.clone())
        .to_request()
        .unwrap_err()
        .to_string();
    assert!(err.contains("Contact.OptInSource: \"action_by_customer\" is not one of ACTION_BY_CUSTOMER, ACTION_BY_CONTACT"), "{err}");

    let mut nested = new_contact();
    if let Some(lists) = nested.contact_lists.as_mut() {
        lists.lists[0].opt_in_source = Some(ActionSource::from("Customer"));
    }
    let err = contacts::CreateContact::new(nested.clone())
        .to_request()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("invalid Contact.ContactLists/ContactList/OptInSource"),
        "{err}"
    );

    let mut control = new_contact();
    control.note = Some("bell \u{7}".into());
    let err = contacts::CreateContact::new(control.clone())
        .to_request()
        .unwrap_err()
        .to_string();
    assert!(err.contains("Contact.Note: character 5"), "{err}");

    let mut missing = new_contact();
    missing.email_address = Some("   ".into());
    assert!(
        contacts::CreateContact::new(missing.clone())
            .to_request()
            .is_err()
    );
}

#[test]
fn read_only_fields_are_not_validated_and_can_be_cleared() {
    let mut c = new_contact();
    c.status = Some("Bounced".into());
    c.name = Some("x".repeat(1000));
    assert!(
        contacts::CreateContact::new(c.clone()).to_request().is_ok(),
        "read-only fields from a GET may go back as they came"
    );
    c.clear_read_only();
    assert_eq!((c.status, c.name), (None, None));
}

#[test]
fn get_update_opt_out_contact() {
    let id = ContactId::parse("http://api.constantcontact.com/ws/customers/joesflowers/contacts/2")
        .expect("id");
    let r = contacts::GetContact::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!((r.method(), r.path.as_str()), (Method::Get, "/contacts/2"));

    let r = contacts::UpdateContact::new(&id, (new_contact()).clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.success),
        (Method::Put, "/contacts/2", &[204][..])
    );
    let xml = body(&r);
    assert!(
        xml.contains("<id>http://api.constantcontact.com/ws/customers/joesflowers/contacts/2</id>"),
        "{xml}"
    );
    assert!(xml.contains("<Contact xmlns=\"http://ws.constantcontact.com/ns/1.0/\" xmlns:atom=\"http://www.w3.org/2005/Atom\" id=\"http://api.constantcontact.com/ws/customers/joesflowers/contacts/2\">"), "{xml}");

    let mut removed = new_contact();
    removed.contact_lists = Some(ContactLists::default());
    let r = contacts::UpdateContact::new(&id, removed.clone())
        .to_request()
        .expect("an empty ContactLists is a valid update (a remove)");
    assert!(body(&r).contains("<ContactLists/>"));

    let r = contacts::OptOutContact::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.success),
        (Method::Delete, "/contacts/2", &[204][..])
    );
    assert!(r.body.is_none());
}

#[test]
fn searches() {
    let r = contacts::SearchContactsByEmail::new()
        .emails(["jon@example.com", "a+b@example.com"])
        .to_request()
        .expect("valid");
    assert_eq!(
        r.path_and_query(),
        "/contacts?email=jon%40example.com&email=a%2Bb%40example.com"
    );
    let none: &[&str] = &[];
    assert!(
        contacts::SearchContactsByEmail::new()
            .emails(none.iter().cloned())
            .to_request()
            .unwrap_err()
            .to_string()
            .contains("0 values given, between 1 and 50")
    );
    let many = vec!["a@b.c"; 51];
    assert!(
        contacts::SearchContactsByEmail::new()
            .emails(many.iter().cloned())
            .to_request()
            .is_err()
    );

    let since: ctct_models::DateTime = "2008-07-23T10:21:06.407-04:00".parse().expect("date");
    let r = contacts::ListContactsUpdatedSince::new(since, (SystemListType::DoNotMail).clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        r.path_and_query(),
        "/contacts?updatedsince=2008-07-23T14%3A21%3A06.407Z&listtype=do-not-mail"
    );

    let list = ListId::parse("http://api.constantcontact.com/ws/customers/joesflowers/lists/12")
        .expect("id");
    let r = contacts::ListContactsUpdatedSinceOnList::new(since, &list)
        .to_request()
        .expect("valid request");
    assert_eq!(
        r.path_and_query(),
        "/contacts?updatedsince=2008-07-23T14%3A21%3A06.407Z&listid=12"
    );
}

#[test]
fn list_endpoints() {
    let r = lists::ListLists::new().to_request().expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.paging),
        (Method::Get, "/lists", Paging::NextLink)
    );

    let new_list = ContactList {
        name: Some("Spring Newsletter".into()),
        opt_in_default: Some(true),
        sort_order: Some(99),
        ..Default::default()
    };
    let r = lists::CreateList::new(new_list.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.success),
        (Method::Post, "/lists", &[201][..])
    );
    insta::assert_snapshot!(body(&r), @r#"<entry xmlns="http://www.w3.org/2005/Atom"><id>data:,none</id><title type="text"/><updated>1970-01-01T00:00:00.000Z</updated><author/><content type="application/vnd.ctct+xml"><ContactList xmlns="http://ws.constantcontact.com/ns/1.0/" xmlns:atom="http://www.w3.org/2005/Atom"><OptInDefault>true</OptInDefault><Name>Spring Newsletter</Name><SortOrder>99</SortOrder></ContactList></content></entry>"#);
    assert!(
        lists::CreateList::new((ContactList::default()).clone())
            .to_request()
            .unwrap_err()
            .to_string()
            .contains("ContactList.Name")
    );

    let id = ListId::new("joesflowers", "1");
    assert_eq!(
        lists::GetList::new(&id)
            .to_request()
            .expect("valid request")
            .path,
        "/lists/1"
    );
    let r = lists::UpdateList::new(&id, new_list.clone())
        .to_request()
        .expect("valid");
    assert_eq!((r.method(), r.path.as_str()), (Method::Put, "/lists/1"));
    let r = lists::DeleteList::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.success),
        (Method::Delete, "/lists/1", &[204][..])
    );
    let active = ListId::new("joesflowers", "active");
    assert_eq!(
        lists::ListMembers::new(&active)
            .to_request()
            .expect("valid request")
            .path,
        "/lists/active/members"
    );
}

#[test]
fn hostile_ids_stay_inside_their_segment() {
    let id = ContactId::new("joesflowers", "../lists?x=1");
    assert_eq!(
        contacts::GetContact::new(&id)
            .to_request()
            .expect("valid request")
            .path,
        "/contacts/..%2Flists%3Fx%3D1"
    );
}

#[test]
fn the_endpoint_table_routes_every_request_back_to_its_spec() {
    let names: Vec<&str> = ctct_models::v1::ENDPOINTS.iter().map(|e| e.name).collect();
    assert_eq!(names.len(), 70, "{names:?}");
    let id = ContactId::new("u", "7");
    let r = contacts::GetContact::new(&id)
        .to_request()
        .expect("valid request");
    let matching: Vec<&str> = ctct_models::v1::ENDPOINTS
        .iter()
        .filter(|e| e.method == r.method() && e.match_path(&r.path).is_some())
        .map(|e| e.name)
        .collect();
    assert_eq!(matching, ["get_contact"]);
    for spec in ctct_models::v1::ENDPOINTS {
        if matches!(spec.response, ctct_models::endpoint::ResponseShape::Feed(_)) {
            assert_ne!(
                spec.paging,
                Paging::None,
                "{} is a feed without paging",
                spec.name
            );
        }
    }
}

/// The whole V1 endpoint table, one line per endpoint: method, path (trailing slashes
/// exact), query parameters (`?` optional, `*` repeated), request and content type,
/// response, success statuses, paging and `Accept`. Reviewed against `docs/v1/`.
#[test]
fn the_whole_endpoint_table() {
    let mut lines = Vec::new();
    for s in ctct_models::v1::ENDPOINTS {
        let query: Vec<String> = s
            .query
            .iter()
            .map(|q| {
                format!(
                    "{}{}{}",
                    q.name,
                    if q.required { "" } else { "?" },
                    if q.repeated { "*" } else { "" }
                )
            })
            .collect();
        lines.push(format!(
            "{:<48} {:<6} {}{} | body {:?} {:?} | {:?} {:?} {:?} | accept {}",
            s.name,
            s.method.as_str(),
            s.path,
            if query.is_empty() {
                String::new()
            } else {
                format!("?{}", query.join("&"))
            },
            s.request,
            s.content_type,
            s.response,
            s.success,
            s.paging,
            s.accept,
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}
