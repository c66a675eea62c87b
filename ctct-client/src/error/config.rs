//! Why a client could not be set up or used as configured.
//!
//! These failures happen before anything is sent and no retry fixes them: the caller has to
//! change what it gave (a URL, a username, an OAuth setting) or how it calls the client.
//! Each variant carries the setting and the value it refused, so a caller can say which
//! one to fix; the message never shows a credential.

use ctct_models::endpoint::Api;

use crate::transport::TransportError;

/// A misconfigured client or OAuth flow.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// `ClientBuilder::username` was given but holds only whitespace.
    #[error("the username is empty")]
    EmptyUsername,
    /// An account-scoped request on a client built without a username.
    #[error("this client has no username; set ClientBuilder::username")]
    NoUsername,
    /// A URL setting that cannot be parsed as a URL.
    #[error("{setting} {value:?} cannot be parsed as a URL")]
    UnparsableUrl {
        /// The setting, e.g. `base URL`.
        setting: &'static str,
        /// The value given.
        value: String,
        /// The parser's reason.
        #[source]
        source: url::ParseError,
    },
    /// A base URL that is not an absolute `http(s)` URL with a host.
    #[error("{setting} {value:?} is not an absolute http(s) URL")]
    NotHttpUrl {
        /// The setting, e.g. `base URL`.
        setting: &'static str,
        /// The value given.
        value: String,
    },
    /// A base URL with a query or a fragment (paths are appended to it).
    #[error("{setting} {value:?} must not have a query or fragment")]
    UrlWithQuery {
        /// The setting, e.g. `base URL`.
        setting: &'static str,
        /// The value given.
        value: String,
    },
    /// Credentials would travel over plain `http://` to a host that is not a loopback
    /// address.
    #[error(
        "refusing to send credentials over plain {scheme}:// to {host} (only loopback hosts may use http)"
    )]
    InsecureCredentials {
        /// The URL's scheme (`http`, or another one that is not `https`).
        scheme: String,
        /// The URL's host.
        host: String,
    },
    /// A required environment variable is unset, empty or not UTF-8
    /// ([`Client::from_env`](crate::Client::from_env),
    /// [`V3Client::from_env`](crate::v3::V3Client::from_env)).
    #[error("the environment variable {name} is not set{}", instead_of(*.instead))]
    MissingEnv {
        /// The variable, e.g. `CTCT_USERNAME`.
        name: &'static str,
        /// A variable that may be set instead, e.g. `CTCT_ACCESS_TOKEN` for the API key.
        instead: Option<&'static str>,
    },
    /// An environment variable holds a value the client cannot use (only variables that hold
    /// no secret are read this way, so the reason may show the value).
    #[error("the environment variable {name} {reason}")]
    BadEnv {
        /// The variable, e.g. `CTCT_TIMEOUT`.
        name: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// The default HTTP transport could not be built.
    #[error("cannot set up the HTTP transport")]
    TransportSetup {
        /// The transport's reason.
        #[source]
        source: TransportError,
    },
    /// No transport: the `reqwest` feature is off and none was given.
    #[error("no transport: enable the `reqwest` feature or call ClientBuilder::transport")]
    NoTransport,
    /// An endpoint of one API sent with the other API's client.
    #[error("{endpoint} is a {} endpoint; send it with {}", api_name(*.api), client_for(*.api))]
    WrongClient {
        /// The endpoint, e.g. `get_account_info`.
        endpoint: &'static str,
        /// The API the endpoint belongs to.
        api: Api,
    },
    /// The authorization code flow was started for an app without a redirect URI.
    #[error("the authorization code flow needs OAuthApp::redirect_uri")]
    NoRedirectUri,
    /// The address pasted back from the browser is not a URL (it is not shown: it may
    /// carry the authorization code).
    #[error("the redirect URL is not a URL; paste the whole address the browser showed")]
    UnparsableRedirect {
        /// The parser's reason.
        #[source]
        source: url::ParseError,
    },
    /// The operating system's random source failed (PKCE verifier, `state`).
    #[error("the operating system gave no randomness")]
    NoRandomness {
        /// The random source's error.
        #[source]
        source: getrandom::Error,
    },
    /// A PKCE `code_verifier` of the wrong length or alphabet (its value is not shown).
    #[error(
        "a PKCE code_verifier needs 43 to 128 characters of [A-Za-z0-9-._~]; this one has {chars} characters{}",
        if *.alphabet_ok { "" } else { " and others" }
    )]
    BadCodeVerifier {
        /// How many characters it has.
        chars: usize,
        /// Whether every character is of the allowed alphabet.
        alphabet_ok: bool,
    },
    /// An OAuth 2.0 session asked for a token before any login.
    #[error("no OAuth 2.0 tokens: log in first (authorization code with PKCE, or the device flow)")]
    NoTokens,
}

fn instead_of(instead: Option<&'static str>) -> String {
    instead.map_or_else(String::new, |other| format!(" (nor is {other})"))
}

fn api_name(api: Api) -> &'static str {
    match api {
        Api::V1 => "V1",
        Api::V3 => "V3",
    }
}

fn client_for(api: Api) -> &'static str {
    match api {
        Api::V1 => "ctct_client::Client",
        Api::V3 => "ctct_client::v3::V3Client",
    }
}
