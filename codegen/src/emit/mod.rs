//! Token emission: one function per item kind, each returning a `TokenStream`.
//!
//! Emitted code names everything by its full path (`::std::option::Option`, `crate::atom::…`)
//! so no schema name can shadow it, and carries every doc as `#[doc]` (prettyplease drops
//! plain comments).

mod endpoints;
mod enums;
mod incoming;
mod json;
mod members;
mod reader;
mod request;
mod service;
mod structs;
mod tables;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Family, Model};

/// `#[doc = "…"]` lines for a text; each line gets a leading space so it renders as `/// …`.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// An identifier from a name naming.rs already made valid.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

/// The path of a type defined in `family` of the current API.
pub(crate) fn type_path(family: &str, name: &str) -> TokenStream {
    let family = ident(family);
    let name = ident(name);
    quote!(super::#family::#name)
}

/// The module for one family.
pub fn family(f: &Family) -> TokenStream {
    let module_doc = format!(
        "{}\n\nReference: `{}`. Generated from `{}`.",
        f.doc.trim_end(),
        f.reference,
        f.source
    );
    let module_doc = module_doc.lines().map(|l| {
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #line])
    });
    let enums = f.enums.iter().map(|e| enums::enumeration(e, f.json));
    let ids = f.ids.iter().map(id_type);
    let structs = f.resources.iter().map(|r| {
        let table = tables::tables(r);
        if f.json {
            let cursor = r.cursor.as_ref().map(|path| json::cursor_page(r, path));
            let item = json::resource(r);
            quote!(#item #cursor #table)
        } else {
            let item = structs::resource(r);
            let fast = reader::resource(r);
            quote!(#item #table #fast)
        }
    });
    let endpoints = f.endpoints.iter().map(endpoints::endpoint);
    quote! {
        #(#module_doc)*
        // yaserde's derive names locals `__{field}_value`, which is not snake case for a
        // keyword field escaped as `type_`.
        // Query parameters are pushed one by one, each after its own validation.
        // Optional values are read with a `match` whose arms may return early with `?`; the
        // fast reader starts from a default value and matches on element names.
        #![allow(non_snake_case, clippy::vec_init_then_push, clippy::manual_map, clippy::field_reassign_with_default, clippy::match_single_binding)]
        #(#enums)*
        #(#ids)*
        #(#structs)*
        #(#endpoints)*
    }
}

/// A typed V3 id: a newtype emitted by one of the `crate::v3_id` macros.
fn id_type(id: &crate::ir::IdType) -> TokenStream {
    let docs = doc(&id.doc);
    let name = ident(&id.name);
    let mac = if id.integer {
        quote!(integer_id)
    } else {
        quote!(string_id)
    };
    quote!(crate::v3_id::#mac! { #docs #name })
}

/// The `mod.rs` of one API version: its modules and the endpoint and payload tables.
pub fn api_module(api: Api, families: &[Family]) -> TokenStream {
    let doc = format!(
        " The {} API: one module per resource family in `schema/{}/`.",
        api.variant(),
        api.as_str()
    );
    let mods = families.iter().map(|f| {
        let name = ident(&f.name);
        // prettyplease, not rustfmt, formats generated files.
        quote!(#[rustfmt::skip] pub mod #name;)
    });
    let endpoints = families.iter().flat_map(|f| {
        let family = ident(&f.name);
        f.endpoints.iter().map(move |e| {
            let c = ident(&e.const_name);
            quote!(&#family::#c)
        })
    });
    let payloads = families.iter().flat_map(|f| {
        f.resources
            .iter()
            .filter(|r| {
                matches!(
                    r.role,
                    crate::ir::Role::Payload | crate::ir::Role::Response | crate::ir::Role::Request
                )
            })
            .map(|r| r.name.as_str())
    });
    let service = service::service(api, families);
    quote! {
        #![doc = #doc]
        #(#mods)*

        /// Every endpoint of this API, in schema order: the table the client and the sandbox share.
        pub static ENDPOINTS: &[&crate::endpoint::EndpointSpec] = &[#(#endpoints),*];

        /// The Rust name of every payload type (V1) or request and response body type (V3)
        /// of this API, for coverage tests.
        pub const PAYLOADS: &[&str] = &[#(#payloads),*];

        #service
    }
}

/// The root `mod.rs` of the generated tree: each API's module is built only with the
/// ctct-models cargo feature of the same name (`v1`, `v3`), so a user of one API compiles
/// neither the other's types nor its dependencies.
pub fn root_module(model: &Model) -> TokenStream {
    let apis = model.apis.keys().map(|api| {
        let feature = api.as_str();
        let name = ident(feature);
        quote!(#[cfg(feature = #feature)] #[rustfmt::skip] pub mod #name;)
    });
    quote! {
        #![doc = " Code generated from `schema/` by `cargo xtask regenerate`."]
        #(#apis)*
    }
}
