//! The sandbox as an existing V1 client library sees it: requests are the exact bytes such a
//! library sends (written out here), and answers are read with [`plain_xml`], which finds
//! elements only by the name they are written with, as PHP's SimpleXML does. Nothing here
//! decodes through `ctct-models`, so a writer and reader that agree on a wrong spelling
//! cannot hide it.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use support::plain_xml::{Node, parse};
use support::sandbox::*;

const ATOM_LINK: &str = r#"<link xmlns="http://www.w3.org/2005/Atom" href=""#;

/// A GET as the library sends it (Basic auth, `Accept: application/atom+xml`), read plainly.
async fn read(api: &Api, rest: &str) -> (String, Node) {
    let r = api
        .http
        .get(api.url(rest))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .header("Accept", "application/atom+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{rest}");
    let body = r.text().await.unwrap();
    let doc = parse(&body);
    (body, doc)
}

/// A request as the library's `makeRequest` sends it: Basic auth, the Atom content type and
/// `Accept: application/atom+xml`. Returns the status, the `Location` and the body.
async fn send(api: &Api, method: &str, rest: &str, body: &str) -> (u16, Option<String>, String) {
    let r = api
        .http
        .request(method.parse().unwrap(), api.url(rest))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .header("Content-Type", "application/atom+xml")
        .header("Accept", "application/atom+xml")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, location, r.text().await.unwrap())
}

/// The bytes of the official V1 PHP wrapper's `Campaign::createXml()` (SimpleXML's `asXML()`
/// of the tree it builds), for a campaign `id` (`data:,` on create), one list and one
/// verified address used as From and Reply-To. It always sends `<Status>draft</Status>`.
fn php_campaign_xml(id: &str, name: &str, list: &str, email_link: &str, email: &str) -> String {
    let list_link = list.replace("http://api.constantcontact.com", "");
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<entry xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"/ws/customers/customer/campaigns\" rel=\"edit\"/>",
            "<id>{id}</id><title type=\"text\">{name}</title><updated>2009-10-19T18:34:53.105Z</updated>",
            "<author><name>Constant Contact</name></author><content type=\"application/vnd.ctct+xml\">",
            "<Campaign xmlns=\"http://ws.constantcontact.com/ns/1.0/\" id=\"{id}\"><Name>{name}</Name>",
            "<Status>draft</Status><Date>2009-10-19T18:34:53.105Z</Date><Subject>Spring is here</Subject>",
            "<FromName>Joe</FromName><ViewAsWebpage>NO</ViewAsWebpage><ViewAsWebpageLinkText/>",
            "<ViewAsWebpageText/><PermissionReminder>NO</PermissionReminder><PermissionReminderText/>",
            "<GreetingSalutation>Dear</GreetingSalutation><GreetingName>FirstName</GreetingName>",
            "<GreetingString/><OrganizationName>$ACCOUNT.ORGANIZATIONNAME</OrganizationName>",
            "<OrganizationAddress1>$ACCOUNT.ADDRESS_LINE_1</OrganizationAddress1>",
            "<OrganizationAddress2>$ACCOUNT.ADDRESS_LINE_2</OrganizationAddress2>",
            "<OrganizationAddress3>$ACCOUNT.ADDRESS_LINE_3</OrganizationAddress3><OrganizationCity/>",
            "<OrganizationState/><OrganizationInternationalState/><OrganizationCountry/>",
            "<OrganizationPostalCode/><IncludeForwardEmail>NO</IncludeForwardEmail><ForwardEmailLinkText/>",
            "<IncludeSubscribeLink>NO</IncludeSubscribeLink><SubscribeLinkText/>",
            "<EmailContentFormat>HTML</EmailContentFormat>",
            "<EmailContent>&lt;html&gt;&lt;body&gt;Hello&lt;/body&gt;&lt;/html&gt;</EmailContent>",
            "<EmailTextContent>&lt;Text&gt;Hello&lt;/Text&gt;</EmailTextContent><StyleSheet/>",
            "<ContactLists><ContactList id=\"{list}\"><link xmlns=\"http://www.w3.org/2005/Atom\" href=\"{list_link}\" rel=\"self\"/></ContactList></ContactLists>",
            "<FromEmail><Email id=\"http://api.constantcontact.com{email_link}\"><link xmlns=\"http://www.w3.org/2005/Atom\" href=\"{email_link}\" rel=\"self\"/></Email>",
            "<EmailAddress>{email}</EmailAddress></FromEmail>",
            "<ReplyToEmail><Email id=\"http://api.constantcontact.com{email_link}\"><link xmlns=\"http://www.w3.org/2005/Atom\" href=\"{email_link}\" rel=\"self\"/></Email>",
            "<EmailAddress>{email}</EmailAddress></ReplyToEmail></Campaign></content>",
            "<source><id>{id}</id><title type=\"text\">Campaigns for customer</title><link href=\"campaigns\"/>",
            "<link href=\"campaigns\" rel=\"self\"/><author><name>customer</name></author>",
            "<updated>2013-04-29T10:00:00+01:00</updated></source></entry>\n"
        ),
        id = id,
        name = name,
        list = list,
        list_link = list_link,
        email_link = email_link,
        email = email,
    )
}

