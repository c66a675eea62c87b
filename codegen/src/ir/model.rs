//! The IR's types: what a validated, resolved schema is made of.
//!
//! Every later stage (naming is already applied, emission) reads only these types; nothing here
//! refers back to the TOML mirror in [`crate::spec`].

use std::collections::BTreeMap;

/// Typed ids the hand-written `ctct_models::ids` module provides.
/// Keep in sync with the `id_kinds!` list in `ctct-models/src/ids.rs` (a wrong name fails
/// to compile in the generated code).
pub const ID_KINDS: &[&str] = &[
    "ContactId",
    "ListId",
    "CampaignId",
    "EmailAddressId",
    "ActivityId",
    "EventId",
];

/// The path parameter type of an opaque segment with no typed id (a registrant id nested
/// under an event, an export file name): a `&str`, percent-encoded.
pub const SEGMENT: &str = "segment";

/// The OAuth scopes a V3 endpoint may require (`offline_access` only asks for a refresh
/// token, so no operation requires it).
pub const SCOPES: &[&str] = &[
    "contact_data",
    "campaign_data",
    "account_read",
    "account_update",
    "billing_data",
];

/// Scalar field types with their schema spelling.
pub(crate) const SCALARS: &[&str] = &["string", "integer", "boolean", "datetime", "link"];

/// Scalar field types of JSON (V3) families.
pub(crate) const JSON_SCALARS: &[&str] = &[
    "string", "integer", "number", "boolean", "datetime", "date", "map", "json",
];

/// A Constant Contact API version: decides the body format (XML or JSON), the module the
/// family is generated into and the base its paths are relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// The XML/Atom API.
    V1,
    /// The JSON API.
    V3,
}

impl Api {
    /// Every API, in module order.
    pub const ALL: [Api; 2] = [Api::V1, Api::V3];

    /// The schema and module spelling: `v1`, `v3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V3 => "v3",
        }
    }

    /// The API named `name` in a schema file.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Whether bodies are JSON (V3) rather than Atom XML (V1).
    pub fn is_json(self) -> bool {
        self == Self::V3
    }

    /// The variant name of `ctct_models::endpoint::Api`.
    pub fn variant(self) -> &'static str {
        match self {
            Self::V1 => "V1",
            Self::V3 => "V3",
        }
    }
}

/// An HTTP method an endpoint may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH` (V3 only)
    Patch,
}

impl HttpMethod {
    /// The method parsed from its upper-case schema spelling.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "GET" => Self::Get,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "DELETE" => Self::Delete,
            "PATCH" => Self::Patch,
            _ => return None,
        })
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
        }
    }

    /// The variant name of `ctct_models::endpoint::Method`.
    pub fn variant(self) -> &'static str {
        match self {
            Self::Get => "Get",
            Self::Post => "Post",
            Self::Put => "Put",
            Self::Delete => "Delete",
            Self::Patch => "Patch",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a collection endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Not a collection.
    None,
    /// V1: follow the feed's `rel="next"` link.
    NextLink,
    /// V1 Event Marketing: `pageNumber=`.
    PageNumber,
    /// V3: follow `_links.next.href`.
    Cursor,
}

impl Paging {
    /// The variant name of `ctct_models::endpoint::Paging`.
    pub fn variant(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::NextLink => "NextLink",
            Self::PageNumber => "PageNumber",
            Self::Cursor => "Cursor",
        }
    }
}

/// The whole validated schema.
#[derive(Debug)]
pub struct Model {
    /// Families per API version, each in file order.
    pub apis: BTreeMap<Api, Vec<Family>>,
}

/// One schema file: one generated module.
#[derive(Debug)]
pub struct Family {
    /// The schema file, relative to the workspace root.
    pub source: String,
    /// Module name.
    pub name: String,
    /// API version.
    pub api: Api,
    /// A JSON (V3) family rather than XML (V1).
    pub json: bool,
    /// Module documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
    /// Closed value sets.
    pub enums: Vec<Enum>,
    /// Typed ids (V3).
    pub ids: Vec<IdType>,
    /// Payloads and parts.
    pub resources: Vec<Resource>,
    /// Endpoints.
    pub endpoints: Vec<Endpoint>,
}

/// A closed value set.
#[derive(Debug)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: Option<String>,
    /// Values in schema order.
    pub variants: Vec<Variant>,
}

/// One documented value.
#[derive(Debug)]
pub struct Variant {
    /// Wire spelling.
    pub wire: String,
    /// Rust variant name.
    pub rust: String,
    /// Documentation.
    pub doc: String,
}

