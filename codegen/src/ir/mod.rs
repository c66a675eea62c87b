//! The validated, resolved model of the schema.
//!
//! [`build`] parses every source, checks everything a later stage relies on, and resolves
//! every name. Problems are collected, not stopped at: one run reports every error, each
//! naming its file and key. Once a [`Model`] exists, emission cannot fail.
//!
//! One module per job: [`model`] holds the IR types, `v1` lowers XML resources, `v3` lowers
//! JSON resources, `endpoints` lowers endpoints and `forms` their form bodies; this module
//! ties them together and resolves what crosses files (type names, cursor paging).

mod endpoints;
mod forms;
pub mod model;
mod v1;
mod v3;

pub use model::*;

use endpoints::build_endpoint;
use forms::build_form;
use v1::build_resource;
use v3::build_json_resource;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::Source;
use crate::error::SchemaError;
use crate::naming;
use crate::spec;

pub(crate) struct Ctx<'a> {
    pub(crate) errors: Vec<SchemaError>,
    pub(crate) file: &'a str,
}

impl Ctx<'_> {
    pub(crate) fn err(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SchemaError::new(self.file, key, message));
    }
}

/// What a type name refers to, across all files of one API.
#[derive(Clone)]
pub(crate) enum Named {
    Enum(String),
    Id(IdRef),
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
        for id in &f.ids {
            declare(
                &id.name,
                format!("id.{}", id.name),
                Named::Id(IdRef {
                    name: id.name.clone(),
                    family: f.family.name.clone(),
                    integer: id.repr == "integer",
                }),
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

    let mut apis: BTreeMap<Api, Vec<Family>> = BTreeMap::new();
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
        let api = Api::parse(&f.family.api);
        if api.is_none() {
            cx.err(
                "family.api",
                format!("unknown API {:?}: expected \"v1\" or \"v3\"", f.family.api),
            );
        }
        let json = api.is_some_and(Api::is_json);
        if !naming::is_snake_name(&f.family.name) {
            cx.err(
                "family.name",
                format!("{:?} is not a snake_case module name", f.family.name),
            );
        }
        let enums = f.enums.iter().map(|e| build_enum(&mut cx, e)).collect();
        let ids = build_ids(&mut cx, json, &f.ids);
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
            if let Some(ep) = api.and_then(|api| build_endpoint(&mut cx, api, e, &lookup)) {
                endpoints.push(ep);
            }
        }
        errors.extend(cx.errors);
        let Some(api) = api else { continue };
        apis.entry(api).or_default().push(Family {
            source: file.to_owned(),
            name: f.family.name.clone(),
            api,
            json,
            doc: f.family.doc.clone(),
            reference: f.family.reference.clone(),
            enums,
            ids,
            resources,
            endpoints,
        });
    }
    resolve_cursors(&mut apis, &mut errors);
    check_request_type_names(&apis, &mut errors);
    if errors.is_empty() {
        Ok(Model { apis })
    } else {
        Err(errors)
    }
}

/// The `[[id]]` declarations of a family: V3 only, UpperCamelCase, `string` or `integer`.
fn build_ids(cx: &mut Ctx<'_>, json: bool, ids: &[spec::IdDecl]) -> Vec<IdType> {
    let mut out = Vec::new();
    for id in ids {
        let key = format!("id.{}", id.name);
        if !json {
            cx.err(
                &key,
                "typed ids are declared in V3 families; V1 ids are `ctct_models::ids` kinds",
            );
        }
        if !naming::is_type_name(&id.name) {
            cx.err(
                &key,
                format!("{:?} is not an UpperCamelCase type name", id.name),
            );
        }
        let integer = match id.repr.as_str() {
            "string" => false,
            "integer" => true,
            other => {
                cx.err(
                    format!("{key}.repr"),
                    format!("unknown repr {other:?}: expected \"string\" or \"integer\""),
                );
                false
            }
        };
        out.push(IdType {
            name: id.name.clone(),
            integer,
            doc: id.doc.clone(),
        });
    }
    out
}

/// A request type (`GetContacts`) may not share its name with a resource or enum of its API.
fn check_request_type_names(apis: &BTreeMap<Api, Vec<Family>>, errors: &mut Vec<SchemaError>) {
    for families in apis.values() {
        let taken: BTreeSet<&str> = families
            .iter()
            .flat_map(|f| {
                f.resources
                    .iter()
                    .map(|r| r.name.as_str())
                    .chain(f.enums.iter().map(|e| e.name.as_str()))
            })
            .collect();
        for f in families {
            for e in &f.endpoints {
                if taken.contains(e.type_name.as_str()) {
                    errors.push(SchemaError::new(
                        f.source.clone(),
                        format!("endpoint.{}", e.name),
                        format!(
                            "its request type `{}` would have the name of a resource or enum; rename the endpoint",
                            e.type_name
                        ),
                    ));
                }
            }
        }
    }
}

/// Marks the response of every cursor-paged endpoint with the path to its next link
/// (`_links.next.href`), or reports why it has none.
fn resolve_cursors(apis: &mut BTreeMap<Api, Vec<Family>>, errors: &mut Vec<SchemaError>) {
    for families in apis.values_mut() {
        let mut wanted = Vec::new();
        for f in families.iter() {
            for e in &f.endpoints {
                if let (true, Response::Json(t)) = (e.paging == Paging::Cursor, &e.response) {
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
            let items = find(&name).and_then(|r| {
                let mut arrays = r.fields.iter().filter(|f| f.many && f.wire != "_links");
                match (arrays.next(), arrays.next()) {
                    (Some(f), None) => Some(PageItems::Field {
                        rust: f.rust.clone(),
                        ty: f.ty.clone(),
                    }),
                    _ => None,
                }
            });
            if items.is_none() {
                errors.push(SchemaError::new(
                    source.clone(),
                    format!("endpoint.{endpoint}.paging"),
                    format!("cursor paging needs {name:?} to have exactly one array field (the page's items)"),
                ));
            }
            let path = find(&name).and_then(|r| {
                let (links, ty) = field(r, "_links")?;
                let (next, ty) = field(part(&ty)?, "next")?;
                let (href, ty) = field(part(&ty)?, "href")?;
                (ty == Type::String).then_some([links, next, href])
            });
            for f in families.iter_mut() {
                for e in &mut f.endpoints {
                    if e.name == endpoint {
                        e.items.clone_from(&items);
                    }
                }
            }
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
