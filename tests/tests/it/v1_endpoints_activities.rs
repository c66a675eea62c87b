//! Bulk-activity endpoint descriptions: every activity type as a form-encoded and a multipart
//! body, asserted byte for byte against the documented examples (`docs/v1/activities.md#form-body`), plus
//! the list, get and export-download endpoints.

use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{
    Body, FromResponse, Method, Paging, RawBody, RawResponse, Request, ResponseShape,
};
use ctct_models::form::{MULTIPART_BOUNDARY, Table};
use ctct_models::ids::{ActivityId, ListId};
use ctct_models::v1::activities::{self, ExportFileType, ExportSortBy};
use ctct_models::xml::DecodeOptions;

fn text<R>(req: &Request<R>) -> &str {
    req.body
        .as_ref()
        .and_then(Body::as_text)
        .expect("a text body")
}

fn list(n: &str) -> ListId {
    ListId::new("joesflowers", n)
}

/// The data of the documented `SV_ADD` example (`docs/v1/activities.md#form-body`): note the cells' leading spaces are data.
fn doc_table() -> Table {
    Table::new(["Email Address", "First Name", "Last Name"])
        .row(["wstest3@example.com", " Fred", " Test"])
        .row(["wstest4@example.com", " Joan", " Test"])
        .row(["wstest5@example.com", " Ann", " Test"])
}

#[test]
fn sv_add_matches_the_documented_body_byte_for_byte() {
    let r = activities::CreateSvAddActivity::new(doc_table())
        .lists([list("6")])
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path_and_query().as_str()),
        (Method::Post, "/activities")
    );
    assert_eq!(r.content_type(), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        r.spec.content_type,
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(r.spec.success, &[201]);
    assert_eq!(
        text(&r),
        "activityType=SV_ADD&data=Email+Address%2CFirst+Name%2CLast+Name%0Awstest3%40example.com%2C+Fred%2C+Test%0Awstest4%40example.com%2C+Joan%2C+Test%0Awstest5%40example.com%2C+Ann%2C+Test&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F6"
    );
}

#[test]
fn clear_matches_the_documented_body_byte_for_byte() {
    let r = activities::CreateClearContactsFromListsActivity::new()
        .lists([list("2"), list("5")])
        .to_request()
        .expect("valid");
    assert_eq!(
        text(&r),
        "activityType=CLEAR_CONTACTS_FROM_LISTS&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F2&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F5"
    );
    let err = activities::CreateClearContactsFromListsActivity::new()
        .to_request()
        .expect_err("no list");
    assert!(err.to_string().contains("lists"), "{err}");
}

#[test]
fn export_matches_the_documented_body() {
    let r = activities::CreateExportContactsActivity::new((ExportFileType::Csv).clone(), list("1"))
        .export_opt_date(true)
        .export_opt_source(true)
        .sort_by((ExportSortBy::DateDesc).clone())
        .columns(["FIRST NAME", "LAST NAME", "EMAIL ADDRESS"])
        .to_request()
        .expect("valid");
    // The documented example spells a space `%20`; `docs/v1/activities.md#form-body` allows `+` or `%20`, and the encoder
    // writes `+` as the SV_ADD example does. That is the only difference.
    let documented = "activityType=EXPORT_CONTACTS&fileType=CSV&exportOptDate=true&exportOptSource=true&sortBy=DATE_DESC&columns=FIRST%20NAME&columns=LAST%20NAME&columns=EMAIL%20ADDRESS&listId=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1";
    assert_eq!(text(&r), documented.replace("%20", "+"));
    let err = activities::CreateExportContactsActivity::new(
        (ExportFileType::from("XLS")).clone(),
        list("do-not-mail"),
    )
    .to_request()
    .expect_err("unknown file type");
    assert!(err.to_string().contains("XLS"), "{err}");
}

#[test]
fn values_with_commas_and_line_breaks_are_quoted_then_encoded() {
    let data = Table::new(["EMAIL ADDRESS", "CITY", "NOTE"]).row([
        "a@example.com",
        "Boston, MA",
        "two\nlines",
    ]);
    let r = activities::CreateAddContactsActivity::new(&data)
        .lists([list("1")])
        .to_request()
        .expect("valid");
    assert_eq!(
        text(&r),
        "activityType=ADD_CONTACTS&data=EMAIL+ADDRESS%2CCITY%2CNOTE%0Aa%40example.com%2C%22Boston%2C+MA%22%2C%22two%0Alines%22&lists=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1"
    );
}

