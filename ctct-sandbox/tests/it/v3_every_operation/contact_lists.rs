//! Contact Lists over HTTP: create, read with its member count, replace, the V2 id
//! cross-reference, and the asynchronous delete after which no contact is on the list.

use ctct_models::endpoint::EndpointSpec;
use ctct_models::v3::activities::ActivityState;
use ctct_models::v3::contact_lists::{
    self, CreateList, DeleteList, GetList, GetListIdXrefs, GetLists, ListInput, ListStatus,
    MembershipCountFilter, PutList,
};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &contact_lists::GET_LISTS,
    &contact_lists::CREATE_LIST,
    &contact_lists::GET_LIST,
    &contact_lists::PUT_LIST,
    &contact_lists::DELETE_LIST,
    &contact_lists::GET_LIST_ID_XREFS,
];

#[tokio::test]
async fn contact_lists() {
    let ops = Ops::start().await;
    let page = ops
        .ok(
            GetLists::new()
                .include_count(true)
                .include_membership_count(MembershipCountFilter::All),
            200,
        )
        .await;
    assert_eq!(page.lists_count, Some(2));
    let lists = page.lists.unwrap();
    let names: Vec<_> = lists.iter().map(|l| l.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["General Interest", "Newsletter"]);
    assert_eq!(lists[0].membership_count, Some(2), "Ada and Grace");
    assert_eq!(lists[1].membership_count, Some(1), "Grace");

    let mut input = ListInput::new("Spring customers".into());
    input.description = Some("Bought in March".into());
    let created = ops.ok(CreateList::new(input), 201).await;
    let id = created.list_id.clone().unwrap();
    assert_eq!(created.name.as_deref(), Some("Spring customers"));
    assert_eq!(created.favorite, Some(false));
    ops.refused(
        CreateList::new(ListInput::new("Spring customers".into())),
        409,
    )
    .await;
    let read = ops.ok(GetList::new(&id), 200).await;
    assert_eq!(read.description.as_deref(), Some("Bought in March"));
    assert_eq!(read.membership_count, None, "only when asked for");

    let mut renamed = ListInput::new("Spring VIPs".into());
    renamed.favorite = Some(true);
    let put = ops.ok(PutList::new(&id, renamed), 200).await;
    assert_eq!(put.name.as_deref(), Some("Spring VIPs"));
    let read = ops
        .ok(
            GetList::new(&id).include_membership_count(MembershipCountFilter::Active),
            200,
        )
        .await;
    assert_eq!(read.name.as_deref(), Some("Spring VIPs"));
    assert_eq!(read.favorite, Some(true));
    assert_eq!(read.membership_count, Some(0));
    let by_name = ops.ok(GetLists::new().name("Spring VIPs"), 200).await;
    assert_eq!(by_name.lists.unwrap()[0].list_id.as_ref(), Some(&id));

    // Sequence ids are creation order: the seeded lists come after nothing else of theirs.
    let ids: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
    let xrefs = ops
        .ok(GetListIdXrefs::new().sequence_ids(ids), 200)
        .await
        .xrefs
        .unwrap();
    for list in &lists {
        assert!(
            xrefs.iter().any(|x| x.list_id == list.list_id),
            "{list:?} in {xrefs:?}"
        );
    }
    assert!(xrefs.iter().any(|x| x.list_id.as_ref() == Some(&id)));

    // Deleting the Newsletter is an activity; once done, the list is gone and Grace is on
    // General Interest only.
    let newsletter = lists[1].list_id.clone().unwrap();
    let activity = ops.ok(DeleteList::new(&newsletter), 202).await;
    assert!(matches!(
        activity.state,
        Some(ActivityState::Initialized | ActivityState::Processing | ActivityState::Completed)
    ));
    ops.finished(&activity.activity_id.unwrap()).await;
    ops.refused(GetList::new(&newsletter), 404).await;
    let deleted = ops
        .ok(GetLists::new().status(ListStatus::Deleted), 200)
        .await
        .lists
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].list_id.as_ref(), Some(&newsletter));
    assert!(deleted[0].deleted_at.is_some());
    for c in ops.contacts().await {
        assert!(
            !c.list_memberships.unwrap().contains(&newsletter),
            "{:?}",
            c.contact_id
        );
    }

    ops.covered(OPS);
}
