//! The sandbox's V1 contacts and lists behaviour, driven over real HTTP with raw requests.

use crate::support;

use ctct_models::endpoint::Endpoint as _;
use ctct_models::v1::contacts::{ActionSource, Contact, ContactStatus};
use ctct_models::v1::lists::{ContactList, ContactListMember};
use support::v1::*;

const NEED_LIST: &str = "Error 400: The new contact must contain at least on valid ContactList";

#[tokio::test]
async fn service_document_auth_and_routing() {
    let api = start(0, 1).await;
    let doc = api.get("/").await;
    assert_eq!(doc.status, 200);
    assert!(doc.body.contains("<service") && doc.body.contains("/ws/customers/joesflowers/lists"));
    // The base URI without its trailing slash is refused.
    assert_eq!(api.get("").await.status, 403);
    // Missing, wrong and foreign credentials: 401 with a plain-text body.
    let anon = api.raw("GET", "/", None, None, None).await;
    assert_eq!(
        (anon.status, anon.body.as_str()),
        (401, "Error 401: Unauthorized")
    );
    assert!(anon.header("www-authenticate").is_some());
    for (u, p) in [
        ("KEY%joesflowers", "nope"),
        ("NOPE%joesflowers", PASS),
        ("KEY%other", PASS),
    ] {
        assert_eq!(
            api.raw("GET", "/contacts", None, None, Some((u, p)))
                .await
                .status,
            401
        );
    }
    // Right credentials, another account's URI: 401.
    assert_eq!(
        api.get("/ws/customers/someoneelse/contacts").await.status,
        401
    );
    // Bearer tokens.
    let bearer = |t: &str| {
        api.http
            .get(api.url("/lists"))
            .header("Authorization", format!("Bearer {t}"))
            .send()
    };
    assert_eq!(bearer(TOKEN).await.unwrap().status(), 200);
    assert_eq!(bearer("WRONG").await.unwrap().status(), 401);
    // Unknown paths and ids: 404; a method the resource lacks: 415.
    assert_eq!(api.get("/ws/other").await.status, 404);
    let r = api.get("/nothing-here").await;
    assert_eq!((r.status, r.body.as_str()), (404, "Error 404: Not Found"));
    assert_eq!(api.get("/contacts/999").await.status, 404);
    assert_eq!(api.get("/contacts/abc").await.status, 404);
    assert_eq!(api.get("/lists/1/members/5").await.status, 404);
    assert_eq!(api.call("DELETE", "/contacts", None).await.status, 415);
    // updatedsince needs listtype or listid.
    let r = api
        .get("/contacts?updatedsince=2020-01-01T00:00:00.000Z")
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
}

