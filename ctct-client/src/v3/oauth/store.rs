//! Where tokens live between calls and between runs.
//!
//! With rotating refresh tokens every refresh invalidates the previous refresh token, so the
//! newest one must be saved before anything else happens: an app that keeps an old copy
//! cannot log in again without the user. [`OAuthSession`](super::OAuthSession) saves every
//! new token set to its [`TokenStore`]. [`MemoryTokenStore`] keeps them for the life of the
//! process; [`FileTokenStore`] writes a JSON file atomically (a temporary file in the same
//! directory, then a rename, so a crash leaves the old file or the new one, never half of
//! one), readable only by its owner on Unix (mode 0600). Like ssh with a private key, a
//! token file that group or others may read is refused on load, with the `chmod` that fixes it.
//!
//! A refresh must name the application the tokens were issued to, so a file store given a
//! client id ([`FileTokenStore::with_client_id`]) writes it beside the tokens, and
//! [`FileTokenStore::load_client_id`] reads it back: a later run can refresh without being
//! told the id again (the file's format is on [`FileTokenStore`]).

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::token::TokenSet;
use crate::error::Error;
use crate::secret::Secret;

/// Keeps the newest token set.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The saved tokens, or `None` when nothing was saved yet.
    ///
    /// # Errors
    ///
    /// [`Error::TokenStore`] when the store exists but cannot be read.
    fn load(&self) -> Result<Option<TokenSet>, Error>;

    /// Replaces the saved tokens.
    ///
    /// # Errors
    ///
    /// [`Error::TokenStore`] when the tokens cannot be saved.
    fn save(&self, tokens: &TokenSet) -> Result<(), Error>;
}

/// Tokens kept in memory only.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<Option<TokenSet>>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `tokens`.
    pub fn with(tokens: TokenSet) -> Self {
        Self {
            tokens: Mutex::new(Some(tokens)),
        }
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Result<Option<TokenSet>, Error> {
        Ok(self
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone())
    }

    fn save(&self, tokens: &TokenSet) -> Result<(), Error> {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner) = Some(tokens.clone());
        Ok(())
    }
}

/// Tokens in a JSON file, with the client id of the application they were issued to when
/// the store was given one.
///
/// The client id is public (it is the app's API key); a client secret is never written. The
/// file is one JSON object, mode 0600 on Unix:
///
/// ```json
/// {
///   "access_token": "…",
///   "refresh_token": "…",
///   "expires_at": 1700000000,
///   "scope": "contact_data offline_access",
///   "token_type": "Bearer",
///   "client_id": "0123-abcd"
/// }
/// ```
///
/// Only `access_token` is required. `expires_at` is in seconds since the Unix epoch. Files
/// written before `client_id` existed load as they are, with no client id; unknown fields
/// are ignored.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
    client_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    /// Seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_type: Option<String>,
    /// The OAuth client id the tokens were issued to; absent in files of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
}

