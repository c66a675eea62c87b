//! `cargo xtask msrv`: no locked dependency of a published crate needs a newer Rust than the
//! crate declares.
//!
//! Only one toolchain is installed where the checks run, and it is newer than the MSRV
//! (`rust-version` in `Cargo.toml`), so a dependency that raised its own `rust-version`
//! would build here and fail for a user on the declared toolchain. This reads the locked
//! graph from `cargo metadata` (every feature, every platform) and walks, from each crate
//! that is published, the normal and build dependencies (dev-dependencies never reach a
//! user), naming every package whose `rust-version` is newer than the crate's own, with the
//! path that pulls it in.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::path::Path;

use serde_json::Value;

/// A Rust version as `rust-version` writes it: `1.88` or `1.88.0` (a missing patch is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustVersion {
    major: u64,
    minor: u64,
    patch: u64,
}

impl RustVersion {
    /// Reads `1`, `1.88` or `1.88.0`; anything else (a pre-release, a fourth part, an empty
    /// part) is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let mut next = |required: bool| match parts.next() {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok(),
            None if !required => Some(0),
            _ => None,
        };
        let version = Self {
            major: next(true)?,
            minor: next(false)?,
            patch: next(false)?,
        };
        parts.next().is_none().then_some(version)
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Whether a package declaring `needed` can be built by a crate whose MSRV is `declared`.
pub fn fits(needed: RustVersion, declared: RustVersion) -> bool {
    needed.cmp(&declared) != Ordering::Greater
}

/// A locked package that needs a newer Rust than a published crate reaching it declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooNew {
    /// `name version`.
    pub package: String,
    /// Its `rust-version`, as written.
    pub needs: String,
    /// The published crate reaching it and that crate's `rust-version`.
    pub from: (String, String),
    /// The dependency path from that crate to the package, names only.
    pub path: Vec<String>,
}

impl fmt::Display for TooNew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} needs Rust {}, newer than {}'s rust-version {} (via {})",
            self.package,
            self.needs,
            self.from.0,
            self.from.1,
            self.path.join(" -> ")
        )
    }
}

/// What the check found: how many packages it looked at, and the ones too new.
#[derive(Debug, Default)]
pub struct Report {
    /// The published crates and their `rust-version`s.
    pub roots: Vec<(String, String)>,
    /// Distinct packages reached from them (the roots included).
    pub reached: usize,
    /// Every package too new, once per published crate reaching it.
    pub too_new: Vec<TooNew>,
}

/// Runs `cargo metadata` in `workspace` and checks its graph.
pub fn check(workspace: &Path) -> Result<Report, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(workspace)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--all-features",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let metadata: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    check_metadata(&metadata)
}

struct Package<'m> {
    name: &'m str,
    version: &'m str,
    rust_version: Option<&'m str>,
    publish: bool,
}

