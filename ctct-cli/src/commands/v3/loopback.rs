//! The loopback redirect of `ctct v3 login --pkce` (RFC 8252 §7.3).
//!
//! A native application cannot receive a redirect on a web server, so it listens on a
//! loopback port for the one request the browser makes after the user approves, and the user
//! pastes nothing. The authorization server accepts any port for a registered
//! `http://127.0.0.1/callback`. Only one request is read, with a size cap and a deadline;
//! the page the browser gets says to return to the terminal. Where no port can be bound the
//! caller falls back to the paste flow.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// How long to wait for the browser before giving up.
pub const WAIT: Duration = Duration::from_secs(300);

/// The largest request head read from the browser.
const MAX_REQUEST: usize = 16 * 1024;

/// A bound loopback listener and the redirect URI that points at it.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    path: String,
    /// `http://127.0.0.1:PORT/PATH`: the `redirect_uri` to authorize with.
    pub redirect_uri: String,
}

/// Whether `redirect_uri` is a loopback one the listener can serve (`http://127.0.0.1…` or
/// `http://localhost…` with no port or port 0), and its path.
pub fn loopback_path(redirect_uri: &str) -> Option<String> {
    let rest = redirect_uri.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let loopback = matches!(host, "127.0.0.1" | "localhost");
    let any_port = matches!(port, None | Some("0"));
    (loopback && any_port && !path.contains('?')).then(|| path.to_owned())
}

impl Loopback {
    /// Binds a free port on 127.0.0.1 for a redirect to `path`.
    ///
    /// # Errors
    ///
    /// No port can be bound.
    pub async fn bind(path: String) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let port = listener.local_addr()?.port();
        Ok(Self {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}{path}"),
            path,
        })
    }

    /// Waits for the browser's request to the redirect path and returns the full redirected
    /// URL (`http://127.0.0.1:PORT/callback?code=…&state=…`). Requests to other paths (a
    /// browser asking for `/favicon.ico`) get 404 and the wait goes on.
    ///
    /// # Errors
    ///
    /// The listener fails.
    pub async fn redirected_url(self) -> std::io::Result<String> {
        loop {
            let (mut stream, _) = self.listener.accept().await?;
            let Ok(Some(target)) =
                tokio::time::timeout(Duration::from_secs(10), read_target(&mut stream))
                    .await
                    .unwrap_or(Ok(None))
            else {
                continue;
            };
            let on_path = target.split('?').next().is_some_and(|p| p == self.path);
            let (status, page) = if on_path {
                (
                    "200 OK",
                    "<!doctype html><title>ctct</title><p>Done: you can close this tab and \
                     go back to the terminal.</p>",
                )
            } else {
                (
                    "404 Not Found",
                    "<!doctype html><title>ctct</title><p>Not here.</p>",
                )
            };
            let answer = format!(
                "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
            let _ = stream.shutdown().await;
            if on_path {
                let base = self.redirect_uri.trim_end_matches(self.path.as_str());
                return Ok(format!("{base}{target}"));
            }
        }
    }
}

/// The request target of a `GET` request head, if the head is complete and well formed.
async fn read_target(stream: &mut tokio::net::TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || head.len() + n > MAX_REQUEST {
            return Ok(None);
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut parts = text.lines().next().unwrap_or("").split(' ');
    Ok(match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    })
}

/// Opens `url` in the user's browser where one can be found; failure is not an error (the
/// URL is printed too).
pub fn open_browser(url: &str) {
    let candidates: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["explorer"]
    } else {
        &["xdg-open"]
    };
    for program in candidates {
        let spawned = std::process::Command::new(program)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_portless_loopback_redirects_are_served() {
        assert_eq!(
            loopback_path("http://127.0.0.1/callback").as_deref(),
            Some("/callback")
        );
        assert_eq!(
            loopback_path("http://localhost:0/cb").as_deref(),
            Some("/cb")
        );
        assert_eq!(loopback_path("http://127.0.0.1").as_deref(), Some("/"));
        assert_eq!(loopback_path("http://127.0.0.1:8080/callback"), None);
        assert_eq!(loopback_path("https://example.com/callback"), None);
        assert_eq!(loopback_path("http://127.0.0.1/cb?x=1"), None);
    }

    #[tokio::test]
    async fn the_redirect_is_read_and_other_paths_get_404() {
        let lb = Loopback::bind("/callback".to_owned()).await.expect("bound");
        let uri = lb.redirect_uri.clone();
        let addr = uri
            .strip_prefix("http://")
            .and_then(|r| r.split('/').next())
            .expect("authority")
            .to_owned();
        let waiter = tokio::spawn(lb.redirected_url());
        let get = |path: &'static str| {
            let addr = addr.clone();
            async move {
                let mut s = tokio::net::TcpStream::connect(addr)
                    .await
                    .expect("connects");
                s.write_all(format!("GET {path} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
                    .await
                    .expect("sent");
                let mut answer = String::new();
                s.read_to_string(&mut answer).await.expect("read");
                answer
            }
        };
        assert!(get("/favicon.ico").await.starts_with("HTTP/1.1 404"));
        assert!(
            get("/callback?code=abc&state=xyz")
                .await
                .starts_with("HTTP/1.1 200")
        );
        let url = waiter.await.expect("joined").expect("a redirect");
        assert_eq!(url, format!("{uri}?code=abc&state=xyz"));
    }
}
