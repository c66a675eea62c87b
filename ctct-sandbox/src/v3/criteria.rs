//! Segment criteria: the JSON text a segment carries, read into a tree the sandbox can
//! evaluate against a contact.
//!
//! The shape is `{"version": "1.0.0", "criteria": GROUP}`, a group being
//! `{"type": "and"|"or", "group": [GROUP | CONDITION, …]}` and a condition
//! `{"source", "field", "op", "const_value", "param"?}`. The subset evaluated:
//!
//! - `source: "contact"`, `field` one of [`CONTACT_FIELDS`] (or `custom_field` with the
//!   custom field id in `param`), `op` one of [`TEXT_OPS`], compared without case;
//! - `source: "list_membership"` (field `list_membership`) and `source: "tags"` (field
//!   `tags`), `op` `contains-any`, `contains-all` or `not-contains-any`, `const_value` one
//!   id or an array of ids.
//!
//! Anything else (notably `tracking`, which needs campaign activity the sandbox does not
//! model) is refused when the segment is written, with a 400 naming the part.

use ctct_models::v3::contacts::ContactResource;
use serde_json::Value;

/// The contact fields a `contact` condition can test.
pub(crate) const CONTACT_FIELDS: &[&str] = &[
    "email_address",
    "first_name",
    "last_name",
    "job_title",
    "company_name",
    "city",
    "state",
    "country",
    "zip",
    "custom_field",
];

/// The operators of a `contact` condition.
pub(crate) const TEXT_OPS: &[&str] = &[
    "eq",
    "ne",
    "contains",
    "not-contains",
    "starts-with",
    "ends-with",
    "empty",
    "not-empty",
];

const SET_OPS: &[&str] = &["contains-any", "contains-all", "not-contains-any"];

/// A parsed criteria tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Criteria {
    /// Every member holds.
    All(Vec<Criteria>),
    /// At least one member holds.
    Any(Vec<Criteria>),
    /// A contact field compared with a value.
    Field {
        field: String,
        param: Option<String>,
        op: String,
        value: String,
    },
    /// Membership of lists (`lists`) or tags (not `lists`).
    Set {
        lists: bool,
        op: String,
        ids: Vec<String>,
    },
}

/// Reads criteria text; the error names what is not understood.
pub(crate) fn parse(text: &str) -> Result<Criteria, String> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| format!("segment_criteria is not JSON: {e}"))?;
    let criteria = root
        .get("criteria")
        .ok_or("segment_criteria has no \"criteria\" object")?;
    node(criteria, "criteria")
}

fn text_of(v: &Value, at: &str, key: &str) -> Result<String, String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(format!("{at}.{key} is {other}, not text")),
        None => Err(format!("{at} has no {key:?}")),
    }
}

