//! The serde mirror of the schema files. Nothing is resolved here; unknown keys are errors.
//! `schema/README.md` documents every key.

use serde::Deserialize;

/// One schema file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// The resource family: one generated module.
    pub family: Family,
    /// Closed value sets.
    #[serde(default, rename = "enum")]
    pub enums: Vec<Enum>,
    /// Payloads and the parts nested in them.
    #[serde(default, rename = "resource")]
    pub resources: Vec<Resource>,
    /// Endpoints.
    #[serde(default, rename = "endpoint")]
    pub endpoints: Vec<Endpoint>,
    /// Typed ids (V3).
    #[serde(default, rename = "id")]
    pub ids: Vec<IdDecl>,
}

/// `[[id]]` (V3): a typed id, usable as a field, path, query or form type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdDecl {
    /// Rust type name, e.g. `ContactId`.
    pub name: String,
    /// `string` (default; a UUID) or `integer`.
    #[serde(default = "string_repr")]
    pub repr: String,
    /// Documentation.
    pub doc: String,
}

fn string_repr() -> String {
    "string".to_owned()
}

/// `[family]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Module name, e.g. `contacts`.
    pub name: String,
    /// API version: `v1` (XML/Atom) or `v3` (JSON).
    pub api: String,
    /// Module documentation.
    pub doc: String,
    /// Where the facts come from: a page of `docs/`, e.g. `docs/v1/contacts.md`.
    pub reference: String,
}

/// `[[enum]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    #[serde(default)]
    pub reference: Option<String>,
    /// The documented values.
    pub values: Vec<EnumValue>,
}

/// One documented value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The exact, case-sensitive wire spelling.
    pub wire: String,
    /// Rust variant name, when the derived one is not wanted.
    #[serde(default)]
    pub rust: Option<String>,
    /// Documentation.
    pub doc: String,
}

/// `[[resource]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Rust type name.
    pub name: String,
    /// XML element name (V1 only).
    #[serde(default)]
    pub element: Option<String>,
    /// V1: `payload` (travels in Atom `<content>`) or `part` (nested in another resource).
    /// V3: `response`, `request`, `response_part` or `request_part`.
    pub role: String,
    /// Namespace style: `ctct` or `unqualified`.
    #[serde(default)]
    pub style: Option<String>,
    /// Text of the `<summary>` sent with writes.
    #[serde(default)]
    pub summary: Option<String>,
    /// Typed id of the `id` attribute, e.g. `ContactId`.
    #[serde(default)]
    pub id_kind: Option<String>,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
    /// V3 responses: the body is a bare JSON array, held by the one `many` field.
    #[serde(default)]
    pub array: bool,
    /// Fields in wire order.
    pub fields: Vec<Field>,
}

/// One field of a resource.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// XML element or attribute name (V1).
    #[serde(default)]
    pub xml: Option<String>,
    /// JSON key (V3).
    #[serde(default)]
    pub json: Option<String>,
    /// Rust field name, when the derived one is not wanted.
    #[serde(default)]
    pub rust: Option<String>,
    /// `string`, `integer`, `boolean`, `datetime`, `link` (V1), `date` and `map` (V3), or an
    /// enum or part name.
    #[serde(rename = "type")]
    pub ty: String,
    /// V3 request types: the field must be sent (a plain value, not an `Option`).
    #[serde(default)]
    pub required: bool,
    /// V3: the least count of a `many` field, or the least value of an integer.
    #[serde(default)]
    pub min: Option<i64>,
    /// V3: the greatest count of a `many` or `map` field, or the greatest value of an integer.
    #[serde(default)]
    pub max: Option<i64>,
    /// V3 optional `many` fields of request types whose empty array means something
    /// (`list_memberships: []` in a PUT: "on no list"): an `Option<Vec<_>>`, left out when
    /// `None` and sent as `[]` when empty.
    #[serde(default)]
    pub send_empty: bool,
    /// V3 `map` fields: the keys are inlined in the object (`flatten`) and must start with
    /// this prefix (`cf:`).
    #[serde(default)]
    pub key_prefix: Option<String>,
    /// `optional` (default) or `many`.
    #[serde(default)]
    pub cardinality: Option<String>,
    /// An XML attribute rather than a child element.
    #[serde(default)]
    pub attribute: bool,
    /// Maximum length in characters.
    #[serde(default)]
    pub max_len: Option<usize>,
    /// The server sets it; writes need not send it and it is not validated.
    #[serde(default)]
    pub read_only: bool,
    /// Creates must carry it (present and not empty).
    #[serde(default)]
    pub required_on_create: bool,
    /// V1 text fields: the bulk-activity CSV column names that carry it (the first is the
    /// canonical one a client writes; the others are read as the same field).
    #[serde(default)]
    pub csv: Vec<String>,
    /// V1 text fields with `csv`: the longest value the bulk column takes, when it differs
    /// from `max_len` (a code column the service checks per line, such as `STATE`).
    #[serde(default)]
    pub csv_max_len: Option<usize>,
    /// Documentation.
    pub doc: String,
    /// Reference section, when it differs from the resource's.
    #[serde(default)]
    pub reference: Option<String>,
}

