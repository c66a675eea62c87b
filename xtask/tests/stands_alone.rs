//! The repository stands alone: every tracked file speaks of the project only.
//!
//! The wire facts live in `docs/`, written for this project; code, schema, generated docs,
//! fixtures and notes point there (`Reference: docs/v1/contacts.md#fields`). This test reads
//! every file `git ls-files` lists and fails, naming file and line, when one of them
//!
//! * carries a source-tracker tag (an upper-case seed or forum tag, or a numbered one in
//!   any case, also in a file name);
//! * talks of a tracker's items rather than of the project;
//! * refers to research notes or folders outside the repository;
//! * names a `docs/…` path that does not exist, or an anchor (`#…`) that no heading of that
//!   page produces;
//! * links (Markdown `[text](target)`) to a relative target that does not exist or lies
//!   outside the repository.
//!
//! The forbidden strings are assembled with `concat!` so this file does not trip itself.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// Strings that only a reference to a file outside the repository contains.
const OUTSIDE: &[&str] = &[
    concat!("v1", "-wire.md"),
    concat!("`v3", ".md`"),
    concat!("v3", ".md §"),
    concat!("../", "shared"),
    concat!("shared/", "reference"),
    concat!("shared/", "seeds"),
    concat!("shared/", "design.md"),
    concat!("xml-crates", ".md"),
    concat!("anchors", ".md"),
    concat!("/work", "/"),
];

/// Talk of a tracker's items instead of the project (`the issuer` is fine: a letter follows).
const ISSUE_TALK: &[&str] = &[
    concat!("the ", "issue"),
    concat!("this ", "issue"),
    concat!("issue ", "#"),
];

/// Tracker tags: upper case followed by a letter or digit.
const TAGS_UPPER: &[&str] = &[concat!("SEED", "-"), concat!("FORUM", "-")];
/// Tracker tags in any case when a digit follows (`seed-contacts` is a CLI flag, not a tag).
const TAGS_NUMBERED: &[&str] = &[concat!("seed", "-"), concat!("forum", "-")];

/// The workspace root (the parent of `xtask/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Every tracked file that exists in the work tree, relative to the root.
fn tracked_files(root: &Path) -> Vec<PathBuf> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `git ls-files` in {}: {e}", root.display()));
    assert!(
        out.status.success(),
        "`git ls-files` failed in {}: {}",
        root.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<PathBuf> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
        .filter(|p| root.join(p).is_file())
        .collect();
    assert!(files.len() > 100, "git listed only {} files", files.len());
    files
}

/// The GitHub anchor of a heading: lower case, only letters, digits, `-`, `_` and spaces
/// kept, spaces turned into `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors a Markdown page offers: one per heading outside fenced code, with GitHub's
/// `-1`, `-2` suffixes for repeats.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if fenced || hashes == 0 || hashes > 6 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(&line[hashes..]);
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

/// Checks one anchor of one page; `Some(problem)` when the page or the anchor is missing.
fn check_target(root: &Path, page: &Path, anchor: Option<&str>) -> Option<String> {
    let full = root.join(page);
    if !full.exists() {
        return Some(format!("`{}` does not exist", page.display()));
    }
    let anchor = anchor.filter(|a| !a.is_empty())?;
    if full.extension().is_none_or(|e| e != "md") || full.is_dir() {
        return None;
    }
    let text = std::fs::read_to_string(&full).unwrap_or_default();
    if anchors(&text).contains(anchor) {
        None
    } else {
        Some(format!(
            "`{}` has no heading for `#{anchor}`",
            page.display()
        ))
    }
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')
}

/// Every `docs/…` path named in `text`, with its anchor, as (line, path, anchor).
fn docs_paths(text: &str) -> Vec<(usize, String, Option<String>)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find("docs/") {
            let start = from + at;
            from = start + "docs/".len();
            let prefix = &line[..start];
            let before = prefix.chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                || (before == Some('/') && !prefix.ends_with("./"))
            {
                continue;
            }
            let rest = &line[start..];
            let path_len = rest.find(|c: char| !is_path_char(c)).unwrap_or(rest.len());
            let path = rest[..path_len].trim_end_matches('.');
            let anchor = rest[path_len..].strip_prefix('#').map(|a| {
                let end = a.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'));
                a[..end.unwrap_or(a.len())].to_string()
            });
            found.push((i + 1, path.to_string(), anchor));
        }
    }
    found
}

/// Relative Markdown link targets, as (line, target).
fn markdown_links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find("](") {
            let start = from + at + 2;
            let Some(len) = line[start..].find(')') else {
                break;
            };
            let target = line[start..start + len].trim();
            from = start + len;
            let external = ["http://", "https://", "mailto:", "#"]
                .iter()
                .any(|p| target.starts_with(p));
            if !external && !target.is_empty() && !target.contains(' ') {
                found.push((i + 1, target.to_string()));
            }
        }
    }
    found
}

