//! Any `rel="next"` links (one per input line) served page after page to `Client::pages`:
//! no panic, no endless paging (at most one request per link, plus the first), and no
//! request, so no credential, ever leaves the API's origin.
#![no_main]

use std::sync::{Arc, Mutex, OnceLock};

use ctct_client::transport::{HttpRequest, HttpResponse, SendFuture, Transport};
use ctct_client::{Auth, Client};
use ctct_models::atom::{Feed, Head, Link};
use ctct_models::v1::contacts::{self, Contact};
use futures_util::StreamExt as _;

const BASE: &str = "https://api.constantcontact.com";

/// Serves one page per call; page `i` links to `links[i]`, the page after the last has no link.
#[derive(Debug)]
struct Pager {
    links: Vec<String>,
    sent: Mutex<Vec<HttpRequest>>,
}

impl Transport for Pager {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let mut sent = self.sent.lock().expect("lock");
        let next = self.links.get(sent.len()).cloned();
        sent.push(request);
        let feed: Feed<Contact> = Feed {
            head: Head {
                links: next
                    .map(|href| Link::new(href, Some("next")))
                    .into_iter()
                    .collect(),
                ..Head::default()
            },
            entries: Vec::new(),
        };
        let body = feed.to_xml().map(String::into_bytes).unwrap_or_default();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/atom+xml".into())],
                body,
            })
        })
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let links: Vec<String> = text.lines().take(16).map(str::to_owned).collect();
    let pager = Arc::new(Pager {
        links: links.clone(),
        sent: Mutex::new(Vec::new()),
    });
    let client = Client::builder()
        .base_url(BASE)
        .username("joesflowers")
        .auth(Auth::bearer("fuzz-token"))
        .transport(pager.clone())
        .build()
        .expect("client");
    runtime().block_on(async {
        let mut pages = client.pages(contacts::ListContacts::new());
        while let Some(page) = pages.next().await {
            if page.is_err() {
                break;
            }
        }
    });
    let sent = pager.sent.lock().expect("lock");
    assert!(
        sent.len() <= links.len() + 1,
        "{} requests for {} links",
        sent.len(),
        links.len()
    );
    for request in sent.iter() {
        assert!(
            request.url.starts_with("https://api.constantcontact.com/"),
            "a request left the API origin: {}",
            request.url
        );
    }
});
