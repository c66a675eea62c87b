//! PKCE (RFC 7636) with the S256 method, and the random strings OAuth needs.
//!
//! Public clients (a CLI, a desktop app, this SDK's quick start) cannot keep a client secret,
//! so the code exchange proves possession of a random `code_verifier` whose SHA-256 went out
//! with the authorization request. The verifier is a [`Secret`]: it never appears in `Debug`,
//! logs or errors.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

use crate::error::{ConfigError, Error};
use crate::secret::Secret;

/// `n` bytes from the operating system's random source, base64url without padding: only
/// characters of RFC 7636's unreserved set.
pub(crate) fn random_token(bytes: usize) -> Result<String, Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).map_err(|source| ConfigError::NoRandomness { source })?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// A PKCE `code_verifier`: 43 characters from 32 random bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkceVerifier(Secret);

impl PkceVerifier {
    /// A fresh verifier from the operating system's random source.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the system has no random source.
    pub fn generate() -> Result<Self, Error> {
        Ok(Self(Secret::new(random_token(32)?)))
    }

    /// A verifier with a known value (tests, or a verifier kept across processes).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] unless it has 43 to 128 characters of `[A-Za-z0-9-._~]`
    /// (RFC 7636 §4.1); the message gives the length, never the value.
    pub fn from_value(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        let len = value.chars().count();
        let charset_ok = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        if !(43..=128).contains(&len) || !charset_ok {
            return Err(ConfigError::BadCodeVerifier {
                chars: len,
                alphabet_ok: charset_ok,
            }
            .into());
        }
        Ok(Self(Secret::new(value)))
    }

    /// The `code_challenge`: base64url(SHA-256(verifier)) without padding.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.expose().as_bytes()))
    }

    /// The `code_challenge_method` this SDK uses.
    pub const METHOD: &'static str = "S256";

    /// The verifier itself, sent once with the code exchange.
    pub fn secret(&self) -> &Secret {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let v = PkceVerifier::from_value("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(v.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn generated_verifiers_are_valid_and_differ() {
        let a = PkceVerifier::generate().unwrap();
        let b = PkceVerifier::generate().unwrap();
        assert_eq!(a.secret().expose().len(), 43);
        assert!(PkceVerifier::from_value(a.secret().expose()).is_ok());
        assert_ne!(a, b);
        assert!(!format!("{a:?}").contains(a.secret().expose()));
    }

    #[test]
    fn bad_verifiers_are_refused_without_showing_them() {
        let short = "abc";
        let e = PkceVerifier::from_value(short).unwrap_err().to_string();
        assert!(e.contains("3 characters"), "{e}");
        let bad = format!("{}!", "a".repeat(50));
        let e = PkceVerifier::from_value(bad.clone())
            .unwrap_err()
            .to_string();
        assert!(!e.contains(&bad), "{e}");
        assert!(PkceVerifier::from_value("a".repeat(129)).is_err());
    }
}
