//! The comparison: one line per difference, sorted.

use std::collections::{BTreeMap, BTreeSet};

use codegen::ir::{Endpoint, Field, Model, QueryType, Resource, Response, Type};
use serde_norway::Value;

use super::Contract;

/// How deep nested objects are followed (the contract's shapes are shallow; this bounds cycles).
const MAX_DEPTH: usize = 8;

/// Lists every difference between the V3 part of `model` and the operations of `contract`
/// tagged with one of `tags`, sorted and without duplicates.
pub fn diff(contract: &Contract, model: &Model, tags: &[String]) -> Vec<String> {
    let cx = Cx::new(model);
    let mut out = BTreeSet::new();
    let ops = contract.operations();
    let all: BTreeSet<(String, String)> = ops
        .iter()
        .map(|(m, p, ..)| (m.clone(), p.clone()))
        .collect();
    for (method, path, id, tag, op) in &ops {
        if !tags.iter().any(|t| t == tag) {
            continue;
        }
        let at = format!("{method} {path}");
        match cx.endpoints.get(&(method.clone(), path.clone())) {
            None => {
                out.insert(format!(
                    "{at}: operation {id} ({tag}) is missing from the schema"
                ));
            }
            Some(e) => operation(&cx, contract, &at, op, e, &mut out),
        }
    }
    for (method, path) in cx.endpoints.keys() {
        if !all.contains(&(method.clone(), path.clone())) {
            out.insert(format!(
                "{method} {path}: in the schema but not an operation of the contract"
            ));
        }
    }
    out.into_iter().collect()
}

struct Cx<'a> {
    endpoints: BTreeMap<(String, String), &'a Endpoint>,
    resources: BTreeMap<&'a str, &'a Resource>,
    enums: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Cx<'a> {
    fn new(model: &'a Model) -> Self {
        let mut cx = Cx {
            endpoints: BTreeMap::new(),
            resources: BTreeMap::new(),
            enums: BTreeMap::new(),
        };
        for family in model.apis.get(&codegen::ir::Api::V3).into_iter().flatten() {
            for e in &family.endpoints {
                cx.endpoints
                    .insert((e.method.as_str().to_owned(), e.path.clone()), e);
            }
            for r in &family.resources {
                cx.resources.insert(&r.name, r);
            }
            for en in &family.enums {
                cx.enums.insert(
                    &en.name,
                    en.variants.iter().map(|v| v.wire.as_str()).collect(),
                );
            }
        }
        cx
    }
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn int_of(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn show<T: std::fmt::Debug>(v: Option<T>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| format!("{v:?}"))
}

