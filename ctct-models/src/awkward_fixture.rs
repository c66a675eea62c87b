//! Compiles and exercises codegen's naming obstacle course (keywords, prelude names, digits,
//! both namespace styles, every query type), checked in by `codegen/tests/it/cases.rs`. A
//! naming or emission bug that produced uncompilable code fails this crate's tests.

#[path = "../../codegen/tests/cases/awkward/expected/awkward.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
pub mod awkward;

#[cfg(test)]
mod tests {
    use super::awkward::{self, Box as BoxPart, Kind, Option as Payload, Unqualified};
    use crate::atom::Entry;
    use crate::endpoint::Endpoint as _;
    use crate::enums::ClosedEnum;
    use crate::ids::ContactId;
    use crate::validate::{Validate, WriteKind};

    #[test]
    fn awkward_variants_and_fields_round_trip() {
        assert_eq!(Kind::from_wire("Self"), Kind::Self_);
        assert_eq!(Kind::from_wire("type"), Kind::Type);
        assert_eq!(Kind::from_wire("200"), Kind::V200);
        assert_eq!(Kind::from_wire("UNKNOWN"), Kind::UnknownValue);
        assert_eq!(Kind::from_wire("self"), Kind::Unknown("self".into()));
        let payload = Payload {
            type_: Some(Kind::DoNotMail),
            self_: Some("abc".into()),
            selfish: Some("  padded  ".into()),
            custom_field1: Some("x".into()),
            result: Some(-7),
            string: Some(true),
            box_: vec![BoxPart {
                kind: Some(Kind::DoNotMail2),
                crate_: vec![Kind::Self_, Kind::V200],
            }],
            ..Payload::default()
        };
        let id = ContactId::new("u", "1");
        let req = awkward::PutOption::new(&id, payload.clone())
            .to_request()
            .expect("valid");
        let xml = req
            .body
            .as_ref()
            .and_then(crate::endpoint::Body::as_text)
            .expect("body");
        let back = Entry::<Payload>::from_xml(xml).expect("reads back");
        let mut expected = payload.clone();
        expected.id = Some(id.uri());
        assert_eq!(back.content, expected);
        assert_eq!(req.path, "/options/1");
    }

    #[test]
    fn awkward_query_types_and_trailing_slash() {
        let id = ContactId::new("u", "a/b");
        let since: crate::DateTime = "2010-08-10T15:51:11-04:00".parse().expect("date");
        let list = crate::ids::ListId::new("u", "7");
        let req = awkward::GetOption::new(&id, (Kind::Self_).clone())
            .page_size(50)
            .since(since)
            .list(&list)
            .emails(["a@b", "c"])
            .to_request()
            .expect("valid");
        assert_eq!(
            req.path_and_query(),
            "/options/a%2Fb/events/?type=Self&pageSize=50&since=2010-08-10T19%3A51%3A11.000Z&listid=7&email=a%40b&email=c"
        );
        let err = awkward::GetOption::new(&id, (Kind::Self_).clone())
            .emails(["a", "b", "c"])
            .to_request()
            .unwrap_err();
        assert!(
            err.to_string().contains("3 values given, between 0 and 2"),
            "{err}"
        );
        let err = awkward::GetOption::new(&id, (Kind::Unknown("x".into())).clone())
            .to_request()
            .unwrap_err();
        assert!(err.to_string().contains("\"x\" is not one of"), "{err}");
        let err = awkward::GetOption::new(&id, (Kind::Self_).clone())
            .emails(["toolong"])
            .to_request()
            .unwrap_err();
        assert!(err.to_string().contains("get_option.email"), "{err}");
    }

    #[test]
    fn unqualified_style_writes_prefixed_atom_and_bare_payload() {
        let thing = Unqualified {
            name: Some("n".into()),
            async_: Some("a".into()),
        };
        let req = awkward::CreateThing::new(thing.clone())
            .to_request()
            .expect("valid");
        let xml = req
            .body
            .as_ref()
            .and_then(crate::endpoint::Body::as_text)
            .expect("body");
        assert!(
            xml.starts_with("<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\">"),
            "{xml}"
        );
        assert!(xml.contains("<atom:content><Thing"), "{xml}");
        let back = Entry::<Unqualified>::from_xml(xml).expect("reads back");
        assert_eq!(back.content, thing);
        let too_long = Unqualified {
            name: Some("x".repeat(11)),
            ..Unqualified::default()
        };
        assert!(
            awkward::CreateThing::new(too_long.clone())
                .to_request()
                .is_err()
        );
    }