/// Whether a resource travels in Atom `<content>` or nests in another resource (V1), or
/// which way a JSON body travels (V3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Atom content: gets `#[derive(AtomPayload)]`.
    Payload,
    /// Nested element.
    Part,
    /// V3 response body: lenient, unknown keys kept, `FromResponse`.
    Response,
    /// V3 request body: no read-only fields, validated.
    Request,
    /// Nested in V3 responses.
    ResponsePart,
    /// Nested in V3 requests.
    RequestPart,
}

impl Role {
    /// A V3 request body or a part of one.
    pub fn is_request(self) -> bool {
        matches!(self, Self::Request | Self::RequestPart)
    }

    /// Nested in another resource rather than a body of its own.
    pub fn is_part(self) -> bool {
        matches!(self, Self::Part | Self::ResponsePart | Self::RequestPart)
    }
}

/// Namespace style of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Elements in the CTCT namespace.
    Ctct,
    /// Elements in no namespace (Event Marketing).
    Unqualified,
}

/// A payload or part.
#[derive(Debug)]
pub struct Resource {
    /// Rust type name.
    pub name: String,
    /// XML element name.
    pub element: String,
    /// Payload or part.
    pub role: Role,
    /// Namespace style.
    pub style: Style,
    /// Write summary text.
    pub summary: Option<String>,
    /// Typed id of the `id` attribute.
    pub id_kind: Option<String>,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
    /// Fields in wire order.
    pub fields: Vec<Field>,
    /// V3 cursor-paged collections: the Rust names of `_links`, `next` and `href`.
    pub cursor: Option<[String; 3]>,
    /// V3 responses whose body is a bare JSON array: the one `many` field holds it.
    pub array: bool,
}

/// A resolved type reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// Text.
    String,
    /// `i64`.
    Integer,
    /// `true`/`false`.
    Boolean,
    /// RFC 3339 timestamp.
    DateTime,
    /// An Atom `<link>`.
    Link,
    /// V3: a calendar date kept as its text (`2024-05-01`).
    Date,
    /// V3: a JSON number that may have a fraction (`f64`), such as a rate.
    Number,
    /// V3: string keys and values inlined in the object (`cf:` custom fields).
    Map,
    /// V3: any JSON value, kept as it came (`serde_json::Value`): for objects whose keys the
    /// service chooses per case, such as a social network's own settings.
    Json,
    /// A closed value set in `family`.
    Enum {
        /// Type name.
        name: String,
        /// Module it lives in.
        family: String,
    },
    /// A nested resource in `family`.
    Resource {
        /// Type name.
        name: String,
        /// Module it lives in.
        family: String,
    },
    /// V3: a typed id declared with `[[id]]`.
    V3Id(IdRef),
}

/// A reference to a typed V3 id declared with `[[id]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRef {
    /// Type name, e.g. `ContactId`.
    pub name: String,
    /// Module it lives in.
    pub family: String,
    /// Integer-backed (a segment id) rather than a string (a UUID).
    pub integer: bool,
}

/// A typed V3 id a family declares.
#[derive(Debug)]
pub struct IdType {
    /// Type name.
    pub name: String,
    /// Integer-backed rather than a string.
    pub integer: bool,
    /// Documentation.
    pub doc: String,
}

/// The type of a path placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// An opaque segment, a `String`.
    Segment,
    /// A typed V1 id (`ctct_models::ids`), sent as its last segment.
    Id(String),
    /// A typed V3 id, sent as its text.
    V3Id(IdRef),
}

/// A field.
#[derive(Debug)]
pub struct Field {
    /// The name on the wire: the XML element or attribute name (V1), the JSON key (V3).
    pub wire: String,
    /// Rust name (escaped).
    pub rust: String,
    /// Type.
    pub ty: Type,
    /// Repeated element.
    pub many: bool,
    /// XML attribute.
    pub attribute: bool,
    /// Length limit in characters.
    pub max_len: Option<usize>,
    /// Set by the server.
    pub read_only: bool,
    /// Must be present on create.
    pub required_on_create: bool,
    /// V3 requests: always sent, a plain value.
    pub required: bool,
    /// V3: least count (many, map) or value (integer).
    pub min: Option<i64>,
    /// V3: greatest count (many, map) or value (integer).
    pub max: Option<i64>,
    /// V3 map fields: the prefix every key must carry.
    pub key_prefix: Option<String>,
    /// V3 optional `many` request fields: `Option<Vec<_>>`, an empty array is sent.
    pub send_empty: bool,
    /// V1 text fields: bulk CSV column names, the canonical one first.
    pub csv: Vec<String>,
    /// V1 text fields: the bulk column's own length limit, when it differs from `max_len`.
    pub csv_max_len: Option<usize>,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: Option<String>,
}

