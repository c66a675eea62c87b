//! A write whose answer was lost is reported as such, never as a plain failure, and a
//! retried DELETE that finds the resource gone after a lost answer is a success.

use crate::support;

use ctct_client::Error;
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::transport::{TransportError, TransportErrorKind};
use ctct_models::ids::{CampaignId, ContactId, ListId};
use ctct_models::v1::{contacts, lists};
use support::*;

fn timed_out() -> Reply {
    Reply::Fail(TransportError::new(
        TransportErrorKind::Timeout,
        "timed out (replay)",
    ))
}

#[tokio::test(start_paused = true)]
async fn a_post_whose_connection_broke_after_sending_has_an_unknown_outcome() {
    for reply in [Reply::broken(), timed_out()] {
        let replay = ReplayTransport::new();
        replay.expect(Expect::post(format!("{ACCOUNT}/lists")), reply);
        let list = lists::ContactList {
            name: Some("News".into()),
            ..lists::ContactList::default()
        };
        let err = client(&replay)
            .send(lists::CreateList::new(list))
            .await
            .expect_err("no answer");
        assert!(err.is_outcome_unknown(), "{err}");
        assert!(!err.is_retryable());
        assert_eq!(err.status(), None);
        assert_eq!(
            err.to_string(),
            "POST /ws/customers/joesflowers/lists: the outcome is unknown, the change may have \
             been applied"
        );
        assert!(
            ctct_client::error::chain(&err).starts_with(
                "POST /ws/customers/joesflowers/lists: the outcome is unknown, the change may \
                 have been applied: POST /ws/customers/joesflowers/lists failed after 1 attempt(s)"
            ),
            "{err}"
        );
        // Not sent again: a second POST could create a second list.
        assert_eq!(replay.request_count(), 1);
        replay.assert_done();
    }
}

#[tokio::test(start_paused = true)]
async fn a_post_that_could_not_connect_is_a_plain_failure() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{ACCOUNT}/lists")),
        Reply::connect_error(),
    );
    let err = client(&replay)
        .send(lists::CreateList::new(lists::ContactList {
            name: Some("News".into()),
            ..lists::ContactList::default()
        }))
        .await
        .expect_err("no connection");
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert!(!err.is_outcome_unknown());
}

#[tokio::test(start_paused = true)]
async fn a_put_whose_every_attempt_broke_has_an_unknown_outcome_a_get_does_not() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts/2");
    for _ in 0..3 {
        replay.expect(Expect::put(&url), Reply::broken());
    }
    let c = contact(2, "jon@example.com", &["1"]);
    let err = client(&replay)
        .send(contacts::UpdateContact::new(
            ContactId::new("joesflowers", "2"),
            c,
        ))
        .await
        .expect_err("no answer");
    assert!(err.is_outcome_unknown(), "{err}");
    assert_eq!(replay.request_count(), 3);

    let replay = ReplayTransport::new();
    for _ in 0..3 {
        replay.expect(Expect::get(&url), Reply::broken());
    }
    let err = client(&replay)
        .send(contacts::GetContact::new(ContactId::new(
            "joesflowers",
            "2",
        )))
        .await
        .expect_err("no answer");
    assert!(matches!(err, Error::Transport { .. }), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_later_failure_after_a_lost_answer_still_has_an_unknown_outcome() {
    // The first PUT may have landed; the 503s that follow do not undo that.
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts/2");
    replay
        .expect(Expect::put(&url), Reply::broken())
        .expect(Expect::put(&url), Reply::status(503, "busy"))
        .expect(Expect::put(&url), Reply::status(503, "busy"));
    let err = client(&replay)
        .send(contacts::UpdateContact::new(
            ContactId::new("joesflowers", "2"),
            contact(2, "jon@example.com", &["1"]),
        ))
        .await
        .expect_err("gives up");
    assert!(err.is_outcome_unknown(), "{err}");
    let Error::OutcomeUnknown { cause, .. } = &err else {
        unreachable!()
    };
    assert_eq!(cause.status(), Some(503));
}

#[tokio::test(start_paused = true)]
async fn a_404_to_a_retried_delete_after_a_lost_answer_means_deleted() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/lists/3");
    replay
        .expect(Expect::delete(&url), Reply::broken())
        .expect(Expect::delete(&url), Reply::status(404, "Not Found"));
    client(&replay)
        .delete_list(&ListId::new("joesflowers", "3"))
        .await
        .expect("the first attempt deleted it");
    replay.assert_done();

    // A campaign's schedule likewise: unscheduled, not "was not scheduled".
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/campaigns/9/schedules/1");
    replay
        .expect(Expect::delete(&url), timed_out())
        .expect(Expect::delete(&url), Reply::status(404, "Not Found"));
    let had = client(&replay)
        .unschedule_campaign(&CampaignId::new("joesflowers", "9"))
        .await
        .expect("unscheduled");
    assert!(had);
}