/// Checks a `cargo metadata --format-version 1` document.
pub fn check_metadata(metadata: &Value) -> Result<Report, String> {
    let packages = metadata
        .get("packages")
        .and_then(Value::as_array)
        .ok_or("cargo metadata has no packages")?;
    let mut by_id: HashMap<&str, Package<'_>> = HashMap::new();
    for p in packages {
        let text = |key: &str| p.get(key).and_then(Value::as_str);
        let id = text("id").ok_or("a package has no id")?;
        by_id.insert(
            id,
            Package {
                name: text("name").unwrap_or(id),
                version: text("version").unwrap_or("?"),
                rust_version: text("rust_version"),
                // `publish = false` is an empty list; absent (null) means crates.io.
                publish: p
                    .get("publish")
                    .is_none_or(|v| v.as_array().is_none_or(|a| !a.is_empty())),
            },
        );
    }
    // id -> the ids of its normal and build dependencies.
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    let nodes = metadata
        .get("resolve")
        .and_then(|r| r.get("nodes"))
        .and_then(Value::as_array)
        .ok_or("cargo metadata has no resolve graph")?;
    for node in nodes {
        let id = node
            .get("id")
            .and_then(Value::as_str)
            .ok_or("a node has no id")?;
        let deps = node
            .get("deps")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        let shipped = deps.filter(|d| {
            d.get("dep_kinds")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|k| match k.get("kind") {
                    None | Some(Value::Null) => true, // a normal dependency
                    Some(kind) => kind == "build",
                })
        });
        edges.insert(
            id,
            shipped
                .filter_map(|d| d.get("pkg").and_then(Value::as_str))
                .collect(),
        );
    }
    let members = metadata
        .get("workspace_members")
        .and_then(Value::as_array)
        .ok_or("cargo metadata has no workspace_members")?;
    let mut report = Report::default();
    let mut reached_all: HashSet<&str> = HashSet::new();
    for member in members.iter().filter_map(Value::as_str) {
        let Some(root) = by_id.get(member).filter(|p| p.publish) else {
            continue;
        };
        let declared_text = root
            .rust_version
            .ok_or_else(|| format!("{} is published but declares no rust-version", root.name))?;
        let declared = RustVersion::parse(declared_text)
            .ok_or_else(|| format!("{}: cannot read rust-version {declared_text:?}", root.name))?;
        report
            .roots
            .push((root.name.to_owned(), declared_text.to_owned()));
        // Breadth first, so the path reported is a shortest one.
        let mut parent: HashMap<&str, &str> = HashMap::new();
        let mut queue = VecDeque::from([member]);
        parent.insert(member, member);
        while let Some(id) = queue.pop_front() {
            reached_all.insert(id);
            for &dep in edges.get(id).into_iter().flatten() {
                if !parent.contains_key(dep) {
                    parent.insert(dep, id);
                    queue.push_back(dep);
                }
            }
            let Some(package) = by_id.get(id) else {
                continue;
            };
            let Some(needs) = package.rust_version else {
                continue;
            };
            let Some(needed) = RustVersion::parse(needs) else {
                return Err(format!(
                    "{} {}: cannot read rust-version {needs:?}",
                    package.name, package.version
                ));
            };
            if !fits(needed, declared) {
                let mut path = vec![package.name.to_owned()];
                let mut at = id;
                while at != member {
                    at = parent[at];
                    path.push(by_id.get(at).map_or(at, |p| p.name).to_owned());
                }
                path.reverse();
                report.too_new.push(TooNew {
                    package: format!("{} {}", package.name, package.version),
                    needs: needs.to_owned(),
                    from: (root.name.to_owned(), declared_text.to_owned()),
                    path,
                });
            }
        }
    }
    report.reached = reached_all.len();
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;
    use serde_json::json;

    fn v(text: &str) -> RustVersion {
        RustVersion::parse(text).unwrap()
    }

    #[test]
    fn versions_compare_with_a_missing_patch_as_zero() {
        assert!(fits(v("1.85"), v("1.88")));
        assert!(fits(v("1.88.0"), v("1.88")));
        assert!(fits(v("1.88"), v("1.88.0")));
        assert!(!fits(v("1.88.1"), v("1.88")));
        assert!(!fits(v("1.89"), v("1.88.0")));
        assert!(!fits(v("1.100"), v("1.88")), "numbers, not text");
        assert!(fits(v("1.9"), v("1.88")), "numbers, not text");
        assert!(!fits(v("2"), v("1.88")));
        assert_eq!(v("1.85").to_string(), "1.85.0");
        for bad in ["", "1.", "1..0", "1.88.0.1", "1.88-beta", "v1.88", "1.x"] {
            assert_eq!(RustVersion::parse(bad), None, "{bad:?}");
        }
    }

    fn package(name: &str, rust_version: Option<&str>, publish: Option<Vec<&str>>) -> Value {
        json!({
            "id": format!("{name}-id"),
            "name": name,
            "version": "1.0.0",
            "rust_version": rust_version,
            "publish": publish,
        })
    }

    fn node(name: &str, deps: &[(&str, &str)]) -> Value {
        let deps: Vec<Value> = deps
            .iter()
            .map(|(dep, kind)| {
                let kind = if kind.is_empty() {
                    Value::Null
                } else {
                    json!(kind)
                };
                json!({ "pkg": format!("{dep}-id"), "dep_kinds": [{ "kind": kind, "target": null }] })
            })
            .collect();
        json!({ "id": format!("{name}-id"), "deps": deps })
    }

    #[test]
    fn names_every_too_new_normal_or_build_dependency_of_a_published_crate() {
        let metadata = json!({
            "workspace_members": ["lib-id", "tool-id"],
            "packages": [
                package("lib", Some("1.85"), None),
                package("tool", None, Some(vec![])),
                package("ok", Some("1.85.0"), None),
                package("deep", Some("1.88"), None),
                package("builder", Some("1.86.1"), None),
                package("tester", Some("1.90"), None),
                package("tools-only", Some("1.90"), None),
            ],
            "resolve": { "nodes": [
                node("lib", &[("ok", ""), ("builder", "build"), ("tester", "dev")]),
                node("ok", &[("deep", "")]),
                node("deep", &[]),
                node("builder", &[]),
                node("tester", &[]),
                node("tool", &[("tools-only", "")]),
                node("tools-only", &[]),
            ]},
        });
        let report = check_metadata(&metadata).unwrap();
        assert_eq!(report.roots, vec![("lib".to_owned(), "1.85".to_owned())]);
        let lines: Vec<String> = report.too_new.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            vec![
                "builder 1.0.0 needs Rust 1.86.1, newer than lib's rust-version 1.85 (via lib -> builder)",
                "deep 1.0.0 needs Rust 1.88, newer than lib's rust-version 1.85 (via lib -> ok -> deep)",
            ]
        );
        assert_eq!(
            report.reached, 4,
            "lib, ok, builder, deep; not the dev or unpublished ones"
        );
    }

    #[test]
    fn a_published_crate_without_rust_version_is_an_error() {
        let metadata = json!({
            "workspace_members": ["lib-id"],
            "packages": [package("lib", None, None)],
            "resolve": { "nodes": [node("lib", &[])] },
        });
        let e = check_metadata(&metadata).unwrap_err();
        assert_eq!(e, "lib is published but declares no rust-version");
    }
}
