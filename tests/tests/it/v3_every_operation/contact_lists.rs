//! Contact Lists (6 operations): list, create, read, replace, delete (an activity) and the
//! V2 id cross-reference.

use ctct_models::endpoint::Method;
use ctct_models::v3::activities::ActivityState;
use ctct_models::v3::contact_lists::{
    CreateList, DeleteList, GetList, GetListIdXrefs, GetLists, ListChannelType, ListInput,
    ListStatus, MembershipCountFilter, PutList,
};

use super::{Case, bare, decodes, with_json};

const L1: &str = "07936f78-662a-11eb-af0a-fa163e56c9b0";

pub fn wire() -> Vec<Case> {
    let mut input = ListInput::new("Spring \"VIP\" customers".into());
    input.favorite = Some(false);
    input.description = Some("Bought in March–May".into());
    vec![
        bare(GetLists::new(), Method::Get, "/contact_lists"),
        bare(
            GetLists::new()
                .limit(1000)
                .include_count(true)
                .include_membership_count(MembershipCountFilter::Active)
                .name("News & Offers")
                .status(ListStatus::Deleted)
                .channel_type(ListChannelType::Sms)
                .include_sms_membership_count(false),
            Method::Get,
            "/contact_lists?limit=1000&include_count=true&include_membership_count=active\
             &name=News%20%26%20Offers&status=deleted&channel_type=sms\
             &include_sms_membership_count=false",
        ),
        with_json(
            CreateList::new(ListInput::new("Newsletter".into())),
            Method::Post,
            "/contact_lists",
            r#"{"name":"Newsletter"}"#,
        ),
        bare(
            GetList::new(L1).include_membership_count(MembershipCountFilter::All),
            Method::Get,
            "/contact_lists/07936f78-662a-11eb-af0a-fa163e56c9b0?include_membership_count=all",
        ),
        with_json(
            PutList::new(L1, input),
            Method::Put,
            "/contact_lists/07936f78-662a-11eb-af0a-fa163e56c9b0",
            r#"{"name":"Spring \"VIP\" customers","favorite":false,"description":"Bought in March–May"}"#,
        ),
        bare(
            DeleteList::new(L1),
            Method::Delete,
            "/contact_lists/07936f78-662a-11eb-af0a-fa163e56c9b0",
        ),
        bare(
            GetListIdXrefs::new().sequence_ids(["1", "2", "39"]),
            Method::Get,
            "/contact_lists/list_id_xrefs?sequence_ids=1%2C2%2C39",
        ),
    ]
}

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetLists>(
            200,
            r#"{"lists":[{"list_id":"07936f78-662a-11eb-af0a-fa163e56c9b0","name":"Newsletter",
                  "description":"Monthly","favorite":true,"created_at":"2026-01-01T00:00:00.000Z",
                  "updated_at":"2026-01-02T00:00:00.000Z","membership_count":12},
                 {"list_id":"l2","name":"Old","deleted_at":"2026-01-03T00:00:00.000Z"}],
                "lists_count":2,
                "_links":{"next":{"href":"/v3/contact_lists?cursor=bGltaXQ9Mg"}}}"#,
            |page| {
                let lists = page.lists.unwrap();
                assert_eq!(lists[0].list_id.as_ref().unwrap(), L1);
                assert_eq!(lists[0].favorite, Some(true));
                assert_eq!(lists[0].membership_count, Some(12));
                assert!(lists[1].deleted_at.is_some());
                assert_eq!(page.lists_count, Some(2));
                assert!(page.links.unwrap().next.is_some());
            },
        ),
        decodes::<CreateList>(
            201,
            r#"{"list_id":"07936f78-662a-11eb-af0a-fa163e56c9b0","name":"Newsletter",
                "favorite":false,"created_at":"2026-01-01T00:00:00.000Z",
                "updated_at":"2026-01-01T00:00:00.000Z"}"#,
            |l| {
                assert_eq!(l.list_id.unwrap(), *L1);
                assert_eq!(l.name.as_deref(), Some("Newsletter"));
                assert_eq!(l.favorite, Some(false));
            },
        ),
        decodes::<GetList>(
            200,
            r#"{"list_id":"07936f78-662a-11eb-af0a-fa163e56c9b0","name":"Newsletter",
                "membership_count":3}"#,
            |l| assert_eq!(l.membership_count, Some(3)),
        ),
        decodes::<PutList>(
            200,
            r#"{"list_id":"07936f78-662a-11eb-af0a-fa163e56c9b0","name":"Spring customers",
                "description":"Bought in March","favorite":true,
                "updated_at":"2026-03-01T12:30:00.000Z"}"#,
            |l| {
                assert_eq!(l.description.as_deref(), Some("Bought in March"));
                assert_eq!(
                    l.updated_at.unwrap().to_string(),
                    "2026-03-01T12:30:00.000Z"
                );
            },
        ),
        decodes::<DeleteList>(
            202,
            r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"initialized",
                "created_at":"2026-01-01T00:00:00.000Z","percent_done":0,"activity_errors":[],
                "_links":{"self":{"href":"/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a"}}}"#,
            |a| {
                assert_eq!(a.state, Some(ActivityState::Initialized));
                assert_eq!(
                    a.links.unwrap().self_.unwrap().href.as_deref(),
                    Some("/v3/activities/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a")
                );
            },
        ),
        decodes::<GetListIdXrefs>(
            200,
            r#"{"xrefs":[{"sequence_id":"1","list_id":"07936f78-662a-11eb-af0a-fa163e56c9b0"},
                         {"sequence_id":"39","list_id":"1d0b3b6e-662a-11eb-af0a-fa163e56c9b0"}]}"#,
            |x| {
                let x = x.xrefs.unwrap();
                assert_eq!(x.len(), 2);
                assert_eq!(x[0].sequence_id.as_deref(), Some("1"));
                assert_eq!(x[0].list_id.as_ref().unwrap(), L1);
            },
        ),
    ]
}
