//! `ctct v3 social …` against a sandbox in the test process: the profiles with whether each
//! can be posted to, every hashtag group across pages, a scheduled post, a draft to the profile
//! that cannot publish, and a post with nothing to publish refused before sending.

use crate::support::v3::{json, sandbox, stderr, v3};

#[test]
fn social_profiles_hashtags_and_a_post() {
    let env = sandbox();
    let profiles = json(&env, &["social", "profiles"]);
    let open: Vec<_> = profiles
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["accessible"] == true)
        .map(|p| p["profile_id"].as_str().unwrap())
        .collect();
    assert_eq!(open, ["fb-1001", "ig-2002"]);
    // Seven groups over two pages of five, all listed.
    let groups = json(&env, &["social", "hashtags"]);
    assert_eq!(groups.as_array().unwrap().len(), 7);
    assert_eq!(groups[0]["hashtags"], "#spring #tulips #daffodils");

    let posted = json(
        &env,
        &[
            "social",
            "post",
            "--to",
            "fb-1001",
            "--to",
            "ig-2002",
            "--text",
            "Tulips are in!",
            "--at",
            "2030-05-01T09:00:00Z",
        ],
    );
    assert_eq!(posted["status"], "SCHEDULED");
    assert_eq!(posted["scheduled_time"], "2030-05-01T09:00:00.000Z");
    assert_eq!(posted["profiles"].as_array().unwrap().len(), 2);

    // The profile whose token lapsed takes drafts only; the server's reason is shown.
    let out = v3(&env, &["social", "post", "--to", "tt-3003", "--text", "hi"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("not accessible"), "{}", stderr(&out));
    let draft = json(&env, &["social", "post", "--to", "tt-3003", "--draft"]);
    assert_eq!(draft["status"], "DRAFT");
    // Nothing to publish: refused before sending.
    let out = v3(&env, &["social", "post", "--to", "fb-1001"]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--text or --image"),
        "{}",
        stderr(&out)
    );
}