#[tokio::test]
async fn create_contact_answers_like_the_server() {
    let api = start(0, 2).await;
    let r = api
        .create(&new_contact("new@example.com", &["1", "2"]))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let location = r.header("location").unwrap().to_owned();
    assert!(
        location.ends_with("/ws/customers/joesflowers/contacts/1"),
        "{location}"
    );
    let created = r.entry::<Contact>();
    assert_eq!(created.content.status, Some(ContactStatus::Active));
    assert_eq!(
        created.content.contact_lists.as_ref().unwrap().lists.len(),
        2
    );
    assert_eq!(
        created.link("edit"),
        Some("/ws/customers/joesflowers/contacts/1")
    );
    // Location can be followed as is.
    let again = api.get(&location).await.entry::<Contact>();
    assert_eq!(again.content, created.content);
    assert_eq!(again.content.first_name.as_deref(), Some("Joe"));
    assert_eq!(again.content.name.as_deref(), Some("Joe Test"));

    // 409 for an existing address, whatever its case.
    let dup = api.create(&new_contact("NEW@example.com", &["1"])).await;
    assert_eq!(dup.status, 409, "{}", dup.body);
    assert!(dup.body.starts_with("Error 409: "));

    // 400 without a list, or with a list that is not the account's.
    // (The models refuse to build these bodies, so the entries are written directly.)
    let mut no_list = new_contact("nolist@example.com", &[]);
    let body = ctct_models::atom::Entry::for_write(no_list.clone(), None)
        .to_xml()
        .unwrap();
    let r = api.call("POST", "/contacts", Some(body)).await;
    assert_eq!((r.status, r.body.as_str()), (400, NEED_LIST));
    no_list.contact_lists = None;
    let body = ctct_models::atom::Entry::for_write(no_list, None)
        .to_xml()
        .unwrap();
    let r = api.call("POST", "/contacts", Some(body)).await;
    assert_eq!((r.status, r.body.as_str()), (400, NEED_LIST));
    let r = api.create(&new_contact("x@example.com", &["77"])).await;
    assert_eq!(r.status, 400, "{}", r.body);

    // 415 for a wrong Content-Type, 400 for malformed XML, 413 for a huge body.
    let good = ctct_models::v1::contacts::CreateContact::new(
        (new_contact("y@example.com", &["1"])).clone(),
    )
    .to_request()
    .unwrap()
    .body
    .unwrap()
    .as_text()
    .unwrap()
    .to_owned();
    let auth = Some(("KEY%joesflowers", PASS));
    let r = api
        .raw(
            "POST",
            "/contacts",
            Some("text/xml"),
            Some(good.clone()),
            auth,
        )
        .await;
    assert_eq!(r.status, 415, "{}", r.body);
    let r = api
        .raw("POST", "/contacts", None, Some(good.clone()), auth)
        .await;
    assert_eq!(r.status, 415);
    let r = api
        .call("POST", "/contacts", Some(good[..good.len() / 2].to_owned()))
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.starts_with("Error 400: "), "{}", r.body);
    let r = api
        .call("POST", "/contacts", Some("<entry".repeat(400_000)))
        .await;
    assert_eq!(r.status, 413);
    // 500 for a wrong-case OptInSource; 400 for an over-long field; neither creates anything.
    let r = api
        .call(
            "POST",
            "/contacts",
            Some(good.replace("ACTION_BY_CUSTOMER", "action_by_customer")),
        )
        .await;
    assert_eq!(r.status, 500, "{}", r.body);
    let long = good.replace(
        "<FirstName>Joe<",
        &format!("<FirstName>{}<", "j".repeat(51)),
    );
    assert_ne!(long, good);
    let r = api.call("POST", "/contacts", Some(long)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("FirstName"), "{}", r.body);
    let r = api
        .call(
            "POST",
            "/contacts",
            Some(good.replace("y@example.com", "not-an-address")),
        )
        .await;
    assert_eq!(r.status, 400);
    let all = api.all::<Contact>("/contacts").await;
    assert_eq!(tails(&all), ["1"]);
    // The good body still works afterwards.
    assert_eq!(api.call("POST", "/contacts", Some(good)).await.status, 201);
}