/// An endpoint.
#[derive(Debug)]
pub struct Endpoint {
    /// Function name.
    pub name: String,
    /// Name of the `EndpointSpec` static.
    pub const_name: String,
    /// Name of the request type (`get_contacts` → `GetContacts`).
    pub type_name: String,
    /// Paged collections: where a page keeps its items.
    pub items: Option<PageItems>,
    /// The API it belongs to, as its family.
    pub api: Api,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template.
    pub path: String,
    /// Path placeholders in template order, with their id types.
    pub params: Vec<(String, ParamKind)>,
    /// Query parameters.
    pub query: Vec<Query>,
    /// Request payload.
    pub request: Option<TypeRef>,
    /// Form body, instead of a payload.
    pub form: Option<Form>,
    /// Response shape.
    pub response: Response,
    /// Success statuses.
    pub success: Vec<u16>,
    /// How the collection pages.
    pub paging: Paging,
    /// Accept header.
    pub accept: String,
    /// Request content type.
    pub content_type: Option<String>,
    /// V3: the OAuth scopes a token needs (empty: any valid token); V1: empty.
    pub scopes: Vec<String>,
    /// The largest request body the service reads, in bytes.
    pub max_body: Option<usize>,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
}

/// Where one page of a collection keeps its items.
#[derive(Debug, Clone)]
pub enum PageItems {
    /// A V1 feed: its entries' payloads.
    Feed(TypeRef),
    /// A V3 page: the one array field of the response (an `Option<Vec<_>>`).
    Field {
        /// The field's Rust name.
        rust: String,
        /// The item type.
        ty: Type,
    },
}

/// The most values a request type's `new(..)` may take; everything else is a setter.
pub const MAX_POSITIONAL: usize = 3;

/// A reference to a payload resource.
#[derive(Debug, Clone)]
pub struct TypeRef {
    /// Type name.
    pub name: String,
    /// Element name.
    pub element: String,
    /// Module.
    pub family: String,
}

/// An endpoint's response.
#[derive(Debug, Clone)]
pub enum Response {
    /// A feed of payloads.
    Feed(TypeRef),
    /// One entry (a `Created` when the endpoint answers 201).
    Entry(TypeRef),
    /// No body.
    Empty,
    /// An AtomPub service document.
    Service,
    /// A raw text body (an export file).
    Raw,
    /// A V3 JSON body.
    Json(TypeRef),
}

/// A form body.
#[derive(Debug)]
pub struct Form {
    /// Multipart (`multipart/form-data`) rather than form-encoded.
    pub multipart: bool,
    /// Fields in wire order.
    pub fields: Vec<FormField>,
}

/// One form field.
#[derive(Debug)]
pub struct FormField {
    /// Wire name.
    pub wire: String,
    /// Rust argument name.
    pub rust: String,
    /// Type.
    pub ty: FormType,
    /// Fixed value (no argument).
    pub value: Option<String>,
    /// Must be given.
    pub required: bool,
    /// Repeats.
    pub repeated: bool,
    /// Repeated values joined into one field with this.
    pub separator: Option<String>,
    /// Greatest count of values (repeated) or rows (table).
    pub max: Option<usize>,
    /// Documentation.
    pub doc: String,
}

/// Form field types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormType {
    /// Text.
    String,
    /// `true`/`false`.
    Boolean,
    /// `ctct_models::form::Table`, sent as CSV text (a file part in multipart bodies).
    Table,
    /// Closed value set, sent as its wire value.
    Enum {
        /// Type name.
        name: String,
        /// Module.
        family: String,
    },
    /// Typed id, sent as its canonical `http://` URI.
    Id(String),
    /// Typed V3 id, sent as its text.
    V3Id(IdRef),
}

/// The two media types a form body can have.
pub const FORM_TYPES: &[&str] = &["application/x-www-form-urlencoded", "multipart/form-data"];

/// A query parameter.
#[derive(Debug)]
pub struct Query {
    /// Wire name.
    pub wire: String,
    /// Rust argument name.
    pub rust: String,
    /// Type.
    pub ty: QueryType,
    /// Must be given.
    pub required: bool,
    /// Repeats.
    pub repeated: bool,
    /// Repeated values joined into one parameter with this.
    pub separator: Option<String>,
    /// Count bounds of a repeated parameter.
    pub count: Option<(usize, usize)>,
    /// Value bounds of an integer parameter.
    pub range: Option<(usize, usize)>,
    /// Length limit.
    pub max_len: Option<usize>,
    /// Documentation.
    pub doc: String,
}

/// Query parameter types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryType {
    /// Text.
    String,
    /// Integer.
    Integer,
    /// `true`/`false`.
    Boolean,
    /// Timestamp, sent in UTC.
    DateTime,
    /// Closed value set.
    Enum {
        /// Type name.
        name: String,
        /// Module.
        family: String,
    },
    /// Typed id, sent as its last segment.
    Id(String),
    /// Typed V3 id, sent as its text.
    V3Id(IdRef),
}
