//! Raw HTTP helpers for the sandbox tests: every request goes over a real socket.

#![allow(dead_code, clippy::unwrap_used)] // test helpers: a failure here is a test failure

use ctct_models::atom::{Entry, Feed};
use ctct_models::endpoint::Endpoint as _;
use ctct_models::ids::ListId;
use ctct_models::v1::contacts::{self, ActionSource, Contact, ContactLists, ContactMembership};
use ctct_sandbox::{Config, Sandbox};

pub const USER: &str = "joesflowers";
pub const KEY: &str = "KEY";
pub const PASS: &str = "PASS";
pub const TOKEN: &str = "TOKEN";

/// A reqwest builder for plain-HTTP test clients. When ctct-client's rustls features are in
/// the same build (`cargo test --workspace` unifies them into reqwest), reqwest needs a rustls
/// crypto provider before it builds any client; this installs ring's, keeping one already
/// installed.
pub fn http_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// A default reqwest client for the tests (see [`http_builder`]).
pub fn http_client() -> reqwest::Client {
    http_builder().build().unwrap()
}

/// A GET with [`http_client`], as `reqwest::get` sends it.
pub async fn get(url: impl reqwest::IntoUrl) -> reqwest::Result<reqwest::Response> {
    http_client().get(url).send().await
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn feed<T: ctct_models::atom::AtomPayload>(&self) -> Feed<T> {
        assert_eq!(self.status, 200, "{}", self.body);
        Feed::from_xml(&self.body).unwrap()
    }
    pub fn entry<T: ctct_models::atom::AtomPayload>(&self) -> Entry<T> {
        assert!(
            matches!(self.status, 200 | 201),
            "{} {}",
            self.status,
            self.body
        );
        Entry::from_xml(&self.body).unwrap()
    }
}

pub struct Api {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

pub async fn start(contacts: usize, lists: usize) -> Api {
    start_with(Config {
        seed_contacts: contacts,
        seed_lists: lists,
        ..config()
    })
    .await
}

pub fn config() -> Config {
    Config {
        username: USER.into(),
        api_key: KEY.into(),
        password: PASS.into(),
        access_token: Some(TOKEN.into()),
        ..Config::default()
    }
}

pub async fn start_with(config: Config) -> Api {
    Api {
        sandbox: Sandbox::start(config).await.unwrap(),
        http: http_client(),
    }
}

impl Api {
    /// `rest` is relative to the account base unless it starts with `//` (then host-relative,
    /// minus one slash) or `http`.
    pub fn url(&self, rest: &str) -> String {
        if rest.starts_with("http") {
            rest.to_owned()
        } else if let Some(abs) = rest.strip_prefix("/ws/") {
            format!("{}/ws/{abs}", self.sandbox.base_url())
        } else {
            format!("{}{rest}", self.sandbox.account_url())
        }
    }

    pub async fn raw(
        &self,
        method: &str,
        rest: &str,
        content_type: Option<&str>,
        body: Option<String>,
        auth: Option<(&str, &str)>,
    ) -> Resp {
        let mut req = self.http.request(method.parse().unwrap(), self.url(rest));
        if let Some((u, p)) = auth {
            req = req.basic_auth(u, Some(p));
        }
        if let Some(ct) = content_type {
            req = req.header("Content-Type", ct);
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        Resp {
            status,
            headers,
            body: r.text().await.unwrap(),
        }
    }

    pub async fn call(&self, method: &str, rest: &str, body: Option<String>) -> Resp {
        let ct = body.as_ref().map(|_| "application/atom+xml");
        self.raw(
            method,
            rest,
            ct,
            body,
            Some((&format!("{KEY}%{USER}"), PASS)),
        )
        .await
    }

    pub async fn get(&self, rest: &str) -> Resp {
        self.call("GET", rest, None).await
    }

    /// Follows `next` links from `rest` and returns every entry.
    pub async fn all<T: ctct_models::atom::AtomPayload>(&self, rest: &str) -> Vec<Entry<T>> {
        let mut out = Vec::new();
        let mut url = rest.to_owned();
        for _ in 0..1000 {
            let feed: Feed<T> = self.get(&url).await.feed();
            let next = feed.next_href().map(str::to_owned);
            out.extend(feed.entries);
            match next {
                Some(n) => url = n,
                None => return out,
            }
        }
        panic!("paging did not end");
    }

    pub async fn create(&self, c: &Contact) -> Resp {
        let body = contacts::CreateContact::new(c.clone())
            .to_request()
            .unwrap()
            .body
            .unwrap();
        self.call(
            "POST",
            "/contacts",
            Some(body.as_text().unwrap().to_owned()),
        )
        .await
    }

    pub async fn put_contact(&self, id: &str, c: &Contact) -> Resp {
        let cid = ctct_models::ids::ContactId::new(USER, id);
        let body = contacts::UpdateContact::new(&cid, c.clone())
            .to_request()
            .unwrap()
            .body
            .unwrap();
        self.call(
            "PUT",
            &format!("/contacts/{id}"),
            Some(body.as_text().unwrap().to_owned()),
        )
        .await
    }

    pub async fn contact(&self, id: &str) -> Contact {
        self.get(&format!("/contacts/{id}"))
            .await
            .entry::<Contact>()
            .content
    }
}

pub fn on_lists(lists: &[&str]) -> Option<ContactLists> {
    Some(ContactLists {
        lists: lists
            .iter()
            .map(|l| ContactMembership {
                id: Some(ListId::new(USER, *l).uri()),
                ..Default::default()
            })
            .collect(),
    })
}

pub fn new_contact(email: &str, lists: &[&str]) -> Contact {
    Contact {
        email_address: Some(email.into()),
        first_name: Some("Joe".into()),
        last_name: Some("Test".into()),
        opt_in_source: Some(ActionSource::ActionByCustomer),
        contact_lists: on_lists(lists),
        ..Default::default()
    }
}

/// The last path segment of an id URI.
pub fn tail(id: &str) -> String {
    id.rsplit('/').next().unwrap().to_owned()
}

/// The ids of a feed's entries, by tail.
pub fn tails<T>(entries: &[Entry<T>]) -> Vec<String> {
    entries
        .iter()
        .map(|e| tail(e.id.as_deref().unwrap()))
        .collect()
}
