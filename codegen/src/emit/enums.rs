//! Closed value sets: an enum with an `Unknown(String)` fallback.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::ir::Enum;

pub(crate) fn enumeration(e: &Enum, json: bool) -> TokenStream {
    let name = ident(&e.name);
    let mut text = e.doc.trim_end().to_owned();
    text.push_str("\n\nReading never fails on a value the SDK does not know (it becomes `Unknown`); writes send only the documented, case-sensitive values.");
    if let Some(r) = &e.reference {
        text.push_str(&format!("\n\nReference: `{r}`."));
    }
    let enum_doc = doc(&text);
    let json_impls = json.then(|| quote!(crate::__closed_enum_json!(#name);));
    let variants = e.variants.iter().map(|v| {
        let d = doc(&format!(
            "{}\n\nWire value: `{}`.",
            v.doc.trim_end(),
            v.wire
        ));
        let id = ident(&v.rust);
        quote!(#d #id,)
    });
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let as_str = e.variants.iter().map(|v| {
        let id = ident(&v.rust);
        let w = &v.wire;
        quote!(Self::#id => #w,)
    });
    let from = e.variants.iter().map(|v| {
        let id = ident(&v.rust);
        let w = &v.wire;
        quote!(#w => Self::#id,)
    });
    quote! {
        #enum_doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this SDK does not know, kept verbatim. Writes refuse it.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The wire spelling of this value.
            pub fn as_str(&self) -> &str {
                crate::enums::ClosedEnum::as_str(self)
            }
        }

        impl crate::enums::ClosedEnum for #name {
            const ALLOWED: &'static [&'static str] = &[#(#wires),*];

            fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }

            fn from_wire(text: &str) -> Self {
                match text {
                    #(#from)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }

            fn is_known(&self) -> bool {
                !::std::matches!(self, Self::Unknown(_))
            }
        }

        crate::__closed_enum_impls!(#name);
        #json_impls
    }
}