    #[test]
    fn required_on_create_and_nested_enum_validation() {
        let missing = Payload::default();
        let err = missing.validate(WriteKind::Create).unwrap_err();
        assert_eq!(err.field, "self");
        assert!(missing.validate(WriteKind::Update).is_ok());
        let bad_nested = Payload {
            self_: Some("a".into()),
            box_: vec![BoxPart {
                kind: None,
                crate_: vec![Kind::Unknown("nope".into())],
            }],
            ..Payload::default()
        };
        let err = bad_nested.validate(WriteKind::Create).unwrap_err();
        assert_eq!((err.resource, err.field.as_str()), ("Option", "Box/crate"));
    }

    #[test]
    fn form_endpoints_encode_every_field_type() {
        use crate::endpoint::Body;
        use crate::form::{MULTIPART_BOUNDARY, Table};
        use crate::ids::ListId;
        let table = Table::new(["EMAIL ADDRESS"]).row(["a@b.c"]);
        let lists = [ListId::new("u", "1")];
        let r = awkward::FormThing::new("x/y", "t")
            .data(&table)
            .flag(true)
            .kinds([Kind::from("Do Not Mail")])
            .lists(lists.iter().cloned())
            .to_request();
        let r = r.expect("valid");
        assert_eq!(r.path, "/things/x%2Fy");
        let Some(Body::Multipart {
            boundary, bytes, ..
        }) = &r.body
        else {
            panic!("a multipart body");
        };
        assert_eq!(boundary, MULTIPART_BOUNDARY);
        let text = std::str::from_utf8(bytes).expect("utf-8");
        assert!(
            text.contains("name=\"activityType\"\r\n\r\nA,B \"C\"\r\n"),
            "{text}"
        );
        assert!(
            text.contains("name=\"data\"; filename=\"data.csv\""),
            "{text}"
        );
        assert!(text.contains("name=\"flag\"\r\n\r\ntrue\r\n"), "{text}");
        assert!(text.contains("http://api.constantcontact.com/ws/customers/u/lists/1"));
        let no_lists = awkward::FormThing::new("x", "t").to_request();
        assert!(no_lists.is_err(), "a required repeated field needs a value");
        let unknown = awkward::FormThing::new("x", "t")
            .kinds([Kind::from("zz")])
            .lists(lists.iter().cloned())
            .to_request();
        assert!(unknown.is_err(), "unknown enum values are refused");

        let r = awkward::FormThingEncoded::new((Kind::from("type")).clone())
            .self_("a b&c")
            .to_request()
            .expect("valid");
        assert_eq!(r.content_type(), Some("application/x-www-form-urlencoded"));
        assert_eq!(
            r.body.as_ref().and_then(Body::as_text),
            Some("self=a+b%26c&kind=type")
        );
    }

    #[test]
    fn service_raw_ranges_and_put_suffixes() {
        use crate::endpoint::ResponseShape;
        let r = awkward::GetService::new()
            .to_request()
            .expect("valid request");
        assert_eq!(
            (r.path.as_str(), r.spec.response),
            ("/", ResponseShape::Service)
        );
        let r = awkward::GetFile::new("..")
            .size(3)
            .to_request()
            .expect("in range");
        assert_eq!(r.path_and_query(), "/files/%252E%252E?size=3");
        assert_eq!(r.spec.response, ResponseShape::Raw);
        assert!(awkward::GetFile::new("f").size(4).to_request().is_err());
        assert!(awkward::GetFile::new("f").size(0).to_request().is_err());
        let id = ContactId::new("u", "9");
        let r = awkward::PutOptionPart::new(&id, (Payload::default()).clone())
            .to_request()
            .expect("valid");
        assert_eq!(r.path, "/options/9/parts/1");
        let body = r
            .body
            .as_ref()
            .and_then(crate::endpoint::Body::as_text)
            .expect("text");
        assert!(
            body.contains(
                "<id>http://api.constantcontact.com/ws/customers/u/contacts/9/parts/1</id>"
            ),
            "{body}"
        );
    }
}

/// The JSON (V3) obstacle course, checked in by `codegen/tests/it/cases.rs`.
#[path = "../../codegen/tests/cases/awkward/expected/awkward_json.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
pub mod awkward_json;

