//! Segments (6 operations): list, create, read, replace, delete and rename; segment ids are
//! integers.

use ctct_models::endpoint::{Method, NoContent};
use ctct_models::v3::segments::{
    CreateSegment, DeleteSegment, GetSegment, GetSegments, PutSegment, RenameSegment,
    SegmentDataInput, SegmentNameInput,
};

use super::{Case, bare, decodes, with_json};

const CRITERIA: &str = r#"{"version":"1.0.0","criteria":{"type":"and","group":[{"source":"contact","field":"first_name","op":"eq","const_value":"Ada"}]}}"#;

pub fn wire() -> Vec<Case> {
    let body = || SegmentDataInput::new("Ada fans".into(), CRITERIA.into());
    let escaped = CRITERIA.replace('"', "\\\"");
    vec![
        bare(
            GetSegments::new().limit(10).sort_by("name"),
            Method::Get,
            "/segments?limit=10&sort_by=name",
        ),
        with_json(
            CreateSegment::new(body()),
            Method::Post,
            "/segments",
            &format!(r#"{{"name":"Ada fans","segment_criteria":"{escaped}"}}"#),
        ),
        bare(GetSegment::new(42), Method::Get, "/segments/42"),
        with_json(
            PutSegment::new(42, body()),
            Method::Put,
            "/segments/42",
            &format!(r#"{{"name":"Ada fans","segment_criteria":"{escaped}"}}"#),
        ),
        bare(DeleteSegment::new(42), Method::Delete, "/segments/42"),
        with_json(
            RenameSegment::new(42, SegmentNameInput::new("Ada's fans".into())),
            Method::Patch,
            "/segments/42/name",
            r#"{"name":"Ada's fans"}"#,
        ),
    ]
}

const DETAIL: &str = r#"{"name":"Ada fans",
    "segment_criteria":"{\"version\":\"1.0.0\",\"criteria\":{\"type\":\"and\",\"group\":[]}}",
    "segment_id":42,"created_at":"2026-01-01T00:00:00.000Z","edited_at":"2026-01-02T00:00:00.000Z"}"#;

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetSegments>(
            200,
            r#"{"segments":[{"name":"Ada fans","segment_id":42,
                  "created_at":"2026-01-01T00:00:00.000Z","edited_at":"2026-01-02T00:00:00.000Z"},
                 {"name":"Grace fans","segment_id":7}],
                "_links":{"next":{"href":"/v3/segments?cursor=bGltaXQ9Mg"}}}"#,
            |page| {
                let segments = page.segments.unwrap();
                assert_eq!(segments[0].segment_id.unwrap(), 42);
                assert_eq!(segments[1].name.as_deref(), Some("Grace fans"));
                assert!(segments[0].edited_at.is_some());
                assert!(page.links.unwrap().next.unwrap().href.is_some());
            },
        ),
        decodes::<CreateSegment>(201, DETAIL, |s| {
            assert_eq!(s.segment_id.unwrap().get(), 42);
            let criteria: serde_json::Value =
                serde_json::from_str(s.segment_criteria.as_deref().unwrap()).unwrap();
            assert_eq!(criteria["criteria"]["type"], "and");
        }),
        decodes::<GetSegment>(200, DETAIL, |s| {
            assert_eq!(s.name.as_deref(), Some("Ada fans"));
            assert_eq!(
                s.created_at.unwrap().to_string(),
                "2026-01-01T00:00:00.000Z"
            );
        }),
        decodes::<PutSegment>(200, DETAIL, |s| assert!(s.edited_at.is_some())),
        decodes::<DeleteSegment>(204, "", |done: NoContent| assert_eq!(done, NoContent)),
        decodes::<RenameSegment>(
            200,
            r#"{"name":"Ada's fans","segment_id":42,"edited_at":"2026-01-03T00:00:00.000Z"}"#,
            |s| {
                assert_eq!(s.name.as_deref(), Some("Ada's fans"));
                assert_eq!(s.segment_id.unwrap(), 42);
            },
        ),
    ]
}
