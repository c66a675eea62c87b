//! Where the V3 API, its authorization server and the token file are, and the token source a
//! V3 command sends with.
//!
//! V3 takes OAuth 2.0 bearer tokens only. `ctct v3 login` saves them in a token file (mode
//! 0600, written atomically by `ctct-client`'s `FileTokenStore`); every later V3 command reads
//! that file through an `OAuthSession`, which refreshes the access token when it is about to
//! expire and saves the rotated tokens back. `CTCT_ACCESS_TOKEN` bypasses the file. Token
//! values never reach a message: they stay inside `Secret`s.
//!
//! A refresh must come from the application the tokens were issued to, so the token file
//! keeps the client id `login` used. A command given no client id (flag, `CTCT_CLIENT_ID`,
//! profile) takes that one; an explicit one wins, with a warning when it differs, since the
//! server refuses to refresh another application's tokens.

use std::path::PathBuf;
use std::sync::Arc;

use ctct_client::Error;
use ctct_client::v3::oauth::{
    FileTokenStore, OAuthApp, OAuthClient, OAuthEndpoints, OAuthSession, StaticToken, TokenSource,
    TokenStore as _,
};
use ctct_client::v3::{V3Client, oauth::DEFAULT_AUTHORIZATION_SERVER};
use ctct_client::{Client, Secret};

use crate::credentials;
use crate::failure::{ExitStatus, Failure};
use crate::options::{Global, V3Options};

/// The client id a sandbox's authorization server registers (ctct-sandbox's
/// `oauth::DEFAULT_CLIENT_ID`), used for any server other than the real one. Kept here so the
/// CLI built without the `sandbox` feature still logs in to a sandbox running elsewhere.
const SANDBOX_CLIENT_ID: &str = "sandbox-client";

/// The resolved V3 settings of one command.
#[derive(Debug, Clone)]
pub struct V3Settings {
    /// The V3 base URL (`…/v3`).
    pub v3_base_url: String,
    /// The authorization server's root.
    pub auth_url: String,
    /// The client id, when known: the explicit one (flag, environment, profile), else the
    /// one saved with the tokens, else the sandbox's for a server other than the real one.
    pub client_id: Option<String>,
    /// The client id saved in the token file, when the file has one (never read for the
    /// embedded sandbox, whose tokens are its own).
    pub stored_client_id: Option<String>,
    /// Whether [`V3Settings::client_id`] was given explicitly rather than found.
    pub explicit_client_id: bool,
    /// The token file.
    pub token_file: PathBuf,
    /// The OAuth scopes a login asks for (`--scope`, else [`CLI_SCOPES`]).
    pub scopes: Vec<String>,
}

/// The scopes `ctct v3 login` asks for by default: what its commands need (contacts, lists
/// and the rest of the contact side; email campaigns; the account summary), and a refresh
/// token.
pub const CLI_SCOPES: [&str; 4] = [
    "contact_data",
    "campaign_data",
    "account_read",
    "offline_access",
];

impl V3Settings {
    /// Resolves the settings: flags and environment first, then `service_root` (the embedded
    /// sandbox's or `--base-url` when not the default), then the real service. The client id
    /// falls back to the one saved in the token file (not with `--sandbox`); a token file
    /// that cannot be read gives none here, and its error comes when the tokens are loaded.
    ///
    /// # Errors
    ///
    /// A usage failure when no token file location can be found (no home directory).
    pub fn resolve(
        global: &Global,
        options: &V3Options,
        sandbox_root: Option<&str>,
    ) -> Result<Self, Failure> {
        let root = sandbox_root.map(str::to_owned).or_else(|| {
            let base = global.base_url.trim_end_matches('/');
            (base != ctct_client::client::DEFAULT_BASE_URL.trim_end_matches('/'))
                .then(|| base.to_owned())
        });
        let v3_base_url = match (sandbox_root, &options.v3_base_url, &root) {
            (None, Some(url), _) => url.clone(),
            (_, _, Some(root)) => format!("{root}/v3"),
            _ => ctct_models::endpoint::V3_BASE_URL.to_owned(),
        };
        let auth_url = match (sandbox_root, &options.auth_url, &root) {
            (None, Some(url), _) => url.clone(),
            (_, _, Some(root)) => root.clone(),
            _ => DEFAULT_AUTHORIZATION_SERVER.to_owned(),
        };
        let token_file = match &options.token_file {
            Some(path) => path.clone(),
            None => default_token_file()?,
        };
        let stored_client_id = if sandbox_root.is_some() {
            None
        } else {
            FileTokenStore::new(&token_file)
                .load_client_id()
                .ok()
                .flatten()
        };
        let explicit = options.client_id.clone().filter(|id| !id.is_empty());
        let explicit_client_id = explicit.is_some();
        // A server other than the real one is a sandbox, which registers its own client.
        let client_id = explicit.or_else(|| stored_client_id.clone()).or_else(|| {
            (auth_url != DEFAULT_AUTHORIZATION_SERVER).then(|| SANDBOX_CLIENT_ID.to_owned())
        });
        Ok(Self {
            v3_base_url,
            auth_url,
            client_id,
            stored_client_id,
            explicit_client_id,
            token_file,
            scopes: if options.scopes.is_empty() {
                CLI_SCOPES.iter().map(|s| (*s).to_owned()).collect()
            } else {
                options.scopes.clone()
            },
        })
    }

