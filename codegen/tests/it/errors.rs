//! A bad schema yields errors naming the file, the key and the problem, never a panic.
//! Each case is a small schema; the messages are snapshotted for review.

fn errors(text: &str) -> String {
    let sources = vec![codegen::Source {
        path: "schema/v1/bad.toml".to_owned(),
        text: text.to_owned(),
    }];
    match codegen::generate(&sources) {
        Ok(_) => panic!("expected schema errors"),
        Err(errors) => codegen::error::join(&errors),
    }
}

const FAMILY: &str = r#"
[family]
name = "bad"
api = "v1"
doc = "d"
reference = "r"
"#;

fn with_family(rest: &str) -> String {
    format!("{FAMILY}\n{rest}")
}

#[test]
fn unknown_key() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[resource]]
name = "A"
element = "A"
role = "payload"
doc = "d"
reference = "r"
colour = "blue"
fields = []
"#
    )));
}

#[test]
fn unknown_type_reference() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[resource]]
name = "A"
element = "A"
role = "payload"
doc = "d"
reference = "r"
fields = [ { xml = "X", type = "strng", doc = "d" }, { xml = "Y", type = "B", doc = "d" } ]
"#
    )));
}

#[test]
fn duplicate_field_and_rename_collision() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[resource]]
name = "A"
element = "A"
role = "payload"
doc = "d"
reference = "r"
fields = [
  { xml = "EmailAddress", type = "string", doc = "d" },
  { xml = "EmailAddress", type = "string", doc = "d" },
  { xml = "email_address", type = "string", doc = "d" },
  { xml = "self", type = "string", doc = "d" },
  { xml = "Self", rust = "self_upper", type = "string", doc = "d" },
  { xml = "Self", attribute = true, type = "string", doc = "d" },
]
"#
    )));
}

#[test]
fn bad_path_templates() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[resource]]
name = "A"
element = "A"
role = "payload"
doc = "d"
reference = "r"
fields = []

[[endpoint]]
name = "no_slash"
method = "GET"
path = "contacts"
response = "empty"
success = [200]
doc = "d"
reference = "r"

[[endpoint]]
name = "half_brace"
method = "GET"
path = "/contacts/{id"
response = "empty"
success = [200]
doc = "d"
reference = "r"

[[endpoint]]
name = "untyped"
method = "GET"
path = "/contacts/{contact}/x{y}"
params = { other = "ContactId" }
response = "empty"
success = [200]
doc = "d"
reference = "r"

[[endpoint]]
name = "feed_without_paging"
method = "FETCH"
path = "/a?x=1"
response = "feed:A"
success = [0]
doc = "d"
reference = "r"
"#
    )));
}

#[test]
fn bad_enums() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[enum]]
name = "lower"
doc = "d"
values = [
  { wire = "Unknown", doc = "d" },
  { wire = "A B", doc = "d" },
  { wire = "a-b", doc = "d" },
  { wire = "!!", doc = "d" },
]
"#
    )));
}

#[test]
fn toml_syntax_error() {
    insta::assert_snapshot!(errors("[family\nname = 1"));
}

#[test]
fn duplicate_type_names_across_files() {
    let file = |path: &str, family: &str| codegen::Source {
        path: path.to_owned(),
        text: format!(
            "[family]\nname = \"{family}\"\napi = \"v1\"\ndoc = \"d\"\nreference = \"r\"\n\n[[enum]]\nname = \"Status\"\ndoc = \"d\"\nvalues = [{{ wire = \"A\", doc = \"d\" }}]\n"
        ),
    };
    let result = codegen::generate(&[file("schema/v1/a.toml", "a"), file("schema/v1/b.toml", "b")]);
    let Err(errors) = result else {
        panic!("expected errors")
    };
    insta::assert_snapshot!(codegen::error::join(&errors));
}

#[test]
fn bad_form_endpoints() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[enum]]
name = "E"
doc = "d"
values = [ { wire = "X", doc = "d" } ]

[[resource]]
name = "A"
element = "A"
role = "payload"
doc = "d"
reference = "r"
fields = []