#[tokio::test]
async fn update_remove_opt_out_and_opt_back_in() {
    let api = start(0, 2).await;
    assert_eq!(
        api.create(&new_contact("a@example.com", &["1"]))
            .await
            .status,
        201
    );

    // PUT: a full replace, 204 without a body.
    let mut c = api.contact("1").await;
    c.first_name = Some("Ann".into());
    c.note = Some("  two spaces kept  ".into());
    c.contact_lists = on_lists(&["1", "2"]);
    let r = api.put_contact("1", &c).await;
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    let c = api.contact("1").await;
    assert_eq!(c.first_name.as_deref(), Some("Ann"));
    assert_eq!(c.note.as_deref(), Some("  two spaces kept  "));
    assert_eq!(c.contact_lists.as_ref().unwrap().lists.len(), 2);
    assert_eq!(
        tails(&api.all::<ContactListMember>("/lists/2/members").await),
        ["1"]
    );

    // PUT with an empty ContactLists: Removed, on no list, in the `removed` system list.
    let mut removed = c.clone();
    removed.contact_lists = on_lists(&[]);
    assert_eq!(api.put_contact("1", &removed).await.status, 204);
    let c = api.contact("1").await;
    assert_eq!(c.status, Some(ContactStatus::Removed));
    assert!(c.contact_lists.unwrap().lists.is_empty());
    assert!(
        api.all::<ContactListMember>("/lists/1/members")
            .await
            .is_empty()
    );
    assert_eq!(
        tails(&api.all::<ContactListMember>("/lists/removed/members").await),
        ["1"]
    );
    // The account owner can add a removed contact back.
    let mut back = api.contact("1").await;
    back.contact_lists = on_lists(&["1"]);
    assert_eq!(api.put_contact("1", &back).await.status, 204);
    assert_eq!(api.contact("1").await.status, Some(ContactStatus::Active));

    // DELETE: opt-out, not a delete.
    let r = api.call("DELETE", "/contacts/1", None).await;
    assert_eq!((r.status, r.body.as_str()), (204, ""));
    let c = api.contact("1").await;
    assert_eq!(c.status, Some(ContactStatus::DoNotMail));
    assert!(c.contact_lists.as_ref().unwrap().lists.is_empty());
    assert!(c.opt_out_time.is_some());
    assert_eq!(
        tails(
            &api.all::<ContactListMember>("/lists/do-not-mail/members")
                .await
        ),
        ["1"]
    );
    assert!(
        api.all::<ContactListMember>("/lists/active/members")
            .await
            .is_empty()
    );
    // Still there, so creating the address again conflicts.
    assert_eq!(
        api.create(&new_contact("a@example.com", &["1"]))
            .await
            .status,
        409
    );
    // The account owner cannot re-add it; the contact can.
    let mut again = c.clone();
    again.contact_lists = on_lists(&["2"]);
    again.opt_in_source = Some(ActionSource::ActionByCustomer);
    assert_eq!(api.put_contact("1", &again).await.status, 403);
    assert_eq!(
        api.contact("1").await.status,
        Some(ContactStatus::DoNotMail)
    );
    again.opt_in_source = Some(ActionSource::ActionByContact);
    assert_eq!(api.put_contact("1", &again).await.status, 204);
    let c = api.contact("1").await;
    assert_eq!(c.status, Some(ContactStatus::Active));
    assert_eq!(c.opt_in_source, Some(ActionSource::ActionByContact));

    // Changing the address keeps the id; taking another contact's address is a 409.
    assert_eq!(
        api.create(&new_contact("b@example.com", &["1"]))
            .await
            .status,
        201
    );
    let mut c = api.contact("1").await;
    c.email_address = Some("b@example.com".into());
    assert_eq!(api.put_contact("1", &c).await.status, 409);
    c.email_address = Some("renamed@example.com".into());
    assert_eq!(api.put_contact("1", &c).await.status, 204);
    let found = api
        .get("/contacts?email=renamed%40example.com")
        .await
        .feed::<Contact>();
    assert_eq!(tails(&found.entries), ["1"]);
    assert_eq!(api.put_contact("99", &c).await.status, 404);
    assert_eq!(api.call("DELETE", "/contacts/99", None).await.status, 404);
}

#[tokio::test]
async fn search_by_several_emails() {
    let api = start(120, 3).await;
    let r = api
        .get("/contacts?email=contact00007%40example.com&email=CONTACT00100%40example.com&email=nobody%40example.com")
        .await
        .feed::<Contact>();
    assert_eq!(tails(&r.entries), ["7", "100"]);
    assert!(r.entries[0].content.insert_time.is_some());
    assert_eq!(r.entries[0].content.confirmed, Some(false));
    let none = api
        .get("/contacts?email=nobody%40example.com")
        .await
        .feed::<Contact>();
    assert!(none.entries.is_empty());
    assert!(none.next_href().is_none());
}