#[test]
fn every_activity_type_has_a_form_and_a_multipart_endpoint() {
    let data = Table::new(["EMAIL ADDRESS"]).row(["a@example.com"]);
    let lists = [list("1")];
    let form_bodies = [
        activities::CreateSvAddActivity::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateAddContactsActivity::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateAddContactDetailActivity::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateRemoveContactsFromListsActivity::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateClearContactsFromListsActivity::new()
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateExportContactsActivity::new((ExportFileType::Txt).clone(), &lists[0])
            .export_list_name(false)
            .to_request()
            .map(|r| r.body),
    ];
    let multipart_bodies = [
        activities::CreateSvAddActivityMultipart::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateAddContactsActivityMultipart::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateAddContactDetailActivityMultipart::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateRemoveContactsFromListsActivityMultipart::new(&data)
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateClearContactsFromListsActivityMultipart::new()
            .lists(lists.iter().cloned())
            .to_request()
            .map(|r| r.body),
        activities::CreateExportContactsActivityMultipart::new(
            (ExportFileType::Txt).clone(),
            &lists[0],
        )
        .export_list_name(false)
        .to_request()
        .map(|r| r.body),
    ];
    let types = [
        "SV_ADD",
        "ADD_CONTACTS",
        "ADD_CONTACT_DETAIL",
        "REMOVE_CONTACTS_FROM_LISTS",
        "CLEAR_CONTACTS_FROM_LISTS",
        "EXPORT_CONTACTS",
    ];
    for ((form, multipart), ty) in form_bodies.into_iter().zip(multipart_bodies).zip(types) {
        let form = form.expect("valid").expect("body");
        assert_eq!(form.content_type(), "application/x-www-form-urlencoded");
        assert!(
            form.as_text()
                .expect("text")
                .starts_with(&format!("activityType={ty}&"))
        );
        let multipart = multipart.expect("valid").expect("body");
        assert_eq!(
            multipart.content_type(),
            format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}")
        );
        assert!(multipart.as_text().expect("text").starts_with(&format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"activityType\"\r\n\r\n{ty}\r\n"
        )));
    }
    let exports =
        activities::CreateExportContactsActivity::new((ExportFileType::Txt).clone(), &lists[0])
            .export_list_name(false)
            .to_request()
            .expect("valid");
    assert_eq!(
        text(&exports),
        "activityType=EXPORT_CONTACTS&fileType=TXT&exportListName=false&listId=http%3A%2F%2Fapi.constantcontact.com%2Fws%2Fcustomers%2Fjoesflowers%2Flists%2F1"
    );
}

#[test]
fn multipart_add_body_byte_for_byte() {
    let r = activities::CreateSvAddActivityMultipart::new(doc_table())
        .lists([list("6")])
        .to_request()
        .expect("valid");
    let b = MULTIPART_BOUNDARY;
    assert_eq!(
        text(&r),
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"activityType\"\r\n\r\nSV_ADD\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"data\"; filename=\"data.csv\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\
             Email Address,First Name,Last Name\nwstest3@example.com, Fred, Test\nwstest4@example.com, Joan, Test\nwstest5@example.com, Ann, Test\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"lists\"\r\n\r\nhttp://api.constantcontact.com/ws/customers/joesflowers/lists/6\r\n\
             --{b}--\r\n"
        )
    );
    assert_eq!(r.spec.content_type, Some("multipart/form-data"));
}

#[test]
fn list_get_and_download() {
    let r = activities::ListActivities::new()
        .to_request()
        .expect("valid request");
    assert_eq!((r.method(), r.path.as_str()), (Method::Get, "/activities"));
    assert_eq!(r.spec.paging, Paging::NextLink);
    let id = ActivityId::parse(
        "http://api.constantcontact.com/ws/customers/joesflowers/activities/a07e1ffaxjxffmvj6qd",
    )
    .expect("id");
    let r = activities::GetActivity::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(r.path, "/activities/a07e1ffaxjxffmvj6qd");
    let r = activities::DownloadExportFile::new("a07e5ke3u5dgy7a11on.txt")
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Get, "/activities/a07e5ke3u5dgy7a11on.txt")
    );
    assert_eq!(r.spec.response, ResponseShape::Raw);
    assert_eq!(r.spec.accept, "*/*");
    assert_eq!(
        activities::DownloadExportFile::new("../x")
            .to_request()
            .expect("valid request")
            .path,
        "/activities/..%2Fx"
    );
    let file = RawBody::from_response(
        RawResponse {
            status: 200,
            location: None,
            body: "EMAIL ADDRESS\na@example.com\n",
        },
        &DecodeOptions::default(),
    )
    .expect("raw");
    assert_eq!(file.text, "EMAIL ADDRESS\na@example.com\n");
    let small = DecodeOptions {
        max_bytes: 4,
        ..DecodeOptions::default()
    };
    assert!(
        RawBody::from_response(
            RawResponse {
                status: 200,
                location: None,
                body: "12345"
            },
            &small
        )
        .is_err()
    );
}
