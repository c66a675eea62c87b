//! Streaming a download into a file: the export files of V1 and V3.
//!
//! An export file can be far larger than the client's response cap, so it is never held in
//! memory: the body is read chunk by chunk ([`crate::Transport::send_streaming`]) and each
//! chunk is written to a temporary file beside the target as it arrives, in constant memory
//! and without a size cap. When the body is complete (as long as its `Content-Length` said,
//! when it said) the file is synced and renamed over the target, so a reader never sees half
//! a file. A failed, cut or cancelled download removes the temporary file and leaves the
//! target as it was.
//!
//! Every chunk must arrive within the client's request timeout. A download that fails before
//! its first byte is written is tried again as any GET; once bytes are written a failure is an
//! error, never a silent restart that could leave doubled data.

use std::future::Future;
use std::path::{Path, PathBuf};

use futures_util::StreamExt as _;
use tokio::io::AsyncWriteExt as _;

use crate::engine::{Engine, Prepared, path_of};
use crate::error::{Error, WorkflowError};
use crate::retry::Outcome;
use crate::transport::{StreamingResponse, TransportError, TransportErrorKind};

/// How far a download is, as handed to its progress callback after every chunk written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadProgress {
    /// Bytes written so far.
    pub bytes: u64,
    /// The body's length, when the server announced it (`Content-Length`).
    pub total: Option<u64>,
}

/// The temporary file of a download; removed when dropped unless it was renamed.
pub(crate) struct TempFile {
    pub(crate) path: PathBuf,
    pub(crate) renamed: bool,
}

impl TempFile {
    /// A new temporary path beside `path` (nothing is created yet).
    pub(crate) fn beside(path: &Path) -> Result<Self, Error> {
        Ok(Self {
            path: temp_beside(path)?,
            renamed: false,
        })
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

pub(crate) fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    WorkflowError::File {
        action,
        path: path.to_owned(),
        source,
    }
    .into()
}

/// `.{name}.{random}.tmp` in the directory of `path`.
pub(crate) fn temp_beside(path: &Path) -> Result<PathBuf, Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| WorkflowError::NotAFilePath {
            path: path.to_owned(),
        })?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", fastrand::u64(..)));
    Ok(dir.join(tmp_name))
}

/// Why one pass over a body stopped short.
enum Cut {
    /// The transport failed or the body ended early.
    Transport(TransportError),
    /// No chunk came within the request timeout.
    Timeout,
    /// The file could not be written.
    Io(Error),
}

/// Downloads the body `open` yields into `path` (see the module docs); returns the bytes
/// written. `open` sends the request (with the client's retries for the head) each time it is
/// called; it is called again only when a body failed before its first byte.
pub(crate) async fn to_file<F, Fut>(
    client: &Engine,
    prepared: &Prepared,
    mut open: F,
    path: &Path,
    on_bytes: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<u64, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<StreamingResponse, Error>>,
{
    // Created first, removed by its guard on every way out but the rename.
    let mut tmp = TempFile::beside(path)?;
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp.path)
        .await
        .map_err(|e| io_error("create", &tmp.path, e))?;
    let started = tokio::time::Instant::now();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let response = open().await?;
        let total = response.content_length();
        let (written, cut) = copy(client, response, &mut file, &tmp.path, total, on_bytes).await;
        let Some(cut) = cut else {
            file.sync_all()
                .await
                .map_err(|e| io_error("sync", &tmp.path, e))?;
            drop(file);
            tokio::fs::rename(&tmp.path, path)
                .await
                .map_err(|e| io_error("replace", path, e))?;
            tmp.renamed = true;
            return Ok(written);
        };
        let outcome = match &cut {
            Cut::Io(_) => None,
            Cut::Timeout => Some(Outcome::Timeout),
            Cut::Transport(e) => Some(Outcome::Transport(e.kind)),
        };
        let retry = outcome.filter(|_| written == 0).and_then(|o| {
            client
                .retry_policy()
                .next_delay(prepared.method, attempt, o, None)
        });
        match retry {
            Some(delay) => {
                tracing::warn!(
                    endpoint = prepared.name,
                    delay_ms = delay.as_millis() as u64,
                    "the download failed before its first byte; retrying"
                );
                tokio::time::sleep(delay).await;
            }
            None => return Err(cut_error(client, prepared, cut, attempt, started.elapsed())),
        }
    }
}

/// Copies one body into `file`, chunk by chunk: the bytes written and why it stopped short,
/// if it did.
async fn copy(
    client: &Engine,
    response: StreamingResponse,
    file: &mut tokio::fs::File,
    tmp: &Path,
    total: Option<u64>,
    on_bytes: &mut (dyn FnMut(DownloadProgress) + Send),
) -> (u64, Option<Cut>) {
    let mut body = response.body;
    let mut written: u64 = 0;
    loop {
        let chunk = match tokio::time::timeout(client.request_timeout(), body.next()).await {
            Err(_) => return (written, Some(Cut::Timeout)),
            Ok(None) => break,
            Ok(Some(Err(e))) => return (written, Some(Cut::Transport(e))),
            Ok(Some(Ok(chunk))) => chunk,
        };
        if chunk.is_empty() {
            continue;
        }
        if let Err(e) = file.write_all(&chunk).await {
            return (written, Some(Cut::Io(io_error("write", tmp, e))));
        }
        written += chunk.len() as u64;
        on_bytes(DownloadProgress {
            bytes: written,
            total,
        });
    }
    if let Err(e) = file.flush().await {
        return (written, Some(Cut::Io(io_error("write", tmp, e))));
    }
    match total {
        Some(total) if total != written => {
            let message = format!("the body ended after {written} of the {total} bytes announced");
            (
                written,
                Some(Cut::Transport(TransportError::new(
                    TransportErrorKind::Broken,
                    message,
                ))),
            )
        }
        _ => (written, None),
    }
}

fn cut_error(
    client: &Engine,
    prepared: &Prepared,
    cut: Cut,
    attempts: u32,
    total: std::time::Duration,
) -> Error {
    let path = path_of(&prepared.url).to_owned();
    match cut {
        Cut::Io(e) => e,
        Cut::Transport(e) => Error::Transport {
            method: prepared.method,
            path,
            kind: e.kind,
            message: e.message,
            attempts,
        },
        Cut::Timeout => Error::Timeout {
            method: prepared.method,
            path,
            after: client.request_timeout(),
            attempts,
            total,
        },
    }
}