fn operation(
    cx: &Cx<'_>,
    contract: &Contract,
    at: &str,
    op: &Value,
    e: &Endpoint,
    out: &mut BTreeSet<String>,
) {
    let params: Vec<&Value> = op
        .get("parameters")
        .and_then(Value::as_sequence)
        .map(|s| s.iter().map(|p| contract.resolve(p)).collect())
        .unwrap_or_default();
    let of = |place: &str| -> Vec<&Value> {
        params
            .iter()
            .copied()
            .filter(|p| str_of(p, "in") == Some(place))
            .collect()
    };
    // Path parameters: the same names.
    let want: BTreeSet<&str> = of("path")
        .iter()
        .filter_map(|p| str_of(p, "name"))
        .collect();
    let have: BTreeSet<&str> = e.params.iter().map(|(n, _)| n.as_str()).collect();
    for n in want.difference(&have) {
        out.insert(format!(
            "{at}: path parameter {n} is missing from the schema"
        ));
    }
    for n in have.difference(&want) {
        out.insert(format!("{at}: path parameter {n} is not in the contract"));
    }
    // Query parameters.
    let query = of("query");
    for p in &query {
        let name = str_of(p, "name").unwrap_or_default();
        let key = format!("{at}: query {name}");
        match e.query.iter().find(|q| q.wire == name) {
            None => {
                out.insert(format!("{key}: missing from the schema"));
            }
            Some(q) => query_param(cx, &key, p, q, out),
        }
    }
    for q in &e.query {
        if !query
            .iter()
            .any(|p| str_of(p, "name") == Some(q.wire.as_str()))
        {
            out.insert(format!("{at}: query {}: not in the contract", q.wire));
        }
    }
    // Form fields.
    let form = of("formData");
    let fields = e
        .form
        .as_ref()
        .map(|f| f.fields.as_slice())
        .unwrap_or_default();
    for p in &form {
        let name = str_of(p, "name").unwrap_or_default();
        let key = format!("{at}: form {name}");
        let Some(f) = fields.iter().find(|f| f.wire == name) else {
            out.insert(format!("{key}: missing from the schema"));
            continue;
        };
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        if required != f.required {
            out.insert(format!(
                "{key}: required is {required} in the contract, {} in the schema",
                f.required
            ));
        }
        let list = str_of(p, "format") == Some("csv") || str_of(p, "type") == Some("array");
        if list && int_of(p, "maxItems").map(|n| n as usize) != f.max {
            out.insert(format!(
                "{key}: maxItems {} in the contract, {} in the schema",
                show(int_of(p, "maxItems")),
                show(f.max)
            ));
        }
        if let Some(values) = p.get("enum") {
            let want = strings(Some(values));
            let have = match &f.ty {
                codegen::ir::FormType::Enum { name, .. } => cx.enums.get(name.as_str()).cloned(),
                _ => None,
            };
            enum_values(&key, &want, have.as_deref(), out);
        }
    }
    for f in fields {
        if f.value.is_none()
            && !form
                .iter()
                .any(|p| str_of(p, "name") == Some(f.wire.as_str()))
        {
            out.insert(format!("{at}: form {}: not in the contract", f.wire));
        }
    }
    // Body.
    let body = of("body").first().and_then(|p| p.get("schema"));
    match (body, &e.request) {
        (Some(schema), Some(r)) => match cx.resources.get(r.name.as_str()) {
            Some(res) => object(
                cx,
                contract,
                &format!("{at}: body"),
                schema,
                res,
                true,
                0,
                out,
            ),
            None => {
                out.insert(format!("{at}: body type {} is not a V3 resource", r.name));
            }
        },
        (Some(_), None) => {
            out.insert(format!(
                "{at}: the contract sends a JSON body; the schema has no `request`"
            ));
        }
        (None, Some(r)) => {
            out.insert(format!(
                "{at}: the schema sends {}; the contract has no body",
                r.name
            ));
        }
        (None, None) => {}
    }
    // Success statuses and the response.
    let responses = op.get("responses").and_then(Value::as_mapping);
    let mut codes = BTreeSet::new();
    let mut first = None;
    for (code, r) in responses.into_iter().flatten() {
        let code = code
            .as_u64()
            .or_else(|| code.as_str().and_then(|c| c.parse().ok()))
            .unwrap_or(0);
        if (200..300).contains(&code) {
            codes.insert(code as u16);
            if first.is_none() && r.get("schema").is_some() {
                first = r.get("schema");
            }
        }
    }
    // OAuth scopes: every scope any of the security requirements names (the contract lists
    // the same scopes under each of its OAuth flows).
    let want: BTreeSet<String> = op
        .get("security")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(Value::as_mapping)
        .flat_map(|m| m.values())
        .flat_map(|v| strings(Some(v)))
        .collect();
    let have_scopes: BTreeSet<String> = e.scopes.iter().cloned().collect();
    if want != have_scopes {
        out.insert(format!(
            "{at}: scopes {want:?} in the contract, {have_scopes:?} in the schema"
        ));
    }
    let have: BTreeSet<u16> = e.success.iter().copied().collect();
    if codes != have {
        out.insert(format!(
            "{at}: success statuses {codes:?} in the contract, {have:?} in the schema"
        ));
    }
    let csv = strings(op.get("produces")).iter().any(|p| p == "text/csv");
    match (&e.response, first) {
        (Response::Json(t), Some(schema)) => match cx.resources.get(t.name.as_str()) {
            Some(res) => object(
                cx,
                contract,
                &format!("{at}: response"),
                schema,
                res,
                false,
                0,
                out,
            ),
            None => {
                out.insert(format!(
                    "{at}: response type {} is not a V3 resource",
                    t.name
                ));
            }
        },
        (Response::Raw, Some(_)) if csv => {}
        (Response::Empty, None) => {}
        (r, s) => {
            out.insert(format!(
                "{at}: response is {} in the contract, {r:?} in the schema",
                if s.is_none() {
                    "empty"
                } else if csv {
                    "a file"
                } else {
                    "a JSON body"
                }
            ));
        }
    }
}

