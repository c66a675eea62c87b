//! Segment criteria checked before they are sent.
//!
//! V3 keeps a segment's criteria as JSON text in a string field, so a typo in a hand-written
//! file would otherwise travel to the server and come back as a 400 about the whole body.
//! This reads the text, checks the shape every criteria document has
//! (`{"version"?, "criteria": GROUP}`, a group `{"type": "and"|"or", "group": [..]}`, a
//! condition `{"source", "field", "op", "const_value"?, "param"?}`) and names the first part
//! that is wrong by its path (`segment_criteria.criteria.group[1].op`). It does not judge
//! which sources, fields and operators exist: the service knows more of them than a client
//! should hard-code. What it sends is the same document in compact form.

use serde_json::Value;

use crate::failure::Failure;

/// The most characters `segment_criteria` holds.
pub const MAX_LEN: usize = 20_000;

/// The compact JSON text of `text` when it is a well-formed criteria document.
///
/// # Errors
///
/// An invalid-input failure (exit 5) naming the part that is wrong and what was found there.
pub fn checked(text: &str) -> Result<String, Failure> {
    let root: Value = serde_json::from_str(text)
        .map_err(|e| Failure::invalid(format!("segment_criteria is not JSON: {e}")))?;
    shape(&root).map_err(Failure::invalid)?;
    let compact = root.to_string();
    let len = compact.chars().count();
    if len > MAX_LEN {
        return Err(Failure::invalid(format!(
            "segment_criteria has {len} characters (compacted), at most {MAX_LEN} allowed"
        )));
    }
    Ok(compact)
}

fn shape(root: &Value) -> Result<(), String> {
    let at = "segment_criteria";
    let Value::Object(map) = root else {
        return Err(format!("{at} is {}, not an object", kind(root)));
    };
    if let Some(v) = map.get("version")
        && !v.is_string()
    {
        return Err(format!("{at}.version is {v}, not text"));
    }
    let criteria = map
        .get("criteria")
        .ok_or_else(|| format!("{at} has no \"criteria\""))?;
    node(criteria, &format!("{at}.criteria"))
}

fn node(v: &Value, at: &str) -> Result<(), String> {
    let Value::Object(map) = v else {
        return Err(format!("{at} is {}, not an object", kind(v)));
    };
    if let Some(group) = map.get("group") {
        match map.get("type") {
            Some(Value::String(t)) if t == "and" || t == "or" => {}
            Some(other) => return Err(format!("{at}.type is {other}, not \"and\" or \"or\"")),
            None => {
                return Err(format!(
                    "{at} has a \"group\" but no \"type\" (\"and\" or \"or\")"
                ));
            }
        }
        let Value::Array(items) = group else {
            return Err(format!("{at}.group is {}, not an array", kind(group)));
        };
        if items.is_empty() {
            return Err(format!("{at}.group is empty"));
        }
        return items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| node(item, &format!("{at}.group[{i}]")));
    }
    for key in ["source", "field", "op"] {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(Value::String(_)) => return Err(format!("{at}.{key} is empty")),
            Some(other) => return Err(format!("{at}.{key} is {other}, not text")),
            None => {
                return Err(format!(
                    "{at} has no {key:?} (a condition needs source, field and op; a group \
                     needs type and group)"
                ));
            }
        }
    }
    if let Some(v) = map.get("const_value")
        && (v.is_object() || v.is_boolean())
    {
        return Err(format!(
            "{at}.const_value is {v}, not text, a number or an array"
        ));
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        match checked(text) {
            Ok(ok) => panic!("accepted {ok}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_good_document_is_sent_compact_in_its_own_key_order() {
        let text = r#"{
            "version": "1.0.0",
            "criteria": {"type": "and", "group": [
                {"source": "contact", "field": "city", "op": "eq", "const_value": "Boston"},
                {"type": "or", "group": [
                    {"source": "tags", "field": "tags", "op": "contains-any", "const_value": ["t1"]}
                ]}
            ]}
        }"#;
        let sent = checked(text).map_err(|e| e.to_string());
        assert_eq!(
            sent.as_deref(),
            Ok(
                "{\"version\":\"1.0.0\",\"criteria\":{\"type\":\"and\",\"group\":[{\"source\":\
                 \"contact\",\"field\":\"city\",\"op\":\"eq\",\"const_value\":\"Boston\"},\
                 {\"type\":\"or\",\"group\":[{\"source\":\"tags\",\"field\":\"tags\",\"op\":\
                 \"contains-any\",\"const_value\":[\"t1\"]}]}]}}"
            )
        );
    }

    #[test]
    fn the_wrong_part_is_named_by_its_path() {
        assert!(problem("{").starts_with("segment_criteria is not JSON: EOF"));
        assert_eq!(problem("[]"), "segment_criteria is an array, not an object");
        assert_eq!(problem("{}"), "segment_criteria has no \"criteria\"");
        assert_eq!(
            problem(r#"{"criteria": {"type": "xor", "group": []}}"#),
            "segment_criteria.criteria.type is \"xor\", not \"and\" or \"or\""
        );
        assert_eq!(
            problem(r#"{"criteria": {"type": "and", "group": []}}"#),
            "segment_criteria.criteria.group is empty"
        );
        let missing_op = r#"{"criteria": {"type": "or", "group": [
            {"source": "contact", "field": "city", "op": "eq", "const_value": "x"},
            {"source": "contact", "field": "city", "const_value": "y"}]}}"#;
        assert!(
            problem(missing_op).starts_with("segment_criteria.criteria.group[1] has no \"op\""),
            "{}",
            problem(missing_op)
        );
        assert_eq!(
            problem(r#"{"criteria": {"source": "contact", "field": 7, "op": "eq"}}"#),
            "segment_criteria.criteria.field is 7, not text"
        );
    }

    #[test]
    fn an_overlong_document_is_refused_with_its_length() {
        let value = "x".repeat(MAX_LEN);
        let text = format!(
            r#"{{"criteria": {{"source": "contact", "field": "city", "op": "eq", "const_value": "{value}"}}}}"#
        );
        assert!(problem(&text).contains("at most 20000 allowed"));
    }
}
