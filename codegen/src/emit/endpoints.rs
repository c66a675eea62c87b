//! Endpoints as values: per endpoint an `EndpointSpec` static (the shared table row) and a
//! request type (`GetContacts`) whose required values go to `new(..)` and optional ones to
//! chained setters. Its `Endpoint` impl (validation and the wire form) is emitted by
//! [`super::request`], its `FromIncoming` impl (the server side) by [`super::incoming`].

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, type_path};
use crate::ir::{Endpoint, FormType, PageItems, QueryType, Response, SEGMENT};

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
        let (ty, doc) = if kind == SEGMENT {
            (ValueTy::String, format!("The `{{{hole}}}` path segment."))
        } else {
            (
                ValueTy::Id(kind.clone()),
                format!("The `{kind}` in `{{{hole}}}`."),
            )
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
        ValueTy::Csv => quote!(crate::form_read::CsvFile),
    }
}

fn field_type(m: &Member) -> TokenStream {
    let t = scalar_type(&m.ty);
    match m.slot {
        Slot::Required => t,
        Slot::Optional => quote!(::std::option::Option<#t>),
        Slot::Repeated => quote!(::std::vec::Vec<#t>),
    }
}

/// The argument type a constructor or setter takes for one value, and how it becomes the
/// stored value.
fn argument(ty: &ValueTy, value: TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        ValueTy::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(::std::convert::Into::into(#value)),
        ),
        ValueTy::Id(kind) => {
            let k = ident(kind);
            (
                quote!(impl ::std::convert::Into<crate::ids::#k>),
                quote!(::std::convert::Into::into(#value)),
            )
        }
        ValueTy::Csv => (
            quote!(impl ::std::convert::Into<crate::form_read::CsvFile>),
            quote!(::std::convert::Into::into(#value)),
        ),
        other => (scalar_type(other), value),
    }
}

/// Whether a constructor or setter takes `impl Into<..>` for this type.
fn converts(ty: &ValueTy) -> bool {
    matches!(ty, ValueTy::String | ValueTy::Id(_) | ValueTy::Csv)
}

fn response_type(e: &Endpoint) -> TokenStream {
    match &e.response {
        Response::Feed(t) => {
            let p = type_path(&t.family, &t.name);
            quote!(crate::atom::Feed<#p>)
        }
        Response::Entry(t) if e.success.contains(&201) => {
            let p = type_path(&t.family, &t.name);
            quote!(crate::endpoint::Created<#p>)
        }
        Response::Entry(t) => {
            let p = type_path(&t.family, &t.name);
            quote!(crate::atom::Entry<#p>)
        }
        Response::Empty => quote!(crate::endpoint::NoContent),
        Response::Service => quote!(crate::service::ServiceDocument),
        Response::Raw => quote!(crate::endpoint::RawBody),
        Response::Json(t) => type_path(&t.family, &t.name),
    }
}

fn spec_static(e: &Endpoint) -> TokenStream {
    let c = ident(&e.const_name);
    let name = &e.name;
    let method = ident(e.method.variant());
    let api = ident(e.api.variant());
    let path = &e.path;
    let query = e.query.iter().map(|q| {
        let n = &q.wire;
        let req = q.required;
        let rep = q.repeated;
        quote!(crate::endpoint::QuerySpec { name: #n, required: #req, repeated: #rep })
    });
    let request = match &e.request {
        Some(t) if e.api.is_json() => {
            let name = &t.name;
            quote!(::std::option::Option::Some(#name))
        }
        Some(t) => {
            let el = &t.element;
            quote!(::std::option::Option::Some(#el))
        }
        None => quote!(::std::option::Option::None),
    };
    let response = match &e.response {
        Response::Feed(t) => {
            let el = &t.element;
            quote!(crate::endpoint::ResponseShape::Feed(#el))
        }
        Response::Entry(t) => {
            let el = &t.element;
            quote!(crate::endpoint::ResponseShape::Entry(#el))
        }
        Response::Empty => quote!(crate::endpoint::ResponseShape::Empty),
        Response::Service => quote!(crate::endpoint::ResponseShape::Service),
        Response::Raw => quote!(crate::endpoint::ResponseShape::Raw),
        Response::Json(t) => {
            let name = &t.name;
            quote!(crate::endpoint::ResponseShape::Json(#name))
        }
    };
    let success = &e.success;
    let paging = ident(e.paging.variant());
    let accept = &e.accept;
    let content_type = match &e.content_type {
        Some(ct) => quote!(::std::option::Option::Some(#ct)),
        None => quote!(::std::option::Option::None),
    };
    let reference = &e.reference;
    let scopes = &e.scopes;
    let max_body = match e.max_body {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    let fixed = e
        .form
        .iter()
        .flat_map(|f| &f.fields)
        .filter_map(|f| f.value.as_ref().map(|v| (f.wire.as_str(), v.as_str())))
        .map(|(k, v)| quote!((#k, #v)));
    let d = doc(&format!(
        "The table row for [`{}`]: `{} {}`.",
        e.type_name, e.method, e.path
    ));
    quote! {
        #d
        pub static #c: crate::endpoint::EndpointSpec = crate::endpoint::EndpointSpec {
            name: #name,
            api: crate::endpoint::Api::#api,
            method: crate::endpoint::Method::#method,
            path: #path,
            query: &[#(#query),*],
            request: #request,
            response: #response,
            success: &[#(#success),*],
            paging: crate::endpoint::Paging::#paging,
            accept: #accept,
            content_type: #content_type,
            fixed_form: &[#(#fixed),*],
            scopes: &[#(#scopes),*],
            max_body: #max_body,
            reference: #reference,
        };
    }
}

/// The struct, its constructor and setters.
fn request_type(e: &Endpoint, members: &[Member]) -> TokenStream {
    let name = ident(&e.type_name);
    let fields = members.iter().map(|m| {
        let f = ident(&m.rust);
        let t = field_type(m);
        let d = doc(&m.doc);
        quote!(#d pub #f: #t,)
    });
    let required: Vec<&Member> = members
        .iter()
        .filter(|m| m.slot == Slot::Required)
        .collect();
    let args = required.iter().map(|m| {
        let a = ident(&m.rust);
        let (t, _) = argument(&m.ty, quote!(#a));
        quote!(#a: #t)
    });
    let inits = members.iter().map(|m| {
        let f = ident(&m.rust);
        match m.slot {
            Slot::Required if converts(&m.ty) => quote!(#f: ::std::convert::Into::into(#f),),
            Slot::Required => quote!(#f,),
            Slot::Optional => quote!(#f: ::std::option::Option::None,),
            Slot::Repeated => quote!(#f: ::std::vec::Vec::new(),),
        }
    });
    let setters = members.iter().filter(|m| m.slot != Slot::Required).map(|m| {
        let f = ident(&m.rust);
        let d = doc(&format!("Sets {}", lower_first(&m.doc)));
        match m.slot {
            Slot::Optional => {
                let (t, v) = argument(&m.ty, quote!(value));
                quote! {
                    #d
                    #[must_use]
                    pub fn #f(mut self, value: #t) -> Self {
                        self.#f = ::std::option::Option::Some(#v);
                        self
                    }
                }
            }
            _ => {
                let (t, _) = argument(&m.ty, quote!(value));
                let items = if converts(&m.ty) {
                    quote!(::std::iter::Iterator::map(::std::iter::IntoIterator::into_iter(values), ::std::convert::Into::into))
                } else {
                    quote!(::std::iter::IntoIterator::into_iter(values))
                };
                quote! {
                    #d
                    #[must_use]
                    pub fn #f(mut self, values: impl ::std::iter::IntoIterator<Item = #t>) -> Self {
                        self.#f = ::std::iter::Iterator::collect(#items);
                        self
                    }
                }
            }
        }
    });
    let mut text = format!(
        "{}\n\nSends `{} {}`; success is {}.",
        e.doc.trim_end(),
        e.method,
        e.path,
        e.success
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" or ")
    );
    if !required.is_empty() {
        let names: Vec<String> = required.iter().map(|m| format!("`{}`", m.rust)).collect();
        text.push_str(&format!(
            " [`{}::new`] takes {}; every other value has a setter.",
            e.type_name,
            names.join(", ")
        ));
    }
    text.push_str(&format!(
        " Values are validated by [`crate::endpoint::Endpoint::to_request`], before anything is sent.\n\nReference: `{}`.",
        e.reference
    ));
    let d = doc(&text);
    let new_doc =
        doc("A request with the required values; set the optional ones with the setters.");
    let default = (required.is_empty()).then(|| {
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        #d
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            #new_doc
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
            #(#setters)*
        }
        #default
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some('`') | None => s.to_owned(),
        Some(first) => first.to_lowercase().chain(c).collect(),
    }
}

fn paginated(e: &Endpoint) -> TokenStream {
    let name = ident(&e.type_name);
    match &e.items {
        Some(PageItems::Feed(t)) => {
            let p = type_path(&t.family, &t.name);
            quote! {
                impl crate::endpoint::Paginated for #name {
                    type Item = #p;
                    fn page_items(page: crate::atom::Feed<#p>) -> ::std::vec::Vec<#p> {
                        ::std::iter::Iterator::collect(page.into_items())
                    }
                }
            }
        }
        Some(PageItems::Field { rust, ty }) => {
            let response = response_type(e);
            let item = super::json::scalar_type(ty);
            let f = ident(rust);
            quote! {
                impl crate::endpoint::Paginated for #name {
                    type Item = #item;
                    fn page_items(page: #response) -> ::std::vec::Vec<#item> {
                        page.#f.unwrap_or_default()
                    }
                }
            }
        }
        None => quote!(),
    }
}

pub(crate) fn endpoint(e: &Endpoint) -> TokenStream {
    let members = members(e);
    let s = spec_static(e);
    let t = request_type(e, &members);
    let r = super::request::endpoint_impl(e, &members, &response_type(e));
    let i = super::incoming::from_incoming(e, &members);
    let p = paginated(e);
    quote!(#s #t #r #i #p)
}
