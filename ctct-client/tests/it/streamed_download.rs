//! The streamed download's rules, over a replay transport whose bodies arrive in chosen
//! chunks: a body that breaks before its first byte is asked for again, one that breaks after
//! bytes were written is an error and is not asked for again (a second request would find no
//! reply and fail the replay), a body shorter than its `Content-Length` is an error, a chunk
//! that never comes times out, and none of these leaves a file or a temporary file.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use ctct_client::replay::{Chunk, Expect, ReplayTransport, Reply};
use ctct_client::transport::{TransportError, TransportErrorKind};
use ctct_client::workflows::download::DownloadProgress;
use ctct_client::{Error, RetryPolicy};
use ctct_models::v1::activities::Activity;

use crate::support::{ACCOUNT, builder, client};

fn activity() -> Activity {
    Activity {
        file_name: Some("/ws/customers/joesflowers/activities/e1file.csv".into()),
        ..Activity::default()
    }
}

fn url() -> String {
    format!("{ACCOUNT}/activities/e1file.csv")
}

fn bytes(b: &str) -> Chunk {
    Chunk::Bytes(b.as_bytes().to_vec())
}

fn broken() -> Chunk {
    Chunk::Fail(TransportError::new(
        TransportErrorKind::Broken,
        "connection reset (replay)",
    ))
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ctct-dl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[tokio::test(start_paused = true)]
async fn chunks_are_written_in_order_and_each_is_reported() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(url()),
        Reply::chunked(
            200,
            vec![bytes("EMAIL ADDRESS\r\n"), bytes("a@example.com\r\n")],
        )
        .with_header("content-length", "30"),
    );
    let d = dir("order");
    let path = d.join("out.csv");
    let mut progress = Vec::new();
    let written = client(&replay)
        .download_export_to(&activity(), &path, |p| progress.push(p))
        .await
        .unwrap();
    replay.assert_done();
    assert_eq!(written, 30);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "EMAIL ADDRESS\r\na@example.com\r\n"
    );
    let total = Some(30);
    assert_eq!(
        progress,
        vec![
            DownloadProgress { bytes: 15, total },
            DownloadProgress { bytes: 30, total }
        ]
    );
    // The request is the download's, and a streamed one has no cap.
    let sent = replay.requests();
    assert_eq!(sent[0].header("accept"), Some("*/*"));
    assert_eq!(sent[0].max_response_bytes, usize::MAX);
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_body_broken_before_its_first_byte_is_asked_for_again() {
    let replay = ReplayTransport::new();
    replay
        .expect(Expect::get(url()), Reply::chunked(200, vec![broken()]))
        .expect(
            Expect::get(url()),
            Reply::chunked(
                200,
                vec![bytes("EMAIL ADDRESS\r\n"), bytes("b@example.com\r\n")],
            ),
        );
    let d = dir("retry");
    let path = d.join("out.csv");
    let written = client(&replay)
        .download_export_to(&activity(), &path, |_| {})
        .await
        .unwrap();
    replay.assert_done();
    assert_eq!(written, 30);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "EMAIL ADDRESS\r\nb@example.com\r\n",
        "the second body only, not doubled"
    );
    assert_eq!(names(&d), vec!["out.csv".to_owned()]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_body_broken_after_bytes_were_written_is_an_error_and_not_asked_for_again() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(url()),
        Reply::chunked(200, vec![bytes("EMAIL ADDRESS\r\n"), broken()]),
    );
    let d = dir("cut");
    let path = d.join("out.csv");
    std::fs::write(&path, "old").unwrap();
    let e = client(&replay)
        .download_export_to(&activity(), &path, |_| {})
        .await
        .unwrap_err();
    replay.assert_done();
    assert_eq!(replay.request_count(), 1, "no restart");
    assert_eq!(
        e.to_string(),
        "GET /ws/customers/joesflowers/activities/e1file.csv failed after 1 attempt(s): \
         connection reset (replay)"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(names(&d), vec!["out.csv".to_owned()]);
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_body_shorter_than_its_content_length_is_an_error() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(url()),
        Reply::chunked(200, vec![bytes("EMAIL ADDRESS\r\n")]).with_header("content-length", "100"),
    );
    let d = dir("short");
    let path = d.join("out.csv");
    let e = client(&replay)
        .download_export_to(&activity(), &path, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Transport {
                kind: TransportErrorKind::Broken,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("the body ended after 15 of the 100 bytes announced"),
        "{e}"
    );
    assert!(names(&d).is_empty(), "{:?}", names(&d));
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_chunk_that_never_comes_times_out_and_leaves_no_file() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(url()),
        Reply::chunked(200, vec![bytes("EMAIL ADDRESS\r\n"), Chunk::Stall]),
    );
    let d = dir("stall");
    let path = d.join("out.csv");
    let e = builder(&replay)
        .request_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::default())
        .build()
        .unwrap()
        .download_export_to(&activity(), &path, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Timeout {
                after,
                attempts: 1,
                ..
            } if *after == Duration::from_secs(5)
        ),
        "{e:?}"
    );
    assert_eq!(replay.request_count(), 1, "no restart after bytes");
    assert!(names(&d).is_empty(), "{:?}", names(&d));
    std::fs::remove_dir_all(&d).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_failure_status_is_an_api_error_with_its_body_and_creates_nothing() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(url()),
        Reply::chunked(404, vec![bytes("Error 404: "), bytes("no such file")]),
    );
    let d = dir("404");
    let e = client(&replay)
        .download_export_to(&activity(), d.join("out.csv"), |_| {})
        .await
        .unwrap_err();
    replay.assert_done();
    match &e {
        Error::Api(a) => {
            assert_eq!(a.status, 404);
            assert_eq!(a.body, "Error 404: no such file");
        }
        other => panic!("{other:?}"),
    }
    assert!(names(&d).is_empty(), "{:?}", names(&d));
    std::fs::remove_dir_all(&d).unwrap();
}
