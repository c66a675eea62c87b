//! Lowering of endpoints: path templates and their typed placeholders, query parameters,
//! bodies, responses, success statuses and paging.

use super::*;

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

pub(super) fn build_endpoint(
    cx: &mut Ctx<'_>,
    api: Api,
    e: &spec::Endpoint,
    lookup: &dyn Fn(&str) -> Option<Named>,
) -> Option<Endpoint> {
    let json = api.is_json();
    let key = format!("endpoint.{}", e.name);
    let before = cx.errors.len();
    if !naming::is_snake_name(&e.name) {
        cx.err(
            &key,
            format!("{:?} is not a snake_case function name", e.name),
        );
    }
    let method = HttpMethod::parse(&e.method).filter(|m| *m != HttpMethod::Patch || json);
    if method.is_none() {
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
            Some(kind) if kind == SEGMENT => params.push((hole.clone(), ParamKind::Segment)),
            Some(kind) if ID_KINDS.contains(&kind.as_str()) && !json => {
                params.push((hole.clone(), ParamKind::Id(kind.clone())))
            }
            Some(kind) => match lookup(kind) {
                Some(Named::Id(id)) if json => params.push((hole.clone(), ParamKind::V3Id(id))),
                _ => cx.err(
                    format!("{key}.params.{hole}"),
                    if json {
                        format!("unknown id type {kind:?}: expected an `[[id]]` of the API or \"{SEGMENT}\"")
                    } else {
                        format!(
                            "unknown id type {kind:?}: expected one of {} or \"{SEGMENT}\"",
                            ID_KINDS.join(", ")
                        )
                    },
                ),
            },
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
            id if ID_KINDS.contains(&id) && !json => QueryType::Id(id.to_owned()),
            name => match lookup(name) {
                Some(Named::Enum(family)) => QueryType::Enum {
                    name: name.to_owned(),
                    family,
                },
                Some(Named::Id(id)) => QueryType::V3Id(id),
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
        None | Some("none") => Paging::None,
        Some("next-link") => Paging::NextLink,
        Some("page-number") => Paging::PageNumber,
        Some("cursor") if json => Paging::Cursor,
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
            Paging::None
        }
    };
    if matches!(response, Some(Response::Feed(_))) && paging == Paging::None {
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
    let positional = params.len()
        + usize::from(request.is_some())
        + query.iter().filter(|q| q.required).count()
        + form.as_ref().map_or(0, |f| {
            f.fields
                .iter()
                .filter(|x| x.required && x.value.is_none())
                .count()
        });
    if positional > MAX_POSITIONAL {
        cx.err(
            &key,
            format!("the request type would take {positional} required values in `new(..)`; at most {MAX_POSITIONAL} are allowed (make some optional)"),
        );
        return None;
    }
    let scopes = match (&e.scopes, json) {
        (Some(scopes), true) => {
            for s in scopes {
                if !SCOPES.contains(&s.as_str()) {
                    cx.err(
                        format!("{key}.scopes"),
                        format!("unknown scope {s:?}: expected one of {}", SCOPES.join(", ")),
                    );
                }
            }
            scopes.clone()
        }
        (None, true) => {
            cx.err(
                format!("{key}.scopes"),
                "a V3 endpoint needs `scopes`: the OAuth scopes its security requirement lists (`[]` when any token will do)",
            );
            Vec::new()
        }
        (Some(_), false) => {
            cx.err(
                format!("{key}.scopes"),
                "`scopes` is a V3 key (V1 has no OAuth scopes)",
            );
            Vec::new()
        }
        (None, false) => Vec::new(),
    };
    if e.max_body.is_some() && request.is_none() && form.is_none() {
        cx.err(
            format!("{key}.max_body"),
            "max_body needs a request body or a form",
        );
    }
    let items = match &response {
        Some(Response::Feed(t)) => Some(PageItems::Feed(t.clone())),
        _ => None,
    };
    Some(Endpoint {
        name: e.name.clone(),
        const_name: naming::upper_snake(&e.name),
        type_name: naming::camel_case(&e.name),
        items,
        api,
        method: method?,
        path: e.path.clone(),
        params,
        query,
        request,
        form,
        response: response?,
        success: e.success.clone(),
        paging,
        accept: e.accept.clone().unwrap_or_else(|| media.to_owned()),
        content_type,
        scopes,
        max_body: e.max_body,
        doc: e.doc.clone(),
        reference: e.reference.clone(),
    })
}