impl FileTokenStore {
    /// A store at `path` (the file need not exist yet; its directory is created on save).
    /// Saves write no client id until one is given with [`FileTokenStore::with_client_id`].
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            client_id: None,
        }
    }

    /// The same store, writing `client_id` (the OAuth application the tokens belong to)
    /// with every save, so that [`FileTokenStore::load_client_id`] can tell a later run which
    /// application refreshes them. An empty id is not written.
    #[must_use]
    pub fn with_client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into()).filter(|id: &String| !id.is_empty());
        self
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The client id this store writes with its saves, if it was given one.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The client id saved in the file with the tokens: `None` when there is no file or it
    /// was written without one (by a store given no id, or by an older version).
    ///
    /// # Errors
    ///
    /// [`Error::TokenStore`] when the file exists but cannot be read, as for
    /// [`TokenStore::load`].
    pub fn load_client_id(&self) -> Result<Option<String>, Error> {
        Ok(self
            .read()?
            .and_then(|stored| stored.client_id)
            .filter(|id| !id.is_empty()))
    }

    /// The file's content, checked: `None` when there is no file.
    fn read(&self) -> Result<Option<Stored>, Error> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.fail(format!("cannot read: {e}"))),
        };
        self.check_private()?;
        // serde_json's messages name the position, never the value.
        let stored: Stored = serde_json::from_slice(&bytes)
            .map_err(|e| self.fail(format!("not a token file ({e})")))?;
        if stored.access_token.is_empty() {
            return Err(self.fail("access_token is empty"));
        }
        Ok(Some(stored))
    }

    /// Refuses a file that group or others may read or write, as ssh refuses such a private
    /// key: a token lets anyone who reads it act on the account. The file is not changed
    /// (its owner may have meant something else by the mode); the error says the fix.
    fn check_private(&self) -> Result<(), Error> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&self.path)
                .map_err(|e| self.fail(format!("cannot read: {e}")))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(self.fail(format!(
                    "the file is open to group or others (mode {:04o}); the tokens in it were \
                     not used: run `chmod 600 {}` if only you can have read it, else log in again",
                    mode & 0o7777,
                    self.path.display()
                )));
            }
        }
        Ok(())
    }

    fn fail(&self, message: impl Into<String>) -> Error {
        Error::TokenStore {
            path: self.path.display().to_string(),
            message: message.into(),
        }
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Result<Option<TokenSet>, Error> {
        let Some(stored) = self.read()? else {
            return Ok(None);
        };
        Ok(Some(TokenSet {
            access_token: Secret::new(stored.access_token),
            refresh_token: stored
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(Secret::new),
            expires_at: stored
                .expires_at
                .map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s)),
            scope: stored.scope,
            token_type: stored.token_type,
        }))
    }

    fn save(&self, tokens: &TokenSet) -> Result<(), Error> {
        let stored = Stored {
            access_token: tokens.access_token.expose().to_owned(),
            refresh_token: tokens.refresh_token.as_ref().map(|t| t.expose().to_owned()),
            expires_at: tokens.expires_at.map(|at| {
                at.duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            }),
            scope: tokens.scope.clone(),
            token_type: tokens.token_type.clone(),
            client_id: self.client_id.clone(),
        };
        let json = serde_json::to_vec_pretty(&stored)
            .map_err(|e| self.fail(format!("cannot encode: {e}")))?;
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)
            .map_err(|e| self.fail(format!("cannot create {}: {e}", dir.display())))?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| self.fail("the path names no file"))?;
        let tmp = dir.join(format!(".{name}.{}.tmp", super::pkce::random_token(6)?));
        let write = || -> std::io::Result<()> {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&tmp)?;
            file.write_all(&json)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            self.fail(format!("cannot write: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(n: u32) -> TokenSet {
        TokenSet {
            access_token: Secret::new(format!("at-{n}")),
            refresh_token: Some(Secret::new(format!("rt-{n}"))),
            expires_at: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            scope: Some("contact_data offline_access".into()),
            token_type: Some("Bearer".into()),
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ctct-store-{name}-{}",
            super::super::pkce::random_token(6).unwrap()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn file_store_round_trips_and_replaces_atomically() {
        let dir = temp_dir("rt");
        let store = FileTokenStore::new(dir.join("sub/tokens.json"));
        assert_eq!(store.load().unwrap(), None);
        store.save(&tokens(1)).unwrap();
        store.save(&tokens(2)).unwrap();
        assert_eq!(store.load().unwrap(), Some(tokens(2)));
        let left: Vec<_> = std::fs::read_dir(dir.join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            left,
            vec!["tokens.json".to_owned()],
            "no temporary files left"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!format!("{store:?}").contains("rt-2"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_client_id_is_saved_with_the_tokens_and_read_back() {
        let dir = temp_dir("id");
        let path = dir.join("tokens.json");
        let store = FileTokenStore::new(&path).with_client_id("app-1234");
        assert_eq!(store.client_id(), Some("app-1234"));
        assert_eq!(store.load_client_id().unwrap(), None, "no file yet");
        store.save(&tokens(1)).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(json["client_id"], "app-1234");
        assert_eq!(json["access_token"], "at-1");
        // Any store on the file reads both, whatever id it was given itself.
        let other = FileTokenStore::new(&path);
        assert_eq!(other.load_client_id().unwrap().as_deref(), Some("app-1234"));
        assert_eq!(other.load().unwrap(), Some(tokens(1)));
        // A store given no id writes none.
        other.save(&tokens(2)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("client_id"), "{text}");
        assert_eq!(other.load_client_id().unwrap(), None);
        assert_eq!(
            FileTokenStore::new(&path).with_client_id("").client_id(),
            None
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_written_before_the_client_id_loads_with_none() {
        let dir = temp_dir("old");
        let path = dir.join("tokens.json");
        // What versions without the client id wrote (serde_json's pretty form).
        std::fs::write(
            &path,
            r#"{
  "access_token": "at-1",
  "refresh_token": "rt-1",
  "expires_at": 1700000000,
  "scope": "contact_data offline_access",
  "token_type": "Bearer"
}"#,
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let store = FileTokenStore::new(&path).with_client_id("app-1234");
        assert_eq!(store.load().unwrap(), Some(tokens(1)));
        assert_eq!(store.load_client_id().unwrap(), None);
        // The next save (a refresh) adds the id.
        store.save(&tokens(2)).unwrap();
        assert_eq!(store.load_client_id().unwrap().as_deref(), Some("app-1234"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_an_error_naming_the_path_not_the_content() {
        let dir = temp_dir("bad");
        let path = dir.join("tokens.json");
        std::fs::write(
            &path,
            "{\"access_token\": 5, \"refresh_token\": \"SECRET-RT\"}",
        )
        .unwrap();
        let e = FileTokenStore::new(&path).load().unwrap_err().to_string();
        assert!(e.contains("tokens.json") && !e.contains("SECRET-RT"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_token_file_open_to_group_or_others_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir("mode");
        let store = FileTokenStore::new(dir.join("tokens.json"));
        store.save(&tokens(1)).unwrap();
        for mode in [0o644, 0o640, 0o604, 0o660] {
            std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(mode)).unwrap();
            let e = store.load().unwrap_err().to_string();
            assert!(
                e.contains(&format!("open to group or others (mode {mode:04o})")),
                "{e}"
            );
            assert!(
                e.contains(&format!("chmod 600 {}", store.path().display())),
                "{e}"
            );
            assert!(!e.contains("at-1") && !e.contains("rt-1"), "{e}");
        }
        // Nothing was changed: the file keeps the mode it had, and once private it is read.
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o660);
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(store.load().unwrap(), Some(tokens(1)));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn memory_store_keeps_the_last_save() {
        let store = MemoryTokenStore::new();
        assert_eq!(store.load().unwrap(), None);
        store.save(&tokens(1)).unwrap();
        store.save(&tokens(2)).unwrap();
        assert_eq!(store.load().unwrap(), Some(tokens(2)));
    }
}
