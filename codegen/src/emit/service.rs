//! The server side of a whole API: a `Service` trait with one method per endpoint, each taking
//! its parsed request type, and a `dispatch` function that reads the request for a table row
//! and calls its method.
//!
//! The trait has no default methods, so a server that forgets an endpoint does not compile;
//! the dispatcher's `match` is generated from the same table, so no server matches on endpoint
//! names by hand.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::ir::{Api, Family};

pub(crate) fn service(api: Api, families: &[Family]) -> TokenStream {
    let endpoints: Vec<_> = families
        .iter()
        .flat_map(|f| f.endpoints.iter().map(move |e| (f, e)))
        .collect();
    let methods = endpoints.iter().map(|(f, e)| {
        let m = ident(&e.name);
        let family = ident(&f.name);
        let t = ident(&e.type_name);
        let d = doc(&format!(
            "`{} {}`: answers a [`{}::{}`].",
            e.method, e.path, f.name, e.type_name
        ));
        quote! {
            #d
            fn #m(&mut self, request: #family::#t) -> Self::Reply;
        }
    });
    let arms = endpoints.iter().map(|(f, e)| {
        let m = ident(&e.name);
        let family = ident(&f.name);
        let t = ident(&e.type_name);
        let name = &e.name;
        quote! {
            #name => ::std::result::Result::Ok(service.#m(
                <#family::#t as crate::incoming::FromIncoming>::from_incoming(incoming)?,
            )),
        }
    });
    let trait_doc = doc(&format!(
        "A server of the {} API: one method per endpoint, each given its parsed request.\n\n\
         Every method is required, so a server that leaves one out does not compile:\n\n\
         ```compile_fail\n\
         struct Nothing;\n\
         impl ctct_models::{}::Service for Nothing {{\n    type Reply = ();\n}}\n\
         ```\n\n\
         [`dispatch`] reads the request for a table row and calls its method.",
        api.variant(),
        api.as_str()
    ));
    let variant = ident(api.variant());
    let unknown = format!("not an endpoint of the {} API", api.variant());
    quote! {
        #trait_doc
        pub trait Service {
            /// What every method answers (a server's response type).
            type Reply;
            #(#methods)*
        }

        /// Reads the request for `spec` (a row of [`ENDPOINTS`]) from `incoming` and hands it
        /// to its method of `service`.
        ///
        /// # Errors
        ///
        /// A [`crate::incoming::ParseError`] when the request does not read (its kind says
        /// which answer fits), or when `spec` is not a row of this API's table.
        pub fn dispatch<S: Service + ?::std::marker::Sized>(
            service: &mut S,
            spec: &crate::endpoint::EndpointSpec,
            incoming: &crate::incoming::Incoming<'_>,
        ) -> ::std::result::Result<S::Reply, crate::incoming::ParseError> {
            if spec.api != crate::endpoint::Api::#variant {
                return ::std::result::Result::Err(crate::incoming::ParseError::new(
                    crate::incoming::ParseErrorKind::UnknownEndpoint,
                    spec.name,
                    ::std::format!("{} is {}", spec.name, #unknown),
                ));
            }
            match spec.name {
                #(#arms)*
                other => ::std::result::Result::Err(crate::incoming::ParseError::new(
                    crate::incoming::ParseErrorKind::UnknownEndpoint,
                    other,
                    ::std::format!("{other} is {}", #unknown),
                )),
            }
        }
    }
}