#[cfg(test)]
mod json_tests {
    use super::awkward_json::{self, Box as BoxPart, Kind, Option as Response, Vec as Request};
    use crate::endpoint::Body;
    use crate::endpoint::Endpoint as _;
    use crate::json::{CursorPage, decode};
    use crate::validate::{Validate, WriteKind};

    #[test]
    fn awkward_keys_round_trip_and_unknown_keys_stay() {
        let text = r#"{"type":"self","home country":"UK","cf:Color":"red","Result":-1,"1st":true,
            "day":"2024-02-29","kinds":["200","Unknown","new"],"_links":{"self":{"href":"/s"},"next":{"href":"/n"}},"more":[1]}"#;
        let r: Response = decode(text, &Default::default()).expect("decodes");
        assert_eq!(r.type_, Some(Kind::Self_));
        assert_eq!(r.home_country.as_deref(), Some("UK"));
        assert_eq!(r.cf_color.as_deref(), Some("red"));
        assert_eq!(r._1_st, Some(true));
        assert_eq!(
            r.kinds.as_deref(),
            Some(&[Kind::V200, Kind::UnknownValue, Kind::Unknown("new".into())][..])
        );
        assert_eq!(r.next_href(), Some("/n"));
        assert_eq!(r.extra["more"], serde_json::json!([1]));
        let again: Response = decode(
            &serde_json::to_string(&r).expect("writes"),
            &Default::default(),
        )
        .expect("re-reads");
        assert_eq!(again, r);
    }

    #[test]
    fn awkward_requests_validate_and_encode() {
        let mut v = Request::new("abc".into(), vec![BoxPart::new(Kind::HomeCountry)]);
        v.extra.insert("cf:Size".into(), "L".into());
        let req = awkward_json::PutVec::new("a b", v.clone())
            .to_request()
            .expect("valid");
        assert_eq!(req.path_and_query(), "/vecs/a%20b");
        let Some(Body::Json(bytes)) = &req.body else {
            panic!("{:?}", req.body)
        };
        assert_eq!(
            std::str::from_utf8(bytes).expect("utf-8"),
            r#"{"self":"abc","boxes":[{"kind":"home country"}],"cf:Size":"L"}"#
        );
        let mut bad = v.clone();
        bad.self_ = "toolong".into();
        assert!(bad.validate(WriteKind::Update).is_err());
        let mut bad = v.clone();
        bad.n = Some(-4);
        assert_eq!(
            bad.validate(WriteKind::Update)
                .expect_err("range")
                .to_string(),
            "invalid Vec.n: -4 is not between -3 and 3"
        );
        let mut bad = v.clone();
        bad.boxes[0].crate_ = vec!["a".into(), "b".into(), "c".into()];
        assert_eq!(
            bad.validate(WriteKind::Update).expect_err("count").field,
            "boxes/crate"
        );
        let mut bad = v.clone();
        bad.boxes.clear();
        assert!(bad.validate(WriteKind::Update).is_err());
        let mut bad = v;
        bad.extra.insert("Size".into(), "L".into());
        assert!(bad.validate(WriteKind::Update).is_err());
    }

    #[test]
    fn awkward_query_and_form() {
        let req = awkward_json::GetOption::new("x")
            .self_(true)
            .kind([Kind::Self_, Kind::V200])
            .limit(5)
            .to_request()
            .expect("valid");
        assert_eq!(
            req.path_and_query(),
            "/options/x?self=true&type=self%2C200&limit=5"
        );
        assert!(
            awkward_json::GetOption::new("x")
                .kind([Kind::Self_, Kind::V200, Kind::HomeCountry])
                .to_request()
                .is_err()
        );
        assert!(
            awkward_json::GetOption::new("x")
                .limit(0)
                .to_request()
                .is_err()
        );
        let table = crate::form::Table::new(["email"]).row(["a@b.c"]);
        let req = awkward_json::Upload::new(&table)
            .ids(["1", "2"])
            .to_request()
            .expect("valid");
        let text = req.body.as_ref().and_then(Body::as_text).expect("text");
        assert!(text.contains("name=\"ids\"\r\n\r\n1;2\r\n"), "{text}");
        assert!(
            text.contains("filename=\"contacts.csv\"\r\nContent-Type: text/csv"),
            "{text}"
        );
        let big = crate::form::Table {
            columns: vec!["email".into()],
            rows: vec![vec!["a@b.c".into()]; 4],
        };
        assert!(
            awkward_json::Upload::new(&big)
                .ids(["1"])
                .to_request()
                .is_err()
        );
    }
}
