//! The reader's rules on small documents.

use super::*;
use crate::xml::DecodeOptions;

fn events(body: &str) -> Result<Vec<String>, DecodeError> {
    let mut r = Reader::new(body, &DecodeOptions::default())?;
    let mut out = Vec::new();
    loop {
        match r.next_event()? {
            Event::Start(s) => out.push(format!("<{}:{:?}", s.local, s.ns)),
            Event::End => out.push(">".into()),
            Event::Text(t) => out.push(format!("{t:?}")),
            Event::Eof => return Ok(out),
        }
    }
}

#[test]
fn resolves_both_namespace_styles_and_keeps_whitespace() {
    let got = events(
        "<?xml version='1.0'?><a:feed xmlns:a='http://www.w3.org/2005/Atom'><a:id> x &amp; y </a:id><E/></a:feed>",
    )
    .unwrap();
    assert_eq!(
        got,
        [
            "<feed:Atom",
            "<id:Atom",
            "\" x \"",
            "\"&\"",
            "\" y \"",
            ">",
            "<E:None",
            ">",
            ">"
        ]
    );
}

#[test]
fn refuses_what_the_door_refuses() {
    let kind = |b: &str| events(b).unwrap_err().kind;
    assert_eq!(kind("<!DOCTYPE a><a/>"), DecodeErrorKind::Doctype);
    assert_eq!(kind(&"<a>".repeat(65)), DecodeErrorKind::TooDeep);
    let decls: String = (0..65).map(|i| format!(" xmlns:p{i}='u{i}'")).collect();
    assert_eq!(
        kind(&format!("<a{decls}/>")),
        DecodeErrorKind::TooManyNamespaces
    );
    for bad in [
        "<a>&#1;</a>",
        "<a>&#0;</a>",
        "<a>&#xFFFE;</a>",
        "<a>\u{1}</a>",
        "<a/><b/>",
        "<a/>text",
        "<a>&nbsp;</a>",
        "<p:a/>",
        "<a></b>",
        "<a>",
        "",
    ] {
        let err = events(bad).unwrap_err();
        let want = if err.message.contains("cannot carry") || err.message.contains("not permitted")
        {
            DecodeErrorKind::InvalidCharacter
        } else {
            DecodeErrorKind::Syntax
        };
        assert_eq!(err.kind, want, "{bad:?}: {err}");
    }
    assert!(events("<a>&#9;&#x10000;</a><!-- c --> \n").is_ok());
    let mut r = Reader::new("<a x='&#1;' y='p&#9;q\tr'/>", &DecodeOptions::default()).unwrap();
    let Event::Start(a) = r.next_event().unwrap() else {
        panic!("a start")
    };
    assert!(a.attr("x").unwrap_err().message.contains("U+0001"));
    assert_eq!(a.attr("y").unwrap().as_deref(), Some("p\tq r"));
}

#[test]
fn empty_typed_elements_are_absent_and_empty_text_is_kept() {
    let mut r = Reader::new("<a><b/><c></c><d>true</d></a>", &DecodeOptions::default()).unwrap();
    let Event::Start(_) = r.next_event().unwrap() else {
        panic!()
    };
    let Some(_) = r.next_child().unwrap() else {
        panic!()
    };
    assert_eq!(read_text::<bool>(&mut r, "A", "b").unwrap(), None);
    let Some(_) = r.next_child().unwrap() else {
        panic!()
    };
    assert_eq!(
        read_text::<String>(&mut r, "A", "c").unwrap(),
        Some(String::new())
    );
    let Some(_) = r.next_child().unwrap() else {
        panic!()
    };
    assert_eq!(read_text::<bool>(&mut r, "A", "d").unwrap(), Some(true));
    assert!(r.next_child().unwrap().is_none());
    r.finish().unwrap();
}

#[test]
fn field_errors_name_the_field_and_value() {
    let mut r = Reader::new("<a><n>abc59</n></a>", &DecodeOptions::default()).unwrap();
    r.next_event().unwrap();
    r.next_child().unwrap();
    let err = read_text::<i64>(&mut r, "Contact", "SortOrder").unwrap_err();
    assert!(err.message.contains("Contact.SortOrder"), "{err}");
    assert!(err.message.contains("abc59"), "{err}");
}

