//! The single door to yaserde.
//!
//! Every XML body the SDK reads or writes goes through this module, which fixes what
//! yaserde gets wrong by default for this API (each point measured when the XML crates were compared):
//!
//! * **Whitespace is preserved.** yaserde's default reader trims every text value, which would
//!   silently corrupt `Note` and the custom fields; [`reader`] turns trimming off.
//! * **The root element is checked** (name and namespace): yaserde accepts any root name.
//! * **Hostile bodies are refused cheaply before parsing**: bodies over
//!   [`DecodeOptions::max_bytes`], nesting deeper than [`DecodeOptions::max_depth`] (the
//!   underlying parser is quadratic in depth), more than [`MAX_NAMESPACE_DECLARATIONS`]
//!   `xmlns` declarations in scope (the parser copies every declaration in scope into every
//!   element event: quadratic, 9 s for a 94 KB body) and any `<!DOCTYPE` (entity tricks) fail in one
//!   linear pass.
//! * **Characters XML 1.0 cannot carry are refused both ways** ([`crate::validate::is_xml_char`]):
//!   the reader refuses them raw and as character references (an `<?xml version="1.1"?>`
//!   document may carry `&#1;`, which the parser accepts), and the writer refuses to emit them,
//!   so a value that got in somewhere can never make a document unreadable.
//! * **Both namespace styles parse**: the default-namespace CTCT style and the `atom:`-prefixed,
//!   un-namespaced Event Marketing style; elements are matched on namespace URI + local name.

use std::io::Write;

use ::xml::reader::{EventReader, ParserConfig, XmlEvent};
use yaserde::de::Deserializer;
use yaserde::ser::Serializer;

/// The most `xmlns` declarations in scope at any element (on it and its ancestors). V1
/// documents have at most four (each entry re-declares its own); the parser's cost per
/// element grows with the declarations in scope, so thousands of them take minutes to read.
pub const MAX_NAMESPACE_DECLARATIONS: usize = 64;

pub use crate::codec::{DecodeError, DecodeErrorKind, DecodeOptions, EncodeError};

/// The expected root element of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Root<'a> {
    /// Local name, e.g. `entry`.
    pub local: &'a str,
    /// Namespace URI, or `None` for an un-namespaced element.
    pub namespace: Option<&'a str>,
}

