//! Endpoints as values: per endpoint an `EndpointSpec` static (the shared table row) and a
//! request type (`GetContacts`) whose required values go to `new(..)` and optional ones to
//! chained setters. Its `Endpoint` impl (validation and the wire form) is emitted by
//! [`super::request`], its `FromIncoming` impl (the server side) by [`super::incoming`].

use proc_macro2::TokenStream;
use quote::quote;

use super::members::{Member, Slot, ValueTy, members, scalar_type};
use super::{doc, ident, type_path};
use crate::ir::{Endpoint, PageItems, Response};

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
        ValueTy::V3Id(_) => {
            let t = scalar_type(ty);
            (
                quote!(impl ::std::convert::Into<#t>),
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
    matches!(
        ty,
        ValueTy::String | ValueTy::Id(_) | ValueTy::V3Id(_) | ValueTy::Csv
    )
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
