//! Retries, backoff, Retry-After and rate limiting, on tokio's paused clock (no wall time).

use crate::support;

use std::time::Duration;

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::{Error, RateLimit, RetryPolicy};
use ctct_models::ids::ContactId;
use ctct_models::v1::contacts;
use support::*;
use tokio::time::Instant;

fn feed() -> String {
    contacts_feed_xml(vec![contact(2, "jon@example.com", &["1"])], None)
}

#[tokio::test(start_paused = true)]
async fn get_is_retried_after_503_503_then_succeeds_on_the_third_attempt() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts");
    replay
        .expect(Expect::get(&url), Reply::status(503, "busy"))
        .expect(Expect::get(&url), Reply::status(503, "busy"))
        .expect(Expect::get(&url), Reply::atom(feed()));
    let start = Instant::now();
    let feed = client(&replay)
        .send(contacts::ListContacts::new())
        .await
        .expect("third attempt succeeds");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(replay.request_count(), 3);
    replay.assert_done();
    // Two jittered waits: 125..=250 ms, then 250..=500 ms.
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(375) && waited <= Duration::from_millis(750),
        "{waited:?}"
    );
    // Every attempt carries the credentials again.
    assert!(
        replay
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some(basic_header().as_str()))
    );
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_max_attempts_and_return_the_last_error() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts");
    for _ in 0..3 {
        replay.expect(Expect::get(&url), Reply::status(503, "Service Unavailable"));
    }
    let err = client(&replay)
        .send(contacts::ListContacts::new())
        .await
        .expect_err("gives up");
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(replay.request_count(), 3);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn post_is_not_retried_when_it_may_have_been_processed() {
    for reply in [Reply::status(500, "oops"), Reply::connect_error()] {
        let replay = ReplayTransport::new();
        replay.expect(Expect::post(format!("{ACCOUNT}/contacts")), reply);
        let c = contact(2, "jon@example.com", &["1"]);
        let err = client(&replay)
            .send(contacts::CreateContact::new(c.clone()))
            .await
            .expect_err("not retried");
        assert_eq!(replay.request_count(), 1, "{err}");
        replay.assert_done();
    }
}

#[tokio::test(start_paused = true)]
async fn connection_errors_on_put_and_delete_are_retried() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts/2");
    replay
        .expect(Expect::delete(&url), Reply::connect_error())
        .expect(Expect::delete(&url), Reply::status(204, ""));
    client(&replay)
        .send(contacts::OptOutContact::new(ContactId::new(
            "joesflowers",
            "2",
        )))
        .await
        .expect("second attempt");
    assert_eq!(replay.request_count(), 2);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn status_500_is_retried_for_get_but_not_for_put() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts/2");
    replay
        .expect(Expect::get(&url), Reply::status(500, "oops"))
        .expect(
            Expect::get(&url),
            Reply::atom(contact_entry_xml(contact(2, "jon@example.com", &["1"]))),
        );
    let client = client(&replay);
    let id = ContactId::new("joesflowers", "2");
    client
        .send(contacts::GetContact::new(&id))
        .await
        .expect("retried");
    assert_eq!(replay.request_count(), 2);

    replay.expect(Expect::put(&url), Reply::status(500, "bad OptInSource"));
    let c = contact(2, "jon@example.com", &["1"]);
    let err = client
        .send(contacts::UpdateContact::new(&id, c.clone()))
        .await
        .expect_err("500 on PUT");
    assert_eq!(err.status(), Some(500));
    assert_eq!(replay.request_count(), 3);
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts");
    replay
        .expect(
            Expect::get(&url),
            Reply::status(429, "slow down").with_header("retry-after", "7"),
        )
        .expect(Expect::get(&url), Reply::atom(feed()));
    let start = Instant::now();
    client(&replay)
        .send(contacts::ListContacts::new())
        .await
        .expect("after waiting");
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_bound_is_not_waited_for() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::status(503, "maintenance").with_header("retry-after", "86400"),
    );
    let start = Instant::now();
    let err = client(&replay)
        .send(contacts::ListContacts::new())
        .await
        .expect_err("gives up at once");
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(
        err.api().and_then(|a| a.retry_after.as_deref()),
        Some("86400")
    );
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn retries_can_be_turned_off() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::status(503, ""),
    );
    let client = builder(&replay)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    client
        .send(contacts::ListContacts::new())
        .await
        .expect_err("one try");
    replay.assert_done();
}

#[tokio::test(start_paused = true)]
async fn the_rate_limiter_paces_requests() {
    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts");
    for _ in 0..4 {
        replay.expect(Expect::get(&url), Reply::atom(feed()));
    }
    let client = builder(&replay)
        .rate_limit(Some(RateLimit::new(4.0, 1)))
        .build()
        .expect("client");
    let start = Instant::now();
    for _ in 0..4 {
        client
            .send(contacts::ListContacts::new())
            .await
            .expect("ok");
    }
    assert_eq!(start.elapsed(), Duration::from_millis(750));
    replay.assert_done();
}

/// A transport that never answers, to exercise the request timeout.
#[derive(Debug)]
struct Hang;

impl ctct_client::Transport for Hang {
    fn send(&self, _: ctct_client::HttpRequest) -> ctct_client::transport::SendFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn the_request_timeout_fires_for_each_attempt() {
    let client = ctct_client::Client::builder()
        .base_url(BASE)
        .username("joesflowers")
        .transport(std::sync::Arc::new(Hang))
        .request_timeout(Duration::from_secs(5))
        .retry(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_backoff(Duration::from_secs(1), Duration::from_secs(1)),
        )
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client
        .send(contacts::ListContacts::new())
        .await
        .expect_err("times out");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    // The message ends with the time spent in all: 10.5 to 11 s, the wait being jittered.
    let text = err.to_string();
    let spent = text
        .strip_prefix(
            "GET /ws/customers/joesflowers/contacts timed out after 5s (the last of 2 attempt(s), ",
        )
        .and_then(|rest| rest.split('s').next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!((10.5..=11.0).contains(&spent), "{text}");
    // Two 5 s attempts and one wait of 0.5..=1 s between them.
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(10_500) && waited <= Duration::from_secs(11),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn post_is_retried_on_429_and_503_which_say_nothing_was_processed() {
    for reply in [
        Reply::status(503, "busy"),
        Reply::status(429, "slow down"),
        Reply::status(429, "slow down").with_header("retry-after", "1"),
    ] {
        let replay = ReplayTransport::new();
        replay
            .expect(Expect::post(format!("{ACCOUNT}/contacts")), reply)
            .expect(
                Expect::post(format!("{ACCOUNT}/contacts")),
                Reply::status(201, "").with_header("location", &format!("{ACCOUNT}/contacts/2")),
            );
        let c = contact(2, "jon@example.com", &["1"]);
        let created = client(&replay)
            .send(contacts::CreateContact::new(c.clone()))
            .await
            .expect("retried");
        assert_eq!(
            created.location.as_deref(),
            Some(format!("{ACCOUNT}/contacts/2").as_str())
        );
        assert_eq!(replay.request_count(), 2);
        replay.assert_done();
    }
}