/// Checks size, nesting depth, namespace declarations and DOCTYPE in one linear pass,
/// without parsing.
pub fn precheck(body: &str, opts: &DecodeOptions) -> Result<(), DecodeError> {
    if body.len() > opts.max_bytes {
        return Err(DecodeError::new(
            DecodeErrorKind::TooLarge,
            format!(
                "body of {} bytes is over the {}-byte limit",
                body.len(),
                opts.max_bytes
            ),
        ));
    }
    check_characters(body)?;
    let b = body.as_bytes();
    let mut depth = 0usize;
    // Namespace declarations of each open element, and their sum: those in scope.
    let mut scopes: Vec<usize> = Vec::new();
    let mut in_scope = 0usize;
    let mut i = 0usize;
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        b.get(from..)?
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|p| from + p + pat.len())
    };
    while let Some(off) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        i += off + 1;
        let rest = &b[i..];
        if rest.starts_with(b"!--") {
            i = find(i, b"-->").unwrap_or(b.len());
        } else if rest.starts_with(b"![CDATA[") {
            i = find(i, b"]]>").unwrap_or(b.len());
        } else if rest.starts_with(b"!") {
            return Err(DecodeError::new(
                DecodeErrorKind::Doctype,
                "document type declarations (<!DOCTYPE …>) are refused",
            ));
        } else if rest.starts_with(b"?") {
            i = find(i, b"?>").unwrap_or(b.len());
        } else if rest.starts_with(b"/") {
            depth = depth.saturating_sub(1);
            in_scope -= scopes.pop().unwrap_or(0);
        } else {
            // A start tag: find its end outside quoted attribute values.
            let mut quote = None;
            let mut self_closing = false;
            let mut declared = 0usize;
            while let Some(&c) = b.get(i) {
                i += 1;
                match (quote, c) {
                    (None, b'"' | b'\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => {
                        self_closing = b.get(i.wrapping_sub(2)) == Some(&b'/');
                        break;
                    }
                    (None, c) if c.is_ascii_whitespace() && declares_namespace(&b[i..]) => {
                        declared += 1;
                        if in_scope + declared > MAX_NAMESPACE_DECLARATIONS {
                            return Err(DecodeError::new(
                                DecodeErrorKind::TooManyNamespaces,
                                format!(
                                    "more than {MAX_NAMESPACE_DECLARATIONS} namespace declarations (xmlns) in scope"
                                ),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            if !self_closing {
                depth += 1;
                if depth > opts.max_depth {
                    return Err(DecodeError::new(
                        DecodeErrorKind::TooDeep,
                        format!("elements nest deeper than {} levels", opts.max_depth),
                    ));
                }
                scopes.push(declared);
                in_scope += declared;
            }
        }
    }
    Ok(())
}

/// Refuses a character XML 1.0 cannot carry, raw (anywhere) or as a character reference
/// (outside comments and CDATA sections, where `&#1;` is only text), in one linear pass.
pub fn check_characters(body: &str) -> Result<(), DecodeError> {
    let b = body.as_bytes();
    let refuse = |at: usize, c: u32, form: &str| {
        let shown = char::from_u32(c).map_or_else(
            || format!("U+{c:04X} (not a character)"),
            crate::validate::code_point,
        );
        Err(DecodeError::new(
            DecodeErrorKind::InvalidCharacter,
            format!(
                "{form} at byte {at} is {shown}, {}",
                crate::validate::XML_CHAR_RULE
            ),
        ))
    };
    // Comments and CDATA sections end before this index: `&#…;` there is only text.
    let mut literal_until = 0usize;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\t' | b'\n' | b'\r' => {}
            0..0x20 => return refuse(i, u32::from(c), "a raw control character"),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
            0xEF if matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => {
                let c = if b[i + 2] == 0xBE { 0xFFFE } else { 0xFFFF };
                return refuse(i, c, "a raw character");
            }
            _ if i < literal_until => {}
            b'<' if b[i..].starts_with(b"<!--") => literal_until = skip_past(b, i + 4, b"-->"),
            b'<' if b[i..].starts_with(b"<![CDATA[") => {
                literal_until = skip_past(b, i + 9, b"]]>");
            }
            b'&' if b.get(i + 1) == Some(&b'#') => {
                let (hex, digits_at) = match b.get(i + 2) {
                    Some(b'x') => (true, i + 3),
                    _ => (false, i + 2),
                };
                let digits = b[digits_at..]
                    .iter()
                    .take_while(|d| {
                        if hex {
                            d.is_ascii_hexdigit()
                        } else {
                            d.is_ascii_digit()
                        }
                    })
                    .count();
                if digits > 0 && b.get(digits_at + digits) == Some(&b';') {
                    let text = &body[digits_at..digits_at + digits];
                    let value =
                        u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
                    if !char::from_u32(value).is_some_and(crate::validate::is_xml_char) {
                        let form =
                            format!("the character reference {}", &body[i..=digits_at + digits]);
                        return refuse(i, value, &form);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The index just past the first `pat` at or after `from` (the end of `b` if there is none).
fn skip_past(b: &[u8], from: usize, pat: &[u8]) -> usize {
    b.get(from..)
        .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
        .map_or(b.len(), |p| from + p + pat.len())
}

/// Refuses written XML that carries a character XML 1.0 cannot carry, naming the element.
fn check_written(xml: &str) -> Result<(), EncodeError> {
    let Some((at, c)) = xml
        .char_indices()
        .find(|(_, c)| !crate::validate::is_xml_char(*c))
    else {
        return Ok(());
    };
    let element = xml[..at]
        .rfind('<')
        .map(|open| {
            xml[open + 1..at]
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    Err(EncodeError(format!(
        "the value of <{element}> holds {} (byte {at}), {}",
        crate::validate::code_point(c),
        crate::validate::XML_CHAR_RULE
    )))
}

/// Whether an attribute starting at `rest` is a namespace declaration (`xmlns=` or `xmlns:p=`).
fn declares_namespace(rest: &[u8]) -> bool {
    rest.starts_with(b"xmlns")
        && matches!(
            rest.get(5),
            Some(b':' | b'=' | b' ' | b'\t' | b'\r' | b'\n')
        )
}

/// Whether `body` is well-formed XML (one root, every tag closed, names and references
/// valid), whatever its elements mean. A server tells "Invalid XML" apart from a document that
/// parses but carries a bad value with this.
pub fn is_well_formed(body: &str) -> bool {
    let mut events = EventReader::new(body.as_bytes());
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match events.next() {
            Ok(::xml::reader::XmlEvent::StartElement { .. }) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(::xml::reader::XmlEvent::EndElement { .. }) => depth = depth.saturating_sub(1),
            // The parser reads past the root's end: a second root is not one document.
            Ok(::xml::reader::XmlEvent::EndDocument) => return roots == 1,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// A yaserde reader over `body` that preserves whitespace in text values.
pub fn reader(body: &str) -> Deserializer<&[u8]> {
    let config = ParserConfig::new()
        .trim_whitespace(false)
        .whitespace_to_characters(true)
        .cdata_to_characters(true)
        .ignore_comments(true)
        .coalesce_characters(true);
    Deserializer::new(EventReader::new_with_config(body.as_bytes(), config))
}

/// Advances to the root start element and checks its name and namespace.
pub fn expect_root(de: &mut Deserializer<&[u8]>, root: Root<'_>) -> Result<(), DecodeError> {
    loop {
        match de.peek().map_err(DecodeError::syntax)? {
            XmlEvent::StartElement { name, .. } => {
                let ns = name.namespace.as_deref().filter(|n| !n.is_empty());
                if name.local_name != root.local || ns != root.namespace {
                    return Err(DecodeError::new(
                        DecodeErrorKind::WrongRoot,
                        format!(
                            "expected root <{}> in {}, found <{}> in {}",
                            root.local,
                            describe_ns(root.namespace),
                            name.local_name,
                            describe_ns(ns)
                        ),
                    ));
                }
                return Ok(());
            }
            XmlEvent::EndDocument => {
                return Err(DecodeError::new(
                    DecodeErrorKind::Syntax,
                    format!("empty document: expected <{}>", root.local),
                ));
            }
            XmlEvent::Doctype { .. } => {
                return Err(DecodeError::new(
                    DecodeErrorKind::Doctype,
                    "document type declarations (<!DOCTYPE …>) are refused",
                ));
            }
            _ => {
                de.next_event().map_err(DecodeError::syntax)?;
            }
        }
    }
}

fn describe_ns(ns: Option<&str>) -> String {
    match ns {
        Some(uri) => format!("namespace {uri}"),
        None => "no namespace".to_owned(),
    }
}

/// Decodes a document whose root is a yaserde-derived type, checking the root first.
pub fn from_str<T: yaserde::YaDeserialize>(
    body: &str,
    root: Root<'_>,
    opts: &DecodeOptions,
) -> Result<T, DecodeError> {
    precheck(body, opts)?;
    let mut de = reader(body);
    expect_root(&mut de, root)?;
    T::deserialize(&mut de).map_err(DecodeError::syntax)
}

/// Whether written XML is compact (the wire form) or indented (for people and snapshots).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// No whitespace between elements.
    #[default]
    Compact,
    /// Two-space indentation.
    Pretty,
}

/// A yaserde writer with the given layout and no XML declaration.
pub fn writer(layout: Layout) -> Serializer<Vec<u8>> {
    let config = ::xml::EmitterConfig::new()
        .write_document_declaration(false)
        .perform_indent(layout == Layout::Pretty)
        .cdata_to_characters(false)
        .pad_self_closing(false);
    Serializer::new(::xml::EventWriter::new_with_config(Vec::new(), config))
}

/// Finishes a writer into a string.
///
/// Refuses the document if it carries a character XML 1.0 cannot carry: no writer in the
/// workspace ever emits one, whatever value reached it.
pub fn finish(writer: Serializer<Vec<u8>>) -> Result<String, EncodeError> {
    let xml = String::from_utf8(writer.into_inner()).map_err(|e| EncodeError(e.to_string()))?;
    check_written(&xml)?;
    Ok(protect_normalized_whitespace(xml))
}

/// Writes `\r` (anywhere) and `\t` (in attribute values) as character references.
///
/// The XML writer leaves them as they are, but every reader normalizes them (`\r` and
/// `\r\n` become `\n`; a tab in an attribute value becomes a space), so a `Note` read with
/// a `&#13;` would be written back changed. Found by the `v1_entry` fuzz target. Markup
/// characters in values are already escaped, so a scan for `<`, `>` and quotes finds the
/// attribute values.
fn protect_normalized_whitespace(xml: String) -> String {
    if !xml.contains(['\r', '\t']) {
        return xml;
    }
    let mut out = String::with_capacity(xml.len() + 16);
    let mut in_tag = false;
    let mut quote = None;
    for c in xml.chars() {
        match (c, quote) {
            ('\r', _) => out.push_str("&#xD;"),
            ('\t', Some(_)) => out.push_str("&#x9;"),
            (c, Some(q)) if c == q => {
                quote = None;
                out.push(c);
            }
            ('"' | '\'', None) if in_tag => {
                quote = Some(c);
                out.push(c);
            }
            ('<', None) => {
                in_tag = true;
                out.push(c);
            }
            ('>', None) => {
                in_tag = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Writes a yaserde-derived value as a standalone document.
pub fn to_string<T: yaserde::YaSerialize>(
    value: &T,
    layout: Layout,
) -> Result<String, EncodeError> {
    let mut w = writer(layout);
    value
        .serialize(&mut w)
        .map_err(|e| EncodeError(e.to_string()))?;
    finish(w)
}

/// Writes one event, mapping the error.
pub(crate) fn emit<'a, W: Write>(
    w: &mut Serializer<W>,
    event: impl Into<::xml::writer::XmlEvent<'a>>,
) -> Result<(), EncodeError> {
    w.write(event).map_err(|e| EncodeError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_is_about_syntax_not_meaning() {
        assert!(is_well_formed("<a><b>not a number</b></a>"));
        assert!(is_well_formed("<?xml version='1.0'?><a x='1'/>"));
        assert!(!is_well_formed("<a><b></a>"));
        assert!(!is_well_formed("<a>&nope;</a>"));
        assert!(!is_well_formed("<a/><b/>"));
        assert!(!is_well_formed(""));
    }

    #[test]
    fn precheck_counts_depth_linearly_and_ignores_quotes() {
        let opts = DecodeOptions {
            max_bytes: 1 << 20,
            max_depth: 3,
        };
        assert!(precheck("<a><b x='>'><c/></b></a>", &opts).is_ok());
        assert!(precheck("<a><!-- <b><c><d> --><b/></a>", &opts).is_ok());
        let deep = "<a>".repeat(4);
        assert_eq!(
            precheck(&deep, &opts).unwrap_err().kind,
            DecodeErrorKind::TooDeep
        );
    }

    #[test]
    fn precheck_refuses_doctype_and_size() {
        let opts = DecodeOptions::default();
        let e = precheck("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", &opts).unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Doctype);
        let small = DecodeOptions {
            max_bytes: 4,
            max_depth: 8,
        };
        assert_eq!(
            precheck("<abc/>", &small).unwrap_err().kind,
            DecodeErrorKind::TooLarge
        );
    }

    #[test]
    fn precheck_refuses_too_many_namespace_declarations() {
        let opts = DecodeOptions::default();
        let decls =
            |n: usize| -> String { (0..n).map(|i| format!(" xmlns:p{i}='u{i}'")).collect() };
        // At the limit: accepted, in one tag or spread over nested ones.
        let at_limit = format!(
            "<a xmlns='x'{}><b/></a>",
            decls(MAX_NAMESPACE_DECLARATIONS - 1)
        );
        assert!(precheck(&at_limit, &opts).is_ok());
        let spread = format!("<a{}><b\n{}/></a>", decls(32), decls(32));
        assert!(precheck(&spread, &opts).is_ok());
        // One more: refused, even split across nested elements.
        let over = format!(
            "<a{}><b\txmlns='z'/></a>",
            decls(MAX_NAMESPACE_DECLARATIONS)
        );
        let err = precheck(&over, &opts).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::TooManyNamespaces);
        assert!(
            err.to_string().contains("64 namespace declarations"),
            "{err}"
        );
        // Siblings' declarations go out of scope: 100 siblings declaring 3 each are fine.
        let pair = format!("<e{}/><f{}></f>", decls(3), decls(3));
        let siblings = format!("<a xmlns='x'>{}</a>", pair.repeat(50));
        assert!(precheck(&siblings, &opts).is_ok());
        // Not declarations: attribute values, other names, text.
        let lookalikes = format!(
            "<a{}>{}</a>",
            (0..100)
                .map(|i| format!(" xmlnsx{i}='1' v{i}=' xmlns:q=1'"))
                .collect::<String>(),
            " xmlns:p='1'".repeat(100)
        );
        assert!(precheck(&lookalikes, &opts).is_ok());
    }

    #[test]
    fn decoders_refuse_a_namespace_bomb_before_parsing() {
        // 4000 declarations and 4000 children: 94 KB that took the parser 9 s.
        let bomb = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"{}>{}</feed>",
            (0..4000)
                .map(|i| format!(" xmlns:p{i}=\"u{i}\""))
                .collect::<String>(),
            "<x/>".repeat(4000)
        );
        let err = crate::atom::Feed::<crate::v1::contacts::Contact>::from_xml(&bomb).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::TooManyNamespaces);
        let err = crate::service::ServiceDocument::from_xml(&bomb).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::TooManyNamespaces);
    }

    #[test]
    fn carriage_returns_and_attribute_tabs_survive_a_round_trip() {
        use crate::atom::{Entry, Link};
        use crate::v1::contacts::Contact;
        let mut entry = Entry::for_write(
            Contact {
                note: Some("line 1\r\nline 2\rend\t".into()),
                opt_in_source: Some(crate::v1::contacts::ActionSource::Unknown("X\r".into())),
                ..Contact::default()
            },
            None,
        );
        entry
            .links
            .push(Link::new("/a\tb\r\nc 'q' \"d\"", Some("edit")));
        for layout in [Layout::Compact, Layout::Pretty] {
            let xml = entry.to_xml_with(layout).unwrap();
            assert!(!xml.contains('\r'), "{xml}");
            assert!(xml.contains("line 1&#xD;\nline 2&#xD;end\t"), "{xml}");
            assert!(xml.contains("href=\"/a&#x9;b&#xD;&#xA;c"), "{xml}");
            assert_eq!(Entry::<Contact>::from_xml(&xml).unwrap(), entry, "{xml}");
        }
    }

    #[test]
    fn precheck_refuses_100000_nested_elements_quickly() {
        let body = "<a>".repeat(100_000);
        assert_eq!(
            precheck(&body, &DecodeOptions::default()).unwrap_err().kind,
            DecodeErrorKind::TooDeep
        );
    }

    const CONTACT_1_1: &str = r#"<?xml version="1.1"?><entry xmlns="http://www.w3.org/2005/Atom"><content type="application/vnd.ctct+xml"><Contact xmlns="http://ws.constantcontact.com/ns/1.0/"><FirstName>a&#1;b</FirstName></Contact></content></entry>"#;

    #[test]
    fn references_to_characters_xml_1_0_cannot_carry_are_refused_on_read() {
        use crate::atom::{Entry, Feed};
        use crate::v1::contacts::Contact;
        let err = Entry::<Contact>::from_xml(CONTACT_1_1).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::InvalidCharacter, "{err}");
        assert!(
            err.to_string().contains("the character reference &#1; "),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("is U+0001, which XML 1.0 cannot carry")
        );
        let feed = r#"<?xml version="1.1"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x&#x1F;</title></feed>"#;
        let err = Feed::<Contact>::from_xml(feed).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::InvalidCharacter, "{err}");
        assert!(err.to_string().contains("&#x1F;"), "{err}");
        for bad in [
            "&#0;",
            "&#xFFFE;",
            "&#65535;",
            "&#xD800;",
            "&#x110000;",
            "&#99999999999;",
        ] {
            let body = format!("<a>{bad}</a>");
            assert_eq!(
                check_characters(&body).unwrap_err().kind,
                DecodeErrorKind::InvalidCharacter,
                "{bad}"
            );
        }
    }

    #[test]
    fn raw_characters_xml_1_0_cannot_carry_are_refused_on_read() {
        for bad in ["\u{0}", "\u{1}", "\u{1B}", "\u{FFFE}", "\u{FFFF}"] {
            let err = check_characters(&format!("<a>x{bad}</a>")).unwrap_err();
            assert_eq!(err.kind, DecodeErrorKind::InvalidCharacter);
            assert!(err.to_string().contains("at byte 4 is U+"), "{err}");
        }
        // A raw control is illegal even inside a comment or CDATA section.
        assert!(check_characters("<a><!-- \u{2} --></a>").is_err());
    }

    #[test]
    fn legal_references_and_text_that_only_looks_like_one_are_read() {
        for ok in [
            "<a>&#9;&#10;&#13;&#xD;&#233;&#x1F600;&#xFFFD;</a>",
            "<a><!-- &#1; --><![CDATA[&#1;]]>&#;&#x;&#12a;&amp;#1;</a>",
            "<a>\t\n\r\u{FFFD}\u{E000}é😀</a>",
        ] {
            assert!(check_characters(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn the_writer_never_emits_a_character_xml_1_0_cannot_carry() {
        use crate::atom::Entry;
        use crate::v1::contacts::Contact;
        let entry = Entry::for_write(
            Contact {
                first_name: Some("a\u{0}b".into()),
                ..Contact::default()
            },
            None,
        );
        let err = entry.to_xml().unwrap_err().to_string();
        assert!(
            err.starts_with("cannot write XML: the value of <FirstName> holds U+0000"),
            "{err}"
        );
        let mut entry = Entry::for_write(Contact::default(), None);
        entry.title = Some(crate::atom::Text::plain("\u{FFFF}"));
        let err = entry.to_xml().unwrap_err().to_string();
        assert!(err.contains("<title> holds U+FFFF"), "{err}");
    }
}
