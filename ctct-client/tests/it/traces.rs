//! Traces: one span per attempt with method, path, attempt, status and duration, and no
//! credential anywhere. The subscriber is the binary's global one, installed once: tracing
//! caches callsite interest globally, so a scoped subscriber could miss the spans of a callsite
//! that a test running in parallel registered first. Other tests' traces land in the same
//! buffer; none of them may carry a secret either.

use crate::support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_models::v1::contacts;
use support::*;

const TOKEN: &str = "tok-9b1e2c";
const CLIENT_SECRET: &str = "app-secret-55e1";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The binary's global trace buffer, installed on first use.
fn global_capture() -> Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let capture = Capture::default();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(capture.clone())
                .with_ansi(false)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in this binary");
            capture
        })
        .clone()
}

fn assert_no_secret(text: &str) {
    for secret in [
        API_KEY,
        PASSWORD,
        TOKEN,
        CLIENT_SECRET,
        basic_header().as_str(),
    ] {
        assert!(
            !text.contains(secret),
            "secret {secret:?} leaked in:\n{text}"
        );
    }
    // Nor the base64 of the Basic credential.
    let b64 = basic_header();
    assert!(!text.contains(b64.trim_start_matches("Basic ")), "{text}");
}

#[tokio::test(start_paused = true)]
async fn secrets_stay_out_of_debug_errors_and_traces() {
    let capture = global_capture();

    let replay = ReplayTransport::new();
    let url = format!("{ACCOUNT}/contacts");
    replay
        .expect(Expect::get(&url), Reply::status(503, "busy"))
        .expect(
            Expect::get(&url),
            Reply::status(401, "<html><body>Unauthorized</body></html>"),
        );
    let client = client(&replay);
    let err = client
        .send(contacts::ListContacts::new())
        .await
        .expect_err("401");
    assert!(err.is_unauthorized());

    let traces = String::from_utf8(capture.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(
        traces.contains("ctct.request"),
        "spans were recorded:\n{traces}"
    );
    assert!(traces.contains("attempt=2"), "{traces}");
    assert!(
        traces.contains("/ws/customers/joesflowers/contacts"),
        "{traces}"
    );
    assert!(traces.contains("retrying"), "{traces}");
    assert!(traces.contains("status=503"), "{traces}");
    assert_no_secret(&traces);
    assert_no_secret(&format!("{err} {err:?}"));
    assert_no_secret(&format!("{client:?}"));
    assert_no_secret(&format!("{:?}", replay.requests()));
    assert!(format!("{client:?}").contains("redacted"));
}
