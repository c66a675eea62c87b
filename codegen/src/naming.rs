//! Every Rust name codegen emits is decided here.
//!
//! XML names become snake_case fields (`OptInSource` → `opt_in_source`, `CustomField1` →
//! `custom_field1`, `SharePageURL` → `share_page_url`), wire values become CamelCase variants
//! (`Do Not Mail` → `DoNotMail`, `ACTION_BY_CUSTOMER` → `ActionByCustomer`), and keywords get
//! a trailing underscore (`type` → `type_`, `Self` → `Self_`). Raw identifiers (`r#type`) are
//! avoided on purpose: derive macros (yaserde's among them) build identifiers from field
//! names, and a trailing underscore is valid everywhere. Callers check collisions.

/// Rust keywords (strict and reserved, all editions up to 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Splits a name into words at case changes, digits-to-letters boundaries and punctuation.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if c.is_uppercase() => {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            }
            Some(p) if c.is_alphabetic() => p.is_ascii_digit(),
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `OptInSource` → `opt_in_source`; `CustomField1` → `custom_field1`.
pub fn snake_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `Do Not Mail` → `DoNotMail`; `ACTION_BY_CUSTOMER` → `ActionByCustomer`; `HTML` → `Html`.
pub fn camel_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect()
}

/// `list_contacts` → `LIST_CONTACTS`.
pub fn upper_snake(name: &str) -> String {
    snake_case(name).to_uppercase()
}

/// Makes `name` usable as an identifier: a trailing `_` for keywords, a leading `_` before a
/// digit.
pub fn escape(name: &str) -> String {
    if KEYWORDS.contains(&name) || name == "_" {
        format!("{name}_")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// The Rust field name for an XML name.
pub fn field_name(xml: &str) -> String {
    escape(&snake_case(xml))
}

/// The Rust variant name for a wire value.
pub fn variant_name(wire: &str) -> String {
    let name = camel_case(wire);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        escape(&name)
    }
}

/// Whether `name` is an UpperCamelCase identifier that is not a keyword.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
}

/// Whether `name` is a snake_case identifier that is not a keyword.
pub fn is_snake_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        for (xml, rust) in [
            ("EmailAddress", "email_address"),
            ("OptInSource", "opt_in_source"),
            ("CustomField1", "custom_field1"),
            ("CustomField15", "custom_field15"),
            ("Addr1", "addr1"),
            ("SharePageURL", "share_page_url"),
            ("Urls", "urls"),
            ("ViewAsWebpageURL", "view_as_webpage_url"),
            ("id", "id"),
            ("type", "type_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("Option", "option"),
            ("some-name", "some_name"),
        ] {
            assert_eq!(field_name(xml), rust, "{xml}");
        }
    }

    #[test]
    fn variants() {
        for (wire, rust) in [
            ("Do Not Mail", "DoNotMail"),
            ("ACTION_BY_CUSTOMER", "ActionByCustomer"),
            ("HTML", "Html"),
            ("do-not-mail", "DoNotMail"),
            ("SV_ADD", "SvAdd"),
            ("Self", "Self_"),
            ("200", "V200"),
        ] {
            assert_eq!(variant_name(wire), rust, "{wire}");
        }
    }
}
