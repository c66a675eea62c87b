//! Payload and part structs: yaserde attributes from the namespace style, the
//! `AtomPayload` derive on payloads, validation, presence and read-only clearing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, type_path};
use crate::ir::{Field, Resource, Role, Style, Type};

const CTCT_NS: &str = "http://ws.constantcontact.com/ns/1.0/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn scalar_type(ty: &Type) -> TokenStream {
    match ty {
        // Date, Map and Json are V3-only; the IR refuses them in XML families.
        Type::String | Type::Date | Type::Map | Type::Json => quote!(::std::string::String),
        Type::Number => quote!(f64),
        Type::Integer => quote!(i64),
        Type::Boolean => quote!(bool),
        Type::DateTime => quote!(crate::DateTime),
        Type::Link => quote!(crate::atom::Link),
        Type::Enum { name, family } | Type::Resource { name, family } => type_path(family, name),
        // V3-only; the IR refuses typed V3 ids in XML families.
        Type::V3Id(id) => type_path(&id.family, &id.name),
    }
}

fn field_type(f: &Field) -> TokenStream {
    let inner = scalar_type(&f.ty);
    if f.many {
        quote!(::std::vec::Vec<#inner>)
    } else {
        quote!(::std::option::Option<#inner>)
    }
}

fn field_doc(r: &Resource, f: &Field) -> TokenStream {
    let mut text = f.doc.trim_end().to_owned();
    let kind = if f.attribute { "attribute" } else { "element" };
    let ns = match (&f.ty, f.attribute, r.style) {
        (Type::Link, _, _) => " in the Atom namespace",
        (_, true, _) => "",
        (_, false, Style::Ctct) => " in the CTCT namespace",
        (_, false, Style::Unqualified) => " in no namespace",
    };
    text.push_str(&format!("\n\nXML {kind} `{}`{ns}", f.wire));
    if f.many {
        text.push_str(", repeated");
    }
    text.push('.');
    let mut facts = Vec::new();
    if let Some(n) = f.max_len {
        facts.push(format!("at most {n} characters"));
    }
    if f.read_only {
        facts.push("read-only (set by the server)".to_owned());
    }
    if f.required_on_create {
        facts.push("required on create".to_owned());
    }
    if !facts.is_empty() {
        text.push_str(&format!(" {}.", capitalize(&facts.join("; "))));
    }
    if let Some(reference) = &f.reference {
        text.push_str(&format!(" Reference: `{reference}`."));
    }
    doc(&text)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn yaserde_field_attr(r: &Resource, f: &Field) -> TokenStream {
    let xml = &f.wire;
    if f.attribute {
        return quote!(#[yaserde(attribute = true, rename = #xml)]);
    }
    match (&f.ty, r.style) {
        (Type::Link, _) => quote!(#[yaserde(rename = #xml, prefix = "atom")]),
        (_, Style::Ctct) => quote!(#[yaserde(rename = #xml, prefix = "ctct")]),
        (_, Style::Unqualified) => quote!(#[yaserde(rename = #xml)]),
    }
}

fn yaserde_struct_attr(r: &Resource) -> TokenStream {
    let element = &r.element;
    match r.style {
        Style::Ctct => quote! {
            #[yaserde(
                rename = #element,
                prefix = "ctct",
                default_namespace = "ctct",
                namespaces = { "ctct" = #CTCT_NS, "atom" = #ATOM_NS }
            )]
        },
        Style::Unqualified => quote! {
            #[yaserde(rename = #element, namespaces = { "atom" = #ATOM_NS })]
        },
    }
}

fn struct_doc(r: &Resource) -> TokenStream {
    let role = match (r.role, r.style) {
        (Role::Payload, Style::Ctct) => {
            "Travels as the `<content type=\"application/vnd.ctct+xml\">` of an Atom entry, in the CTCT namespace."
        }
        (Role::Payload, Style::Unqualified) => {
            "Travels inside `atom:content` of an `atom:`-prefixed entry, in no namespace."
        }
        (_, Style::Ctct) => "Nested inside another payload, in the CTCT namespace.",
        (_, Style::Unqualified) => "Nested inside another payload, in no namespace.",
    };
    doc(&format!(
        "{}\n\nXML element `{}`. {role}\n\nReference: `{}`.",
        r.doc.trim_end(),
        r.element,
        r.reference
    ))
}

fn validations(r: &Resource) -> Vec<TokenStream> {
    let res = &r.name;
    r.fields
        .iter()
        .filter(|f| !f.read_only)
        .flat_map(|f| {
            let id = ident(&f.rust);
            let xml = &f.wire;
            let mut checks = Vec::new();
            match (&f.ty, f.many) {
                (Type::String, false) => {
                    let max = opt_usize(f.max_len);
                    checks.push(quote!(crate::validate::check_text(#res, #xml, self.#id.as_deref(), #max)?;));
                }
                (Type::String, true) => {
                    let max = opt_usize(f.max_len);
                    checks.push(quote! {
                        for value in &self.#id {
                            crate::validate::check_text(#res, #xml, ::std::option::Option::Some(value), #max)?;
                        }
                    });
                }
                (Type::Enum { .. }, false) => {
                    checks.push(quote!(crate::validate::check_allowed(#res, #xml, self.#id.as_ref())?;));
                }
                (Type::Enum { .. }, true) => checks.push(quote! {
                    for value in &self.#id {
                        crate::validate::check_allowed(#res, #xml, ::std::option::Option::Some(value))?;
                    }
                }),
                (Type::Resource { .. }, _) => checks.push(quote! {
                    crate::validate::Validate::validate(&self.#id, kind).map_err(|e| e.within(#res, #xml))?;
                }),
                _ => {}
            }
            if f.required_on_create {
                checks.push(quote!(crate::validate::check_required(#res, #xml, &self.#id, kind)?;));
            }
            checks
        })
        .collect()
}

fn opt_usize(v: Option<usize>) -> TokenStream {
    match v {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

fn clear_read_only(r: &Resource) -> Vec<TokenStream> {
    r.fields
        .iter()
        .filter_map(|f| {
            let id = ident(&f.rust);
            if f.read_only {
                Some(if f.many {
                    quote!(self.#id = ::std::vec::Vec::new();)
                } else {
                    quote!(self.#id = ::std::option::Option::None;)
                })
            } else if matches!(f.ty, Type::Resource { .. }) {
                Some(if f.many {
                    quote!(for part in &mut self.#id { part.clear_read_only(); })
                } else {
                    quote!(if let ::std::option::Option::Some(part) = &mut self.#id { part.clear_read_only(); })
                })
            } else {
                None
            }
        })
        .collect()
}

/// Presence for `required_on_create`: a container (a part whose only element is repeated)
/// is present when it holds something; any other struct is present when it exists.
fn presence(r: &Resource) -> TokenStream {
    let elements: Vec<&Field> = r.fields.iter().filter(|f| !f.attribute).collect();
    match elements.as_slice() {
        [only] if only.many => {
            let id = ident(&only.rust);
            quote!(crate::validate::Presence::is_present(&self.#id))
        }
        _ => quote!(true),
    }
}

pub(crate) fn resource(r: &Resource) -> TokenStream {
    let name = ident(&r.name);
    let sdoc = struct_doc(r);
    let ys = yaserde_struct_attr(r);
    let (derive_atom, atom_attr) = if r.role == Role::Payload {
        let element = &r.element;
        let style = match r.style {
            Style::Ctct => "ctct",
            Style::Unqualified => "unqualified",
        };
        let summary = r.summary.as_ref().map(|s| quote!(, summary = #s));
        (
            quote!(, ::ctct_macros::AtomPayload),
            quote!(#[atom(element = #element, style = #style #summary)]),
        )
    } else {
        (quote!(), quote!())
    };
    let fields = r.fields.iter().map(|f| {
        let d = field_doc(r, f);
        let y = yaserde_field_attr(r, f);
        let id = ident(&f.rust);
        let ty = field_type(f);
        let atom_id =
            (r.role == Role::Payload && f.attribute && f.wire == "id").then(|| quote!(#[atom(id)]));
        quote! {
            #d
            #y
            #atom_id
            pub #id: #ty,
        }
    });
    let checks = validations(r);
    let kind_used =
        if r.fields.iter().any(|f| {
            !f.read_only && (f.required_on_create || matches!(f.ty, Type::Resource { .. }))
        }) {
            quote!()
        } else {
            quote!(let _ = kind;)
        };
    let clears = clear_read_only(r);
    let present = presence(r);
    let res_name = &r.name;
    let id_accessor = r.id_kind.as_ref().map(|kind| {
        let kind_id = ident(kind);
        let d = doc(&format!(
            "The typed id from the `id` attribute; an error naming the value if it is missing or is not a `{kind}`."
        ));
        quote! {
            #d
            pub fn resource_id(&self) -> ::std::result::Result<crate::ids::#kind_id, crate::ids::IdError> {
                crate::ids::#kind_id::parse(self.id.as_deref().unwrap_or_default())
            }
        }
    });
    let clear_doc = doc(&format!(
        "Clears every read-only field of this `{res_name}` (and of its parts): what a write need not send."
    ));
    quote! {
        #sdoc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::default::Default,
            ::yaserde::YaSerialize,
            ::yaserde::YaDeserialize
            #derive_atom
        )]
        #ys
        #atom_attr
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #id_accessor

            #clear_doc
            pub fn clear_read_only(&mut self) {
                #(#clears)*
            }
        }

        impl crate::validate::Validate for #name {
            fn validate(
                &self,
                kind: crate::validate::WriteKind,
            ) -> ::std::result::Result<(), crate::validate::ValidationError> {
                #kind_used
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }

        impl crate::validate::Presence for #name {
            fn is_present(&self) -> bool {
                #present
            }
        }
    }
}
