//! Lowering of V1 (XML) resources: element names, namespace styles, attributes and links.

use super::*;

fn valid_xml_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

pub(super) fn build_resource(
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
            || f.send_empty
        {
            cx.err(
                format!("{key}.fields.{xml}"),
                "`json`, `required`, `min`, `max`, `key_prefix` and `send_empty` are V3 keys",
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
                    Some(Named::Id(_)) | None => {
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
        if !f.csv.is_empty() && (ty != Type::String || many || f.attribute) {
            cx.err(
                format!("{fkey}.csv"),
                "csv columns apply only to single text elements",
            );
        }
        if f.csv_max_len.is_some() && f.csv.is_empty() {
            cx.err(
                format!("{fkey}.csv_max_len"),
                "csv_max_len needs csv columns",
            );
        }
        if f.csv.iter().any(|c| c.trim().is_empty() || c.trim() != c) {
            cx.err(
                format!("{fkey}.csv"),
                "a csv column name must be non-empty, without surrounding spaces",
            );
        }
        fields.push(Field {
            wire: f_xml.clone(),
            rust,
            ty,
            many,
            attribute: f.attribute,
            max_len: f.max_len,
            read_only: f.read_only,
            required_on_create: f.required_on_create,
            csv: f.csv.clone(),
            csv_max_len: f.csv_max_len,
            required: false,
            min: None,
            max: None,
            key_prefix: None,
            send_empty: false,
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
