//! Derive macros for `ctct-models`.
//!
//! `#[derive(AtomPayload)]` implements `ctct_models::atom::AtomPayload` for a payload struct:
//! the element name, namespace style, `<content type>` and write summary that every Atom
//! entry carrying it needs, plus access to its `id` attribute. Codegen puts the derive on
//! every generated payload type; hand-written payloads can use it too.
//!
//! ```ignore
//! #[derive(AtomPayload)]
//! #[atom(element = "Contact", style = "ctct", summary = "Contact")]
//! pub struct Contact {
//!     #[atom(id)]
//!     pub id: Option<String>,
//!     // …
//! }
//! ```
//!
//! Attributes on the struct: `element` (required), `style` = `"ctct"` (default; payload in the
//! CTCT namespace, `<content type="application/vnd.ctct+xml">`) or `"unqualified"` (Event
//! Marketing: un-namespaced payload, no content type), `summary` (optional text of the
//! `<summary>` sent on writes). On one field of type `Option<String>`: `#[atom(id)]`.

mod expand;

use proc_macro::TokenStream;

/// Implements `ctct_models::atom::AtomPayload`; see the crate docs for the attributes.
#[proc_macro_derive(AtomPayload, attributes(atom))]
pub fn derive_atom_payload(input: TokenStream) -> TokenStream {
    expand::atom_payload(input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