fn query_param(
    cx: &Cx<'_>,
    key: &str,
    p: &Value,
    q: &codegen::ir::Query,
    out: &mut BTreeSet<String>,
) {
    let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
    if required != q.required {
        out.insert(format!(
            "{key}: required is {required} in the contract, {} in the schema",
            q.required
        ));
    }
    let ty = str_of(p, "type").unwrap_or("string");
    let numeric_default = p.get("default").is_some_and(|d| {
        d.as_i64().is_some() || d.as_str().is_some_and(|s| s.parse::<i64>().is_ok())
    });
    let list = str_of(p, "format") == Some("csv")
        || ty == "array"
        || p.get("maxItems").is_some()
        || (ty == "string" && q.repeated && int_of(p, "maximum").is_some());
    if list != q.repeated {
        out.insert(format!(
            "{key}: a list is {list} in the contract, {} in the schema",
            q.repeated
        ));
    }
    let fits = match (&q.ty, ty) {
        (QueryType::Integer, "integer") => true,
        (QueryType::Integer, "string") => numeric_default,
        (QueryType::Boolean, "boolean") => true,
        (QueryType::String | QueryType::Enum { .. } | QueryType::Id(_), "string" | "array") => true,
        (QueryType::DateTime, "string") => true,
        (QueryType::V3Id(id), "integer") => id.integer,
        (QueryType::V3Id(id), "string" | "array") => !id.integer,
        _ => false,
    };
    if !fits {
        out.insert(format!(
            "{key}: type {ty} in the contract, {:?} in the schema",
            q.ty
        ));
    }
    if ty == "string" && str_of(p, "format") == Some("date-time") && q.ty != QueryType::DateTime {
        out.insert(format!(
            "{key}: a date-time in the contract, {:?} in the schema",
            q.ty
        ));
    }
    let values = p
        .get("enum")
        .or_else(|| p.get("items").and_then(|i| i.get("enum")));
    if let Some(values) = values {
        let have = match &q.ty {
            QueryType::Enum { name, .. } => cx.enums.get(name.as_str()).cloned(),
            _ => None,
        };
        enum_values(key, &strings(Some(values)), have.as_deref(), out);
    }
    if q.repeated {
        let want = int_of(p, "maxItems").or_else(|| int_of(p, "maximum"));
        let have = q
            .count
            .map(|(_, max)| max as i64)
            .filter(|&m| m != usize::MAX as i64);
        if want.is_some() && want != have {
            out.insert(format!(
                "{key}: most values {} in the contract, {} in the schema",
                show(want),
                show(have)
            ));
        }
    } else if q.ty == QueryType::Integer {
        let lo = int_of(p, "minimum").or_else(|| int_of(p, "minLength"));
        let hi = int_of(p, "maximum").or_else(|| int_of(p, "maxLength"));
        let (have_lo, have_hi) = q
            .range
            .map_or((None, None), |(a, b)| (Some(a as i64), Some(b as i64)));
        if (lo.is_some() && lo != have_lo) || (hi.is_some() && hi != have_hi) {
            out.insert(format!(
                "{key}: range {}..{} in the contract, {}..{} in the schema",
                show(lo),
                show(hi),
                show(have_lo),
                show(have_hi)
            ));
        }
    } else if int_of(p, "maxLength").is_some_and(|n| Some(n as usize) != q.max_len) {
        out.insert(format!(
            "{key}: maxLength {} in the contract, {} in the schema",
            show(int_of(p, "maxLength")),
            show(q.max_len)
        ));
    }
}