#[tokio::test]
async fn pages_of_fifty_with_tokens_that_survive_writes() {
    let api = start(120, 3).await;
    let first = api.get("/contacts").await.feed::<Contact>();
    assert_eq!(first.entries.len(), 50);
    let next = first.next_href().unwrap().to_owned();
    assert!(
        next.starts_with("/ws/customers/joesflowers/contacts?next="),
        "{next}"
    );
    let token = next.rsplit('=').next().unwrap();
    assert!(token.parse::<u64>().is_err(), "tokens are opaque: {token}");
    // Writes between pages: an opt-out of a contact already seen, one on the next page, and a
    // new contact. Nothing is skipped or repeated.
    assert_eq!(api.call("DELETE", "/contacts/10", None).await.status, 204);
    assert_eq!(api.call("DELETE", "/contacts/60", None).await.status, 204);
    assert_eq!(
        api.create(&new_contact("late@example.com", &["1"]))
            .await
            .status,
        201
    );
    let mut seen = tails(&first.entries);
    seen.extend(tails(&api.all::<Contact>(&next).await));
    let expected: Vec<String> = (1..=121).map(|i| i.to_string()).collect();
    assert_eq!(seen, expected);
    // A token the sandbox did not issue.
    assert_eq!(api.get("/contacts?next=abc").await.status, 400);
    // Lists page too: 3 system lists + 60 user lists.
    let api = start(0, 60).await;
    let lists = api.all::<ContactList>("/lists").await;
    assert_eq!(lists.len(), 63);
    assert_eq!(tails(&lists[..3]), ["active", "do-not-mail", "removed"]);
    assert!(lists[..3].iter().all(|l| l.content.contact_count.is_none()));
    assert_eq!(
        tails(&lists[3..]),
        (1..=60).map(|i| i.to_string()).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn updatedsince_returns_exactly_the_changes() {
    let api = start(30, 2).await;
    // Seeded contacts on list 1 are the odd ones (contact i is on list i % 2 + 1).
    let mut c5 = api.contact("5").await;
    c5.job_title = Some("Florist".into());
    assert_eq!(api.put_contact("5", &c5).await.status, 204);
    let since = api.contact("5").await.last_update_time.unwrap();
    let mut c8 = api.contact("8").await;
    c8.city = Some("Paris".into());
    assert_eq!(api.put_contact("8", &c8).await.status, 204);
    assert_eq!(api.call("DELETE", "/contacts/9", None).await.status, 204);
    let mut c11 = api.contact("11").await;
    c11.contact_lists = on_lists(&[]);
    assert_eq!(api.put_contact("11", &c11).await.status, 204);

    let q = |rest: &str| {
        format!(
            "/contacts?updatedsince={}&{rest}",
            since.to_string().replace(':', "%3A")
        )
    };
    let got = |v: Vec<ctct_models::atom::Entry<Contact>>| tails(&v);
    assert_eq!(got(api.all(&q("listtype=active")).await), ["5", "8"]);
    assert_eq!(got(api.all(&q("listtype=do-not-mail")).await), ["9"]);
    assert_eq!(got(api.all(&q("listtype=removed")).await), ["11"]);
    assert_eq!(got(api.all(&q("listid=2")).await), ["5"]);
    assert_eq!(got(api.all(&q("listid=1")).await), ["8"]);
    assert_eq!(api.get(&q("listid=99")).await.status, 404);
    assert_eq!(api.get(&q("listtype=everyone")).await.status, 400);
    assert_eq!(
        api.get("/contacts?updatedsince=yesterday&listtype=active")
            .await
            .status,
        400
    );
    // From the epoch, every active contact (seeded: every 20th removed, every 50th DNM).
    let all = api
        .all::<Contact>("/contacts?updatedsince=1970-01-01T00%3A00%3A00.000Z&listtype=active")
        .await;
    assert_eq!(all.len(), 30 - 1 /* 20 */ - 2 /* 9, 11 */);
}

#[tokio::test]
async fn lists_lifecycle() {
    let api = start(10, 1).await;
    let list = |name: &str| ContactList {
        name: Some(name.into()),
        opt_in_default: Some(true),
        sort_order: Some(5),
        ..Default::default()
    };
    let body = |l: &ContactList| {
        ctct_models::v1::lists::CreateList::new(l.clone())
            .to_request()
            .unwrap()
            .body
            .unwrap()
            .as_text()
            .unwrap()
            .to_owned()
    };
    let r = api
        .call("POST", "/lists", Some(body(&list("Tulips"))))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(r.header("location").unwrap().ends_with("/lists/2"));
    let created = r.entry::<ContactList>().content;
    assert_eq!(created.name.as_deref(), Some("Tulips"));
    assert_eq!(created.contact_count, Some(0));
    assert_eq!(
        created.display_on_signup,
        Some(ctct_models::v1::lists::DisplayOnSignup::No)
    );
    assert_eq!(
        api.call("POST", "/lists", Some(body(&list("tulips"))))
            .await
            .status,
        409
    );
    let unnamed = ctct_models::atom::Entry::for_write(ContactList::default(), None)
        .to_xml()
        .unwrap();
    assert_eq!(api.call("POST", "/lists", Some(unnamed)).await.status, 400);

    // Rename with PUT (204); system lists cannot be changed.
    let id = ctct_models::ids::ListId::new(USER, "2");
    let put = ctct_models::v1::lists::UpdateList::new(&id, (list("Roses")).clone())
        .to_request()
        .unwrap();
    let put_body = put.body.unwrap().as_text().unwrap().to_owned();
    assert_eq!(
        api.call("PUT", "/lists/2", Some(put_body.clone()))
            .await
            .status,
        204
    );
    let got = api.get("/lists/2").await.entry::<ContactList>();
    assert_eq!(got.content.name.as_deref(), Some("Roses"));
    assert_eq!(
        api.call("PUT", "/lists/active", Some(put_body))
            .await
            .status,
        403
    );
    assert_eq!(api.call("DELETE", "/lists/removed", None).await.status, 403);
    let sys = api
        .get("/lists/do-not-mail")
        .await
        .entry::<ContactList>()
        .content;
    assert_eq!(sys.name.as_deref(), Some("Do Not Mail"));

    // Members: a contact joins, the count follows; deleting the list removes the membership.
    let mut c = api.contact("3").await;
    c.contact_lists = on_lists(&["1", "2"]);
    assert_eq!(api.put_contact("3", &c).await.status, 204);
    let members = api.all::<ContactListMember>("/lists/2/members").await;
    assert_eq!(tails(&members), ["3"]);
    assert_eq!(
        members[0].content.email_address.as_deref(),
        Some("contact00003@example.com")
    );
    assert_eq!(
        api.get("/lists/2")
            .await
            .entry::<ContactList>()
            .content
            .contact_count,
        Some(1)
    );
    assert_eq!(api.call("DELETE", "/lists/2", None).await.status, 204);
    assert_eq!(api.get("/lists/2").await.status, 404);
    assert_eq!(api.get("/lists/2/members").await.status, 404);
    let c = api.contact("3").await;
    assert_eq!(
        tails(
            &c.contact_lists
                .unwrap()
                .lists
                .iter()
                .map(|m| ctct_models::atom::Entry::for_write(
                    ContactListMember {
                        id: m.id.clone(),
                        ..Default::default()
                    },
                    m.id.clone()
                ))
                .collect::<Vec<_>>()
        ),
        ["1"]
    );
}

#[tokio::test]
async fn seeding_is_deterministic() {
    let a = start(60, 3).await;
    let b = start(60, 3).await;
    for rest in ["/contacts/7", "/contacts/20", "/contacts/50", "/lists/2"] {
        let (x, y) = (a.get(rest).await, b.get(rest).await);
        assert_eq!(x.status, 200);
        assert_eq!(x.body, y.body, "{rest}");
    }
    assert_eq!(a.contact("20").await.status, Some(ContactStatus::Removed));
    assert_eq!(a.contact("50").await.status, Some(ContactStatus::DoNotMail));
    let c = a.contact("7").await;
    assert_eq!(c.email_address.as_deref(), Some("contact00007@example.com"));
    assert_eq!(
        c.insert_time.map(|t| t.to_string()).as_deref(),
        Some("2026-01-01T00:00:00.010Z") // 3 lists, then 7 contacts, 1 ms each
    );
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_shutdown_closes_the_port() {
    let config = ctct_sandbox::Config {
        api_key: "key-s3cr3t".into(),
        password: "pw-s3cr3t".into(),
        access_token: Some("tok-s3cr3t".into()),
        ..config()
    };
    let shown = format!("{config:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    let api = start_with(config).await;
    assert!(!format!("{:?}", api.sandbox).contains("s3cr3t"));
    let addr = api.sandbox.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    api.sandbox.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn hostile_bodies_and_queries_get_400_and_the_server_stays_up() {
    let api = start(1, 1).await;
    let entry = |inner: &str| {
        format!(
            "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>data:,none</id><content type=\"application/vnd.ctct+xml\">{inner}</content></entry>"
        )
    };
    for body in [
        String::new(),
        "not xml at all".to_owned(),
        "<!DOCTYPE x [<!ENTITY a 'b'>]><entry/>".to_owned(),
        "<a>".repeat(10_000),
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>".to_owned(),
        entry(""),
        entry(
            "<Contact xmlns=\"urn:example:other\"><EmailAddress>wrong-namespace@example.com</EmailAddress></Contact>",
        ),
        entry(
            "<Contact xmlns=\"http://ws.constantcontact.com/ns/1.0/\"><OptInTime>yesterday</OptInTime></Contact>",
        ),
    ] {
        for (method, rest) in [
            ("POST", "/contacts"),
            ("PUT", "/contacts/1"),
            ("POST", "/lists"),
        ] {
            let r = api.call(method, rest, Some(body.clone())).await;
            assert_eq!(r.status, 400, "{method} {rest} {body:.60}: {}", r.body);
            assert!(r.body.starts_with("Error 400: "), "{}", r.body);
        }
    }
    let r = api
        .raw(
            "POST",
            "/contacts",
            Some("application/atom+xml"),
            None,
            Some(("KEY%joesflowers", PASS)),
        )
        .await;
    assert_eq!(r.status, 400);
    let many: String = (0..51)
        .map(|i| format!("email=a{i}%40example.com&"))
        .collect();
    assert_eq!(api.get(&format!("/contacts?{many}")).await.status, 400);
    // Nothing changed, and the server still answers.
    assert_eq!(tails(&api.all::<Contact>("/contacts").await), ["1"]);
    assert_eq!(
        api.contact("1").await.email_address.as_deref(),
        Some("contact00001@example.com")
    );
}

#[tokio::test]
async fn a_request_body_that_never_ends_is_answered_408_and_closed() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let api = start_with(ctct_sandbox::Config {
        body_timeout: std::time::Duration::from_millis(200),
        ..config()
    })
    .await;
    let mut socket = tokio::net::TcpStream::connect(api.sandbox.addr())
        .await
        .unwrap();
    // Headers promise 1000 bytes; only 6 ever come.
    let head = format!(
        "POST /ws/customers/{USER}/contacts HTTP/1.1\r\nHost: sandbox\r\n\
         Content-Type: application/atom+xml\r\nContent-Length: 1000\r\n\r\n<entry"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    // Without a body deadline the server would wait for ever; the test gives up after a
    // minute instead of hanging.
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(60),
        socket.read_to_end(&mut answer),
    )
    .await
    .expect("the sandbox answers an unfinished body")
    .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(
        answer.ends_with("Error 408: the request body did not arrive within 0.2 s"),
        "{answer}"
    );
    // read_to_end returned: the server closed the connection. Nothing was created.
    assert!(api.all::<Contact>("/contacts").await.is_empty());
}
