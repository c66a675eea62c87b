//! Reading the contract: YAML into a tree, `$ref`s resolved on demand.

use serde_norway::Value;

/// A parsed Swagger 2.0 document.
pub struct Contract {
    root: Value,
}

/// Parses contract text; the error names the problem and where serde found it.
pub fn load(text: &str) -> Result<Contract, String> {
    let root: Value =
        serde_norway::from_str(text).map_err(|e| format!("not a YAML document: {e}"))?;
    if root.get("swagger").and_then(Value::as_str) != Some("2.0") {
        return Err("not a Swagger 2.0 document (no `swagger: \"2.0\"`)".to_owned());
    }
    Ok(Contract { root })
}

impl Contract {
    /// Every operation: (method upper case, path, operationId, first tag, operation).
    pub fn operations(&self) -> Vec<(String, String, String, String, &Value)> {
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_mapping) else {
            return out;
        };
        for (path, item) in paths {
            let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
                continue;
            };
            for (method, op) in item {
                let Some(method) = method.as_str() else {
                    continue;
                };
                if method == "parameters" {
                    continue;
                }
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let tag = op
                    .get("tags")
                    .and_then(Value::as_sequence)
                    .and_then(|t| t.first())
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                out.push((method.to_uppercase(), path.to_owned(), id, tag, op));
            }
        }
        out
    }

    /// Follows a `$ref` (`#/definitions/Name`) until a schema without one; depth-limited,
    /// so a reference cycle cannot loop.
    pub fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
                return schema;
            };
            let name = r.rsplit('/').next().unwrap_or_default();
            match self.root.get("definitions").and_then(|d| d.get(name)) {
                Some(next) => schema = next,
                None => return schema,
            }
        }
        schema
    }
}
