//! Segments over HTTP: create, read, replace, rename, list and delete (the deleted segment
//! stays readable by id but is no longer listed); a segment's criteria decide which contacts
//! `GET /contacts?segment_id=` returns.

use ctct_models::endpoint::{EndpointSpec, NoContent};
use ctct_models::v3::common::SegmentId;
use ctct_models::v3::contacts::GetContacts;
use ctct_models::v3::segments::{
    self, CreateSegment, DeleteSegment, GetSegment, GetSegments, PutSegment, RenameSegment,
    SegmentDataInput, SegmentNameInput,
};
use serde_json::json;

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &segments::GET_SEGMENTS,
    &segments::CREATE_SEGMENT,
    &segments::GET_SEGMENT,
    &segments::PUT_SEGMENT,
    &segments::DELETE_SEGMENT,
    &segments::RENAME_SEGMENT,
];

fn first_name_is(name: &str) -> String {
    json!({"version": "1.0.0", "criteria": {"type": "and", "group": [
        {"source": "contact", "field": "first_name", "op": "eq", "const_value": name}]}})
    .to_string()
}

async fn members(ops: &Ops, id: SegmentId) -> Vec<String> {
    ops.ok(GetContacts::new().segment_id(id.to_string()), 200)
        .await
        .contacts
        .unwrap()
        .into_iter()
        .map(|c| c.first_name.unwrap())
        .collect()
}

#[tokio::test]
async fn segments() {
    let ops = Ops::start().await;
    let created = ops
        .ok(
            CreateSegment::new(SegmentDataInput::new("Adas".into(), first_name_is("Ada"))),
            201,
        )
        .await;
    let id = created.segment_id.unwrap();
    assert_eq!(created.name.as_deref(), Some("Adas"));
    assert_eq!(created.segment_criteria, Some(first_name_is("Ada")));
    assert_eq!(members(&ops, id).await, ["Ada"]);

    let read = ops.ok(GetSegment::new(id), 200).await;
    assert_eq!(read, created);

    let put = ops
        .ok(
            PutSegment::new(
                id,
                SegmentDataInput::new("Graces".into(), first_name_is("Grace")),
            ),
            200,
        )
        .await;
    assert_eq!(put.name.as_deref(), Some("Graces"));
    assert_eq!(members(&ops, id).await, ["Grace"]);

    let renamed = ops
        .ok(
            RenameSegment::new(id, SegmentNameInput::new("Admirals".into())),
            200,
        )
        .await;
    assert_eq!(renamed.name.as_deref(), Some("Admirals"));
    let read = ops.ok(GetSegment::new(id), 200).await;
    assert_eq!(read.name.as_deref(), Some("Admirals"));
    assert_eq!(
        read.segment_criteria,
        Some(first_name_is("Grace")),
        "renaming keeps the criteria"
    );

    let other = ops
        .ok(
            CreateSegment::new(SegmentDataInput::new("Joes".into(), first_name_is("Joe"))),
            201,
        )
        .await
        .segment_id
        .unwrap();
    let listed = ops
        .ok(GetSegments::new().sort_by("name"), 200)
        .await
        .segments
        .unwrap();
    let names: Vec<_> = listed.iter().map(|s| s.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["Admirals", "Joes"]);

    let done: NoContent = ops.ok(DeleteSegment::new(id), 204).await;
    assert_eq!(done, NoContent);
    // As on the service, a deleted segment's details stay readable by id (for campaign
    // histories), but it is no longer listed.
    let kept = ops.ok(GetSegment::new(id), 200).await;
    assert_eq!(kept.name.as_deref(), Some("Admirals"));
    let left = ops.ok(GetSegments::new(), 200).await.segments.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].segment_id, Some(other));

    ops.covered(OPS);
}