/// `[[endpoint]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Function name (snake_case).
    pub name: String,
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// Path template relative to the account base, e.g. `/contacts/{contact}`.
    pub path: String,
    /// Types of the path placeholders, e.g. `{ contact = "ContactId" }`.
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
    /// Query parameters.
    #[serde(default)]
    pub query: Vec<Query>,
    /// Request payload resource name.
    #[serde(default)]
    pub request: Option<String>,
    /// Form fields, for a form-encoded or multipart body instead of an Atom entry.
    #[serde(default)]
    pub form: Vec<FormField>,
    /// `feed:Resource`, `entry:Resource`, `empty`, `service`, `raw` (V1), `json:Resource` (V3).
    pub response: String,
    /// Success statuses.
    pub success: Vec<u16>,
    /// `none` (default), `next-link`, `page-number` (V1) or `cursor` (V3).
    #[serde(default)]
    pub paging: Option<String>,
    /// `Accept` header; default `application/atom+xml` (V1) or `application/json` (V3).
    #[serde(default)]
    pub accept: Option<String>,
    /// Request `Content-Type`; default `application/atom+xml` when there is a request body.
    #[serde(default)]
    pub content_type: Option<String>,
    /// V3 (required there): the OAuth scopes a token must have been granted to call it, as
    /// the contract's security requirement lists them; `[]` when any valid token will do.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// The largest request body the service reads, in bytes; a larger one is refused before
    /// anything is sent (the service would drop what is past it without saying so).
    #[serde(default)]
    pub max_body: Option<usize>,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
}

/// One query parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Wire name.
    pub name: String,
    /// Rust argument name, when the wire name is not a good one.
    #[serde(default)]
    pub rust: Option<String>,
    /// `string`, `integer`, `boolean`, `datetime`, an enum name, or an id type (sent as its
    /// last segment).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the request must carry it; optional ones become `Option` arguments.
    #[serde(default)]
    pub required: bool,
    /// Whether it repeats (`email=a&email=b`); becomes a slice argument.
    #[serde(default)]
    pub repeated: bool,
    /// A repeated parameter sent once, its values joined by this (`include=a,b`).
    #[serde(default)]
    pub separator: Option<String>,
    /// Minimum number of values of a repeated parameter.
    #[serde(default)]
    pub min: Option<usize>,
    /// Maximum number of values of a repeated parameter.
    #[serde(default)]
    pub max: Option<usize>,
    /// Maximum length of a string value in characters.
    #[serde(default)]
    pub max_len: Option<usize>,
    /// Documentation.
    pub doc: String,
}

/// One field of a form body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Wire name.
    pub name: String,
    /// Rust argument name, when the wire name is not a good one.
    #[serde(default)]
    pub rust: Option<String>,
    /// `string`, `boolean`, `table`, an enum name, or an id type (sent as its `http://` URI).
    #[serde(rename = "type")]
    pub ty: String,
    /// A fixed value: the field is always sent with it and is not an argument.
    #[serde(default)]
    pub value: Option<String>,
    /// Whether the request must carry it; optional ones become `Option` arguments.
    #[serde(default)]
    pub required: bool,
    /// Whether it repeats (`lists=a&lists=b`); becomes a slice argument.
    #[serde(default)]
    pub repeated: bool,
    /// A repeated field sent once, its values joined by this (`list_ids=a,b`).
    #[serde(default)]
    pub separator: Option<String>,
    /// The greatest number of values (repeated) or rows (`table`).
    #[serde(default)]
    pub max: Option<usize>,
    /// Documentation.
    pub doc: String,
}