    /// The token file's store, saving [`V3Settings::client_id`] with the tokens.
    pub fn token_store(&self) -> FileTokenStore {
        let store = FileTokenStore::new(&self.token_file);
        match &self.client_id {
            Some(id) => store.with_client_id(id.clone()),
            None => store,
        }
    }

    /// Why the tokens in the file may not refresh: an explicit client id other than the one
    /// they were saved with.
    pub fn client_id_mismatch(&self) -> Option<String> {
        let (given, stored) = (self.client_id.as_ref()?, self.stored_client_id.as_ref()?);
        (self.explicit_client_id && given != stored).then(|| {
            format!(
                "ctct: the tokens in {} were issued to client id {stored:?}, but client id \
                 {given:?} was given (--client-id, CTCT_CLIENT_ID or the profile), and the \
                 server refuses to refresh one application's tokens for another: drop it to \
                 use the saved one, or run `ctct v3 login` with it",
                self.token_file.display()
            )
        })
    }

    /// The OAuth client for the authorization server.
    ///
    /// # Errors
    ///
    /// A usage failure (exit 2) when there is no client id.
    pub fn oauth(&self, redirect_uri: Option<&str>) -> Result<OAuthClient, Failure> {
        let client_id = self.client_id.clone().ok_or_else(|| {
            Failure::usage("no OAuth client id")
                .with_hint("set CTCT_CLIENT_ID or pass --client-id ID (your application's API key)")
        })?;
        let mut app = OAuthApp::public(client_id)
            .endpoints(OAuthEndpoints::at(self.auth_url.as_str()))
            .scopes(self.scopes.iter().cloned());
        if let Some(uri) = redirect_uri {
            app = app.redirect_uri(uri);
        }
        let http = Client::builder()
            .user_agent(concat!("ctct-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Failure::from)?;
        Ok(OAuthClient::with_http(app, http))
    }

    /// The token source for API calls: `CTCT_ACCESS_TOKEN`, else the token file.
    ///
    /// # Errors
    ///
    /// An auth failure (exit 3) saying to run `ctct v3 login` when there are no tokens.
    pub fn token_source(&self) -> Result<Arc<dyn TokenSource>, Failure> {
        if let Some(token) = std::env::var(credentials::ACCESS_TOKEN)
            .ok()
            .filter(|t| !t.trim().is_empty())
        {
            return Ok(Arc::new(StaticToken(Secret::new(token))));
        }
        let store = self.token_store();
        match store.load() {
            Ok(Some(_)) => {}
            Ok(None) => {
                return Err(Failure::new(
                    ExitStatus::Auth,
                    format!(
                        "not logged in to V3 (no token file at {})",
                        self.token_file.display()
                    ),
                )
                .with_hint("run `ctct v3 login` first (or set CTCT_ACCESS_TOKEN)"));
            }
            Err(e) => return Err(v3_failure(e, "the token file")),
        }
        if let Some(warning) = self.client_id_mismatch() {
            eprintln!("{warning}");
        }
        let session = OAuthSession::new(self.oauth(None)?, Arc::new(store));
        Ok(Arc::new(session))
    }

    /// A V3 client sending with `tokens`.
    ///
    /// # Errors
    ///
    /// A usage failure for a bad base URL.
    pub fn client(&self, tokens: Arc<dyn TokenSource>) -> Result<V3Client, Failure> {
        V3Client::builder(tokens)
            .base_url(self.v3_base_url.clone())
            .user_agent(concat!("ctct-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Failure::from)
    }
}

/// `$XDG_CONFIG_HOME/ctct/tokens.json`, else `~/.config/ctct/tokens.json` (`%APPDATA%` on
/// Windows).
fn default_token_file() -> Result<PathBuf, Failure> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let dir = var("XDG_CONFIG_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".config")))
        .or_else(|| var("APPDATA"))
        .ok_or_else(|| {
            Failure::usage("cannot find a configuration directory for the token file")
                .with_hint("set CTCT_TOKEN_FILE or pass --token-file FILE")
        })?;
    Ok(dir.join("ctct").join("tokens.json"))
}

/// Classifies a V3 or OAuth error: refused or expired tokens mean logging in again.
pub fn v3_failure(error: Error, what: &str) -> Failure {
    let text = ctct_client::error::chain(&error);
    match &error {
        Error::OAuth(_) => {
            Failure::new(ExitStatus::Auth, text).with_hint("run `ctct v3 login` again")
        }
        Error::TokenStore { .. } => Failure::new(ExitStatus::Auth, text)
            .with_hint("run `ctct v3 login` again, or check CTCT_TOKEN_FILE"),
        _ if matches!(error.status(), Some(401)) => Failure::new(
            ExitStatus::Auth,
            format!("the server refused the token: {text}"),
        )
        .with_hint("run `ctct v3 login` again (or check CTCT_ACCESS_TOKEN)"),
        _ => Failure::from_client(error, what),
    }
}

#[cfg(all(test, feature = "sandbox"))]
mod sandbox_client_id {
    #[test]
    fn is_the_one_the_sandbox_registers() {
        assert_eq!(
            super::SANDBOX_CLIENT_ID,
            ctct_sandbox::oauth::DEFAULT_CLIENT_ID
        );
    }
}
