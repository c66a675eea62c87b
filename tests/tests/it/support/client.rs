//! The client against a real in-process sandbox: a counting transport (attempts per request
//! line, so tests can rule out retry storms) and a client built for the sandbox.

#![allow(dead_code, clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ctct_client::reqwest_transport::ReqwestTransport;
use ctct_client::transport::SendFuture;
use ctct_client::{Auth, Client, HttpRequest, RetryPolicy, Transport};
use ctct_sandbox::{Config, Sandbox};

pub const USER: &str = "joesflowers";
pub const KEY: &str = "KEY";
pub const PASS: &str = "PASS";

/// Sends through reqwest and counts every attempt by `METHOD path` (query dropped), and
/// the attempts not answered yet.
#[derive(Debug, Clone)]
pub struct Counting {
    inner: Arc<ReqwestTransport>,
    counts: Arc<Mutex<BTreeMap<String, u32>>>,
    in_flight: Arc<AtomicU32>,
}

/// Counts one attempt out until it is answered, failed or dropped.
struct Out(Arc<AtomicU32>);

impl Drop for Out {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Counting {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(ReqwestTransport::new(Duration::from_secs(5)).unwrap()),
            counts: Arc::default(),
            in_flight: Arc::default(),
        }
    }

    /// Waits until `line` has had `attempts` attempts and every attempt sent is answered
    /// (so the sandbox has decided its faults); panics after 10 s.
    pub async fn wait_answered(&self, line: &str, attempts: u32) {
        let started = std::time::Instant::now();
        while self.count(line) < attempts || self.in_flight.load(Ordering::SeqCst) > 0 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{line}: {} attempts of {attempts} after 10 s",
                self.count(line)
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Attempts of `METHOD /path` (path relative to the account, without query).
    pub fn count(&self, line: &str) -> u32 {
        self.counts.lock().unwrap().get(line).copied().unwrap_or(0)
    }

    /// Every attempt, as `METHOD /path` → count.
    pub fn all(&self) -> BTreeMap<String, u32> {
        self.counts.lock().unwrap().clone()
    }

    /// Attempts in all.
    pub fn total(&self) -> u32 {
        self.counts.lock().unwrap().values().sum()
    }

    pub fn reset(&self) {
        self.counts.lock().unwrap().clear();
    }
}

impl Transport for Counting {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let path = request
            .url
            .split_once("/ws/customers/")
            .map_or("", |(_, r)| r);
        let path = path.split_once('/').map_or("/", |(_, p)| p);
        let path = path.split('?').next().unwrap_or_default();
        let line = format!("{} /{path}", request.method);
        *self.counts.lock().unwrap().entry(line).or_default() += 1;
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let out = Out(self.in_flight.clone());
        let sent = self.inner.send(request);
        Box::pin(async move {
            let answer = sent.await;
            drop(out);
            answer
        })
    }
}

pub fn config() -> Config {
    Config {
        username: USER.into(),
        api_key: KEY.into(),
        password: PASS.into(),
        activity_step: Duration::from_millis(20),
        ..Config::default()
    }
}

pub struct Env {
    pub sandbox: Sandbox,
    pub client: Client,
    pub counts: Counting,
}

/// A sandbox with `contacts` and `lists` seeded and a client with fast retries.
pub async fn start(contacts: usize, lists: usize) -> Env {
    start_with(Config {
        seed_contacts: contacts,
        seed_lists: lists,
        ..config()
    })
    .await
}

pub async fn start_with(config: Config) -> Env {
    let sandbox = Sandbox::start(config).await.unwrap();
    let counts = Counting::new();
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .username(USER)
        .auth(Auth::basic(KEY, PASS))
        .transport(Arc::new(counts.clone()))
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_backoff(Duration::from_millis(5), Duration::from_millis(20))
                .with_max_retry_after(Duration::from_secs(2)),
        )
        .request_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    Env {
        sandbox,
        client,
        counts,
    }
}