#[tokio::test(start_paused = true)]
async fn a_404_to_a_first_delete_is_still_not_found() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/lists/3");
    replay.expect(Expect::delete(&url), Reply::status(404, "Not Found"));
    let err = client(&replay)
        .delete_list(&ListId::new("joesflowers", "3"))
        .await
        .expect_err("no such list");
    assert!(err.is_not_found(), "{err}");
    // After a refused connection (nothing sent), a 404 is not-found too.
    let replay = ReplayTransport::new();
    replay
        .expect(Expect::delete(&url), Reply::connect_error())
        .expect(Expect::delete(&url), Reply::status(404, "Not Found"));
    let err = client(&replay)
        .delete_list(&ListId::new("joesflowers", "3"))
        .await
        .expect_err("no such list");
    assert!(err.is_not_found(), "{err}");
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/campaigns/9/schedules/1");
    replay.expect(Expect::delete(&url), Reply::status(404, "Not Found"));
    let had = client(&replay)
        .unschedule_campaign(&CampaignId::new("joesflowers", "9"))
        .await
        .expect("nothing to unschedule");
    assert!(!had);
}

fn search_url(email: &str) -> String {
    format!("{ACCOUNT}/contacts?email={}", email.replace('@', "%40"))
}

#[tokio::test(start_paused = true)]
async fn a_created_contact_whose_answer_was_lost_is_found_by_its_address() {
    let email = "new@example.com";
    let replay = ReplayTransport::new();
    let found = contact(7, email, &["1"]);
    replay
        .expect(
            Expect::get(search_url(email)),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(Expect::post(format!("{ACCOUNT}/contacts")), Reply::broken())
        .expect(
            Expect::get(search_url(email)),
            Reply::atom(contacts_feed_xml(vec![found.clone()], None)),
        )
        .expect(
            Expect::get(format!("{ACCOUNT}/contacts/7")),
            Reply::atom(contact_entry_xml(found)),
        );
    let done = client(&replay)
        .upsert_contact(&contact(0, email, &["1"]))
        .await
        .expect("recovered");
    assert_eq!(done.id.tail(), "7");
    assert!(done.created);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn a_contact_not_found_after_a_lost_answer_was_not_created() {
    let email = "new@example.com";
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(search_url(email)),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(Expect::post(format!("{ACCOUNT}/contacts")), timed_out())
        .expect(
            Expect::get(search_url(email)),
            Reply::atom(contacts_feed_xml(vec![], None)),
        );
    let err = client(&replay)
        .upsert_contact(&contact(0, email, &["1"]))
        .await
        .expect_err("not created");
    assert!(matches!(err, Error::NotApplied { .. }), "{err}");
    assert!(!err.is_outcome_unknown());
    assert!(
        err.to_string().ends_with(
            "checked afterwards: no contact has the address \"new@example.com\", so nothing \
             was changed"
        ),
        "{err}"
    );

    // The check failing too leaves the outcome unknown.
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(search_url(email)),
            Reply::atom(contacts_feed_xml(vec![], None)),
        )
        .expect(Expect::post(format!("{ACCOUNT}/contacts")), Reply::broken());
    for _ in 0..3 {
        replay.expect(Expect::get(search_url(email)), Reply::status(503, "busy"));
    }
    let err = client(&replay)
        .upsert_contact(&contact(0, email, &["1"]))
        .await
        .expect_err("unknown");
    assert!(err.is_outcome_unknown(), "{err}");
}
