//! The validated, resolved model of the schema.
//!
//! [`build`] parses every source, checks everything a later stage relies on, and resolves
//! every name. Problems are collected, not stopped at: one run reports every error, each
//! naming its file and key. Once a [`Model`] exists, emission cannot fail.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::Source;
use crate::error::SchemaError;
use crate::naming;
use crate::spec;

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

/// Scalar field types with their schema spelling.
const SCALARS: &[&str] = &["string", "integer", "boolean", "datetime", "link"];

/// Scalar field types of JSON (V3) families.
const JSON_SCALARS: &[&str] = &[
    "string", "integer", "number", "boolean", "datetime", "date", "map",
];

/// The API versions and whether each speaks JSON (V3) rather than XML (V1).
pub const APIS: &[(&str, bool)] = &[("v1", false), ("v3", true)];

/// The whole validated schema.
#[derive(Debug)]
pub struct Model {
    /// Families per API version, each in file order.
    pub apis: BTreeMap<String, Vec<Family>>,
}

/// One schema file: one generated module.
#[derive(Debug)]
pub struct Family {
    /// The schema file, relative to the workspace root.
    pub source: String,
    /// Module name.
    pub name: String,
    /// API version.
    pub api: String,
    /// A JSON (V3) family rather than XML (V1).
    pub json: bool,
    /// Module documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
    /// Closed value sets.
    pub enums: Vec<Enum>,
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
}

/// A field.
#[derive(Debug)]
pub struct Field {
    /// XML name (V1); the JSON key in V3 families.
    pub xml: String,
    /// The name on the wire: the XML name or JSON key.
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
    /// API version (`v1`, `v3`), as in the family.
    pub api: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Path placeholders in template order, with their id types.
    pub params: Vec<(String, String)>,
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
    /// `None`, `NextLink` or `PageNumber`.
    pub paging: String,
    /// Accept header.
    pub accept: String,
    /// Request content type.
    pub content_type: Option<String>,
    /// Documentation.
    pub doc: String,
    /// Reference section.
    pub reference: String,
}

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
}

struct Ctx<'a> {
    errors: Vec<SchemaError>,
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SchemaError::new(self.file, key, message));
    }
}

/// What a type name refers to, across all files of one API.
#[derive(Clone)]
enum Named {
    Enum(String),
    Resource {
        family: String,
        element: String,
        role: Role,
    },
}

/// Parses, validates and resolves every source.
pub fn build(sources: &[Source]) -> Result<Model, Vec<SchemaError>> {
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for source in sources {
        match toml::from_str::<spec::File>(&source.text) {
            Ok(file) => parsed.push((source.path.as_str(), file)),
            Err(e) => errors.push(SchemaError::new(
                &source.path,
                "",
                e.to_string().trim_end().replace('\n', "\n    "),
            )),
        }
    }

    // Pass 1: every type name per API, so references can cross files.
    let mut names: HashMap<(String, String), (Named, String)> = HashMap::new();
    let mut families_seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (file, f) in &parsed {
        let api = f.family.api.clone();
        if !families_seen.insert((api.clone(), f.family.name.clone())) {
            errors.push(SchemaError::new(
                *file,
                "family.name",
                format!("family {:?} is defined twice in API {api}", f.family.name),
            ));
        }
        let mut declare = |name: &str, key: String, named: Named| {
            if let Some((_, other)) = names.get(&(api.clone(), name.to_owned())) {
                errors.push(SchemaError::new(
                    *file,
                    key,
                    format!("type name {name:?} is already defined in {other}"),
                ));
            } else {
                names.insert((api.clone(), name.to_owned()), (named, (*file).to_owned()));
            }
        };
        for e in &f.enums {
            declare(
                &e.name,
                format!("enum.{}", e.name),
                Named::Enum(f.family.name.clone()),
            );
        }
        for r in &f.resources {
            let role = match r.role.as_str() {
                "part" => Role::Part,
                "response" => Role::Response,
                "request" => Role::Request,
                "response_part" => Role::ResponsePart,
                "request_part" => Role::RequestPart,
                _ => Role::Payload,
            };
            declare(
                &r.name,
                format!("resource.{}", r.name),
                Named::Resource {
                    family: f.family.name.clone(),
                    element: r.element.clone().unwrap_or_else(|| r.name.clone()),
                    role,
                },
            );
        }
    }

    let mut apis: BTreeMap<String, Vec<Family>> = BTreeMap::new();
    let mut endpoint_names: HashMap<(String, String), String> = HashMap::new();
    for (file, f) in parsed {
        let mut cx = Ctx {
            errors: Vec::new(),
            file,
        };
        let lookup = |name: &str| {
            names
                .get(&(f.family.api.clone(), name.to_owned()))
                .map(|(n, _)| n.clone())
        };
        let json = match APIS.iter().find(|(a, _)| *a == f.family.api) {
            Some((_, json)) => *json,
            None => {
                cx.err(
                    "family.api",
                    format!("unknown API {:?}: expected \"v1\" or \"v3\"", f.family.api),
                );
                false
            }
        };
        if !naming::is_snake_name(&f.family.name) {
            cx.err(
                "family.name",
                format!("{:?} is not a snake_case module name", f.family.name),
            );
        }
        let enums = f.enums.iter().map(|e| build_enum(&mut cx, e)).collect();
        let resources = f
            .resources
            .iter()
            .map(|r| {
                if json {
                    build_json_resource(&mut cx, r, &lookup)
                } else {
                    build_resource(&mut cx, r, &lookup)
                }
            })
            .collect();
        let mut endpoints = Vec::new();
        for e in &f.endpoints {
            let key = (f.family.api.clone(), e.name.clone());
            if let Some(other) = endpoint_names.get(&key) {
                cx.err(
                    format!("endpoint.{}", e.name),
                    format!("endpoint name is already used in {other}"),
                );
            } else {
                endpoint_names.insert(key, file.to_owned());
            }
            if let Some(ep) = build_endpoint(&mut cx, &f.family.api, json, e, &lookup) {
                endpoints.push(ep);
            }
        }
        errors.extend(cx.errors);
        apis.entry(f.family.api.clone()).or_default().push(Family {
            source: file.to_owned(),
            name: f.family.name.clone(),
            api: f.family.api.clone(),
            json,
            doc: f.family.doc.clone(),
            reference: f.family.reference.clone(),
            enums,
            resources,
            endpoints,
        });
    }
    resolve_cursors(&mut apis, &mut errors);
    if errors.is_empty() {
        Ok(Model { apis })
    } else {
        Err(errors)
    }
}

