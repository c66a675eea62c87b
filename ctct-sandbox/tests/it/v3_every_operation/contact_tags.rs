//! Contact Tags over HTTP: create, read with its contact count, rename, list, and the
//! asynchronous delete after which no contact carries the tag.

use ctct_models::endpoint::EndpointSpec;
use ctct_models::v3::common::ActivityId;
use ctct_models::v3::contact_tags::{
    self, CreateTag, DeleteTag, GetTag, GetTags, PutTag, TagPostInput, TagPutInput,
};
use ctct_models::v3::contacts::{ContactPutRequest, EmailAddressPut, PutContact, Source};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &contact_tags::GET_TAG,
    &contact_tags::PUT_TAG,
    &contact_tags::DELETE_TAG,
    &contact_tags::GET_TAGS,
    &contact_tags::CREATE_TAG,
];

#[tokio::test]
async fn contact_tags() {
    let ops = Ops::start().await;
    let mut post = TagPostInput::new("VIP".into());
    post.tag_source = Some("Import".into());
    let vip = ops.ok(CreateTag::new(post), 201).await;
    let vip_id = vip.tag_id.clone().unwrap();
    assert_eq!(vip.name.as_deref(), Some("VIP"));
    assert_eq!(vip.tag_source.as_deref(), Some("Import"));
    ops.refused(CreateTag::new(TagPostInput::new("vip".into())), 409)
        .await;
    let other = ops
        .ok(CreateTag::new(TagPostInput::new("Trade show".into())), 201)
        .await
        .tag_id
        .unwrap();

    // Ada carries both tags, Grace only VIP.
    let contacts = ops.contacts().await;
    for (c, tags) in [
        (&contacts[1], vec![vip_id.clone(), other.clone()]),
        (&contacts[2], vec![vip_id.clone()]),
    ] {
        let email = c.email_address.as_ref().unwrap().address.clone().unwrap();
        let mut body = ContactPutRequest::new(Source::Account);
        body.email_address = Some(EmailAddressPut::new(email));
        body.first_name = c.first_name.clone();
        body.taggings = Some(tags);
        ops.ok(PutContact::new(c.contact_id.clone().unwrap(), body), 200)
            .await;
    }

    let read = ops.ok(GetTag::new(&vip_id).include_count(true), 200).await;
    assert_eq!(read.contacts_count, Some(2));
    let renamed = ops
        .ok(PutTag::new(&vip_id, TagPutInput::new("Gold".into())), 200)
        .await;
    assert_eq!(renamed.name.as_deref(), Some("Gold"));
    let read = ops.ok(GetTag::new(&vip_id), 200).await;
    assert_eq!(read.name.as_deref(), Some("Gold"));
    assert_eq!(read.contacts_count, None, "only with include_count");

    let page = ops
        .ok(GetTags::new().limit(1).include_count(true), 200)
        .await;
    let first = page.tags.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].name.as_deref(), Some("Gold"));
    assert_eq!(first[0].contacts_count, Some(2));
    let next = page.links.unwrap().next.unwrap().href.unwrap();
    assert!(next.starts_with("/v3/contact_tags?cursor="), "{next}");

    let activity = ops.ok(DeleteTag::new(&vip_id), 202).await;
    assert!(matches!(
        activity.state.as_deref(),
        Some("initialized" | "processing" | "completed")
    ));
    let id: ActivityId = activity.activity_id.unwrap();
    ops.finished(&id).await;
    ops.refused(GetTag::new(&vip_id), 404).await;
    let contacts = ops.contacts().await;
    assert_eq!(contacts[1].taggings.as_deref(), Some(&[other.clone()][..]));
    assert_eq!(contacts[2].taggings.as_deref(), Some(&[][..]));
    let left = ops.ok(GetTags::new(), 200).await.tags.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].tag_id.as_ref(), Some(&other));

    ops.covered(OPS);
}