/// `path` resolved lexically; `None` when it climbs above the root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Every problem of one file, as `file:line: problem`.
fn problems(root: &Path, file: &Path, bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let name = file.display().to_string();
    let mut out = Vec::new();
    let mut report = |line: usize, what: String| out.push(format!("{name}:{line}: {what}"));
    let lower_name = name.to_lowercase();
    for tag in TAGS_NUMBERED {
        for (at, _) in lower_name.match_indices(tag) {
            if lower_name[at + tag.len()..].starts_with(|c: char| c.is_ascii_digit()) {
                report(0, format!("a tracker tag in the file name (`{tag}N`)"));
            }
        }
    }
    for (i, line) in text.lines().enumerate() {
        let lower = line.to_lowercase();
        for tag in TAGS_UPPER {
            for (at, _) in line.match_indices(tag) {
                let next = line[at + tag.len()..].chars().next();
                if next.is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
                    report(i + 1, format!("a source-tracker tag `{tag}…`"));
                }
            }
        }
        for tag in TAGS_NUMBERED {
            for (at, _) in lower.match_indices(tag) {
                let next = lower[at + tag.len()..].chars().next();
                if next.is_some_and(|c| c.is_ascii_digit()) {
                    report(i + 1, format!("a numbered tracker tag `{tag}N`"));
                }
            }
        }
        for talk in ISSUE_TALK {
            for (at, _) in lower.match_indices(talk) {
                let next = lower[at + talk.len()..].chars().next();
                if !next.is_some_and(char::is_alphabetic) {
                    report(i + 1, format!("talk of a tracker item (`{talk}`)"));
                }
            }
        }
        for outside in OUTSIDE {
            if line.contains(outside) {
                report(
                    i + 1,
                    format!("a reference outside the repository (`{outside}`)"),
                );
            }
        }
    }
    for (line, path, anchor) in docs_paths(&text) {
        if let Some(p) = check_target(root, Path::new(&path), anchor.as_deref()) {
            report(line, p);
        }
    }
    if file.extension().is_some_and(|e| e == "md") {
        let dir = file.parent().unwrap_or(Path::new(""));
        for (line, target) in markdown_links(&text) {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            match normalize(&dir.join(path)) {
                None => report(line, format!("link `{target}` leaves the repository")),
                Some(resolved) => {
                    if let Some(p) = check_target(root, &resolved, anchor) {
                        report(line, format!("link `{target}`: {p}"));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_tracked_file_stands_alone() {
    let root = root();
    let mut all = Vec::new();
    for file in tracked_files(&root) {
        let bytes = std::fs::read(root.join(&file))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        all.extend(problems(&root, &file, &bytes));
    }
    assert!(
        all.is_empty(),
        "{} problem(s):\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn the_docs_are_there() {
    let root = root();
    for page in [
        "docs/README.md",
        "docs/sources.md",
        "docs/v1/contacts.md",
        "docs/v3/auth.md",
    ] {
        assert!(root.join(page).is_file(), "{page} is missing");
    }
    let contacts = std::fs::read_to_string(root.join("docs/v1/contacts.md")).unwrap_or_default();
    let found = anchors(&contacts);
    assert!(
        found.contains("fields") && found.contains("opt-out"),
        "{found:?}"
    );
}

#[test]
fn each_kind_of_problem_is_caught() {
    let root = root();
    let cases: &[(&str, &str, &str)] = &[
        ("a.rs", concat!("// see SEED", "-002"), "source-tracker tag"),
        ("a.rs", concat!("// (FORUM", "-403)"), "source-tracker tag"),
        (
            "a.rs",
            concat!("fixture seed", "-002-entry.xml"),
            "numbered tracker tag",
        ),
        (
            "a.rs",
            concat!("/// `v1", "-wire.md` §4"),
            "outside the repository",
        ),
        (
            "a.rs",
            concat!("//! (`v3", ".md` §2)"),
            "outside the repository",
        ),
        (
            "a.md",
            concat!("see ../", "shared/x"),
            "outside the repository",
        ),
        (
            "a.rs",
            concat!("/// Reference: `docs", "/v1/nowhere.md`."),
            "does not exist",
        ),
        (
            "a.rs",
            concat!("/// `docs", "/v1/contacts.md#no-such-heading`."),
            "no heading",
        ),
        (
            concat!("docs", "/x.md"),
            "[gone](../../outside.md)",
            "leaves the repository",
        ),
        (
            concat!("docs", "/x.md"),
            "[gone](v1/missing.md)",
            "does not exist",
        ),
        (
            concat!("docs", "/x.md"),
            "[bad](v1/contacts.md#nope)",
            "no heading",
        ),
        (concat!("tests/seed", "-002.xml"), "<a/>", "file name"),
        (
            "a.rs",
            concat!("// as the ", "issue's rule says"),
            "tracker item",
        ),
    ];
    for (file, content, expected) in cases {
        let found = problems(&root, Path::new(file), content.as_bytes());
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{file} with {content:?}: expected a problem about {expected:?}, got {found:?}"
        );
    }
    let clean = [
        (
            "a.rs",
            "/// Reference: `docs/v1/contacts.md#fields`, `docs/v3/auth.md#pkce`.",
        ),
        ("a.rs", "    seed_contacts: 3, // --seed-contacts 3"),
        (
            concat!("docs", "/x.md"),
            "[ok](v1/contacts.md#opt-out) and [web](https://example.com/a)",
        ),
        ("a.rs", "RUSTSEC-2026-0009 and RFC 5849 §3.4.1"),
        (
            "a.md",
            "https://developer.constantcontact.com/docs/elsewhere.html",
        ),
    ];
    for (file, content) in clean {
        let found = problems(&root, Path::new(file), content.as_bytes());
        assert!(found.is_empty(), "{file} with {content:?}: {found:?}");
    }
}

#[test]
fn slugs_follow_github() {
    assert_eq!(slug(" OAuth 2.0"), "oauth-20");
    assert_eq!(slug("The two 429s"), "the-two-429s");
    assert_eq!(slug("Update and remove"), "update-and-remove");
    let page = "# T\n## Fields\n```sh\n# not a heading\n```\n## Fields\n";
    let found = anchors(page);
    assert!(
        found.contains("fields") && found.contains("fields-1"),
        "{found:?}"
    );
    assert!(!found.contains("not-a-heading"), "{found:?}");
}
