//! Malformed and hostile bodies are errors naming the problem, never panics.

use ctct_models::atom::{Entry, Feed};
use ctct_models::v1::contacts::Contact;
use ctct_models::v1::lists::ContactList;
use ctct_models::xml::{DecodeErrorKind, DecodeOptions};

const ENTRY: &str = r#"<entry xmlns="http://www.w3.org/2005/Atom"><id>x</id><content type="application/vnd.ctct+xml"><Contact xmlns="http://ws.constantcontact.com/ns/1.0/" id="http://api.constantcontact.com/ws/customers/u/contacts/1"><EmailAddress>a@b.c</EmailAddress><Confirmed>false</Confirmed></Contact></content></entry>"#;

fn entry_err(body: &str) -> ctct_models::xml::DecodeError {
    Entry::<Contact>::from_xml(body).expect_err("must fail")
}

#[test]
fn the_reference_body_parses() {
    assert!(Entry::<Contact>::from_xml(ENTRY).is_ok());
}

#[test]
fn truncated_anywhere_is_an_error() {
    for cut in 0..ENTRY.len() {
        if !ENTRY.is_char_boundary(cut) {
            continue;
        }
        let r = Entry::<Contact>::from_xml(&ENTRY[..cut]);
        assert!(r.is_err(), "a body cut at byte {cut} parsed");
    }
}

#[test]
fn wrong_root_is_named() {
    let e = entry_err(
        &ENTRY
            .replace("<entry", "<rss")
            .replace("</entry>", "</rss>"),
    );
    assert_eq!(e.kind, DecodeErrorKind::WrongRoot);
    assert!(e.message.contains("expected root <entry>"), "{e}");
    let e = Feed::<Contact>::from_xml(ENTRY).unwrap_err();
    assert!(
        e.message.contains("expected root <feed>") && e.message.contains("found <entry>"),
        "{e}"
    );
    let e = entry_err(&ENTRY.replace("http://www.w3.org/2005/Atom", "urn:other"));
    assert_eq!(e.kind, DecodeErrorKind::WrongRoot);
}

#[test]
fn payload_in_the_wrong_namespace_is_an_error_not_an_empty_contact() {
    // A payload without its own xmlns inherits Atom's default namespace and is read by its
    // local name (captured real entries look so); any other namespace is an error naming both.
    let inherited = ENTRY.replace(" xmlns=\"http://ws.constantcontact.com/ns/1.0/\"", "");
    let read = Entry::<Contact>::from_xml(&inherited).expect("read by local name");
    assert_eq!(read.content.email_address.as_deref(), Some("a@b.c"));
    let e = entry_err(&ENTRY.replace(
        " xmlns=\"http://ws.constantcontact.com/ns/1.0/\"",
        " xmlns=\"urn:example:other\"",
    ));
    assert!(
        e.message.contains("urn:example:other")
            && e.message.contains("http://ws.constantcontact.com/ns/1.0/"),
        "{e}"
    );
}

#[test]
fn wrong_payload_is_named() {
    let e = Entry::<ContactList>::from_xml(ENTRY).unwrap_err();
    assert!(
        e.message.contains("has no <ContactList> inside <content>"),
        "{e}"
    );
}

#[test]
fn text_in_typed_fields_names_the_field() {
    let e = entry_err(&ENTRY.replace("<Confirmed>false", "<Confirmed>maybe"));
    assert!(e.message.contains("Confirmed"), "{e}");
    let list = r#"<entry xmlns="http://www.w3.org/2005/Atom"><content><ContactList xmlns="http://ws.constantcontact.com/ns/1.0/"><SortOrder>abc59</SortOrder></ContactList></content></entry>"#;
    let e = Entry::<ContactList>::from_xml(list).unwrap_err();
    assert!(e.message.contains("SortOrder"), "{e}");
    let date = ENTRY.replace(
        "<Confirmed>false</Confirmed>",
        "<InsertTime>yesterday</InsertTime>",
    );
    let e = entry_err(&date);
    assert!(
        e.message.contains("InsertTime") && e.message.contains("yesterday"),
        "{e}"
    );
}

#[test]
fn doctype_and_entities_are_refused() {
    let e = entry_err(&format!(
        "<!DOCTYPE entry [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{ENTRY}"
    ));
    assert_eq!(e.kind, DecodeErrorKind::Doctype);
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><entry xmlns=\"http://www.w3.org/2005/Atom\">&lol2;</entry>";
    assert_eq!(entry_err(laughs).kind, DecodeErrorKind::Doctype);
    let e = entry_err(&ENTRY.replace("a@b.c", "&undefined;"));
    assert_eq!(e.kind, DecodeErrorKind::Syntax);
}

#[test]
fn size_and_depth_limits() {
    let opts = DecodeOptions {
        max_bytes: 100,
        max_depth: 64,
    };
    let e = Entry::<Contact>::from_xml_with(ENTRY, &opts).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::TooLarge);
    let deep = ENTRY.replace(
        "<EmailAddress>",
        &format!("{}<EmailAddress>", "<x>".repeat(100_000)),
    );
    assert_eq!(entry_err(&deep).kind, DecodeErrorKind::TooDeep);
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "",
        " ",
        "<",
        ">",
        "<<>>",
        "<entry",
        "</entry>",
        "<entry/>",
        "\u{0}",
        "<entry xmlns=\"http://www.w3.org/2005/Atom\"><content><Contact xmlns=\"http://ws.constantcontact.com/ns/1.0/\"><ContactLists><ContactList><link/><link/></ContactList></ContactLists></Contact></content></entry>",
        "<entry xmlns=\"http://www.w3.org/2005/Atom\"><content><Contact xmlns=\"http://ws.constantcontact.com/ns/1.0/\"><Note><b>x</b></Note></Contact></content></entry>",
        "<entry xmlns=\"http://www.w3.org/2005/Atom\"><title><x/></title></entry>",
    ];
    for s in samples {
        let _ = Entry::<Contact>::from_xml(s);
        let _ = Feed::<Contact>::from_xml(s);
    }
}

#[test]
fn unknown_elements_and_attributes_are_skipped() {
    let body = ENTRY
        .replace(
            "<id>x</id>",
            "<id>x</id><foo:bar xmlns:foo=\"urn:f\" a=\"1\"><deep/></foo:bar>",
        )
        .replace(
            "<Confirmed>",
            "<NewServerField>v</NewServerField><Confirmed extra=\"1\">",
        );
    let e = Entry::<Contact>::from_xml(&body).expect("lenient");
    assert_eq!(e.content.email_address.as_deref(), Some("a@b.c"));
}