/// Marks the response of every cursor-paged endpoint with the path to its next link
/// (`_links.next.href`), or reports why it has none.
fn resolve_cursors(apis: &mut BTreeMap<String, Vec<Family>>, errors: &mut Vec<SchemaError>) {
    for families in apis.values_mut() {
        let mut wanted = Vec::new();
        for f in families.iter() {
            for e in &f.endpoints {
                if let (true, Response::Json(t)) = (e.paging == "Cursor", &e.response) {
                    wanted.push((f.source.clone(), e.name.clone(), t.name.clone()));
                }
            }
        }
        for (source, endpoint, name) in wanted {
            let find = |name: &str| {
                families
                    .iter()
                    .flat_map(|f| &f.resources)
                    .find(|r| r.name == name)
            };
            let field = |r: &Resource, wire: &str| {
                r.fields
                    .iter()
                    .find(|f| f.wire == wire && !f.many)
                    .map(|f| (f.rust.clone(), f.ty.clone()))
            };
            let part = |ty: &Type| match ty {
                Type::Resource { name, .. } => find(name),
                _ => None,
            };
            let path = find(&name).and_then(|r| {
                let (links, ty) = field(r, "_links")?;
                let (next, ty) = field(part(&ty)?, "next")?;
                let (href, ty) = field(part(&ty)?, "href")?;
                (ty == Type::String).then_some([links, next, href])
            });
            match path {
                Some(path) => {
                    for f in families.iter_mut() {
                        for r in &mut f.resources {
                            if r.name == name {
                                r.cursor = Some(path.clone());
                            }
                        }
                    }
                }
                None => errors.push(SchemaError::new(
                    source,
                    format!("endpoint.{endpoint}.paging"),
                    format!("cursor paging needs {name:?} to have `_links` → `next` → `href` (a string), each a single field"),
                )),
            }
        }
    }
}

