//! Lowering of V3 (JSON) resources: keys, required-ness, counts, ranges and `cf:` maps.

use super::*;

/// A V3 JSON resource: a request or response body, or a part nested in one.
pub(super) fn build_json_resource(
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
        if f.xml.is_some()
            || f.attribute
            || f.required_on_create
            || !f.csv.is_empty()
            || f.csv_max_len.is_some()
        {
            cx.err(
                &fkey,
                "`xml`, `attribute`, `required_on_create` and `csv` are V1 keys; V3 uses `json` and `required`",
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
            "json" => Type::Json,
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
                Some(Named::Id(id)) => Type::V3Id(id),
                None => {
                    cx.err(
                        format!("{fkey}.type"),
                        format!(
                            "unknown type {name:?}: expected one of {} or a declared enum, part or id",
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
        if ty == Type::Json && f.required {
            cx.err(
                &fkey,
                "a json field cannot be required: any value, absent included, is one the service may send",
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
        if f.send_empty && !(many && !f.required && role.is_request()) {
            cx.err(
                format!("{fkey}.send_empty"),
                "send_empty applies only to optional `many` fields of request types",
            );
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
            send_empty: f.send_empty,
            csv: Vec::new(),
            csv_max_len: None,
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