fn node(v: &Value, at: &str) -> Result<Criteria, String> {
    if let Some(group) = v.get("group") {
        let kind = text_of(v, at, "type")?;
        let Some(items) = group.as_array() else {
            return Err(format!("{at}.group is not an array"));
        };
        if items.is_empty() {
            return Err(format!("{at}.group is empty"));
        }
        let members = items
            .iter()
            .enumerate()
            .map(|(i, x)| node(x, &format!("{at}.group[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        return match kind.as_str() {
            "and" => Ok(Criteria::All(members)),
            "or" => Ok(Criteria::Any(members)),
            other => Err(format!("{at}.type {other:?} is not and or or")),
        };
    }
    let source = text_of(v, at, "source")?;
    let field = text_of(v, at, "field")?;
    let op = text_of(v, at, "op")?;
    match source.as_str() {
        "contact" => {
            if !CONTACT_FIELDS.contains(&field.as_str()) {
                return Err(format!(
                    "{at}.field {field:?} is not one of {} (the contact fields ctct-sandbox evaluates)",
                    CONTACT_FIELDS.join(", ")
                ));
            }
            if !TEXT_OPS.contains(&op.as_str()) {
                return Err(format!(
                    "{at}.op {op:?} is not one of {}",
                    TEXT_OPS.join(", ")
                ));
            }
            let param = match v.get("param") {
                None | Some(Value::Null) => None,
                Some(_) => Some(text_of(v, at, "param")?),
            };
            if field == "custom_field" && param.is_none() {
                return Err(format!(
                    "{at}: a custom_field condition needs the custom field id in \"param\""
                ));
            }
            let value = if op == "empty" || op == "not-empty" {
                String::new()
            } else {
                text_of(v, at, "const_value")?
            };
            Ok(Criteria::Field {
                field,
                param,
                op,
                value,
            })
        }
        "list_membership" | "tags" => {
            let expected = if source == "tags" {
                "tags"
            } else {
                "list_membership"
            };
            if field != expected {
                return Err(format!(
                    "{at}.field {field:?}: a {source} condition tests {expected:?}"
                ));
            }
            if !SET_OPS.contains(&op.as_str()) {
                return Err(format!(
                    "{at}.op {op:?} is not one of {}",
                    SET_OPS.join(", ")
                ));
            }
            let ids = match v.get("const_value") {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| format!("{at}.const_value holds {x}, not an id"))
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err(format!("{at}.const_value must be an id or an array of ids")),
            };
            Ok(Criteria::Set {
                lists: source == "list_membership",
                op,
                ids,
            })
        }
        "tracking" => Err(format!(
            "{at}.source \"tracking\" is not emulated by ctct-sandbox (it keeps no campaign activity)"
        )),
        other => Err(format!(
            "{at}.source {other:?} is not one of contact, list_membership, tags"
        )),
    }
}

fn contact_value(c: &ContactResource, field: &str, param: Option<&str>) -> String {
    let street = c.street_addresses.as_ref().and_then(|s| s.first());
    let v = match field {
        "email_address" => c.email_address.as_ref().and_then(|e| e.address.clone()),
        "first_name" => c.first_name.clone(),
        "last_name" => c.last_name.clone(),
        "job_title" => c.job_title.clone(),
        "company_name" => c.company_name.clone(),
        "city" => street.and_then(|s| s.city.clone()),
        "state" => street.and_then(|s| s.state.clone()),
        "country" => street.and_then(|s| s.country.clone()),
        "zip" => street.and_then(|s| s.postal_code.clone()),
        "custom_field" => c.custom_fields.as_ref().and_then(|f| {
            f.iter()
                .find(|x| x.custom_field_id.as_deref() == param)
                .and_then(|x| x.value.clone())
        }),
        _ => None,
    };
    v.unwrap_or_default().to_lowercase()
}

impl Criteria {
    /// Whether contact `c` is in the segment.
    pub fn matches(&self, c: &ContactResource) -> bool {
        match self {
            Criteria::All(m) => m.iter().all(|x| x.matches(c)),
            Criteria::Any(m) => m.iter().any(|x| x.matches(c)),
            Criteria::Field {
                field,
                param,
                op,
                value,
            } => {
                let have = contact_value(c, field, param.as_deref());
                let want = value.to_lowercase();
                match op.as_str() {
                    "eq" => have == want,
                    "ne" => have != want,
                    "contains" => have.contains(&want),
                    "not-contains" => !have.contains(&want),
                    "starts-with" => have.starts_with(&want),
                    "ends-with" => have.ends_with(&want),
                    "empty" => have.is_empty(),
                    _ => !have.is_empty(),
                }
            }
            Criteria::Set { lists, op, ids } => {
                let have: Vec<&str> = if *lists {
                    c.list_memberships
                        .iter()
                        .flatten()
                        .map(|l| l.as_str())
                        .collect()
                } else {
                    c.taggings.iter().flatten().map(|t| t.as_str()).collect()
                };
                match op.as_str() {
                    "contains-any" => ids.iter().any(|i| have.contains(&i.as_str())),
                    "contains-all" => ids.iter().all(|i| have.contains(&i.as_str())),
                    _ => !ids.iter().any(|i| have.contains(&i.as_str())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(first: &str, tags: &[&str]) -> ContactResource {
        ContactResource {
            first_name: Some(first.to_owned()),
            taggings: Some(tags.iter().map(|t| (*t).into()).collect()),
            ..Default::default()
        }
    }

    #[test]
    fn and_or_groups_over_contact_fields_and_tags() {
        let c = parse(
            r#"{"version":"1.0.0","criteria":{"type":"and","group":[
                {"source":"contact","field":"first_name","op":"starts-with","const_value":"Al"},
                {"type":"or","group":[
                    {"source":"tags","field":"tags","op":"contains-any","const_value":["t1","t2"]},
                    {"source":"contact","field":"first_name","op":"eq","const_value":"alfred"}]}]}}"#,
        )
        .unwrap();
        assert!(c.matches(&contact("Alice", &["t2"])));
        assert!(!c.matches(&contact("Alice", &["t3"])));
        assert!(c.matches(&contact("Alfred", &[])));
        assert!(!c.matches(&contact("Bob", &["t1"])));
    }

    #[test]
    fn unsupported_parts_are_named() {
        let e = parse(r#"{"criteria":{"type":"and","group":[{"source":"tracking","field":"not_opened","op":"contains-any","const_value":"last-n-campaigns","param":"5"}]}}"#).unwrap_err();
        assert!(e.contains("criteria.group[0].source \"tracking\""), "{e}");
        let e = parse(r#"{"criteria":{"type":"xor","group":[{"source":"contact","field":"first_name","op":"eq","const_value":"a"}]}}"#).unwrap_err();
        assert!(e.contains("\"xor\""), "{e}");
        let e = parse(r#"{"criteria":{"type":"and","group":[{"source":"contact","field":"fax","op":"eq","const_value":"a"}]}}"#).unwrap_err();
        assert!(e.contains("\"fax\""), "{e}");
        assert!(parse("not json").unwrap_err().contains("not JSON"));
    }
}
