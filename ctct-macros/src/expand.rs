//! The expansion of `#[derive(AtomPayload)]`, kept apart from the proc-macro entry point so
//! it can be unit- and snapshot-tested with `proc_macro2` outside a compiler invocation.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

struct Options {
    element: LitStr,
    unqualified: bool,
    summary: Option<LitStr>,
}

fn parse_options(input: &DeriveInput) -> syn::Result<Options> {
    let mut element = None;
    let mut style = None::<LitStr>;
    let mut summary = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("atom")) {
        attr.parse_nested_meta(|meta| {
            let slot = if meta.path.is_ident("element") {
                &mut element
            } else if meta.path.is_ident("style") {
                &mut style
            } else if meta.path.is_ident("summary") {
                &mut summary
            } else {
                return Err(
                    meta.error("unknown atom attribute: expected `element`, `style` or `summary`")
                );
            };
            if slot.is_some() {
                return Err(meta.error("duplicate atom attribute"));
            }
            *slot = Some(meta.value()?.parse::<LitStr>()?);
            Ok(())
        })?;
    }
    let element = element.ok_or_else(|| {
        syn::Error::new_spanned(
            &input.ident,
            "missing #[atom(element = \"…\")] on the payload struct",
        )
    })?;
    let unqualified = match &style {
        None => false,
        Some(s) if s.value() == "ctct" => false,
        Some(s) if s.value() == "unqualified" => true,
        Some(s) => {
            return Err(syn::Error::new_spanned(
                s,
                "style must be \"ctct\" or \"unqualified\"",
            ));
        }
    };
    Ok(Options {
        element,
        unqualified,
        summary,
    })
}

fn id_field(input: &DeriveInput) -> syn::Result<Option<syn::Ident>> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "AtomPayload can only be derived for structs",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "AtomPayload needs a struct with named fields",
        ));
    };
    let mut found = None;
    for field in &fields.named {
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("atom")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("id") {
                    if found.is_some() {
                        return Err(meta.error("only one field can be #[atom(id)]"));
                    }
                    found = field.ident.clone();
                    Ok(())
                } else {
                    Err(meta.error("unknown atom field attribute: expected `id`"))
                }
            })?;
        }
    }
    Ok(found)
}

/// Expands `#[derive(AtomPayload)]`.
pub fn atom_payload(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    let options = parse_options(&input)?;
    let id = id_field(&input)?;
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let element = &options.element;
    let (style, content_type) = if options.unqualified {
        (
            quote!(::ctct_models::atom::NamespaceStyle::Unqualified),
            quote!(::std::option::Option::None),
        )
    } else {
        (
            quote!(::ctct_models::atom::NamespaceStyle::Ctct),
            quote!(::std::option::Option::Some(
                ::ctct_models::CTCT_CONTENT_TYPE
            )),
        )
    };
    let summary = match &options.summary {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    let (get_id, set_id) = match &id {
        Some(field) => (quote!(self.#field.as_deref()), quote!(self.#field = id;)),
        None => (quote!(::std::option::Option::None), quote!(let _ = id;)),
    };
    Ok(quote! {
        impl #impl_generics ::ctct_models::atom::AtomPayload for #name #ty_generics #where_clause {
            const ELEMENT: &'static str = #element;
            const STYLE: ::ctct_models::atom::NamespaceStyle = #style;
            const CONTENT_TYPE: ::std::option::Option<&'static str> = #content_type;
            const SUMMARY: ::std::option::Option<&'static str> = #summary;

            fn payload_id(&self) -> ::std::option::Option<&str> {
                #get_id
            }

            fn set_payload_id(&mut self, id: ::std::option::Option<::std::string::String>) {
                #set_id
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(tokens: TokenStream) -> String {
        match syn::parse2::<syn::File>(tokens) {
            Ok(file) => prettyplease::unparse(&file),
            Err(e) => panic!("expansion does not parse: {e}"),
        }
    }

    fn error(input: TokenStream) -> String {
        match atom_payload(input) {
            Ok(t) => panic!("expected an error, got {t}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn expands_a_ctct_payload_with_id() {
        let out = atom_payload(quote! {
            #[atom(element = "Contact", summary = "Contact")]
            pub struct Contact {
                #[atom(id)]
                pub id: Option<String>,
                pub note: Option<String>,
            }
        });
        insta::assert_snapshot!(pretty(out.unwrap()));
    }

    #[test]
    fn expands_an_unqualified_payload_without_id() {
        let out = atom_payload(quote! {
            #[atom(element = "Event", style = "unqualified")]
            pub struct Event {
                pub name: Option<String>,
            }
        });
        insta::assert_snapshot!(pretty(out.unwrap()));
    }

    #[test]
    fn reports_bad_attributes() {
        assert!(error(quote! { struct A { x: u8 } }).contains("missing #[atom(element"));
        assert!(
            error(quote! { #[atom(element = "A", style = "rss")] struct A { x: u8 } })
                .contains("style must be")
        );
        assert!(
            error(quote! { #[atom(element = "A", colour = "x")] struct A { x: u8 } })
                .contains("unknown atom attribute")
        );
        assert!(
            error(quote! { #[atom(element = "A")] enum A { X } })
                .contains("only be derived for structs")
        );
        assert!(
            error(quote! { #[atom(element = "A")] struct A { #[atom(id)] a: Option<String>, #[atom(id)] b: Option<String> } })
                .contains("only one field")
        );
    }
}
