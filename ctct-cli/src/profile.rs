//! Profiles: non-secret settings kept in a config file, so they need not be typed each time.
//!
//! The file is `$CTCT_CONFIG`, else `$XDG_CONFIG_HOME/ctct/config.toml`, else
//! `~/.config/ctct/config.toml`. Each top-level table is a profile; `--profile NAME` (or
//! `CTCT_PROFILE`) picks one, and without it the `default` table is used when there is one:
//!
//! ```toml
//! [default]
//! username = "joesflowers"
//! client_id = "0123-abcd"
//! output = "json"
//!
//! [staging]
//! base_url = "http://127.0.0.1:8080"
//! v3_base_url = "http://127.0.0.1:8080/v3"
//! ```
//!
//! A flag or environment variable always wins over the profile, and the profile over the
//! built-in default. Secrets (passwords, API keys, tokens) are refused in the file: they
//! belong in the environment or the token file, which is written with mode 0600.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;

use crate::cli::{Cli, Command};
use crate::failure::Failure;
use crate::options::OutputFormat;

/// The settings one profile may hold.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The V1 account username.
    pub username: Option<String>,
    /// The V1 service root.
    pub base_url: Option<String>,
    /// The V3 base URL.
    pub v3_base_url: Option<String>,
    /// The OAuth authorization server's root.
    pub auth_url: Option<String>,
    /// The V3 application's client id (not a secret: public clients send it in the open).
    pub client_id: Option<String>,
    /// `table` or `json`.
    pub output: Option<ProfileOutput>,
}

/// The `output` values a profile takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileOutput {
    /// Aligned columns.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// Keys that would hold a secret; named in the refusal so the user knows where they go.
const SECRET_KEYS: [&str; 6] = [
    "password",
    "api_key",
    "access_token",
    "refresh_token",
    "client_secret",
    "token",
];

/// Where the config file is, if a home or config directory is known.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CTCT_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("ctct").join("config.toml"))
}

/// Reads the profile `name` (or `default`) from `text`, the contents of `path`.
///
/// # Errors
///
/// Invalid TOML, an unknown key or a secret (each naming the file and the key), or an
/// explicitly named profile that is not in the file.
pub fn parse(text: &str, path: &Path, name: Option<&str>) -> Result<Option<Profile>, Failure> {
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| Failure::usage(format!("cannot read {}: {}", path.display(), e.message())))?;
    for (profile, value) in &table {
        if let Some(keys) = value.as_table()
            && let Some(secret) = keys.keys().find(|k| SECRET_KEYS.contains(&k.as_str()))
        {
            return Err(Failure::usage(format!(
                "{}: profile [{profile}] holds {secret:?}; secrets are not read from the config file",
                path.display()
            ))
            .with_hint("remove it and set it in the environment (see ctct --help)"));
        }
    }
    let profiles: BTreeMap<String, Profile> = table.try_into().map_err(|e: toml::de::Error| {
        Failure::usage(format!("{}: {}", path.display(), e.message()))
    })?;
    match name {
        Some(n) => profiles.get(n).cloned().map(Some).ok_or_else(|| {
            let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
            Failure::usage(format!(
                "no profile [{n}] in {} (it has: {})",
                path.display(),
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
        }),
        None => Ok(profiles.get("default").cloned()),
    }
}

/// Loads the profile the command line asks for; a missing file is no profile, unless a
/// profile was named.
///
/// # Errors
///
/// As [`parse`], and an unreadable file.
pub fn load(name: Option<&str>) -> Result<Option<Profile>, Failure> {
    let Some(path) = config_path() else {
        return match name {
            Some(n) => Err(Failure::usage(format!(
                "profile [{n}] asked for, but no config file location is known (set CTCT_CONFIG or HOME)"
            ))),
            None => Ok(None),
        };
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path, name),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && name.is_none() => Ok(None),
        Err(e) => Err(Failure::usage(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Fills what the command line left unset from `profile`.
pub fn apply(cli: &mut Cli, matches: &ArgMatches, profile: &Profile) {
    let defaulted = |id: &str| {
        !matches!(
            matches.value_source(id),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        )
    };
    let global = &mut cli.global;
    if global.username.is_none() {
        global.username.clone_from(&profile.username);
    }
    if let Some(url) = &profile.base_url
        && defaulted("base_url")
    {
        global.base_url.clone_from(url);
    }
    if let Some(output) = profile.output
        && defaulted("output")
    {
        global.output = match output {
            ProfileOutput::Table => OutputFormat::Table,
            ProfileOutput::Json => OutputFormat::Json,
            ProfileOutput::Ndjson => OutputFormat::Ndjson,
        };
    }
    if let Command::V3(args) = &mut cli.command {
        let options = &mut args.options;
        for (slot, value) in [
            (&mut options.v3_base_url, &profile.v3_base_url),
            (&mut options.auth_url, &profile.auth_url),
            (&mut options.client_id, &profile.client_id),
        ] {
            if slot.is_none() {
                slot.clone_from(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[default]
username = "joesflowers"
output = "json"

[staging]
base_url = "http://127.0.0.1:9"
client_id = "abc"
"#;

    fn path() -> PathBuf {
        PathBuf::from("/home/u/.config/ctct/config.toml")
    }

    #[test]
    fn the_default_profile_is_used_unless_one_is_named() {
        let p = parse(FILE, &path(), None)
            .expect("parses")
            .expect("has default");
        assert_eq!(p.username.as_deref(), Some("joesflowers"));
        assert_eq!(p.output, Some(ProfileOutput::Json));
        let s = parse(FILE, &path(), Some("staging"))
            .expect("parses")
            .expect("named");
        assert_eq!(s.client_id.as_deref(), Some("abc"));
        assert_eq!(s.username, None);
    }

    #[test]
    fn an_unknown_profile_names_the_ones_there_are() {
        let err = parse(FILE, &path(), Some("prod")).expect_err("missing");
        let text = err.to_string();
        assert!(
            text.contains("[prod]") && text.contains("default, staging"),
            "{text}"
        );
    }

    #[test]
    fn secrets_and_unknown_keys_are_refused_by_name() {
        let err = parse("[default]\npassword = \"hunter2\"\n", &path(), None).expect_err("secret");
        let text = err.to_string();
        assert!(
            text.contains("\"password\"") && !text.contains("hunter2"),
            "{text}"
        );
        let err = parse("[default]\nusernmae = \"x\"\n", &path(), None).expect_err("typo");
        assert!(err.to_string().contains("usernmae"), "{err}");
    }
}