fn build_enum(cx: &mut Ctx<'_>, e: &spec::Enum) -> Enum {
    let key = format!("enum.{}", e.name);
    if !naming::is_type_name(&e.name) {
        cx.err(
            &key,
            format!("{:?} is not an UpperCamelCase type name", e.name),
        );
    }
    if e.values.is_empty() {
        cx.err(format!("{key}.values"), "an enum needs at least one value");
    }
    let mut wires = BTreeSet::new();
    let mut rusts: BTreeMap<String, String> = BTreeMap::new();
    let mut variants = Vec::new();
    for v in &e.values {
        let vkey = format!("{key}.values.{:?}", v.wire);
        if !wires.insert(v.wire.clone()) {
            cx.err(&vkey, "duplicate value");
        }
        let rust = match &v.rust {
            Some(r) if naming::is_type_name(r) => r.clone(),
            Some(r) => {
                cx.err(
                    format!("{vkey}.rust"),
                    format!("{r:?} is not an UpperCamelCase variant name"),
                );
                r.clone()
            }
            None => naming::variant_name(&v.wire),
        };
        if rust.is_empty() {
            cx.err(
                &vkey,
                "the value has no letters or digits to name a variant; set `rust`",
            );
        } else if rust == "Unknown" {
            cx.err(
                &vkey,
                "variant name `Unknown` is reserved for values the SDK does not know; set `rust`",
            );
        } else if let Some(other) = rusts.insert(rust.clone(), v.wire.clone()) {
            cx.err(
                &vkey,
                format!(
                    "variant name `{rust}` collides with value {other:?}; set `rust` on one of them"
                ),
            );
        }
        variants.push(Variant {
            wire: v.wire.clone(),
            rust,
            doc: v.doc.clone(),
        });
    }
    Enum {
        name: e.name.clone(),
        doc: e.doc.clone(),
        reference: e.reference.clone(),
        variants,
    }
}

fn valid_xml_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn build_resource(
    cx: &mut Ctx<'_>,
    r: &spec::Resource,
    lookup: &dyn Fn(&str) -> Option<Named>,
) -> Resource {
    let key = format!("resource.{}", r.name);
    if !naming::is_type_name(&r.name) {
        cx.err(
            &key,
            format!("{:?} is not an UpperCamelCase type name", r.name),
        );
    }
    let element = r.element.clone().unwrap_or_default();
    if !valid_xml_name(&element) {
        cx.err(
            format!("{key}.element"),
            format!("{element:?} is not an XML element name"),
        );
    }
    let role = match r.role.as_str() {
        "payload" => Role::Payload,
        "part" => Role::Part,
        other => {
            cx.err(
                format!("{key}.role"),
                format!("unknown role {other:?}: expected \"payload\" or \"part\""),
            );
            Role::Part
        }
    };
    let style = match r.style.as_deref() {
        None | Some("ctct") => Style::Ctct,
        Some("unqualified") => Style::Unqualified,
        Some(other) => {
            cx.err(
                format!("{key}.style"),
                format!("unknown style {other:?}: expected \"ctct\" or \"unqualified\""),
            );
            Style::Ctct
        }
    };
    if role == Role::Part && r.summary.is_some() {
        cx.err(
            format!("{key}.summary"),
            "only payloads are sent as entries; a part has no summary",
        );
    }
    if let Some(kind) = &r.id_kind {
        if !ID_KINDS.contains(&kind.as_str()) {
            cx.err(
                format!("{key}.id_kind"),
                format!(
                    "unknown id kind {kind:?}: expected one of {}",
                    ID_KINDS.join(", ")
                ),
            );
        }
        if !r
            .fields
            .iter()
            .any(|f| f.xml.as_deref() == Some("id") && f.attribute)
        {
            cx.err(
                format!("{key}.id_kind"),
                "id_kind needs an `id` attribute field",
            );
        }
    }
    let mut xml_names = BTreeSet::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    // yaserde names its generated visitors after the camel-cased XML name, so two fields
    // whose names differ only in case or punctuation would not compile.
    let mut visitor_names: BTreeMap<String, String> = BTreeMap::new();
    let mut fields = Vec::new();
    for f in &r.fields {
        let Some(xml) = f.xml.clone() else {
            let name = f.json.as_deref().unwrap_or_default();
            cx.err(
                format!("{key}.fields.{name}"),
                "a V1 field needs `xml` (its element or attribute name); `json` is for V3",
            );
            continue;
        };
        if f.json.is_some()
            || f.required
            || f.min.is_some()
            || f.max.is_some()
            || f.key_prefix.is_some()
        {
            cx.err(
                format!("{key}.fields.{xml}"),
                "`json`, `required`, `min`, `max` and `key_prefix` are V3 keys",
            );
        }
        let f_xml = xml;
        let fkey = format!("{key}.fields.{f_xml}");
        if !xml_names.insert((f.attribute, f_xml.clone())) {
            cx.err(&fkey, "duplicate field");
            continue;
        }
        if !valid_xml_name(&f_xml) {
            cx.err(&fkey, format!("{:?} is not an XML name", f_xml));
        }
        let rust = match &f.rust {
            Some(name) => {
                if !naming::is_snake_name(name) {
                    cx.err(
                        format!("{fkey}.rust"),
                        format!("{name:?} is not a snake_case field name"),
                    );
                }
                name.clone()
            }
            None => naming::field_name(&f_xml),
        };
        if let Some(other) = rust_names.insert(rust.clone(), f_xml.clone()) {
            cx.err(&fkey, format!("Rust field name `{rust}` collides with field {other:?}; set `rust` on one of them"));
        }
        if let Some(other) =
            visitor_names.insert(naming::camel_case(&f_xml).to_lowercase(), f_xml.clone())
        {
            cx.err(&fkey, format!("XML name equals field {other:?} up to case and punctuation; yaserde names its generated visitors after it, so both cannot exist in one resource"));
        }
        let many = match f.cardinality.as_deref() {
            None | Some("optional") => false,
            Some("many") => true,
            Some(other) => {
                cx.err(
                    format!("{fkey}.cardinality"),
                    format!("unknown cardinality {other:?}: expected \"optional\" or \"many\""),
                );
                false
            }
        };
        let ty = match f.ty.as_str() {
            "string" => Type::String,
            "integer" => Type::Integer,
            "boolean" => Type::Boolean,
            "datetime" => Type::DateTime,
            "link" => Type::Link,
            name => {
                match lookup(name) {
                    Some(Named::Enum(family)) => Type::Enum {
                        name: name.to_owned(),
                        family,
                    },
                    Some(Named::Resource {
                        family,
                        role: Role::Part,
                        ..
                    }) => Type::Resource {
                        name: name.to_owned(),
                        family,
                    },
                    Some(Named::Resource { .. }) => {
                        cx.err(
                            format!("{fkey}.type"),
                            format!("{name:?} is a payload; only parts can nest in a resource"),
                        );
                        Type::String
                    }
                    None => {
                        cx.err(
                        format!("{fkey}.type"),
                        format!("unknown type {name:?}: expected one of {} or a declared enum or part", SCALARS.join(", ")),
                    );
                        Type::String
                    }
                }
            }
        };
        if ty == Type::Link && !many {
            cx.err(
                format!("{fkey}.cardinality"),
                "a link field must have cardinality \"many\"",
            );
        }
        if f.max_len.is_some() && ty != Type::String {
            cx.err(
                format!("{fkey}.max_len"),
                "max_len applies only to string fields",
            );
        }
        if f.attribute && (many || matches!(ty, Type::Link | Type::Resource { .. })) {
            cx.err(&fkey, "an attribute must be a single scalar or enum value");
        }
        if f.attribute && f_xml == "id" && (ty != Type::String) {
            cx.err(format!("{fkey}.type"), "the id attribute must be a string");
        }
        if f.read_only && f.required_on_create {
            cx.err(&fkey, "a read-only field cannot be required on create");
        }
        fields.push(Field {
            wire: f_xml.clone(),
            xml: f_xml.clone(),
            rust,
            ty,
            many,
            attribute: f.attribute,
            max_len: f.max_len,
            read_only: f.read_only,
            required_on_create: f.required_on_create,
            required: false,
            min: None,
            max: None,
            key_prefix: None,
            doc: f.doc.clone(),
            reference: f.reference.clone(),
        });
    }
    Resource {
        name: r.name.clone(),
        element,
        role,
        style,
        summary: r.summary.clone(),
        id_kind: r.id_kind.clone(),
        doc: r.doc.clone(),
        reference: r.reference.clone(),
        fields,
        cursor: None,
        array: false,
    }
}

