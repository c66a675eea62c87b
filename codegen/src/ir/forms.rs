//! Lowering of form bodies (V1 bulk activities, the V3 CSV import): field types, fixed
//! values, repetition and limits.

use super::*;

/// Checks the `form` fields of an endpoint; `None` when it has none (or they are invalid,
/// in which case errors were recorded).
pub(super) fn build_form(
    cx: &mut Ctx<'_>,
    key: &str,
    e: &spec::Endpoint,
    lookup: &dyn Fn(&str) -> Option<Named>,
    holes: &[String],
) -> Option<Form> {
    if e.form.is_empty() {
        return None;
    }
    let before = cx.errors.len();
    if e.request.is_some() {
        cx.err(
            format!("{key}.form"),
            "an endpoint sends either a `request` payload or a `form`, not both",
        );
    }
    if e.method != "POST" {
        cx.err(format!("{key}.form"), "only POST sends a form");
    }
    let multipart = match e.content_type.as_deref() {
        Some("application/x-www-form-urlencoded") => false,
        Some("multipart/form-data") => true,
        other => {
            cx.err(
                format!("{key}.content_type"),
                format!(
                    "a form endpoint needs content_type {}, not {}",
                    FORM_TYPES.join(" or "),
                    other.map_or_else(|| "none".to_owned(), |ct| format!("{ct:?}"))
                ),
            );
            false
        }
    };
    let mut fields = Vec::new();
    let mut rust_names = BTreeSet::new();
    for f in &e.form {
        let fkey = format!("{key}.form.{}", f.name);
        let rust = f
            .rust
            .clone()
            .unwrap_or_else(|| naming::field_name(&f.name));
        if f.separator.is_some() && !f.repeated {
            cx.err(&fkey, "separator applies only to repeated fields");
        }
        let ty = match f.ty.as_str() {
            "string" => FormType::String,
            "boolean" => FormType::Boolean,
            "table" => FormType::Table,
            // A V3 family's id names resolve to its own `[[id]]` types, not V1 kinds.
            id if ID_KINDS.contains(&id) && !matches!(lookup(id), Some(Named::Id(_))) => {
                FormType::Id(id.to_owned())
            }
            name => match lookup(name) {
                Some(Named::Enum(family)) => FormType::Enum {
                    name: name.to_owned(),
                    family,
                },
                Some(Named::Id(id)) => FormType::V3Id(id),
                _ => {
                    cx.err(
                        format!("{fkey}.type"),
                        format!("unknown form type {name:?}: expected string, boolean, table, an enum or an id type"),
                    );
                    FormType::String
                }
            },
        };
        if f.value.is_some() {
            if f.repeated || !matches!(ty, FormType::String) {
                cx.err(
                    format!("{fkey}.value"),
                    "a fixed value needs a single string field",
                );
            }
        } else if holes.contains(&rust) || !rust_names.insert(rust.clone()) {
            cx.err(
                &fkey,
                format!("argument name `{rust}` collides with another argument; set `rust`"),
            );
        }
        if ty == FormType::Table && f.repeated {
            cx.err(&fkey, "a table field cannot repeat");
        }
        fields.push(FormField {
            wire: f.name.clone(),
            rust,
            ty,
            value: f.value.clone(),
            required: f.required,
            repeated: f.repeated,
            separator: f.separator.clone(),
            max: f.max,
            doc: f.doc.clone(),
        });
    }
    (cx.errors.len() == before).then_some(Form { multipart, fields })
}
