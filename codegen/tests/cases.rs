//! Codegen output for small fixture schemas, snapshotted; and the awkward-names output is
//! also checked in as `cases/awkward/expected/` so ctct-models compiles and exercises it.

use std::path::{Path, PathBuf};

fn sources(case: &str) -> Vec<codegen::Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(case);
    codegen::read_sources(&root).unwrap_or_else(|e| panic!("{}", codegen::error::join(&e)))
}

#[test]
fn awkward_names() {
    let files = codegen::generate(&sources("awkward"))
        .unwrap_or_else(|e| panic!("{}", codegen::error::join(&e)));
    let text = &files[&PathBuf::from("v1/awkward.rs")];

    // The same text is checked in where ctct-models includes it, so it must compile.
    let expected =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/awkward/expected/awkward.rs");
    if std::env::var_os("CODEGEN_BLESS").is_some() {
        std::fs::create_dir_all(expected.parent().expect("parent")).expect("mkdir");
        std::fs::write(&expected, text).expect("write expected");
    }
    let checked_in = std::fs::read_to_string(&expected).unwrap_or_default();
    assert!(
        checked_in == *text,
        "{} is stale: rerun with CODEGEN_BLESS=1 cargo test -p codegen",
        expected.display()
    );
    insta::assert_snapshot!(text);
}

/// The JSON (V3) obstacle course: keyword and spaced keys, request and response roles,
/// cursor paging, joined parameters; checked in so ctct-models compiles and exercises it.
#[test]
fn awkward_json_names() {
    let files = codegen::generate(&sources("awkward"))
        .unwrap_or_else(|e| panic!("{}", codegen::error::join(&e)));
    let text = &files[&PathBuf::from("v3/awkward_json.rs")];
    let expected =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/awkward/expected/awkward_json.rs");
    if std::env::var_os("CODEGEN_BLESS").is_some() {
        std::fs::write(&expected, text).expect("write expected");
    }
    let checked_in = std::fs::read_to_string(&expected).unwrap_or_default();
    assert!(
        checked_in == *text,
        "{} is stale: rerun with CODEGEN_BLESS=1 cargo test -p codegen",
        expected.display()
    );
    insta::assert_snapshot!(text);
}

#[test]
fn changing_a_field_doc_changes_exactly_one_line() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let mut srcs = codegen::read_sources(workspace).expect("schema reads");
    let before = codegen::generate(&srcs).expect("valid");
    let contacts = srcs
        .iter_mut()
        .find(|s| s.path.ends_with("v1/contacts.toml"))
        .expect("contacts schema");
    let old = "doc = \"Job title.\"";
    assert!(contacts.text.contains(old));
    contacts.text = contacts
        .text
        .replace(old, "doc = \"The contact's job title.\"");
    let after = codegen::generate(&srcs).expect("valid");
    let mut changed = Vec::new();
    for (path, text) in &after {
        let old_text = &before[path];
        for (a, b) in old_text.lines().zip(text.lines()) {
            if a != b {
                changed.push((path.clone(), a.to_owned(), b.to_owned()));
            }
        }
        assert_eq!(
            old_text.lines().count(),
            text.lines().count(),
            "{}",
            path.display()
        );
    }
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].2.contains("The contact's job title."));
}