/// A V3 JSON resource: a request or response body, or a part nested in one.
fn build_json_resource(
    cx: &mut Ctx<'_>,
    r: &spec::Resource,
    lookup: &dyn Fn(&str) -> Option<Named>,
) -> Resource {
    let key = format!("resource.{}", r.name);
    if !naming::is_type_name(&r.name) {
        cx.err(
            &key,
            format!("{:?} is not an UpperCamelCase type name", r.name),
        );
    }
    let role = match r.role.as_str() {
        "response" => Role::Response,
        "request" => Role::Request,
        "response_part" => Role::ResponsePart,
        "request_part" => Role::RequestPart,
        other => {
            cx.err(
                format!("{key}.role"),
                format!("unknown role {other:?}: a V3 resource is \"response\", \"request\", \"response_part\" or \"request_part\""),
            );
            Role::ResponsePart
        }
    };
    if r.element.is_some() || r.style.is_some() || r.summary.is_some() || r.id_kind.is_some() {
        cx.err(
            &key,
            "`element`, `style`, `summary` and `id_kind` are XML (V1) keys; a V3 resource has none",
        );
    }
    let mut wires = BTreeSet::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    let mut fields = Vec::new();
    for f in &r.fields {
        let Some(wire) = f.json.clone() else {
            let name = f.xml.as_deref().unwrap_or_default();
            cx.err(
                format!("{key}.fields.{name}"),
                "a V3 field needs `json` (its key); `xml` is for V1",
            );
            continue;
        };
        let fkey = format!("{key}.fields.{wire}");
        if f.xml.is_some() || f.attribute || f.required_on_create {
            cx.err(
                &fkey,
                "`xml`, `attribute` and `required_on_create` are V1 keys; V3 uses `json` and `required`",
            );
        }
        if wire.is_empty() || wire.chars().any(char::is_control) {
            cx.err(
                &fkey,
                "a JSON key must be non-empty text without control characters",
            );
        }
        if !wires.insert(wire.clone()) {
            cx.err(&fkey, "duplicate field");
            continue;
        }
        let rust = match &f.rust {
            Some(name) => {
                if !naming::is_snake_name(name) {
                    cx.err(
                        format!("{fkey}.rust"),
                        format!("{name:?} is not a snake_case field name"),
                    );
                }
                name.clone()
            }
            None => naming::field_name(&wire),
        };
        if rust.is_empty() {
            cx.err(
                &fkey,
                "the key has no letters or digits to name a field; set `rust`",
            );
        } else if rust == "extra" && !role.is_request() {
            cx.err(
                &fkey,
                "`extra` is reserved for the unknown keys a response keeps; set `rust`",
            );
        } else if let Some(other) = rust_names.insert(rust.clone(), wire.clone()) {
            cx.err(&fkey, format!("Rust field name `{rust}` collides with field {other:?}; set `rust` on one of them"));
        }
        let many = match f.cardinality.as_deref() {
            None | Some("optional") => false,
            Some("many") => true,
            Some(other) => {
                cx.err(
                    format!("{fkey}.cardinality"),
                    format!("unknown cardinality {other:?}: expected \"optional\" or \"many\""),
                );
                false
            }
        };
        let ty = match f.ty.as_str() {
            "string" => Type::String,
            "integer" => Type::Integer,
            "boolean" => Type::Boolean,
            "datetime" => Type::DateTime,
            "date" => Type::Date,
            "number" => Type::Number,
            "map" => Type::Map,
            name => match lookup(name) {
                Some(Named::Enum(family)) => Type::Enum {
                    name: name.to_owned(),
                    family,
                },
                Some(Named::Resource {
                    family,
                    role: nested,
                    ..
                }) => {
                    // A collection response holds whole responses (`contacts: [ContactResource]`).
                    let fits = if role.is_request() {
                        nested == Role::RequestPart
                    } else {
                        matches!(nested, Role::ResponsePart | Role::Response)
                    };
                    if !fits {
                        let want = if role.is_request() {
                            "request_part"
                        } else {
                            "response or response_part"
                        };
                        cx.err(
                            format!("{fkey}.type"),
                            format!(
                                "{name:?} cannot nest here: a {} nests only a {want}",
                                r.role
                            ),
                        );
                    }
                    Type::Resource {
                        name: name.to_owned(),
                        family,
                    }
                }
                None => {
                    cx.err(
                        format!("{fkey}.type"),
                        format!(
                            "unknown type {name:?}: expected one of {} or a declared enum or part",
                            JSON_SCALARS.join(", ")
                        ),
                    );
                    Type::String
                }
            },
        };
        if f.max_len.is_some() && ty != Type::String {
            cx.err(
                format!("{fkey}.max_len"),
                "max_len applies only to string fields",
            );
        }
        if ty == Type::Map && (many || !role.is_request()) {
            cx.err(
                &fkey,
                "a map field is a single, inlined set of keys in a request type",
            );
        }
        if f.key_prefix.is_some() && ty != Type::Map {
            cx.err(
                format!("{fkey}.key_prefix"),
                "key_prefix applies only to map fields",
            );
        }
        if (f.min.is_some() || f.max.is_some()) && !(many || ty == Type::Map || ty == Type::Integer)
        {
            cx.err(
                &fkey,
                "min and max apply only to many and map fields (counts) and integers (values)",
            );
        }
        if let (Some(min), Some(max)) = (f.min, f.max)
            && min > max
        {
            cx.err(&fkey, format!("min {min} is greater than max {max}"));
        }
        if (many || ty == Type::Map) && f.min.is_some_and(|m| m < 0) {
            cx.err(&fkey, "a count cannot be negative");
        }
        if f.read_only && role.is_request() {
            cx.err(
                &fkey,
                "a request type cannot have read-only fields (so it can never send one); keep them in the response type",
            );
        }
        if f.required && !role.is_request() {
            cx.err(
                &fkey,
                "`required` applies to request types; response fields are all optional (lenient reading)",
            );
        }
        fields.push(Field {
            xml: wire.clone(),
            wire,
            rust,
            ty,
            many,
            attribute: false,
            max_len: f.max_len,
            read_only: f.read_only,
            required_on_create: false,
            required: f.required,
            min: f.min,
            max: f.max,
            key_prefix: f.key_prefix.clone(),
            doc: f.doc.clone(),
            reference: f.reference.clone(),
        });
    }
    if r.array && (role != Role::Response || fields.len() != 1 || !fields.iter().all(|f| f.many)) {
        cx.err(
            format!("{key}.array"),
            "an array body is a response type with exactly one `many` field",
        );
    }
    Resource {
        name: r.name.clone(),
        element: String::new(),
        role,
        style: Style::Ctct,
        summary: None,
        id_kind: None,
        doc: r.doc.clone(),
        reference: r.reference.clone(),
        fields,
        cursor: None,
        array: r.array,
    }
}