[[endpoint]]
name = "form_and_payload_on_put"
method = "PUT"
path = "/a"
request = "A"
content_type = "text/csv"
form = [ { name = "x", type = "string", doc = "d" } ]
response = "empty"
success = [204]
doc = "d"
reference = "r"

[[endpoint]]
name = "bad_form_fields"
method = "POST"
path = "/a/{item}"
params = { item = "segment" }
content_type = "multipart/form-data"
form = [
  { name = "kind", type = "E", value = "X", doc = "d" },
  { name = "fixedMany", type = "string", value = "Y", repeated = true, doc = "d" },
  { name = "item", type = "string", doc = "a field named like a path parameter" },
  { name = "data", type = "table", repeated = true, doc = "d" },
  { name = "when", type = "datetime", doc = "d" },
]
response = "raw"
success = [201]
doc = "d"
reference = "r"
"#
    )));
}

#[test]
fn bad_ranges_and_response_kinds() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[endpoint]]
name = "ranges"
method = "GET"
path = "/a/{x}"
params = { x = "Segment" }
query = [
  { name = "pageSize", type = "integer", min = 200, max = 1, doc = "d" },
  { name = "name", type = "string", min = 1, doc = "d" },
]
response = "document"
success = [200]
doc = "d"
reference = "r"
"#
    )));
}

fn v3_errors(rest: &str) -> String {
    let sources = vec![codegen::Source {
        path: "schema/v3/bad.toml".to_owned(),
        text: format!(
            "[family]\nname = \"bad\"\napi = \"v3\"\ndoc = \"d\"\nreference = \"r\"\n{rest}"
        ),
    }];
    match codegen::generate(&sources) {
        Ok(_) => panic!("expected schema errors"),
        Err(errors) => codegen::error::join(&errors),
    }
}

#[test]
fn bad_json_resources() {
    insta::assert_snapshot!(v3_errors(
        r#"
[[resource]]
name = "Out"
role = "response"
element = "Out"
doc = "d"
reference = "r"
fields = [
  { xml = "Old", type = "string", doc = "an XML key in a JSON family" },
  { json = "id", type = "string", required = true, doc = "required on a response" },
  { json = "tags", type = "map", doc = "a map in a response" },
  { json = "name", type = "string", key_prefix = "x", min = 1, doc = "V3 keys on the wrong type" },
  { json = "n", type = "integer", min = 5, max = 1, doc = "an empty range" },
  { json = "extra", type = "string", doc = "takes the name of the unknown-keys map" },
  { json = "--", type = "string", doc = "no name to derive" },
]

[[resource]]
name = "OutPart"
role = "response_part"
doc = "d"
reference = "r"
fields = [ { json = "x", type = "string", doc = "d" } ]

[[resource]]
name = "In"
role = "request"
doc = "d"
reference = "r"
fields = [
  { json = "id", type = "string", read_only = true, doc = "read-only in a request" },
  { json = "part", type = "OutPart", doc = "a response part in a request" },
  { json = "when", type = "link", cardinality = "many", doc = "an XML-only type" },
]

[[resource]]
name = "NotAnArray"
role = "response"
array = true
doc = "d"
reference = "r"
fields = [
  { json = "a", type = "string", doc = "not many" },
  { json = "b", type = "string", doc = "a second field" },
]

[[resource]]
name = "Odd"
role = "payload"
doc = "d"
reference = "r"
fields = []
"#
    ));
}

#[test]
fn bad_json_endpoints() {
    insta::assert_snapshot!(v3_errors(
        r#"
[[resource]]
name = "Page"
role = "response"
doc = "d"
reference = "r"
fields = [ { json = "items", type = "string", cardinality = "many", doc = "no _links" } ]

[[resource]]
name = "Body"
role = "request"
doc = "d"
reference = "r"
fields = [ { json = "a", type = "string", doc = "d" } ]

[[endpoint]]
name = "list_things"
method = "GET"
path = "/things"
response = "json:Page"
success = [200]
scopes = ["contact_data"]
paging = "cursor"
reference = "r"
doc = "cursor paging without _links.next.href"

[[endpoint]]
name = "feed_things"
method = "GET"
path = "/things/feed"
response = "feed:Page"
success = [200]
scopes = ["contact_data"]
paging = "next-link"
reference = "r"
doc = "V1 response and paging in V3"

[[endpoint]]
name = "send_response"
method = "POST"
path = "/things"
request = "Page"
response = "json:Body"
query = [ { name = "q", type = "string", separator = ",", doc = "a separator without repeated" } ]
success = [201]
scopes = ["contact_data"]
reference = "r"
doc = "a response as the request, a request as the response"
"#
    ));
}