fn href(node: &Node) -> &str {
    node.child("link")
        .and_then(|l| l.attr("href"))
        .unwrap_or_else(|| panic!("no plain <link> in <{}>: {node:?}", node.name))
}

fn first_entry_id(feed: &Node) -> String {
    let id = &feed.child("entry").unwrap().child("id").unwrap().text;
    tail(id)
}

#[tokio::test]
async fn nested_links_are_found_by_a_reader_that_looks_up_link_by_name() {
    let api = start(60, 3).await;
    let (_, feed) = read(&api, "/campaigns?status=SENT").await;
    let id = first_entry_id(&feed);
    let (body, entry) = read(&api, &format!("/campaigns/{id}")).await;
    let campaign = entry.at(&["content", "Campaign"]).unwrap();

    // `$campaign->FromEmail->Email->link->Attributes()->href`, and the same for Reply-To.
    for which in ["FromEmail", "ReplyToEmail"] {
        let email = campaign.at(&[which, "Email"]).unwrap();
        let link = href(email);
        assert!(link.starts_with(&format!("/ws/customers/{USER}/settings/emailaddresses/")));
        assert_eq!(
            email.attr("id").unwrap(),
            format!("http://api.constantcontact.com{link}")
        );
    }
    // `foreach ($campaign->ContactLists->ContactList as $item) $item->link->Attributes()->href`
    let lists: Vec<&Node> = campaign
        .child("ContactLists")
        .unwrap()
        .all("ContactList")
        .collect();
    assert!(!lists.is_empty());
    for list in lists {
        assert!(href(list).starts_with(&format!("/ws/customers/{USER}/lists/")));
    }
    // The exact bytes of one nested link, as the service writes them.
    assert!(
        body.contains(&format!(
            r#"{ATOM_LINK}/ws/customers/{USER}/settings/emailaddresses/1" rel="self"/>"#
        )),
        "{body}"
    );
    assert!(!body.contains("atom:link"), "{body}");

    // Every tracking event names its campaign with a link.
    for (kind, element) in [
        ("sends", "SentEvent"),
        ("opens", "OpenEvent"),
        ("clicks", "ClickEvent"),
        ("bounces", "BounceEvent"),
        ("forwards", "ForwardEvent"),
        ("optouts", "OptoutEvent"),
    ] {
        let (_, feed) = read(&api, &format!("/campaigns/{id}/events/{kind}")).await;
        let event = feed
            .child("entry")
            .and_then(|e| e.at(&["content", element]))
            .unwrap_or_else(|| panic!("no {element} in the {kind} feed"));
        let campaign = event.child("Campaign").unwrap();
        assert_eq!(
            href(campaign),
            format!("http://api.constantcontact.com/ws/customers/{USER}/campaigns/{id}"),
            "{kind}"
        );
        assert!(
            href(event.child("Contact").unwrap()).contains("/contacts/"),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn a_campaign_create_and_update_with_a_lower_case_read_only_status_are_accepted() {
    let api = start(10, 2).await;
    // What the library reads first: a list id and a verified address with its link.
    let (_, lists) = read(&api, "/lists").await;
    let list = lists
        .all("entry")
        .map(|e| e.child("id").unwrap().text.clone())
        .find(|id| id.rsplit('/').next().unwrap().parse::<u32>().is_ok())
        .unwrap();
    let (_, addresses) = read(&api, "/settings/emailaddresses").await;
    let address = addresses.child("entry").unwrap();
    let email_link = address
        .child("link")
        .unwrap()
        .attr("href")
        .unwrap()
        .to_owned();
    let email = address
        .at(&["content", "Email", "EmailAddress"])
        .unwrap()
        .text
        .clone();

    let body = php_campaign_xml("data:,", "PHP Spring", &list, &email_link, &email);
    let (status, location, created) = send(&api, "POST", "/campaigns", &body).await;
    assert_eq!(status, 201, "{created}");
    assert!(location.is_some());
    // `Campaign::createStruct($parsedResponse)`
    let entry = parse(&created);
    let edit = entry
        .child("link")
        .unwrap()
        .attr("href")
        .unwrap()
        .to_owned();
    let campaign = entry.at(&["content", "Campaign"]).unwrap();
    assert_eq!(campaign.child("Status").unwrap().text, "Draft");
    assert_eq!(campaign.child("Name").unwrap().text, "PHP Spring");
    assert_eq!(
        href(campaign.at(&["FromEmail", "Email"]).unwrap()),
        email_link
    );
    let on_lists: Vec<&str> = campaign
        .child("ContactLists")
        .unwrap()
        .all("ContactList")
        .map(href)
        .collect();
    assert_eq!(
        on_lists,
        [list.replace("http://api.constantcontact.com", "")]
    );

    // `updateCampaign`: the same document with the campaign's id, PUT to its edit link.
    let id = entry.child("id").unwrap().text.clone();
    let body = php_campaign_xml(&id, "PHP Spring 2", &list, &email_link, &email);
    let (status, _, answer) = send(&api, "PUT", &edit, &body).await;
    assert_eq!(status, 204, "{answer}");
    let (_, again) = read(&api, &edit).await;
    let campaign = again.at(&["content", "Campaign"]).unwrap();
    assert_eq!(campaign.child("Name").unwrap().text, "PHP Spring 2");
    assert_eq!(campaign.child("Status").unwrap().text, "Draft");
}

/// The official PHP wrapper's `ContactList::createXml()` bytes.
fn php_list_xml(name: &str, opt_in_default: &str, sort_order: &str) -> String {
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>data:,</id><title/><author/>",
            "<updated>2008-04-16</updated><content type=\"application/vnd.ctct+xml\">",
            "<ContactList xmlns=\"http://ws.constantcontact.com/ns/1.0/\">",
            "<OptInDefault>{opt}</OptInDefault><Name>{name}</Name><SortOrder>{sort}</SortOrder>",
            "</ContactList></content></entry>\n"
        ),
        name = name,
        opt = opt_in_default,
        sort = sort_order,
    )
}

#[tokio::test]
async fn invalid_xml_is_said_only_of_xml_that_is_not_well_formed() {
    let api = start(0, 1).await;
    let (status, _, _) = send(&api, "POST", "/lists", &php_list_xml("Fine", "false", "3")).await;
    assert_eq!(status, 201);

    // Well-formed, with a value of the wrong type: the element and the value are named.
    let (status, _, text) =
        send(&api, "POST", "/lists", &php_list_xml("Bad", "false", "abc")).await;
    assert_eq!(status, 400);
    assert!(!text.contains("Invalid XML"), "{text}");
    assert!(text.contains("SortOrder") && text.contains("abc"), "{text}");

    // Well-formed, failing a rule: the field, the value and the rule.
    let api2 = start(0, 1).await;
    let (_, lists) = read(&api2, "/lists").await;
    let list = lists
        .all("entry")
        .map(|e| e.child("id").unwrap().text.clone())
        .find(|id| id.rsplit('/').next().unwrap().parse::<u32>().is_ok())
        .unwrap();
    let (_, addresses) = read(&api2, "/settings/emailaddresses").await;
    let address = addresses.child("entry").unwrap();
    let link = address
        .child("link")
        .unwrap()
        .attr("href")
        .unwrap()
        .to_owned();
    let email = address
        .at(&["content", "Email", "EmailAddress"])
        .unwrap()
        .text
        .clone();
    let body = php_campaign_xml("data:,", "Rule", &list, &link, &email).replace(
        "<EmailContentFormat>HTML</EmailContentFormat>",
        "<EmailContentFormat>html</EmailContentFormat>",
    );
    let (status, _, text) = send(&api2, "POST", "/campaigns", &body).await;
    assert_eq!(status, 400);
    assert!(!text.contains("Invalid XML"), "{text}");
    assert!(
        text.contains("EmailContentFormat")
            && text.contains("\"html\"")
            && text.contains("HTML, XHTML"),
        "{text}"
    );

    // Not well-formed: now it is invalid XML.
    let broken = php_list_xml("Broken", "false", "3").replace("</Name>", "</Nam>");
    let (status, _, text) = send(&api, "POST", "/lists", &broken).await;
    assert_eq!(status, 400);
    assert!(text.contains("Invalid XML"), "{text}");
}

#[tokio::test]
async fn location_follows_the_host_the_caller_used_not_the_bind_address() {
    let api = start(0, 1).await;
    let post = |headers: Vec<(&'static str, &'static str)>, name: &'static str| {
        let mut req = api
            .http
            .post(api.url("/lists"))
            .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
            .header("Content-Type", "application/atom+xml")
            .body(php_list_xml(name, "false", "1"));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        async move {
            let r = req.send().await.unwrap();
            assert_eq!(r.status().as_u16(), 201);
            r.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    // A port mapping: the caller reached us as localhost:9000.
    let at = post(vec![("Host", "localhost:9000")], "Mapped").await;
    assert!(
        at.starts_with(&format!("http://localhost:9000/ws/customers/{USER}/lists/")),
        "{at}"
    );
    // A TLS-terminating proxy.
    let at = post(
        vec![
            ("X-Forwarded-Host", "ctct.example.com"),
            ("X-Forwarded-Proto", "https"),
        ],
        "Proxied",
    )
    .await;
    assert!(
        at.starts_with(&format!(
            "https://ctct.example.com/ws/customers/{USER}/lists/"
        )),
        "{at}"
    );
}

#[tokio::test]
async fn the_first_page_of_registrants_is_the_same_with_and_without_page_number_1() {
    let api = start(60, 3).await;
    let (_, events) = read(&api, "/events").await;
    let entries: Vec<&Node> = events.all("atom:entry").collect();
    assert!(!entries.is_empty());
    for event in entries {
        let link = event
            .all("atom:link")
            .find(|l| l.attr("rel") == Some("edit"))
            .and_then(|l| l.attr("href"))
            .unwrap()
            .to_owned();
        // `getRegistrants($baseUri.$Event->link.'/registrants?pageNumber=1')`
        let (_, numbered) = read(&api, &format!("{link}/registrants?pageNumber=1")).await;
        let (_, plain) = read(&api, &format!("{link}/registrants")).await;
        let ids = |feed: &Node| -> Vec<String> {
            feed.all("atom:entry")
                .map(|e| e.child("atom:id").unwrap().text.clone())
                .collect()
        };
        assert_eq!(ids(&numbered), ids(&plain), "{link}");
        if !ids(&plain).is_empty() {
            return;
        }
    }
    panic!("no seeded event has registrants");
}

#[tokio::test]
async fn seeded_events_have_dates_a_registration_url_and_a_location() {
    let api = start(60, 3).await;
    let (_, events) = read(&api, "/events").await;
    let links: Vec<String> = events
        .all("atom:entry")
        .map(|e| {
            e.all("atom:link")
                .find(|l| l.attr("rel") == Some("edit"))
                .and_then(|l| l.attr("href"))
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(links.len(), 3);
    for link in links {
        let (_, entry) = read(&api, &link).await;
        let event = entry.at(&["atom:content", "Event"]).unwrap();
        let text = |name: &str| event.child(name).map(|n| n.text.trim().to_owned());
        let start = text("StartDate").unwrap();
        let end = text("EndDate").unwrap();
        assert!(start.ends_with("T18:00:00-04:00"), "{start}");
        assert!(end.ends_with("T21:00:00-04:00"), "{end}");
        assert_eq!(start[..10], end[..10]);
        let url = text("RegistrationURL").unwrap();
        let id = link.rsplit('/').next().unwrap();
        assert!(
            url.starts_with("http://events.constantcontact.com/register/event?")
                && url.ends_with(id),
            "{url}"
        );
        let location = event.at(&["EventLocation", "Location"]).unwrap();
        assert!(location.text.ends_with("Community Hall"));
    }
}
