//! Endpoints: an `EndpointSpec` static (the shared table row) and a function that builds a
//! transport-free `Request` for it, validating the payload and parameters first.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, type_path};
use crate::ir::{Endpoint, FormField, FormType, Query, QueryType, Response};

fn response_type(e: &Endpoint) -> TokenStream {
    match &e.response {
        Response::Feed(t) => {
            let p = type_path(&t.family, &t.name);
            quote!(crate::atom::Feed<#p>)
        }
        Response::Entry(t) if e.success.contains(&201) => {
            let p = type_path(&t.family, &t.name);
            quote!(crate::endpoint::Created<#p>)
        }
        Response::Entry(t) => {
            let p = type_path(&t.family, &t.name);
            quote!(crate::atom::Entry<#p>)
        }
        Response::Empty => quote!(crate::endpoint::NoContent),
        Response::Service => quote!(crate::service::ServiceDocument),
        Response::Raw => quote!(crate::endpoint::RawBody),
        Response::Json(t) => type_path(&t.family, &t.name),
    }
}

fn spec_static(e: &Endpoint) -> TokenStream {
    let c = ident(&e.const_name);
    let name = &e.name;
    let method = ident(match e.method.as_str() {
        "GET" => "Get",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        _ => "Delete",
    });
    let api = ident(&e.api.to_uppercase());
    let path = &e.path;
    let query = e.query.iter().map(|q| {
        let n = &q.wire;
        let req = q.required;
        let rep = q.repeated;
        quote!(crate::endpoint::QuerySpec { name: #n, required: #req, repeated: #rep })
    });
    let request = match &e.request {
        Some(t) if e.api == "v3" => {
            let name = &t.name;
            quote!(::std::option::Option::Some(#name))
        }
        Some(t) => {
            let el = &t.element;
            quote!(::std::option::Option::Some(#el))
        }
        None => quote!(::std::option::Option::None),
    };
    let response = match &e.response {
        Response::Feed(t) => {
            let el = &t.element;
            quote!(crate::endpoint::ResponseShape::Feed(#el))
        }
        Response::Entry(t) => {
            let el = &t.element;
            quote!(crate::endpoint::ResponseShape::Entry(#el))
        }
        Response::Empty => quote!(crate::endpoint::ResponseShape::Empty),
        Response::Service => quote!(crate::endpoint::ResponseShape::Service),
        Response::Raw => quote!(crate::endpoint::ResponseShape::Raw),
        Response::Json(t) => {
            let name = &t.name;
            quote!(crate::endpoint::ResponseShape::Json(#name))
        }
    };
    let success = &e.success;
    let paging = ident(&e.paging);
    let accept = &e.accept;
    let content_type = match &e.content_type {
        Some(ct) => quote!(::std::option::Option::Some(#ct)),
        None => quote!(::std::option::Option::None),
    };
    let reference = &e.reference;
    let d = doc(&format!(
        "The table row for [`{name}`]: `{} {}`.",
        e.method, e.path
    ));
    quote! {
        #d
        pub static #c: crate::endpoint::EndpointSpec = crate::endpoint::EndpointSpec {
            name: #name,
            api: crate::endpoint::Api::#api,
            method: crate::endpoint::Method::#method,
            path: #path,
            query: &[#(#query),*],
            request: #request,
            response: #response,
            success: &[#(#success),*],
            paging: crate::endpoint::Paging::#paging,
            accept: #accept,
            content_type: #content_type,
            reference: #reference,
        };
    }
}

/// Whether building the request can fail (a body, or a parameter that is validated).
fn fallible(e: &Endpoint) -> bool {
    e.request.is_some()
        || e.form.as_ref().is_some_and(|f| {
            f.fields.iter().any(|x| {
                x.value.is_none()
                    && (matches!(x.ty, FormType::Enum { .. })
                        || (x.repeated && x.required)
                        || x.max.is_some())
            })
        })
        || e.query.iter().any(|q| {
            q.repeated
                || q.max_len.is_some()
                || q.range.is_some()
                || matches!(q.ty, QueryType::Enum { .. })
        })
}

fn query_arg_type(q: &Query) -> TokenStream {
    let single = match &q.ty {
        QueryType::String => quote!(&str),
        QueryType::Integer => quote!(i64),
        QueryType::Boolean => quote!(bool),
        QueryType::DateTime => quote!(&crate::DateTime),
        QueryType::Enum { name, family } => {
            let p = type_path(family, name);
            quote!(&#p)
        }
        QueryType::Id(kind) => {
            let k = ident(kind);
            quote!(&crate::ids::#k)
        }
    };
    if q.repeated {
        let elem = match &q.ty {
            QueryType::String => quote!(&str),
            QueryType::Integer => quote!(i64),
            QueryType::Boolean => quote!(bool),
            QueryType::DateTime => quote!(crate::DateTime),
            QueryType::Enum { name, family } => type_path(family, name),
            QueryType::Id(kind) => {
                let k = ident(kind);
                quote!(crate::ids::#k)
            }
        };
        quote!(&[#elem])
    } else if q.required {
        single
    } else {
        quote!(::std::option::Option<#single>)
    }
}

fn form_arg_type(f: &FormField) -> TokenStream {
    let (single, elem) = match &f.ty {
        FormType::String => (quote!(&str), quote!(&str)),
        FormType::Boolean => (quote!(bool), quote!(bool)),
        FormType::Table => (quote!(&crate::form::Table), quote!(crate::form::Table)),
        FormType::Enum { name, family } => {
            let p = type_path(family, name);
            (quote!(&#p), p)
        }
        FormType::Id(kind) => {
            let k = ident(kind);
            (quote!(&crate::ids::#k), quote!(crate::ids::#k))
        }
    };
    if f.repeated {
        quote!(&[#elem])
    } else if f.required {
        single
    } else {
        quote!(::std::option::Option<#single>)
    }
}

/// Statements that validate one form value and push it onto `form`.
fn push_form_value(e: &Endpoint, f: &FormField, value: TokenStream) -> TokenStream {
    let wire = &f.wire;
    let endpoint = &e.name;
    match &f.ty {
        FormType::String => quote!(form.push(#wire, ::std::string::ToString::to_string(#value));),
        FormType::Boolean => quote!(form.push(#wire, ::std::string::ToString::to_string(&#value));),
        FormType::Table if e.api == "v3" => {
            let rows = f.max.map(|max| {
                quote!(crate::validate::check_count(#endpoint, #wire, #value.rows.len(), 0, #max)?;)
            });
            quote! {
                #rows
                form.push_file_as(#wire, "contacts.csv", "text/csv", #value.to_text());
            }
        }
        FormType::Table => quote!(form.push_file(#wire, "data.csv", #value.to_text());),
        FormType::Enum { .. } => quote! {
            crate::validate::check_allowed(#endpoint, #wire, ::std::option::Option::Some(#value))?;
            form.push(#wire, #value.as_str());
        },
        FormType::Id(_) => quote!(form.push(#wire, #value.uri());),
    }
}

/// Statements that validate one value (`v`) and push it onto `query`.
fn push_value(e: &Endpoint, q: &Query, value: TokenStream) -> TokenStream {
    let wire = &q.wire;
    let endpoint = &e.name;
    let (check, text) = match &q.ty {
        QueryType::String => {
            let max = match q.max_len {
                Some(n) => quote!(::std::option::Option::Some(#n)),
                None => quote!(::std::option::Option::None),
            };
            let check = q.max_len.is_some().then(|| {
                quote!(crate::validate::check_text(#endpoint, #wire, ::std::option::Option::Some(#value), #max)?;)
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
    };
    quote! {
        #check
        query.push((#wire, #text));
    }
}

fn function(e: &Endpoint) -> TokenStream {
    let name = ident(&e.name);
    let c = ident(&e.const_name);
    let response = response_type(e);
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    for (hole, kind) in &e.params {
        let h = ident(hole);
        if kind == crate::ir::SEGMENT {
            args.push(quote!(#h: &str));
            arg_docs.push(format!(
                "- `{hole}`: the `{{{hole}}}` segment, sent percent-encoded"
            ));
        } else {
            let k = ident(kind);
            args.push(quote!(#h: &crate::ids::#k));
            arg_docs.push(format!("- `{hole}`: the `{kind}` in `{{{hole}}}`"));
        }
    }
    if let Some(t) = &e.request {
        let p = type_path(&t.family, &t.name);
        args.push(quote!(payload: &#p));
        arg_docs.push(if e.api == "v3" {
            format!(
                "- `payload`: the `{}` sent as the JSON body; validated first",
                t.name
            )
        } else {
            format!(
                "- `payload`: the `{}` sent as the entry's content; validated first",
                t.name
            )
        });
    }
    if let Some(form) = &e.form {
        for f in form.fields.iter().filter(|f| f.value.is_none()) {
            let a = ident(&f.rust);
            let ty = form_arg_type(f);
            args.push(quote!(#a: #ty));
            let mut d = format!("- `{}`: form field `{}`: {}", f.rust, f.wire, f.doc.trim());
            if f.repeated {
                d.push_str(if f.required {
                    " (at least one value; the field repeats)"
                } else {
                    " (the field repeats)"
                });
            }
            arg_docs.push(d);
        }
    }
    for q in &e.query {
        let a = ident(&q.rust);
        let ty = query_arg_type(q);
        args.push(quote!(#a: #ty));
        let mut d = format!("- `{}`: `{}=`: {}", q.rust, q.wire, q.doc.trim());
        if let Some((min, max)) = q.range {
            d.push_str(&format!(" ({min} to {max})"));
        }
        if let Some((min, max)) = q.count {
            if max == usize::MAX {
                d.push_str(&format!(" (at least {min})"));
            } else {
                d.push_str(&format!(" ({min} to {max} values)"));
            }
        }
        arg_docs.push(d);
    }

    // Path: literal pieces and encoded ids, concatenated (not `format!`, whose arguments
    // prettyplease cannot format).
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
            let is_segment = e
                .params
                .iter()
                .any(|(p, k)| p == hole && k == crate::ir::SEGMENT);
            if is_segment {
                pieces.push(quote!(&crate::ids::encode_segment(#h)));
            } else {
                pieces.push(quote!(&crate::ids::encode_segment(#h.tail())));
            }
        } else {
            literal.push_str(segment);
        }
    }
    if !literal.is_empty() {
        pieces.push(quote!(#literal));
    }
    let path = if e.params.is_empty() {
        quote!(::std::borrow::ToOwned::to_owned(#(#pieces)*))
    } else {
        quote!([#(#pieces),*].concat())
    };

    // Query
    let pushes = e.query.iter().map(|q| {
        let a = ident(&q.rust);
        if q.repeated {
            let (min, max) = q.count.unwrap_or((0, usize::MAX));
            let max = if max == usize::MAX {
                quote!(usize::MAX)
            } else {
                quote!(#max)
            };
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
    });
    let query_mut = if e.query.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };

    // Body
    let body = match &e.request {
        Some(_) if e.api == "v3" => {
            let kind = if e.method == "POST" {
                quote!(Create)
            } else {
                quote!(Update)
            };
            quote! {
                crate::validate::Validate::validate(payload, crate::validate::WriteKind::#kind)?;
                let body = ::std::option::Option::Some(crate::endpoint::Body::Json(crate::json::encode(payload)?));
            }
        }
        Some(_) => {
            let kind = if e.method == "POST" {
                quote!(Create)
            } else {
                quote!(Update)
            };
            // A PUT names the resource it replaces: the last typed id's URI plus the literal
            // rest of the path (`/campaigns/{campaign}/schedules/1` → `…/campaigns/7/schedules/1`).
            let last_id = e.params.iter().rposition(|(_, k)| k != crate::ir::SEGMENT);
            let entry_id = match last_id {
                Some(i) if e.method == "PUT" && i + 1 == e.params.len() => {
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
        None => match &e.form {
            Some(form) => {
                let pushes = form.fields.iter().map(|f| {
                    let wire = &f.wire;
                    if let Some(v) = &f.value {
                        return quote!(form.push(#wire, #v);)
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
            None => quote!(let body = ::std::option::Option::None;),
        },
    };

    let mut text = format!("{}\n\nSends `{} {}`", e.doc.trim_end(), e.method, e.path);
    let statuses: Vec<String> = e.success.iter().map(ToString::to_string).collect();
    text.push_str(&format!("; success is {}.", statuses.join(" or ")));
    if !arg_docs.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&arg_docs.join("\n"));
    }
    let is_fallible = fallible(e);
    if is_fallible {
        text.push_str("\n\n# Errors\n\n[`crate::endpoint::BuildError`] when a payload field or parameter breaks the schema's limits or allowed values, naming the field and the value; nothing is sent.");
    }
    text.push_str(&format!("\n\nReference: `{}`.", e.reference));
    let d = doc(&text);

    let build = quote! {
        let path = #path;
        let #query_mut query: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
        #(#pushes)*
        #body
    };
    if is_fallible {
        quote! {
            #d
            pub fn #name(#(#args),*) -> ::std::result::Result<crate::endpoint::Request<#response>, crate::endpoint::BuildError> {
                #build
                ::std::result::Result::Ok(crate::endpoint::Request::new(&#c, path, query, body))
            }
        }
    } else {
        quote! {
            #d
            pub fn #name(#(#args),*) -> crate::endpoint::Request<#response> {
                #build
                crate::endpoint::Request::new(&#c, path, query, body)
            }
        }
    }
}

pub(crate) fn endpoint(e: &Endpoint) -> TokenStream {
    let s = spec_static(e);
    let f = function(e);
    quote!(#s #f)
}