#[test]
fn unknown_api_version() {
    let sources = vec![codegen::Source {
        path: "schema/v2/bad.toml".to_owned(),
        text: "[family]\nname = \"bad\"\napi = \"v2\"\ndoc = \"d\"\nreference = \"r\"\n".to_owned(),
    }];
    let errors = codegen::generate(&sources).expect_err("v2 is not an API");
    insta::assert_snapshot!(codegen::error::join(&errors));
}

#[test]
fn bad_scopes_sizes_and_empty_arrays() {
    insta::assert_snapshot!(v3_errors(
        r#"
[[resource]]
name = "Out"
role = "response"
doc = "d"
reference = "r"
fields = [ { json = "ids", type = "string", cardinality = "many", send_empty = true, doc = "send_empty on a response" } ]

[[resource]]
name = "In"
role = "request"
doc = "d"
reference = "r"
fields = [
  { json = "ids", type = "string", cardinality = "many", required = true, send_empty = true, doc = "send_empty on a required array" },
  { json = "one", type = "string", send_empty = true, doc = "send_empty on a single value" },
]

[[endpoint]]
name = "no_scopes"
method = "GET"
path = "/a"
response = "json:Out"
success = [200]
reference = "r"
doc = "a V3 endpoint without scopes"

[[endpoint]]
name = "odd_scope"
method = "GET"
path = "/b"
response = "json:Out"
success = [200]
scopes = ["contact_data", "everything"]
max_body = 10
reference = "r"
doc = "an unknown scope, and a body limit without a body"
"#
    ));
}

#[test]
fn scopes_are_a_v3_key() {
    insta::assert_snapshot!(errors(&with_family(
        r#"
[[endpoint]]
name = "get_it"
method = "GET"
path = "/it"
response = "empty"
success = [200]
scopes = ["contact_data"]
reference = "r"
doc = "d"
"#
    )));
}

#[test]
fn bad_typed_ids() {
    // A V1 family cannot declare one; a V3 id needs a type name and a known repr.
    let v1 = errors(&with_family("[[id]]\nname = \"ThingId\"\ndoc = \"d\"\n"));
    assert_eq!(
        v1,
        "schema/v1/bad.toml: id.ThingId: typed ids are declared in V3 families; V1 ids are `ctct_models::ids` kinds"
    );
    let v3 = v3_errors(
        r#"
[[id]]
name = "thing_id"
doc = "d"

[[id]]
name = "OtherId"
repr = "uuid"
doc = "d"

[[endpoint]]
name = "get_it"
method = "GET"
path = "/it/{it}"
params = { it = "NoSuchId" }
response = "empty"
success = [200]
reference = "r"
doc = "d"
"#,
    );
    for want in [
        "id.thing_id: \"thing_id\" is not an UpperCamelCase type name",
        "id.OtherId.repr: unknown repr \"uuid\": expected \"string\" or \"integer\"",
        "endpoint.get_it.params.it: unknown id type \"NoSuchId\": expected an `[[id]]` of the API or \"segment\"",
    ] {
        assert!(v3.contains(want), "missing {want:?} in:\n{v3}");
    }
}

#[test]
fn a_json_field_cannot_be_required() {
    let text = v3_errors(
        r#"
[[resource]]
name = "In"
role = "request"
doc = "d"
reference = "r"
fields = [
  { json = "settings", type = "json", required = true, doc = "free-form, but required" },
]
"#,
    );
    assert_eq!(
        text.trim(),
        "schema/v3/bad.toml: resource.In.fields.settings: a json field cannot be required: \
         any value, absent included, is one the service may send",
        "{text}"
    );
}
