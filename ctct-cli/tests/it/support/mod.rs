//! A sandbox running in the test process, and the real `ctct` binary pointed at it.
//!
//! The sandbox serves from its own multi-threaded tokio runtime, so the test thread can run
//! the binary (a blocking child process) while the sandbox answers it.

#![allow(dead_code)] // each test binary uses part of the helpers
#![allow(clippy::unwrap_used)] // a test helper: a failed unwrap is a failed test

use assert_cmd::Command;
use ctct_sandbox::{Config, Sandbox};

pub mod v3;

/// The password the sandbox accepts; tests check it never shows.
pub const PASSWORD: &str = "sandbox-password";

/// A running sandbox and the runtime it serves from.
pub struct Env {
    pub sandbox: Sandbox,
    pub runtime: tokio::runtime::Runtime,
}

impl Env {
    /// A sandbox seeded with `contacts` contacts and `lists` lists.
    pub fn start(contacts: usize, lists: usize) -> Self {
        Self::start_with_step(contacts, lists, std::time::Duration::from_millis(20))
    }

    /// The same, with bulk activities advancing one state every `step`.
    pub fn start_with_step(contacts: usize, lists: usize, step: std::time::Duration) -> Self {
        Self::start_config(Config {
            seed_contacts: contacts,
            seed_lists: lists,
            activity_step: step,
            ..Config::default()
        })
    }

    /// A sandbox started with `config`.
    pub fn start_config(config: Config) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = runtime.block_on(Sandbox::start(config)).unwrap();
        Self { sandbox, runtime }
    }

    /// `ctct` with the sandbox's URL and credentials in the environment.
    pub fn ctct(&self) -> Command {
        self.ctct_with_password(PASSWORD)
    }

    /// `ctct` with another password.
    pub fn ctct_with_password(&self, password: &str) -> Command {
        let mut cmd = bare();
        cmd.env("CTCT_BASE_URL", self.sandbox.base_url())
            .env("CTCT_USERNAME", "joesflowers")
            .env("CTCT_API_KEY", "sandbox-key")
            .env("CTCT_PASSWORD", password);
        cmd
    }

    /// `ctct` as a plain child process (to read its stdout while it runs), with the same
    /// environment as [`Env::ctct`].
    pub fn ctct_process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ctct"));
        for var in ["CTCT_ACCESS_TOKEN", "CTCT_PROFILE", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        cmd.env("CTCT_CONFIG", "/nonexistent/ctct-test/config.toml")
            .env("CTCT_BASE_URL", self.sandbox.base_url())
            .env("CTCT_USERNAME", "joesflowers")
            .env("CTCT_API_KEY", "sandbox-key")
            .env("CTCT_PASSWORD", PASSWORD);
        cmd
    }

    /// Runs `ctct --output json ARGS`, expects exit 0, and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .ctct()
            .arg("--output")
            .arg("json")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ctct {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// `ctct` with no CTCT_* variable from the test's own environment.
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("ctct").unwrap();
    for var in [
        "CTCT_BASE_URL",
        "CTCT_USERNAME",
        "CTCT_API_KEY",
        "CTCT_PASSWORD",
        "CTCT_ACCESS_TOKEN",
        "CTCT_PROFILE",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    // The developer's own config file must not change what a test sees.
    cmd.env("CTCT_CONFIG", "/nonexistent/ctct-test/config.toml");
    cmd
}

/// The `email` values of a JSON array of records, sorted.
pub fn emails(json: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}
