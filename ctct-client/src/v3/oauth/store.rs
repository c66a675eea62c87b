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

/// Tokens in a JSON file.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
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
}

impl FileTokenStore {
    /// A store at `path` (the file need not exist yet; its directory is created on save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
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