fn enum_values(key: &str, want: &[String], have: Option<&[&str]>, out: &mut BTreeSet<String>) {
    let Some(have) = have else {
        out.insert(format!(
            "{key}: an enum ({}) in the contract, not in the schema",
            want.join(", ")
        ));
        return;
    };
    for v in want {
        if !have.contains(&v.as_str()) {
            out.insert(format!(
                "{key}: enum value {v:?} is missing from the schema"
            ));
        }
    }
    for v in have {
        if !want.iter().any(|w| w == v) {
            out.insert(format!("{key}: enum value {v:?} is not in the contract"));
        }
    }
}

/// Compares an object schema with a resource, property by property.
#[allow(clippy::too_many_arguments)]
fn object(
    cx: &Cx<'_>,
    contract: &Contract,
    at: &str,
    schema: &Value,
    r: &Resource,
    request: bool,
    depth: usize,
    out: &mut BTreeSet<String>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = contract.resolve(schema);
    if str_of(schema, "type") == Some("array") {
        match (r.array, r.fields.first(), schema.get("items")) {
            (true, Some(f), Some(_)) => field(
                cx,
                contract,
                &format!("{at}[]"),
                schema,
                None,
                f,
                request,
                depth,
                out,
            ),
            _ => {
                out.insert(format!(
                    "{at}: a bare array in the contract, {} in the schema",
                    r.name
                ));
            }
        }
        return;
    }
    if r.array {
        out.insert(format!(
            "{at}: an object in the contract, the bare array {} in the schema",
            r.name
        ));
        return;
    }
    let required = strings(schema.get("required"));
    let empty = serde_norway::Mapping::new();
    let props = schema
        .get("properties")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    let mut seen = BTreeSet::new();
    for (k, v) in props {
        let Some(k) = k.as_str() else { continue };
        let v = contract.resolve(v);
        let read_only = v.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        let key = format!("{at}.{k}");
        // A documented example of inlined keys (`cf:name`) belongs to a map field.
        let inlined = r.fields.iter().any(|f| {
            f.ty == Type::Map && f.key_prefix.as_deref().is_some_and(|p| k.starts_with(p))
        });
        if inlined {
            seen.insert(k.to_owned());
            continue;
        }
        let found = r.fields.iter().find(|f| f.wire == k);
        if request && read_only {
            if found.is_some() {
                out.insert(format!(
                    "{key}: read-only in the contract, sent by {}",
                    r.name
                ));
            }
            seen.insert(k.to_owned());
            continue;
        }
        seen.insert(k.to_owned());
        match found {
            None => {
                out.insert(format!("{key}: missing from {}", r.name));
            }
            Some(f) => {
                let req = required.iter().any(|x| x == k);
                field(cx, contract, &key, v, Some(req), f, request, depth, out);
            }
        }
    }
    for f in &r.fields {
        if f.ty != Type::Map && !seen.contains(&f.wire) {
            out.insert(format!(
                "{at}.{}: in {} but not in the contract",
                f.wire, r.name
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn field(
    cx: &Cx<'_>,
    contract: &Contract,
    key: &str,
    v: &Value,
    required: Option<bool>,
    f: &Field,
    request: bool,
    depth: usize,
    out: &mut BTreeSet<String>,
) {
    let v = contract.resolve(v);
    if request
        && let Some(req) = required
        && req != f.required
    {
        out.insert(format!(
            "{key}: required is {req} in the contract, {} in the schema",
            f.required
        ));
    }
    let is_array = str_of(v, "type") == Some("array");
    if is_array != f.many {
        out.insert(format!(
            "{key}: an array is {is_array} in the contract, {} in the schema",
            f.many
        ));
    }
    if is_array {
        // `maxItems: 0` would allow only an empty array; the contract gives it on arrays its
        // own text limits (50 lists, 500 contacts), so it is a contradiction the schema
        // resolves (and documents on the field), not a limit to compare.
        let want = int_of(v, "maxItems").filter(|&n| n != 0);
        if want.is_some() && want != f.max {
            out.insert(format!(
                "{key}: maxItems {} in the contract, {} in the schema",
                show(want),
                show(f.max)
            ));
        }
        let want = int_of(v, "minItems");
        if want.is_some() && want != f.min {
            out.insert(format!(
                "{key}: minItems {} in the contract, {} in the schema",
                show(want),
                show(f.min)
            ));
        }
    }
    let item = if is_array {
        v.get("items").map(|i| contract.resolve(i)).unwrap_or(v)
    } else {
        v
    };
    let ty = str_of(item, "type").unwrap_or(if item.get("properties").is_some() {
        "object"
    } else {
        "string"
    });
    let format = str_of(item, "format");
    let fits = match (&f.ty, ty, format) {
        (Type::DateTime, "string", Some("date-time")) => true,
        (Type::Date, "string", Some("date")) => true,
        (Type::String, "string", f) => !matches!(f, Some("date-time" | "date")),
        (Type::Enum { .. }, "string", _) => true,
        (Type::Integer, "integer", _) => true,
        (Type::Number, "number", _) => true,
        (Type::Boolean, "boolean", _) => true,
        (Type::Resource { .. }, "object", _) => true,
        // Free-form: an object whose keys the service chooses.
        (Type::Json, "object", _) => item
            .get("properties")
            .is_none_or(|p| p.as_mapping().is_none_or(|m| m.is_empty())),
        // A typed id keeps its wire type: a UUID string, or an integer (segments).
        (Type::V3Id(id), "integer", _) => id.integer,
        (Type::V3Id(id), "string", f) => !id.integer && !matches!(f, Some("date-time" | "date")),
        _ => false,
    };
    if !fits {
        out.insert(format!(
            "{key}: type {ty}{} in the contract, {:?} in the schema",
            format.map(|f| format!(" ({f})")).unwrap_or_default(),
            f.ty
        ));
        return;
    }
    match &f.ty {
        Type::String => {
            let want = int_of(item, "maxLength").map(|n| n as usize);
            if want.is_some() && want != f.max_len {
                out.insert(format!(
                    "{key}: maxLength {} in the contract, {} in the schema",
                    show(want),
                    show(f.max_len)
                ));
            }
            if let Some(values) = item.get("enum") {
                enum_values(key, &strings(Some(values)), None, out);
            }
        }
        Type::Enum { name, .. } => {
            let want = strings(item.get("enum"));
            if !want.is_empty() {
                enum_values(
                    key,
                    &want,
                    cx.enums.get(name.as_str()).map(Vec::as_slice),
                    out,
                );
            }
        }
        Type::Integer if !f.many => {
            for (bound, have) in [("minimum", f.min), ("maximum", f.max)] {
                let want = int_of(item, bound);
                if want.is_some() && want != have {
                    out.insert(format!(
                        "{key}: {bound} {} in the contract, {} in the schema",
                        show(want),
                        show(have)
                    ));
                }
            }
        }
        Type::Resource { name, .. } => match cx.resources.get(name.as_str()) {
            Some(r) => object(cx, contract, key, item, r, request, depth + 1, out),
            None => {
                out.insert(format!("{key}: {name} is not a V3 resource"));
            }
        },
        _ => {}
    }
}
