//! V3 JSON structs: serde derives, lenient responses (unknown keys kept in `extra`, every
//! field optional), strict requests (no read-only fields, required fields as plain values,
//! a `new` constructor, validation of lengths, counts and ranges).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, type_path};
use crate::ir::{Field, Resource, Role, Type};

pub(crate) fn scalar_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String | Type::Date => quote!(::std::string::String),
        Type::Integer => quote!(i64),
        Type::Number => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::DateTime => quote!(crate::DateTime),
        Type::Map => quote!(
            ::std::collections::BTreeMap<::std::string::String, ::std::string::String>
        ),
        Type::Json => quote!(::serde_json::Value),
        Type::Link => quote!(crate::atom::Link),
        Type::Enum { name, family } | Type::Resource { name, family } => type_path(family, name),
        Type::V3Id(id) => type_path(&id.family, &id.name),
    }
}

fn field_type(r: &Resource, f: &Field) -> TokenStream {
    let inner = scalar_type(&f.ty);
    if f.ty == Type::Map {
        return inner;
    }
    if f.send_empty {
        return quote!(::std::option::Option<::std::vec::Vec<#inner>>);
    }
    match (r.role.is_request(), f.many, f.required) {
        (false, true, _) => quote!(::std::option::Option<::std::vec::Vec<#inner>>),
        (false, false, _) => quote!(::std::option::Option<#inner>),
        (true, true, _) => quote!(::std::vec::Vec<#inner>),
        (true, false, true) => inner,
        (true, false, false) => quote!(::std::option::Option<#inner>),
    }
}

fn serde_attr(r: &Resource, f: &Field) -> TokenStream {
    let key = &f.wire;
    if r.array {
        return quote!();
    }
    if f.ty == Type::Map {
        return quote!(#[serde(flatten)]);
    }
    if f.send_empty {
        return quote!(
            #[serde(rename = #key, default, skip_serializing_if = "::std::option::Option::is_none")]
        );
    }
    match (r.role.is_request(), f.many, f.required) {
        (true, true, true) | (true, false, true) => quote!(#[serde(rename = #key)]),
        (true, true, false) => quote!(
            #[serde(rename = #key, default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        ),
        _ => quote!(
            #[serde(rename = #key, default, skip_serializing_if = "::std::option::Option::is_none")]
        ),
    }
}

fn field_doc(f: &Field) -> TokenStream {
    let mut text = f.doc.trim_end().to_owned();
    if f.ty == Type::Map {
        text.push_str("\n\nInlined JSON keys");
        if let Some(p) = &f.key_prefix {
            text.push_str(&format!(" starting with `{p}`"));
        }
    } else {
        text.push_str(&format!("\n\nJSON key `{}`", f.wire));
    }
    if f.many {
        text.push_str(", an array");
    }
    if f.send_empty {
        text.push_str("; `None` leaves it out, `Some(vec![])` sends `[]` (which says \"none\")");
    }
    text.push('.');
    let mut facts = Vec::new();
    if let Some(n) = f.max_len {
        facts.push(format!("at most {n} characters"));
    }
    match (f.many || f.ty == Type::Map, f.min, f.max) {
        (true, Some(min), Some(max)) => facts.push(format!("{min} to {max} items")),
        (true, None, Some(max)) => facts.push(format!("at most {max} items")),
        (false, Some(min), Some(max)) => facts.push(format!("{min} to {max}")),
        _ => {}
    }
    if f.read_only {
        facts.push("read-only (set by the server; request types do not have it)".to_owned());
    }
    if f.required {
        facts.push("required".to_owned());
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

fn struct_doc(r: &Resource) -> TokenStream {
    let role = match r.role {
        Role::Response => {
            "A V3 response body. Lenient: every field is optional (absent and `null` both read as `None`) and keys this SDK does not know are kept in `extra`, so decoding and re-encoding loses nothing."
        }
        Role::ResponsePart => {
            "Nested in V3 response bodies. Lenient: every field is optional and unknown keys are kept in `extra`."
        }
        Role::Request => {
            "A V3 request body. It has no read-only fields, so it cannot send one; its limits are checked by `Validate` before anything is sent."
        }
        _ => "Nested in V3 request bodies; it has no read-only fields.",
    };
    doc(&format!(
        "{}\n\n{role}\n\nReference: `{}`.",
        r.doc.trim_end(),
        r.reference
    ))
}

fn validations(r: &Resource) -> Vec<TokenStream> {
    let res = &r.name;
    r.fields
        .iter()
        .flat_map(|f| {
            let id = ident(&f.rust);
            let key = &f.wire;
            let mut checks = Vec::new();
            // `x` is a reference to one value; `each` wraps a check over every value.
            let one = |check: TokenStream| -> TokenStream {
                if f.send_empty {
                    quote!(for x in self.#id.iter().flatten() { #check })
                } else if f.many {
                    quote!(for x in &self.#id { #check })
                } else if f.required {
                    quote!({ let x = &self.#id; #check })
                } else {
                    quote!(if let ::std::option::Option::Some(x) = &self.#id { #check })
                }
            };
            // A required single part or number is a plain value: always there.
            let plain = !f.many && matches!(f.ty, Type::Resource { .. } | Type::Number);
            if f.required && !plain {
                checks.push(quote!(crate::validate::check_required(#res, #key, &self.#id, kind)?;));
            }
            if (f.many || f.ty == Type::Map) && (f.min.is_some() || f.max.is_some()) {
                let min = usize::try_from(f.min.unwrap_or(0)).unwrap_or(0);
                let max = f.max.map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
                let max = if max == usize::MAX { quote!(usize::MAX) } else { quote!(#max) };
                checks.push(if f.send_empty {
                    quote! {
                        if let ::std::option::Option::Some(v) = &self.#id {
                            crate::validate::check_count(#res, #key, v.len(), #min, #max)?;
                        }
                    }
                } else {
                    quote!(crate::validate::check_count(#res, #key, self.#id.len(), #min, #max)?;)
                });
            }
            match &f.ty {
                Type::String => {
                    if let Some(max) = f.max_len {
                        checks.push(one(quote!(crate::validate::check_length(#res, #key, x, #max)?;)));
                    }
                }
                Type::Integer if !f.many && (f.min.is_some() || f.max.is_some()) => {
                    let min = f.min.unwrap_or(i64::MIN);
                    let max = f.max.unwrap_or(i64::MAX);
                    checks.push(one(quote!(crate::validate::check_range(#res, #key, *x, #min, #max)?;)));
                }
                Type::Enum { .. } => {
                    checks.push(one(quote!(crate::validate::check_allowed(#res, #key, ::std::option::Option::Some(x))?;)));
                }
                Type::Resource { .. } => {
                    checks.push(one(quote!(crate::validate::Validate::validate(x, kind).map_err(|e| e.within(#res, #key))?;)));
                }
                Type::Map => {
                    if let Some(prefix) = &f.key_prefix {
                        checks.push(quote! {
                            for k in self.#id.keys() {
                                crate::validate::check_prefix(#res, k, #prefix)?;
                            }
                        });
                    }
                }
                _ => {}
            }
            checks
        })
        .collect()
}

/// `new` for a request type: one argument per required field, the rest empty.
fn constructor(r: &Resource) -> TokenStream {
    let required: Vec<&Field> = r.fields.iter().filter(|f| f.required).collect();
    // A single typed id is taken as anything that converts into it (`"4f3c…"`, a `String`).
    let converts = |f: &Field| matches!(f.ty, Type::V3Id(_)) && !f.many;
    let args = required.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = field_type(r, f);
        if converts(f) {
            quote!(#id: impl ::std::convert::Into<#ty>)
        } else {
            quote!(#id: #ty)
        }
    });
    let inits = r.fields.iter().map(|f| {
        let id = ident(&f.rust);
        if f.required && converts(f) {
            quote!(#id: ::std::convert::Into::into(#id))
        } else if f.required {
            quote!(#id)
        } else {
            quote!(#id: ::std::default::Default::default())
        }
    });
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.rust)).collect();
    let d = if names.is_empty() {
        doc(&format!("An empty `{}`.", r.name))
    } else {
        doc(&format!(
            "A `{}` with its required fields ({}); every other field empty.",
            r.name,
            names.join(", ")
        ))
    };
    quote! {
        #d
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// The `CursorPage` impl of a cursor-paged collection response.
pub(crate) fn cursor_page(r: &Resource, path: &[String; 3]) -> TokenStream {
    let name = ident(&r.name);
    let [links, next, href] = path.clone().map(|p| ident(&p));
    quote! {
        impl crate::json::CursorPage for #name {
            fn next_href(&self) -> ::std::option::Option<&str> {
                self.#links.as_ref()?.#next.as_ref()?.#href.as_deref()
            }
        }
    }
}

pub(crate) fn resource(r: &Resource) -> TokenStream {
    let name = ident(&r.name);
    let sdoc = struct_doc(r);
    let lenient = !r.role.is_request();
    let fields = r.fields.iter().map(|f| {
        let d = field_doc(f);
        let a = serde_attr(r, f);
        let id = ident(&f.rust);
        let ty = field_type(r, f);
        quote! {
            #d
            #a
            pub #id: #ty,
        }
    });
    // Unknown keys go to a flattened map of `serde_json::Value`, with serde_json's
    // `arbitrary_precision` feature on (ctct-models/Cargo.toml), so a number keeps its exact
    // digits (`2.1111111111111111111e+99` is written back as read, not as the nearest f64;
    // only the exponent's spelling is normalized, `1E400` to `1e+400`).
    // `Box<RawValue>` would keep the bytes too, but serde buffers the unknown entries of a
    // `#[serde(flatten)]` map before handing them over, and a `RawValue` cannot be read from
    // that buffer: it needs a hand-written `Deserialize` per type instead of the derive.
    // What the feature changes elsewhere: numbers read through serde's buffering (untagged
    // enums, flattened structs) arrive as a map, so a typed number must never sit behind
    // either; the generated types only flatten maps of `Value` and of strings, and the
    // untagged error bodies hold strings only.
    let extra = (lenient && !r.array).then(|| {
        quote! {
            /// Keys this SDK does not know, kept verbatim so a round trip loses nothing.
            #[serde(flatten)]
            pub extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    });
    let has_required = r.fields.iter().any(|f| f.required);
    let default = (!has_required).then(|| quote!(, ::std::default::Default));
    let body = if r.role.is_request() {
        let checks = validations(r);
        // V3 request types are per write kind already; `kind` only travels to parts.
        // `kind` is used by required checks and by nested parts' validation only (a field
        // may itself be named `kind`, so the check text cannot tell).
        let uses_kind = r.fields.iter().any(|f| {
            let plain = !f.many && matches!(f.ty, Type::Resource { .. } | Type::Number);
            (f.required && !plain) || matches!(f.ty, Type::Resource { .. })
        });
        let kind_used = (!uses_kind).then(|| quote!(let _ = kind;));
        let ctor = constructor(r);
        quote! {
            impl #name {
                #ctor
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
        }
    } else if r.role == Role::Response {
        quote! {
            impl crate::endpoint::FromResponse for #name {
                fn from_response(
                    raw: crate::endpoint::RawResponse<'_>,
                    opts: &crate::codec::DecodeOptions,
                ) -> ::std::result::Result<Self, crate::codec::DecodeError> {
                    crate::json::decode_response(raw, opts)
                }
            }
        }
    } else {
        quote!()
    };
    let transparent = r.array.then(|| quote!(#[serde(transparent)]));
    quote! {
        #sdoc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::serde::Serialize,
            ::serde::Deserialize
            #default
        )]
        #transparent
        pub struct #name {
            #(#fields)*
            #extra
        }

        #body
    }
}
