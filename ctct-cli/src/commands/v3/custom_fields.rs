//! `ctct v3 custom-fields list|get|create|update|delete|get-or-create`: the account's custom
//! field definitions (at most 100). A field's `name`, made by the server from its label, is
//! what imports and exports call it (`cf:<name>`); `get-or-create` finds a field by label or
//! name without case, so a script can make sure a field exists before an import.
//!
//! Changing the choices of a select field replaces them: a choice given again by its label
//! keeps its id (and so the contacts' values), new labels are added, the rest are removed.
//! That needs the field's current choices, so such an update reads the field first.

use clap::Subcommand;
use ctct_client::v3::V3Client;
use ctct_models::v3::custom_fields::{
    CreateCustomField, CustomFieldChoicePostInput, CustomFieldChoicePutInput,
    CustomFieldDefinition, CustomFieldPostInput, CustomFieldPutInput, DeleteCustomField,
    GetCustomField, GetCustomFields, PutCustomField,
};
use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::output::Output;
use crate::v3_session::v3_failure;

/// `ctct v3 custom-fields …`
#[derive(Debug, Subcommand)]
pub enum V3CustomFieldsCommand {
    /// List the custom fields.
    List,
    /// Show one custom field, with its choices.
    Get {
        /// The custom field's id (a UUID).
        id: String,
    },
    /// Create a custom field.
    #[command(
        after_help = "Example:\n  ctct v3 custom-fields create --label 'Shirt size' --type \
single_select --choice S --choice M --choice L"
    )]
    Create {
        /// The label (at most 50 characters; the field's name is made from it).
        #[arg(long)]
        label: String,
        /// The type: string, date, number, currency, boolean, single_select, multi_select.
        #[arg(long = "type", value_name = "TYPE", default_value = "string")]
        kind: String,
        /// A choice of a select field (repeat for several, in display order).
        #[arg(long = "choice", value_name = "LABEL")]
        choices: Vec<String>,
    },
    /// Change a custom field's label, or a select field's choices.
    Update {
        /// The custom field's id.
        id: String,
        /// The new label.
        #[arg(long)]
        label: Option<String>,
        /// The choices become exactly these (repeat for several); a label given again keeps
        /// its choice id.
        #[arg(long = "choice", value_name = "LABEL")]
        choices: Vec<String>,
    },
    /// Delete a custom field; its values leave every contact.
    Delete {
        /// The custom field's id.
        id: String,
    },
    /// The custom field with this label or name (compared without case), created when there
    /// is none.
    GetOrCreate {
        /// The label.
        #[arg(long)]
        label: String,
        /// The type, when it is created.
        #[arg(long = "type", value_name = "TYPE", default_value = "string")]
        kind: String,
    },
}

const COLUMNS: [&str; 5] = ["custom_field_id", "label", "name", "type", "updated_at"];

fn row(f: CustomFieldDefinition) -> Map<String, Value> {
    let choices: Vec<String> = f
        .choices
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.deleted_at.is_none())
        .filter_map(|c| c.choice_label)
        .collect();
    let mut row = Map::new();
    row.insert("custom_field_id".into(), json!(f.custom_field_id));
    row.insert("label".into(), json!(f.label));
    row.insert("name".into(), json!(f.name));
    row.insert("type".into(), json!(f.type_));
    row.insert("choices".into(), json!(choices));
    row.insert(
        "updated_at".into(),
        json!(f.updated_at.map(|t| t.to_string())),
    );
    row
}

