//! Field tables: per resource, the `TEXT_FIELDS` table of its optional text fields, and for
//! V1 payloads the `merge_editable` method, so code that treats "every field" alike reads the
//! schema instead of a hand-written list.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Field, Resource, Role, Type};

/// Whether the generated struct holds this field as an `Option<String>`.
fn optional_text(r: &Resource, f: &Field) -> bool {
    f.ty == Type::String && !f.many && !(r.role.is_request() && f.required)
}

/// Single fields a patch can carry that `merge_editable` copies: editable, not a nested
/// resource, and not required on create (those identify the resource, such as the email
/// address, or have rules of their own, such as list memberships).
fn merged(f: &Field) -> bool {
    !f.read_only
        && !f.many
        && !f.attribute
        && !f.required_on_create
        && !matches!(f.ty, Type::Resource { .. } | Type::Link)
}

pub(crate) fn tables(r: &Resource) -> TokenStream {
    let name = ident(&r.name);
    let rows = r.fields.iter().filter(|f| optional_text(r, f)).map(|f| {
        let wire = &f.wire;
        let rust = &f.rust;
        let id = ident(&f.rust);
        let max = match f.max_len {
            Some(n) => quote!(::std::option::Option::Some(#n)),
            None => quote!(::std::option::Option::None),
        };
        let csv_max = match f.csv_max_len.or(f.max_len) {
            Some(n) => quote!(::std::option::Option::Some(#n)),
            None => quote!(::std::option::Option::None),
        };
        let editable = !f.read_only;
        let csv = f.csv.iter();
        quote! {
            crate::fields::TextField {
                wire: #wire,
                rust: #rust,
                max_len: #max,
                editable: #editable,
                csv: &[#(#csv),*],
                csv_max_len: #csv_max,
                get: |v| v.#id.as_deref(),
                slot: |v| &mut v.#id,
            },
        }
    });
    let merge = (r.role == Role::Payload && r.fields.iter().any(merged)).then(|| {
        let takes = r.fields.iter().filter(|f| merged(f)).map(|f| {
            let id = ident(&f.rust);
            quote! {
                if patch.#id.is_some() {
                    ::std::clone::Clone::clone_from(&mut self.#id, &patch.#id);
                }
            }
        });
        let names: Vec<String> = r
            .fields
            .iter()
            .filter(|f| merged(f))
            .map(|f| format!("`{}`", f.wire))
            .collect();
        let d = super::doc(&format!(
            "Copies every editable field that `patch` sets onto `self`: {}. Fields the \
             server sets, fields required on create and nested parts are left alone.",
            names.join(", ")
        ));
        quote! {
            #d
            pub fn merge_editable(&mut self, patch: &Self) {
                #(#takes)*
            }
        }
    });
    let wires = r
        .fields
        .iter()
        .filter(|f| f.ty != Type::Map)
        .map(|f| f.wire.as_str());
    quote! {
        impl #name {
            /// The wire name of every field (XML element or attribute, JSON key), in order.
            pub const FIELD_NAMES: &'static [&'static str] = &[#(#wires),*];
            /// Every optional text field, in wire order.
            pub const TEXT_FIELDS: &'static [crate::fields::TextField<Self>] = &[#(#rows)*];
            #merge
        }
    }
}