/// Checks a path template and returns its placeholders in order.
fn placeholders(cx: &mut Ctx<'_>, key: &str, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !path.starts_with('/') {
        cx.err(
            format!("{key}.path"),
            format!("{path:?} must start with `/` (it is relative to the account base)"),
        );
        return out;
    }
    if path.contains(['?', '#']) || path.contains("//") {
        cx.err(
            format!("{key}.path"),
            format!("{path:?} must not hold a query, fragment or empty segment"),
        );
        return out;
    }
    for segment in path.split('/').skip(1) {
        let opens = segment.matches('{').count();
        let closes = segment.matches('}').count();
        if opens == 0 && closes == 0 {
            continue;
        }
        let inner = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        match inner {
            Some(name) if opens == 1 && closes == 1 && naming::is_snake_name(name) => {
                if out.iter().any(|n| n == name) {
                    cx.err(format!("{key}.path"), format!("placeholder {{{name}}} appears twice in {path:?}"));
                }
                out.push(name.to_owned());
            }
            _ => cx.err(
                format!("{key}.path"),
                format!("bad placeholder segment {segment:?} in {path:?}: a placeholder is a whole segment like {{contact}}"),
            ),
        }
    }
    out
}

fn payload_ref(
    cx: &mut Ctx<'_>,
    key: &str,
    name: &str,
    lookup: &dyn Fn(&str) -> Option<Named>,
) -> Option<TypeRef> {
    role_ref(cx, key, name, lookup, Role::Payload)
}