/// Runs `ctct v3 custom-fields …`.
pub async fn run(client: &V3Client, cmd: V3CustomFieldsCommand) -> Result<Output, Failure> {
    match cmd {
        V3CustomFieldsCommand::List => {
            let fields: Vec<CustomFieldDefinition> = client
                .items(GetCustomFields::new().limit(ctct_client::v3::bulk::CUSTOM_FIELD_PAGE))
                .try_collect()
                .await
                .map_err(|e| v3_failure(e, "custom fields"))?;
            Ok(Output::table(
                COLUMNS.to_vec(),
                fields.into_iter().map(row).collect(),
            ))
        }
        V3CustomFieldsCommand::Get { id } => {
            let f = client
                .send(GetCustomField::new(id.as_str()))
                .await
                .map_err(|e| v3_failure(e, &format!("custom field {id}")))?;
            Ok(Output::detail(row(f)))
        }
        V3CustomFieldsCommand::Create {
            label,
            kind,
            choices,
        } => {
            let input = CustomFieldPostInput {
                label: Some(label.clone()),
                type_: Some(kind),
                choices: choices
                    .into_iter()
                    .map(|c| CustomFieldChoicePostInput {
                        choice_label: Some(c),
                        ..CustomFieldChoicePostInput::new()
                    })
                    .collect(),
                ..CustomFieldPostInput::new()
            };
            let f = client
                .send(CreateCustomField::new(input))
                .await
                .map_err(|e| v3_failure(e, &format!("a custom field labelled {label:?}")))?;
            Ok(Output::detail(row(f)))
        }
        V3CustomFieldsCommand::Update { id, label, choices } => {
            if label.is_none() && choices.is_empty() {
                return Err(Failure::usage(format!(
                    "nothing to change on custom field {id}: give --label or --choice"
                )));
            }
            let choices = if choices.is_empty() {
                Vec::new()
            } else {
                let current = client
                    .send(GetCustomField::new(id.as_str()))
                    .await
                    .map_err(|e| v3_failure(e, &format!("custom field {id}")))?;
                kept_choices(&current, choices)
            };
            let input = CustomFieldPutInput { label, choices };
            let f = client
                .send(PutCustomField::new(id.as_str(), input))
                .await
                .map_err(|e| v3_failure(e, &format!("custom field {id}")))?;
            Ok(Output::detail(row(f)))
        }
        V3CustomFieldsCommand::Delete { id } => {
            client
                .send(DeleteCustomField::new(id.as_str()))
                .await
                .map_err(|e| v3_failure(e, &format!("custom field {id}")))?;
            Ok(Output::message(
                format!("deleted custom field {id}"),
                json!({"deleted": id}),
            ))
        }
        V3CustomFieldsCommand::GetOrCreate { label, kind } => {
            let (field, requests) = client
                .custom_field_by_label(&label, &kind)
                .await
                .map_err(|e| v3_failure(e, &format!("a custom field labelled {label:?}")))?;
            let mut record = row(field);
            record.insert("requests".into(), json!(requests));
            Ok(Output::detail(record))
        }
    }
}

/// The choices to send so that the field's choices become `labels`: a label the field has
/// (compared without case) keeps its choice id; the order given is the display order.
fn kept_choices(
    current: &CustomFieldDefinition,
    labels: Vec<String>,
) -> Vec<CustomFieldChoicePutInput> {
    let existing = current.choices.as_deref().unwrap_or_default();
    labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let wanted = label.trim().to_lowercase();
            let id = existing
                .iter()
                .filter(|c| c.deleted_at.is_none())
                .find(|c| {
                    c.choice_label
                        .as_deref()
                        .is_some_and(|l| l.trim().to_lowercase() == wanted)
                })
                .and_then(|c| c.choice_id);
            CustomFieldChoicePutInput {
                choice_id: id,
                choice_label: Some(label),
                display_order: i64::try_from(i + 1).ok(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctct_models::v3::custom_fields::CustomFieldChoice;

    #[test]
    fn a_choice_given_again_keeps_its_id_and_new_ones_have_none() {
        let choice = |id, label: &str, deleted: bool| CustomFieldChoice {
            choice_id: Some(id),
            choice_label: Some(label.to_owned()),
            deleted_at: deleted.then(|| "2026-01-01".to_owned()),
            ..CustomFieldChoice::default()
        };
        let current = CustomFieldDefinition {
            choices: Some(vec![choice(1, "Small", false), choice(2, "Large", true)]),
            ..CustomFieldDefinition::default()
        };
        let sent = kept_choices(&current, vec!["large".into(), " small ".into()]);
        assert_eq!(sent[0].choice_id, None, "a deleted choice is not revived");
        assert_eq!(sent[0].display_order, Some(1));
        assert_eq!(sent[1].choice_id, Some(1));
        assert_eq!(sent[1].choice_label.as_deref(), Some(" small "));
    }
}