/// The first start tag of `body`.
fn first_start(body: &str) -> Start<'_> {
    let mut r = Reader::new(body, &DecodeOptions::default()).unwrap();
    match r.next_event().unwrap() {
        Event::Start(s) => s,
        other => panic!("expected a start tag, found {other:?}"),
    }
}

#[test]
fn attributes_are_found_in_every_spelling() {
    let a = first_start(
        "<a  k = 'x=\"1\" >' \n\tkk=\"\" hr:ef=\"no\" href='/c?a=1&amp;b=2' k2='tab\there' />",
    );
    assert_eq!(a.attr("k").unwrap().as_deref(), Some("x=\"1\" >"));
    assert_eq!(a.attr("kk").unwrap().as_deref(), Some(""));
    assert_eq!(
        a.attr("ef").unwrap(),
        None,
        "a prefixed name is not the local one"
    );
    assert_eq!(a.attr("hr:ef").unwrap().as_deref(), Some("no"));
    assert_eq!(a.attr("href").unwrap().as_deref(), Some("/c?a=1&b=2"));
    assert_eq!(a.attr("k2").unwrap().as_deref(), Some("tab here"));
    assert_eq!(a.attr("missing").unwrap(), None);
    assert!(matches!(a.attr("k").unwrap(), Some(Cow::Borrowed(_))));
    let bare = first_start("<a \n >x</a>");
    assert_eq!(bare.attr("k").unwrap(), None);
    let e = first_start("<a é='ü'/>");
    assert_eq!(e.attr("é").unwrap().as_deref(), Some("ü"));
}

#[test]
fn bad_attributes_are_refused_even_when_not_asked_for() {
    for bad in ["<a b/>", "<a b='1' b='2'/>", "<a b=1/>"] {
        let err = events(bad).expect_err(bad);
        assert_eq!(err.kind, DecodeErrorKind::Syntax, "{bad:?}: {err}");
        assert!(err.message.contains("<a>"), "{bad:?}: {err}");
    }
}

#[test]
fn the_character_check_finds_a_bad_character_anywhere() {
    // Before, inside and after the vector blocks, next to multi-byte characters that
    // straddle a block boundary.
    for len in [0usize, 1, 31, 63, 64, 65, 127, 128, 200] {
        for bad in ['\u{1}', '\u{FFFE}', '\u{FFFF}', '\u{1F}'] {
            let body = format!("<a>{}é{bad}€</a>", "x".repeat(len));
            let err = Reader::new(&body, &DecodeOptions::default())
                .err()
                .unwrap_or_else(|| panic!("{len} {bad:?} accepted"));
            assert!(
                err.message.contains(&format!("U+{:04X}", u32::from(bad))),
                "{len}: {err}"
            );
        }
        let fine = format!(
            "<a>{}é\t\r\n\u{FFFD}\u{EFFF}\u{F000}😀</a>",
            "x".repeat(len)
        );
        assert!(
            Reader::new(&fine, &DecodeOptions::default()).is_ok(),
            "{len}"
        );
    }
}

#[test]
fn a_feed_prefix_reads_the_head_up_to_the_first_entry() {
    use crate::atom::Head;
    let opts = DecodeOptions::default();
    let body = "<feed xmlns='http://www.w3.org/2005/Atom'><id>c</id>\
        <link href='/ws/customers/u/contacts?next=2' rel='next'/><link href='/x' rel='first'/>\
        <entry><id>1</id><link href='/in-entry' rel='next'/></entry>\
        <link href='/after' rel='last'/>";
    // Not even well formed after the first entry: the prefix reader never reads that far.
    let head = Head::from_feed_prefix(body, &opts).unwrap();
    assert_eq!(head.id.as_deref(), Some("c"));
    assert_eq!(head.link("next"), Some("/ws/customers/u/contacts?next=2"));
    assert_eq!(head.links.len(), 2);
    let last_page = "<feed xmlns='http://www.w3.org/2005/Atom'><link href='/x' rel='self'/></feed>";
    assert_eq!(
        Head::from_feed_prefix(last_page, &opts)
            .unwrap()
            .link("next"),
        None
    );
    let wrong_root = "<entry xmlns='http://www.w3.org/2005/Atom'/>";
    assert!(Head::from_feed_prefix(wrong_root, &opts).is_err());
    let doctype = "<!DOCTYPE feed><feed xmlns='http://www.w3.org/2005/Atom'/>";
    assert!(Head::from_feed_prefix(doctype, &opts).is_err());
}