/// A reference to a resource that must have `want` as its role.
fn role_ref(
    cx: &mut Ctx<'_>,
    key: &str,
    name: &str,
    lookup: &dyn Fn(&str) -> Option<Named>,
    want: Role,
) -> Option<TypeRef> {
    let what = match want {
        Role::Request => "request",
        Role::Response => "response",
        _ => "payload",
    };
    match lookup(name) {
        Some(Named::Resource {
            family,
            element,
            role,
        }) if role == want => Some(TypeRef {
            name: name.to_owned(),
            element,
            family,
        }),
        Some(_) => {
            cx.err(key, format!("{name:?} is not a {what} resource"));
            None
        }
        None => {
            cx.err(key, format!("unknown {what} {name:?}"));
            None
        }
    }
}

fn build_endpoint(
    cx: &mut Ctx<'_>,
    api: &str,
    json: bool,
    e: &spec::Endpoint,
    lookup: &dyn Fn(&str) -> Option<Named>,
) -> Option<Endpoint> {
    let key = format!("endpoint.{}", e.name);
    let before = cx.errors.len();
    if !naming::is_snake_name(&e.name) {
        cx.err(
            &key,
            format!("{:?} is not a snake_case function name", e.name),
        );
    }
    let known = matches!(e.method.as_str(), "GET" | "POST" | "PUT" | "DELETE")
        || (json && e.method == "PATCH");
    if !known {
        cx.err(
            format!("{key}.method"),
            format!(
                "unknown method {:?}: expected GET, POST, PUT or DELETE (or PATCH in V3)",
                e.method
            ),
        );
    }
    let holes = placeholders(cx, &key, &e.path);
    let mut params = Vec::new();
    for hole in &holes {
        match e.params.get(hole) {
            Some(kind) if ID_KINDS.contains(&kind.as_str()) || kind == SEGMENT => {
                params.push((hole.clone(), kind.clone()))
            }
            Some(kind) => cx.err(
                format!("{key}.params.{hole}"),
                format!(
                    "unknown id type {kind:?}: expected one of {} or \"{SEGMENT}\"",
                    ID_KINDS.join(", ")
                ),
            ),
            None => cx.err(
                format!("{key}.params"),
                format!("placeholder {{{hole}}} has no type in `params`"),
            ),
        }
    }
    for name in e.params.keys() {
        if !holes.contains(name) {
            cx.err(
                format!("{key}.params.{name}"),
                format!("parameter {name:?} does not appear in path {:?}", e.path),
            );
        }
    }
    let mut query = Vec::new();
    let mut seen = BTreeSet::new();
    for q in &e.query {
        let qkey = format!("{key}.query.{}", q.name);
        if !seen.insert(q.name.clone()) {
            cx.err(&qkey, "duplicate query parameter");
        }
        let rust = match &q.rust {
            Some(r) => r.clone(),
            None => naming::field_name(&q.name),
        };
        if holes.contains(&rust) || (e.request.is_some() && rust == "payload") {
            cx.err(
                &qkey,
                format!("argument name `{rust}` collides with another argument; set `rust`"),
            );
        }
        let ty = match q.ty.as_str() {
            "string" => QueryType::String,
            "integer" => QueryType::Integer,
            "boolean" => QueryType::Boolean,
            "datetime" => QueryType::DateTime,
            id if ID_KINDS.contains(&id) => QueryType::Id(id.to_owned()),
            name => match lookup(name) {
                Some(Named::Enum(family)) => QueryType::Enum {
                    name: name.to_owned(),
                    family,
                },
                _ => {
                    cx.err(format!("{qkey}.type"), format!("unknown query type {name:?}: expected string, integer, boolean, datetime, an enum or an id type"));
                    QueryType::String
                }
            },
        };
        if (q.min.is_some() || q.max.is_some()) && !q.repeated && ty != QueryType::Integer {
            cx.err(
                &qkey,
                "min and max apply only to repeated parameters (counts) and integers (values)",
            );
        }
        let range =
            (!q.repeated && ty == QueryType::Integer && (q.min.is_some() || q.max.is_some()))
                .then(|| (q.min.unwrap_or(0), q.max.unwrap_or(usize::MAX)));
        if let Some((min, max)) = range
            && min > max
        {
            cx.err(&qkey, format!("min {min} is greater than max {max}"));
        }
        if q.max_len.is_some() && ty != QueryType::String {
            cx.err(&qkey, "max_len applies only to string parameters");
        }
        let count = q.repeated.then(|| {
            (
                q.min.unwrap_or(if q.required { 1 } else { 0 }),
                q.max.unwrap_or(usize::MAX),
            )
        });
        if let Some((min, max)) = count
            && min > max
        {
            cx.err(&qkey, format!("min {min} is greater than max {max}"));
        }
        if q.separator.is_some() && !q.repeated {
            cx.err(&qkey, "separator applies only to repeated parameters");
        }
        query.push(Query {
            wire: q.name.clone(),
            rust,
            ty,
            required: q.required,
            repeated: q.repeated,
            separator: q.separator.clone(),
            count,
            range,
            max_len: q.max_len,
            doc: q.doc.clone(),
        });
    }
    let request = e.request.as_deref().and_then(|name| {
        let want = if json { Role::Request } else { Role::Payload };
        role_ref(cx, &format!("{key}.request"), name, lookup, want)
    });
    if request.is_some() && !matches!(e.method.as_str(), "POST" | "PUT" | "PATCH") {
        cx.err(
            format!("{key}.request"),
            "only POST, PUT and PATCH carry a request body",
        );
    }
    let form = build_form(cx, &key, e, lookup, &holes);
    let response = match e.response.split_once(':') {
        Some(("json", name)) if json => {
            role_ref(cx, &format!("{key}.response"), name, lookup, Role::Response)
                .map(Response::Json)
        }
        _ if json && e.response != "empty" && e.response != "raw" => {
            cx.err(
                format!("{key}.response"),
                format!(
                    "{:?} is not \"json:Response\", \"raw\" or \"empty\"",
                    e.response
                ),
            );
            None
        }
        Some(("feed", name)) => {
            payload_ref(cx, &format!("{key}.response"), name, lookup).map(Response::Feed)
        }
        Some(("entry", name)) => {
            payload_ref(cx, &format!("{key}.response"), name, lookup).map(Response::Entry)
        }
        None if e.response == "empty" => Some(Response::Empty),
        None if e.response == "service" => Some(Response::Service),
        None if e.response == "raw" => Some(Response::Raw),
        _ => {
            cx.err(
                format!("{key}.response"),
                format!(
                    "{:?} is not \"feed:Payload\", \"entry:Payload\", \"empty\", \"service\" or \"raw\"",
                    e.response
                ),
            );
            None
        }
    };
    if e.success.is_empty() || e.success.iter().any(|s| !(100..=599).contains(s)) {
        cx.err(
            format!("{key}.success"),
            "success must list HTTP statuses between 100 and 599",
        );
    }
    let paging = match e.paging.as_deref() {
        None | Some("none") => "None",
        Some("next-link") => "NextLink",
        Some("page-number") => "PageNumber",
        Some("cursor") if json => "Cursor",
        Some(other) => {
            let expected = if json {
                "\"none\" or \"cursor\""
            } else {
                "\"none\", \"next-link\" or \"page-number\""
            };
            cx.err(
                format!("{key}.paging"),
                format!("unknown paging {other:?}: expected {expected}"),
            );
            "None"
        }
    };
    if matches!(response, Some(Response::Feed(_))) && paging == "None" {
        cx.err(
            format!("{key}.paging"),
            "a feed endpoint must say how it pages",
        );
    }
    if cx.errors.len() > before {
        return None;
    }
    let media = if json {
        "application/json"
    } else {
        "application/atom+xml"
    };
    let content_type = match (&request, &e.content_type) {
        _ if form.is_some() => e.content_type.clone(),
        (Some(_), Some(ct)) => Some(ct.clone()),
        (Some(_), None) => Some(media.to_owned()),
        (None, Some(_)) => {
            cx.err(
                format!("{key}.content_type"),
                "content_type needs a request body",
            );
            return None;
        }
        (None, None) => None,
    };
    Some(Endpoint {
        name: e.name.clone(),
        const_name: naming::upper_snake(&e.name),
        api: api.to_owned(),
        method: e.method.clone(),
        path: e.path.clone(),
        params,
        query,
        request,
        form,
        response: response?,
        success: e.success.clone(),
        paging: paging.to_owned(),
        accept: e.accept.clone().unwrap_or_else(|| media.to_owned()),
        content_type,
        doc: e.doc.clone(),
        reference: e.reference.clone(),
    })
}

