//! The server side of a request type: its `FromIncoming` impl, which reads path segments,
//! query parameters and the body back into the same value a client builds. It refuses what
//! has no value of the type (a missing required value, `limit=lots`, a body that does not
//! decode); limits and unknown enum values (kept as `Unknown`) are the server's to judge, with
//! the same checks the client runs available as `Endpoint::query_pairs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::members::{Member, Place, Slot, ValueTy};
use crate::ir::Endpoint;

/// An expression converting `v: &str` into the stored scalar; `kind` names the
/// `ParseErrorKind` for a bad value.
fn convert(m: &Member, kind: &TokenStream) -> TokenStream {
    let wire = &m.wire;
    let value = quote!(crate::incoming::value);
    match &m.ty {
        ValueTy::String => quote!(::std::borrow::ToOwned::to_owned(v)),
        ValueTy::Integer => quote!(#value::integer(#kind, #wire, v)?),
        ValueTy::Boolean => quote!(#value::boolean(#kind, #wire, v)?),
        ValueTy::DateTime => quote!(#value::datetime(#kind, #wire, v)?),
        ValueTy::Enum(p) => quote!(<#p as crate::enums::ClosedEnum>::from_wire(v)),
        ValueTy::Id(k) => {
            let k = ident(k);
            quote!(crate::ids::#k::parse_or_tail(incoming.account, v))
        }
        ValueTy::V3Id(id) => {
            let t = super::type_path(&id.family, &id.name);
            if id.integer {
                quote!(<#t as ::std::convert::From<i64>>::from(#value::integer(#kind, #wire, v)?))
            } else {
                quote!(<#t as ::std::convert::From<&str>>::from(v))
            }
        }
        ValueTy::Csv => quote!(crate::form_read::CsvFile::from_text(v)),
        ValueTy::Payload(_) => quote!(::std::unreachable!()),
    }
}

/// `let name = …;` reading one value.
fn read(e: &Endpoint, m: &Member) -> TokenStream {
    let a = ident(&m.rust);
    let wire = &m.wire;
    let (kind, first, all) = match m.place {
        Place::Path(i) => {
            let v = match &m.ty {
                ValueTy::Id(k) => {
                    let k = ident(k);
                    quote!(crate::ids::#k::new(incoming.account, incoming.param(#i, #wire)?))
                }
                ValueTy::V3Id(id) if id.integer => {
                    let t = super::type_path(&id.family, &id.name);
                    quote!(<#t as ::std::convert::From<i64>>::from(crate::incoming::value::integer(crate::incoming::ParseErrorKind::PathValue, #wire, incoming.param(#i, #wire)?)?))
                }
                ValueTy::V3Id(id) => {
                    let t = super::type_path(&id.family, &id.name);
                    quote!(<#t as ::std::convert::From<&str>>::from(incoming.param(#i, #wire)?))
                }
                _ => quote!(::std::borrow::ToOwned::to_owned(incoming.param(#i, #wire)?)),
            };
            return quote!(let #a = #v;);
        }
        Place::Body => {
            let get = match (&m.ty, e.api.is_json()) {
                (_, true) => quote!(incoming.json_body()?),
                (ValueTy::Payload(p), false) => quote!(incoming.atom_entry::<#p>()?.content),
                _ => quote!(incoming.atom_entry()?.content),
            };
            return quote!(let #a = #get;);
        }
        Place::Form => (
            quote!(crate::incoming::ParseErrorKind::Body),
            quote!(crate::incoming::field_first(&form, #wire)),
            quote!(crate::incoming::field_values(&form, #wire)),
        ),
        Place::Query => {
            let sep = e
                .query
                .iter()
                .find(|q| q.wire == m.wire)
                .and_then(|q| q.separator.clone());
            let sep = match sep {
                Some(s) => quote!(::std::option::Option::Some(#s)),
                None => quote!(::std::option::Option::None),
            };
            (
                quote!(crate::incoming::ParseErrorKind::Query),
                quote!(incoming.query_first(#wire)),
                quote!(incoming.query_values(#wire, #sep)),
            )
        }
    };
    let conv = convert(m, &kind);
    match m.slot {
        Slot::Required => quote! {
            let #a = {
                let v = crate::incoming::value::required(#kind, #wire, #first)?;
                #conv
            };
        },
        Slot::Optional => quote! {
            let #a = match #first {
                ::std::option::Option::Some(v) => ::std::option::Option::Some(#conv),
                ::std::option::Option::None => ::std::option::Option::None,
            };
        },
        Slot::Repeated => quote! {
            let mut #a = ::std::vec::Vec::new();
            for v in #all {
                #a.push(#conv);
            }
        },
    }
}

/// `impl FromIncoming for X`.
pub(crate) fn from_incoming(e: &Endpoint, members: &[Member]) -> TokenStream {
    let name = ident(&e.type_name);
    let form = e
        .form
        .as_ref()
        .map(|_| quote!(let form = incoming.form_fields()?;));
    let unused = members.is_empty().then(|| quote!(let _ = incoming;));
    let reads = members.iter().map(|m| read(e, m));
    let names = members.iter().map(|m| ident(&m.rust));
    quote! {
        impl crate::incoming::FromIncoming for #name {
            fn from_incoming(incoming: &crate::incoming::Incoming<'_>) -> ::std::result::Result<Self, crate::incoming::ParseError> {
                #unused
                #form
                #(#reads)*
                ::std::result::Result::Ok(Self { #(#names),* })
            }
        }
    }
}
