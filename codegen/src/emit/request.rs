//! The client side of a request type: its `Endpoint` impl, which validates every value and
//! writes the path, the query and the body exactly as the schema says.
//!
//! The statements are written against local bindings of the request's values as references
//! (`&str`, `Option<&crate::DateTime>`, `&[ListId]`), one binding per value, so each kind of
//! value is pushed by one piece of code whatever the request type stores.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::members::{Member, Place, Slot, ValueTy};
use crate::ir::{Endpoint, FormField, FormType, HttpMethod, ParamKind, Query, QueryType};

/// `let name: <reference type> = <from self>;` for one value.
fn binding(m: &Member) -> TokenStream {
    let a = ident(&m.rust);
    let by_ref = |t: TokenStream| match m.slot {
        Slot::Required => quote!(let #a: &#t = &self.#a;),
        Slot::Optional => quote!(let #a: ::std::option::Option<&#t> = self.#a.as_ref();),
        Slot::Repeated => quote!(let #a: &[#t] = &self.#a;),
    };
    let by_value = |t: TokenStream| match m.slot {
        Slot::Required => quote!(let #a: #t = self.#a;),
        Slot::Optional => quote!(let #a: ::std::option::Option<#t> = self.#a;),
        Slot::Repeated => quote!(let #a: &[#t] = &self.#a;),
    };
    match &m.ty {
        ValueTy::String => {
            let items = ident(&format!("{}_items", m.rust));
            match m.slot {
                Slot::Required => quote!(let #a: &str = &self.#a;),
                Slot::Optional => quote!(let #a: ::std::option::Option<&str> = self.#a.as_deref();),
                Slot::Repeated => quote! {
                    let #items: ::std::vec::Vec<&str> = ::std::iter::Iterator::collect(
                        ::std::iter::Iterator::map(self.#a.iter(), ::std::string::String::as_str),
                    );
                    let #a: &[&str] = &#items;
                },
            }
        }
        ValueTy::Integer => by_value(quote!(i64)),
        ValueTy::Boolean => by_value(quote!(bool)),
        other => by_ref(super::members::scalar_type(other)),
    }
}

/// Statements that validate one form value and push it onto `form`.
fn push_form_value(e: &Endpoint, f: &FormField, value: TokenStream) -> TokenStream {
    let wire = &f.wire;
    let endpoint = &e.name;
    match &f.ty {
        FormType::String => quote!(form.push(#wire, ::std::string::ToString::to_string(#value));),
        FormType::Boolean => quote!(form.push(#wire, ::std::string::ToString::to_string(&#value));),
        FormType::Table if e.api.is_json() => {
            let rows = f.max.map(|max| {
                quote! {
                    if let ::std::option::Option::Some(rows) = #value.rows() {
                        crate::validate::check_count(#endpoint, #wire, rows, 0, #max)?;
                    }
                }
            });
            quote! {
                #rows
                form.push_file_as(#wire, "contacts.csv", "text/csv", ::std::borrow::ToOwned::to_owned(#value.text()));
            }
        }
        FormType::Table => {
            quote!(form.push_file(#wire, "data.csv", ::std::borrow::ToOwned::to_owned(#value.text()));)
        }
        FormType::Enum { .. } => quote! {
            crate::validate::check_allowed(#endpoint, #wire, ::std::option::Option::Some(#value))?;
            form.push(#wire, #value.as_str());
        },
        FormType::Id(_) => quote!(form.push(#wire, #value.uri());),
        FormType::V3Id(_) => quote!(form.push(#wire, ::std::string::ToString::to_string(#value));),
    }
}

/// Statements that validate one value and push it onto `query`.
fn push_value(e: &Endpoint, q: &Query, value: TokenStream) -> TokenStream {
    let wire = &q.wire;
    let endpoint = &e.name;
    let (check, text) = match &q.ty {
        QueryType::String => {
            let check = q.max_len.map(|n| {
                quote!(crate::validate::check_text(#endpoint, #wire, ::std::option::Option::Some(#value), ::std::option::Option::Some(#n))?;)
            });
            (check, quote!(::std::string::ToString::to_string(#value)))
        }
        QueryType::Boolean => (None, quote!(::std::string::ToString::to_string(&#value))),
        QueryType::Integer => (
            q.range.map(|(min, max)| {
                let min = i64::try_from(min).unwrap_or(i64::MAX);
                let max = i64::try_from(max).unwrap_or(i64::MAX);
                quote!(crate::validate::check_range(#endpoint, #wire, #value, #min, #max)?;)
            }),
            quote!(::std::string::ToString::to_string(&#value)),
        ),
        QueryType::DateTime => (
            None,
            quote!(::std::string::ToString::to_string(&#value.to_utc())),
        ),
        QueryType::Enum { .. } => (
            Some(
                quote!(crate::validate::check_allowed(#endpoint, #wire, ::std::option::Option::Some(#value))?;),
            ),
            quote!(::std::string::ToString::to_string(#value.as_str())),
        ),
        QueryType::Id(_) => (
            None,
            quote!(::std::string::ToString::to_string(#value.tail())),
        ),
        QueryType::V3Id(_) => (None, quote!(::std::string::ToString::to_string(#value))),
    };
    quote! {
        #check
        query.push((#wire, #text));
    }
}

fn count_max(max: usize) -> TokenStream {
    if max == usize::MAX {
        quote!(usize::MAX)
    } else {
        quote!(#max)
    }
}

/// The body of `query_pairs`.
fn query_statements(e: &Endpoint) -> Vec<TokenStream> {
    e.query
        .iter()
        .map(|q| {
            let a = ident(&q.rust);
            if q.repeated {
                let (min, max) = q.count.unwrap_or((0, usize::MAX));
                let max = count_max(max);
                let endpoint = &e.name;
                let wire = &q.wire;
                let each = push_value(e, q, quote!(value));
                match &q.separator {
                    Some(sep) => quote! {
                        crate::validate::check_count(#endpoint, #wire, #a.len(), #min, #max)?;
                        let mut query_values = ::std::vec::Vec::new();
                        for value in #a {
                            let mut query: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
                            #each
                            query_values.extend(query.into_iter().map(|(_, v)| v));
                        }
                        if !query_values.is_empty() {
                            query.push((#wire, query_values.join(#sep)));
                        }
                    },
                    None => quote! {
                        crate::validate::check_count(#endpoint, #wire, #a.len(), #min, #max)?;
                        for value in #a {
                            #each
                        }
                    },
                }
            } else if q.required {
                push_value(e, q, quote!(#a))
            } else {
                let each = push_value(e, q, quote!(value));
                quote! {
                    if let ::std::option::Option::Some(value) = #a {
                        #each
                    }
                }
            }
        })
        .collect()
}

/// The path: literal pieces and encoded ids, concatenated (not `format!`, whose arguments
/// prettyplease cannot format).
fn path_expr(e: &Endpoint) -> TokenStream {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    for (i, segment) in e.path.split('/').enumerate() {
        if i > 0 {
            literal.push('/');
        }
        if let Some(hole) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if !literal.is_empty() {
                pieces.push(quote!(#literal));
                literal.clear();
            }
            let h = ident(hole);
            match e.params.iter().find(|(p, _)| p == hole).map(|(_, k)| k) {
                Some(ParamKind::Id(_)) => {
                    pieces.push(quote!(&crate::endpoint::encode_segment(#h.tail())))
                }
                Some(ParamKind::V3Id(_)) => pieces.push(
                    quote!(&crate::endpoint::encode_segment(&::std::string::ToString::to_string(#h))),
                ),
                _ => pieces.push(quote!(&crate::endpoint::encode_segment(#h))),
            }
        } else {
            literal.push_str(segment);
        }
    }
    if !literal.is_empty() {
        pieces.push(quote!(#literal));
    }
    if e.params.is_empty() {
        quote!(::std::borrow::ToOwned::to_owned(#(#pieces)*))
    } else {
        quote!([#(#pieces),*].concat())
    }
}

fn body_statements(e: &Endpoint) -> TokenStream {
    let kind = if e.method == HttpMethod::Post {
        quote!(Create)
    } else {
        quote!(Update)
    };
    match (&e.request, &e.form) {
        (Some(_), _) if e.api.is_json() => quote! {
            crate::validate::Validate::validate(payload, crate::validate::WriteKind::#kind)?;
            let body = ::std::option::Option::Some(crate::endpoint::Body::Json(crate::json::encode(payload)?));
        },
        (Some(_), _) => {
            // A PUT names the resource it replaces: the last typed id's URI plus the literal
            // rest of the path (`/campaigns/{campaign}/schedules/1` → `…/campaigns/7/schedules/1`).
            let last_id = e
                .params
                .iter()
                .rposition(|(_, k)| matches!(k, ParamKind::Id(_)));
            let entry_id = match last_id {
                Some(i) if e.method == HttpMethod::Put && i + 1 == e.params.len() => {
                    let hole = &e.params[i].0;
                    let h = ident(hole);
                    let marker = format!("{{{hole}}}");
                    let suffix = e.path.split_once(&marker).map_or("", |(_, rest)| rest);
                    if suffix.is_empty() {
                        quote!(::std::option::Option::Some(#h.uri()))
                    } else {
                        quote!(::std::option::Option::Some([#h.uri().as_str(), #suffix].concat()))
                    }
                }
                _ => quote!(::std::option::Option::None),
            };
            quote! {
                crate::validate::Validate::validate(payload, crate::validate::WriteKind::#kind)?;
                let entry = crate::atom::Entry::for_write(::std::clone::Clone::clone(payload), #entry_id);
                let body = ::std::option::Option::Some(crate::endpoint::Body::Atom(entry.to_xml()?));
            }
        }
        (None, Some(form)) => {
            let pushes = form.fields.iter().map(|f| {
                let wire = &f.wire;
                if let Some(v) = &f.value {
                    return quote!(form.push(#wire, #v););
                }
                let a = ident(&f.rust);
                if f.repeated {
                    let each = push_form_value(e, f, quote!(value));
                    let count = (f.required || f.max.is_some()).then(|| {
                        let endpoint = &e.name;
                        let min = proc_macro2::Literal::usize_unsuffixed(usize::from(f.required));
                        let max = match f.max {
                            Some(m) => {
                                let m = proc_macro2::Literal::usize_unsuffixed(m);
                                quote!(#m)
                            }
                            None => quote!(usize::MAX),
                        };
                        quote!(crate::validate::check_count(#endpoint, #wire, #a.len(), #min, #max)?;)
                    });
                    match &f.separator {
                        Some(sep) => quote! {
                            #count
                            let mut joined = crate::form::Form::new();
                            {
                                let form = &mut joined;
                                for value in #a {
                                    #each
                                }
                            }
                            let values: ::std::vec::Vec<&str> = joined.pairs().map(|(_, v)| v).collect();
                            if !values.is_empty() {
                                form.push(#wire, values.join(#sep));
                            }
                        },
                        None => quote! {
                            #count
                            for value in #a {
                                #each
                            }
                        },
                    }
                } else if f.required {
                    push_form_value(e, f, quote!(#a))
                } else {
                    let each = push_form_value(e, f, quote!(value));
                    quote! {
                        if let ::std::option::Option::Some(value) = #a {
                            #each
                        }
                    }
                }
            });
            let finish = if form.multipart {
                quote!(into_multipart_body)
            } else {
                quote!(into_urlencoded_body)
            };
            quote! {
                let mut form = crate::form::Form::new();
                #(#pushes)*
                let body = ::std::option::Option::Some(form.#finish());
            }
        }
        (None, None) => quote!(let body = ::std::option::Option::None;),
    }
}

/// The accounts of every typed id the request names.
fn accounts(members: &[Member]) -> TokenStream {
    let pushes = members
        .iter()
        .filter(|m| matches!(m.ty, ValueTy::Id(_)))
        .map(|m| {
            let a = ident(&m.rust);
            match m.slot {
                Slot::Required => quote!(accounts.push(self.#a.username());),
                Slot::Optional => quote! {
                    if let ::std::option::Option::Some(id) = &self.#a {
                        accounts.push(id.username());
                    }
                },
                Slot::Repeated => quote! {
                    for id in &self.#a {
                        accounts.push(id.username());
                    }
                },
            }
        })
        .collect::<Vec<_>>();
    if pushes.is_empty() {
        quote!(request)
    } else {
        quote! {{
            let mut accounts: ::std::vec::Vec<&str> = ::std::vec::Vec::new();
            #(#pushes)*
            request.naming_accounts(accounts)
        }}
    }
}

/// `impl Endpoint for X`.
pub(crate) fn endpoint_impl(
    e: &Endpoint,
    members: &[Member],
    response: &TokenStream,
) -> TokenStream {
    let name = ident(&e.type_name);
    let c = ident(&e.const_name);
    let query_bindings = members
        .iter()
        .filter(|m| m.place == Place::Query)
        .map(binding);
    let other_bindings = members
        .iter()
        .filter(|m| m.place != Place::Query)
        .map(binding);
    let queries = query_statements(e);
    let query_mut = if e.query.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let path = path_expr(e);
    let mut body = body_statements(e);
    if let Some(max) = e.max_body {
        let endpoint = &e.name;
        body = quote! {
            #body
            if let ::std::option::Option::Some(b) = &body {
                crate::validate::check_body_size(#endpoint, b.as_bytes().len(), #max)?;
            }
        };
    }
    let accounts = accounts(members);
    quote! {
        impl crate::endpoint::Endpoint for #name {
            type Response = #response;
            const SPEC: &'static crate::endpoint::EndpointSpec = &#c;

            fn to_request(&self) -> ::std::result::Result<crate::endpoint::Request<#response>, crate::endpoint::BuildError> {
                #(#other_bindings)*
                let path = #path;
                let query = crate::endpoint::Endpoint::query_pairs(self)?;
                #body
                let request = crate::endpoint::Request::new(&#c, path, query, body);
                ::std::result::Result::Ok(#accounts)
            }

            fn query_pairs(&self) -> ::std::result::Result<::std::vec::Vec<(&'static str, ::std::string::String)>, crate::validate::ValidationError> {
                #(#query_bindings)*
                let #query_mut query: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
                #(#queries)*
                ::std::result::Result::Ok(query)
            }
        }
    }
}