/// Checks the `form` fields of an endpoint; `None` when it has none (or they are invalid,
/// in which case errors were recorded).
fn build_form(
    cx: &mut Ctx<'_>,
    key: &str,
    e: &spec::Endpoint,
    lookup: &dyn Fn(&str) -> Option<Named>,
    holes: &[String],
) -> Option<Form> {
    if e.form.is_empty() {
        return None;
    }
    let before = cx.errors.len();
    if e.request.is_some() {
        cx.err(
            format!("{key}.form"),
            "an endpoint sends either a `request` payload or a `form`, not both",
        );
    }
    if e.method != "POST" {
        cx.err(format!("{key}.form"), "only POST sends a form");
    }
    let multipart = match e.content_type.as_deref() {
        Some("application/x-www-form-urlencoded") => false,
        Some("multipart/form-data") => true,
        other => {
            cx.err(
                format!("{key}.content_type"),
                format!(
                    "a form endpoint needs content_type {}, not {}",
                    FORM_TYPES.join(" or "),
                    other.map_or_else(|| "none".to_owned(), |ct| format!("{ct:?}"))
                ),
            );
            false
        }
    };
    let mut fields = Vec::new();
    let mut rust_names = BTreeSet::new();
    for f in &e.form {
        let fkey = format!("{key}.form.{}", f.name);
        let rust = f
            .rust
            .clone()
            .unwrap_or_else(|| naming::field_name(&f.name));
        if f.separator.is_some() && !f.repeated {
            cx.err(&fkey, "separator applies only to repeated fields");
        }
        let ty = match f.ty.as_str() {
            "string" => FormType::String,
            "boolean" => FormType::Boolean,
            "table" => FormType::Table,
            id if ID_KINDS.contains(&id) => FormType::Id(id.to_owned()),
            name => match lookup(name) {
                Some(Named::Enum(family)) => FormType::Enum {
                    name: name.to_owned(),
                    family,
                },
                _ => {
                    cx.err(
                        format!("{fkey}.type"),
                        format!("unknown form type {name:?}: expected string, boolean, table, an enum or an id type"),
                    );
                    FormType::String
                }
            },
        };
        if f.value.is_some() {
            if f.repeated || !matches!(ty, FormType::String) {
                cx.err(
                    format!("{fkey}.value"),
                    "a fixed value needs a single string field",
                );
            }
        } else if holes.contains(&rust) || !rust_names.insert(rust.clone()) {
            cx.err(
                &fkey,
                format!("argument name `{rust}` collides with another argument; set `rust`"),
            );
        }
        if ty == FormType::Table && f.repeated {
            cx.err(&fkey, "a table field cannot repeat");
        }
        fields.push(FormField {
            wire: f.name.clone(),
            rust,
            ty,
            value: f.value.clone(),
            required: f.required,
            repeated: f.repeated,
            separator: f.separator.clone(),
            max: f.max,
            doc: f.doc.clone(),
        });
    }
    (cx.errors.len() == before).then_some(Form { multipart, fields })
}
