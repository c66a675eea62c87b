//! The accept loop: one hyper HTTP/1 connection per socket, serving the axum router.
//!
//! The loop is hand-written (rather than `axum::serve`) so that a fault can drop a
//! connection without answering: each connection gets a [`ConnKill`] switch in its request
//! extensions, and pulling it drops the connection future, which closes the socket. Shutdown
//! is a watch channel: when the [`crate::Sandbox`] is dropped, the loop and every open
//! connection end.

use std::sync::Arc;

use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

/// Closes the connection a request arrived on, without an answer.
#[derive(Clone)]
pub(crate) struct ConnKill(Arc<Notify>);

impl ConnKill {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// Serves `app` on `listener` until `shutdown` changes or its sender is dropped.
pub(crate) async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: wait a moment rather than spin.
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let notify = Arc::new(Notify::new());
        let svc = TowerToHyperService::new(app.clone().layer(Extension(ConnKill(notify.clone()))));
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            // The timer lets hyper drop clients that never finish sending their headers.
            let conn = http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = notify.notified() => {}
                _ = stop.changed() => {}
            }
        });
    }
}
