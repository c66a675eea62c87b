//! The values of a request type, read off an endpoint of the IR: what each one is called on
//! the wire and in Rust, its type, whether `new(..)` takes it, and where it travels. The
//! request type ([`super::endpoints`]), its wire form ([`super::request`]) and its server-side
//! reading ([`super::incoming`]) are all emitted from this one list.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_path};
use crate::ir::{Endpoint, FormType, IdRef, ParamKind, QueryType};

/// How a request type holds one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// In `new(..)`, a plain value.
    Required,
    /// A setter, an `Option`.
    Optional,
    /// A setter taking any iterator, a `Vec`.
    Repeated,
}

/// The type of one value of a request type.
#[derive(Debug, Clone)]
pub(crate) enum ValueTy {
    /// A `String` (an opaque path segment or a text parameter).
    String,
    /// `i64`.
    Integer,
    /// `bool`.
    Boolean,
    /// `crate::DateTime`.
    DateTime,
    /// A generated closed value set.
    Enum(TokenStream),
    /// A typed V1 id.
    Id(String),
    /// A typed V3 id.
    V3Id(IdRef),
    /// A CSV file part (`crate::form_read::CsvFile`).
    Csv,
    /// The request body's payload type.
    Payload(TokenStream),
}

/// Where a value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A `{placeholder}` of the path, with its index.
    Path(usize),
    /// The request body.
    Body,
    /// A form field.
    Form,
    /// A query parameter.
    Query,
}

/// One value of a request type.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The Rust field, setter and argument name.
    pub rust: String,
    /// The wire name (placeholder, form field or query parameter).
    pub wire: String,
    pub ty: ValueTy,
    pub slot: Slot,
    pub place: Place,
    pub doc: String,
}

/// Every value of an endpoint's request type, in wire order: path, body, form, query.
pub(crate) fn members(e: &Endpoint) -> Vec<Member> {
    let mut out = Vec::new();
    for (i, (hole, kind)) in e.params.iter().enumerate() {
        let (ty, doc) = match kind {
            ParamKind::Segment => (ValueTy::String, format!("The `{{{hole}}}` path segment.")),
            ParamKind::Id(kind) => (
                ValueTy::Id(kind.clone()),
                format!("The `{kind}` in `{{{hole}}}`."),
            ),
            ParamKind::V3Id(id) => (
                ValueTy::V3Id(id.clone()),
                format!("The `{}` in `{{{hole}}}`.", id.name),
            ),
        };
        out.push(Member {
            rust: hole.clone(),
            wire: hole.clone(),
            ty,
            slot: Slot::Required,
            place: Place::Path(i),
            doc,
        });
    }
    if let Some(t) = &e.request {
        let how = if e.api.is_json() {
            "sent as the JSON body"
        } else {
            "sent as the entry's content"
        };
        out.push(Member {
            rust: "payload".into(),
            wire: "payload".into(),
            ty: ValueTy::Payload(type_path(&t.family, &t.name)),
            slot: Slot::Required,
            place: Place::Body,
            doc: format!("The `{}` {how}; validated before sending.", t.name),
        });
    }
    if let Some(form) = &e.form {
        for f in form.fields.iter().filter(|f| f.value.is_none()) {
            let ty = match &f.ty {
                FormType::String => ValueTy::String,
                FormType::Boolean => ValueTy::Boolean,
                FormType::Table => ValueTy::Csv,
                FormType::Enum { name, family } => ValueTy::Enum(type_path(family, name)),
                FormType::Id(kind) => ValueTy::Id(kind.clone()),
                FormType::V3Id(id) => ValueTy::V3Id(id.clone()),
            };
            let slot = match (f.repeated, f.required) {
                (true, _) => Slot::Repeated,
                (false, true) => Slot::Required,
                (false, false) => Slot::Optional,
            };
            let mut doc = format!("Form field `{}`: {}", f.wire, f.doc.trim());
            if f.repeated {
                doc.push_str(if f.required {
                    " (at least one value; the field repeats)"
                } else {
                    " (the field repeats)"
                });
            }
            out.push(Member {
                rust: f.rust.clone(),
                wire: f.wire.clone(),
                ty,
                slot,
                place: Place::Form,
                doc,
            });
        }
    }
    for q in &e.query {
        let ty = match &q.ty {
            QueryType::String => ValueTy::String,
            QueryType::Integer => ValueTy::Integer,
            QueryType::Boolean => ValueTy::Boolean,
            QueryType::DateTime => ValueTy::DateTime,
            QueryType::Enum { name, family } => ValueTy::Enum(type_path(family, name)),
            QueryType::Id(kind) => ValueTy::Id(kind.clone()),
            QueryType::V3Id(id) => ValueTy::V3Id(id.clone()),
        };
        let slot = match (q.repeated, q.required) {
            (true, _) => Slot::Repeated,
            (false, true) => Slot::Required,
            (false, false) => Slot::Optional,
        };
        let mut doc = format!("`{}=`: {}", q.wire, q.doc.trim());
        if let Some((min, max)) = q.range {
            doc.push_str(&format!(" ({min} to {max})"));
        }
        if let Some((min, max)) = q.count {
            if max == usize::MAX {
                doc.push_str(&format!(" (at least {min})"));
            } else {
                doc.push_str(&format!(" ({min} to {max} values)"));
            }
        }
        out.push(Member {
            rust: q.rust.clone(),
            wire: q.wire.clone(),
            ty,
            slot,
            place: Place::Query,
            doc,
        });
    }
    out
}

/// The type one value is stored as.
pub(crate) fn scalar_type(ty: &ValueTy) -> TokenStream {
    match ty {
        ValueTy::String => quote!(::std::string::String),
        ValueTy::Integer => quote!(i64),
        ValueTy::Boolean => quote!(bool),
        ValueTy::DateTime => quote!(crate::DateTime),
        ValueTy::Enum(p) | ValueTy::Payload(p) => p.clone(),
        ValueTy::Id(kind) => {
            let k = ident(kind);
            quote!(crate::ids::#k)
        }
        ValueTy::V3Id(id) => type_path(&id.family, &id.name),
        ValueTy::Csv => quote!(crate::form_read::CsvFile),
    }
}
