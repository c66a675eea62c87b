//! Errors a caller can match on: each failure that is not one request's answer is a variant
//! of a small enum carrying the setting, value, line or id involved, and each level's
//! message leaves its cause to `source()` (the full text is `error::chain`).

use std::error::Error as _;

use ctct_client::error::chain;
use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::workflows::import::ImportOptions;
use ctct_client::{Client, ConfigError, CsvError, Error, WorkflowError};
use ctct_models::ids::ListId;
use ctct_models::v1::contacts;

use crate::support::{ACCOUNT, client};

fn list1() -> ListId {
    ListId::new("joesflowers", "1")
}

#[test]
fn a_base_url_that_is_not_http_names_the_setting_and_the_value() {
    let err = Client::builder()
        .base_url("ftp://files.example.test")
        .build()
        .expect_err("not http");
    assert!(
        matches!(
            &err,
            Error::Config(ConfigError::NotHttpUrl { setting: "base URL", value })
                if value == "ftp://files.example.test"
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "base URL \"ftp://files.example.test\" is not an absolute http(s) URL"
    );
}

#[test]
fn an_unparsable_base_url_keeps_the_parser_reason_as_its_source() {
    let err = Client::builder()
        .oauth2_base_url("no scheme here")
        .build()
        .expect_err("not a URL");
    let Error::Config(ConfigError::UnparsableUrl {
        setting,
        value,
        source,
    }) = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (*setting, value.as_str()),
        ("OAuth 2.0 base URL", "no scheme here")
    );
    let reason = source.to_string();
    assert!(!err.to_string().contains(&reason), "{err}");
    assert!(err.source().is_some());
    assert_eq!(
        chain(&err),
        format!("OAuth 2.0 base URL \"no scheme here\" cannot be parsed as a URL: {reason}")
    );
}

#[tokio::test]
async fn a_from_line_on_the_header_is_refused_naming_the_option_and_the_value() {
    let replay = ReplayTransport::new();
    let err = client(&replay)
        .import_csv(
            std::io::Cursor::new(b"EMAIL ADDRESS\na@example.com\n".to_vec()),
            &ImportOptions {
                from_line: Some(1),
                ..ImportOptions::new([list1()])
            },
        )
        .await
        .expect_err("from_line 1");
    assert_eq!(replay.request_count(), 0);
    assert!(
        matches!(
            err.error,
            Error::Workflow(WorkflowError::FromLineTooSmall { from_line: 1 })
        ),
        "{:?}",
        err.error
    );
    assert!(
        err.error
            .to_string()
            .starts_with("ImportOptions::from_line is 1:"),
        "{}",
        err.error
    );
}

#[tokio::test]
async fn an_unknown_header_column_names_its_line_column_and_value() {
    let replay = ReplayTransport::new();
    let err = client(&replay)
        .import_csv(
            std::io::Cursor::new(b"EMAIL ADDRESS,SHOE SIZE\na@example.com,9\n".to_vec()),
            &ImportOptions::new([list1()]),
        )
        .await
        .expect_err("unknown column");
    assert_eq!(replay.request_count(), 0);
    assert!(
        matches!(
            &err.error,
            Error::Csv(CsvError::UnknownColumn { line: 1, column: 2, name, .. }) if name == "SHOE SIZE"
        ),
        "{:?}",
        err.error
    );
    let message = err.error.to_string();
    assert!(
        message.starts_with(
            "CSV header (line 1): column 2 \"SHOE SIZE\" is not a bulk-activity column (known: EMAIL ADDRESS,"
        ),
        "{message}"
    );
}

#[test]
fn a_v3_csv_with_an_open_quote_names_the_line_of_the_quote() {
    let err = ctct_client::v3::csv::read_table("email\na@x.com\n\"b@x.com\n").expect_err("open");
    assert!(
        matches!(
            err,
            Error::Csv(CsvError::UnclosedQuote {
                quote_line: 3,
                first: Some(3),
                last: Some(3)
            })
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "CSV line 3: a quoted cell is never closed (line 3 not read)"
    );
}

#[tokio::test]
async fn a_decode_error_leaves_the_decoder_message_to_its_source() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(format!("{ACCOUNT}/contacts")),
        Reply::status(200, "<feed><entry>"),
    );
    let err = client(&replay)
        .send(contacts::ListContacts::new())
        .await
        .expect_err("cannot decode");
    let Error::Decode { source, .. } = &err else {
        panic!("{err:?}")
    };
    let cause = source.to_string();
    assert!(!cause.is_empty());
    let shown = err.to_string();
    assert!(!shown.contains(&cause), "{shown} repeats {cause}");
    assert!(
        shown.starts_with("GET /ws/customers/joesflowers/contacts returned 200 with a body that could not be decoded (body starts \"<feed><entry>\")"),
        "{shown}"
    );
    assert_eq!(chain(&err), format!("{shown}: {cause}"));
}
