//! Fast readers for V1 payloads and parts: one `FastDecode` impl per resource, matching
//! each child element on its local name and namespace (the payload's namespace for its
//! own fields, Atom for links) and skipping everything else.
//!
//! The emitted code stands on `ctct_models::fastxml` (the pull reader and the `read_*`
//! helpers that name the resource and field in errors); it is the read path of every V1
//! body, while yaserde stays the writer and the reference decoder.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_path};
use crate::ir::{Field, Resource, Type};

/// The `FastDecode` impl of a V1 resource.
pub(crate) fn resource(r: &Resource) -> TokenStream {
    let name = ident(&r.name);
    let res = &r.name;
    let attrs = r.fields.iter().filter(|f| f.attribute).map(|f| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        if f.many {
            quote! {
                if let ::std::option::Option::Some(value) = crate::fastxml::read_attr(start, #wire, #res)? {
                    out.#id.push(value);
                }
            }
        } else {
            quote!(out.#id = crate::fastxml::read_attr(start, #wire, #res)?;)
        }
    });
    let arms = r
        .fields
        .iter()
        .filter(|f| !f.attribute)
        .map(|f| arm(res, f));
    quote! {
        impl crate::fastxml::FastDecode for #name {
            fn decode<'a>(
                r: &mut crate::fastxml::Reader<'a>,
                start: &crate::fastxml::Start<'a>,
                ns: crate::fastxml::Ns,
            ) -> ::std::result::Result<Self, crate::codec::DecodeError> {
                let _ = (start, ns);
                let mut out = <Self as ::std::default::Default>::default();
                #(#attrs)*
                while let ::std::option::Option::Some(child) = r.next_child()? {
                    match child.local {
                        #(#arms)*
                        _ => r.skip()?,
                    }
                }
                ::std::result::Result::Ok(out)
            }
        }
    }
}

fn arm(res: &str, f: &Field) -> TokenStream {
    let id = ident(&f.rust);
    let wire = &f.wire;
    let ns = match f.ty {
        Type::Link => quote!(crate::fastxml::Ns::Atom),
        _ => quote!(ns),
    };
    let whole = match &f.ty {
        Type::Link => Some(quote!(crate::atom::Link)),
        Type::Resource { name, family } => Some(type_path(family, name)),
        _ => None,
    };
    let body = match (whole, f.many) {
        (Some(ty), true) => quote! {
            out.#id.push(crate::fastxml::read_element::<#ty>(r, &child, ns, #res, #wire)?)
        },
        (Some(ty), false) => quote! {
            out.#id = ::std::option::Option::Some(
                crate::fastxml::read_element::<#ty>(r, &child, ns, #res, #wire)?,
            )
        },
        (None, true) => quote! {
            if let ::std::option::Option::Some(value) = crate::fastxml::read_text(r, #res, #wire)? {
                out.#id.push(value);
            }
        },
        (None, false) => quote!(out.#id = crate::fastxml::read_text(r, #res, #wire)?),
    };
    quote!(#wire if child.ns == #ns => { #body }
    )
}
