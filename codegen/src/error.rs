//! Schema errors: every problem names the file, the key and what is wrong.

use std::fmt;

/// A problem in a schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The schema file, relative to the workspace root.
    pub file: String,
    /// The dotted key of the offending item, e.g. `resource.Contact.field.EmailAddress.type`.
    pub key: String,
    /// What is wrong and, where possible, what would be right.
    pub message: String,
}

impl SchemaError {
    /// Builds an error.
    pub fn new(
        file: impl Into<String>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            key: key.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.key, self.message)
        }
    }
}

impl std::error::Error for SchemaError {}

/// All errors, one per line.
pub fn join(errors: &[SchemaError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
