//! Picks the endpoint of `ctct_models::v1::ENDPOINTS` a request is for.
//!
//! The sandbox serves the same table the client calls, so a path or method the schema does
//! not describe cannot be served by accident. Several endpoints share a method and path
//! (`GET /contacts` lists, searches by `email=`, or syncs by `updatedsince` with `listtype`
//! or `listid`); the query parameters present decide between them.

use ctct_models::endpoint::{EndpointSpec, Paging};
use ctct_models::v1::ENDPOINTS;

use crate::respond::ApiError;

/// A request matched to its table row.
#[derive(Debug)]
pub(crate) struct Matched<'p> {
    pub spec: &'static EndpointSpec,
    /// The values of the path's `{placeholders}`, in order.
    pub params: Vec<&'p str>,
}

/// Splits a raw query string into decoded `(name, value)` pairs, in order.
pub(crate) fn parse_query(raw: Option<&str>) -> Vec<(String, String)> {
    ctct_models::form_read::parse_urlencoded(raw.unwrap_or(""))
}

fn accepts(spec: &EndpointSpec, name: &str) -> bool {
    spec.query.iter().any(|q| q.name == name)
        || (name == "next" && spec.paging == Paging::NextLink)
        || (name == "pageNumber" && spec.paging == Paging::PageNumber)
}

/// Finds the endpoint for `method` and `path` (relative to the account base).
///
/// 404 when no table path matches; 415 when the path exists but not with this method (the
/// real service's answer to an unsupported method); 400 when the query fits no endpoint.
pub(crate) fn route<'p>(
    method: &str,
    path: &'p str,
    query: &[(String, String)],
) -> Result<Matched<'p>, ApiError> {
    let on_path: Vec<(&'static EndpointSpec, Vec<&'p str>)> = ENDPOINTS
        .iter()
        .filter_map(|s| s.match_path(path).map(|p| (*s, p)))
        .collect();
    if on_path.is_empty() {
        return Err(ApiError::not_found());
    }
    let candidates: Vec<_> = on_path
        .into_iter()
        .filter(|(s, _)| s.method.as_str() == method)
        .collect();
    if candidates.is_empty() {
        return Err(ApiError::new(
            415,
            format!("{method} is not supported on this resource"),
        ));
    }
    let known = |name: &str| candidates.iter().any(|(s, _)| accepts(s, name));
    let present: Vec<&str> = query
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| known(k))
        .collect();
    let fits = |s: &EndpointSpec| {
        s.query
            .iter()
            .all(|q| !q.required || present.contains(&q.name))
            && present.iter().all(|p| accepts(s, p))
    };
    // Prefer the endpoint that uses the most of the parameters given.
    let best = candidates
        .iter()
        .filter(|(s, _)| fits(s))
        .max_by_key(|(s, _)| s.query.iter().filter(|q| q.required).count());
    match best {
        Some((spec, params)) => Ok(Matched {
            spec,
            params: params.clone(),
        }),
        None => {
            let wanted: Vec<String> = candidates
                .iter()
                .filter(|(s, _)| s.query.iter().any(|q| present.contains(&q.name)))
                .map(|(s, _)| {
                    s.query
                        .iter()
                        .filter(|q| q.required)
                        .map(|q| q.name)
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            Err(ApiError::bad_request(format!(
                "the query parameters {} do not fit this resource; it takes {}",
                present.join(", "),
                wanted.join(", or ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn picks_by_query() {
        let name = |m, p, query: &[(&str, &str)]| route(m, p, &q(query)).map(|r| r.spec.name);
        assert_eq!(name("GET", "/contacts", &[]), Ok("list_contacts"));
        assert_eq!(
            name("GET", "/contacts", &[("next", "x")]),
            Ok("list_contacts")
        );
        assert_eq!(
            name("GET", "/contacts", &[("email", "a"), ("email", "b")]),
            Ok("search_contacts_by_email")
        );
        assert_eq!(
            name(
                "GET",
                "/contacts",
                &[("updatedsince", "t"), ("listtype", "active")]
            ),
            Ok("list_contacts_updated_since")
        );
        assert_eq!(
            name(
                "GET",
                "/contacts",
                &[("updatedsince", "t"), ("listid", "1")]
            ),
            Ok("list_contacts_updated_since_on_list")
        );
        assert_eq!(
            name("GET", "/contacts", &[("updatedsince", "t")])
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            name("GET", "/contacts", &[("foo", "bar")]),
            Ok("list_contacts")
        );
        assert_eq!(name("PATCH", "/contacts/1", &[]).unwrap_err().status, 415);
        assert_eq!(name("GET", "/nothing", &[]).unwrap_err().status, 404);
        assert_eq!(name("GET", "/contacts/2", &[]), Ok("get_contact"));
    }

    #[test]
    fn query_values_are_percent_decoded() {
        assert_eq!(
            parse_query(Some("email=jon%40example.com&q=a+b%2Bc&p=100%&&z=%zz%4")),
            q(&[
                ("email", "jon@example.com"),
                ("q", "a b+c"),
                ("p", "100%"),
                ("z", "%zz%4")
            ])
        );
        assert!(parse_query(None).is_empty());
    }
}
