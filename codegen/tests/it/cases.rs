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

/// One schema line is all a new field needs: added to the real contacts schema, a text field
/// reaches the struct, its validation, the field table (with its bulk CSV column, the table
/// the client's import, the sandbox's bulk activities and full entries and the CLI's detail
/// view read) and the upsert merge, with no other edit.
#[test]
fn one_schema_line_reaches_every_generated_table() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let mut srcs = codegen::read_sources(workspace).expect("schema reads");
    let contacts = srcs
        .iter_mut()
        .find(|s| s.path.ends_with("v1/contacts.toml"))
        .expect("contacts schema");
    let anchor = "  { xml = \"ContactLists\",";
    assert!(contacts.text.contains(anchor));
    contacts.text = contacts.text.replace(
        anchor,
        "  { xml = \"CustomField16\", type = \"string\", csv = [\"CUSTOM FIELD 16\"], max_len = 50, doc = \"Custom field 16.\" },\n  { xml = \"ContactLists\",",
    );
    let files = codegen::generate(&srcs).expect("valid");
    let text = &files[&PathBuf::from("v1/contacts.rs")];
    // The struct field, with its XML name.
    assert!(text.contains("pub custom_field16: ::std::option::Option<::std::string::String>"));
    assert!(text.contains("rename = \"CustomField16\""));
    // Its length check.
    assert!(text.contains("\"CustomField16\""));
    // Its row in the field table, with the bulk column and the limit.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "wire: \"CustomField16\", rust: \"custom_field16\", max_len: ::std::option::Option::Some(50usize), editable: true, csv: &[\"CUSTOM FIELD 16\"], csv_max_len: ::std::option::Option::Some(50usize), get: |v| v.custom_field16.as_deref(),"
        ),
        "no TEXT_FIELDS row for CustomField16"
    );
    // The upsert merge copies it.
    assert!(text.contains("if patch.custom_field16.is_some()"));
}
