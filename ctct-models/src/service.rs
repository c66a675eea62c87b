//! AtomPub service documents (`docs/v1/service.md`, `docs/v1/tracking.md#collections`).
//!
//! Three endpoints answer a service document rather than Atom: the account base
//! (`GET /ws/customers/{u}/`, the credential check libraries use) and the campaign and contact
//! event workspaces (`…/events/`, trailing slash required). The format is the fixed AtomPub
//! one, not a schema resource, so it is read here with the XML reader directly: elements are
//! matched on namespace and local name, unknown ones are skipped, and the same prechecks as
//! every other body (size, depth, no DOCTYPE) run first.

use ::xml::reader::{EventReader, ParserConfig, XmlEvent};

use crate::endpoint::{FromResponse, RawResponse};
use crate::xml::{DecodeError, DecodeErrorKind, DecodeOptions, precheck};
use crate::{APP_NS, ATOM_NS};

/// A service document: the collections the account (or a campaign's or contact's events)
/// offers to this application.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceDocument {
    /// The workspaces, in document order.
    pub workspaces: Vec<Workspace>,
}

/// One `app:workspace`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    /// The `atom:title`, e.g. "Constant Contact Web Services Customer Workspace".
    pub title: Option<String>,
    /// Its collections.
    pub collections: Vec<Collection>,
}

/// One `app:collection`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collection {
    /// The `href`, host-relative (`/ws/customers/joesflowers/lists`).
    pub href: String,
    /// The `atom:title`, e.g. "Contact Lists".
    pub title: Option<String>,
    /// The media types it accepts (`app:accept`), e.g. `multipart/form-data`.
    pub accept: Vec<String>,
}

impl ServiceDocument {
    /// The collection whose `href` ends with `/{segment}`, e.g. `opens`.
    pub fn collection(&self, segment: &str) -> Option<&Collection> {
        self.workspaces
            .iter()
            .flat_map(|w| &w.collections)
            .find(|c| c.href.rsplit('/').next() == Some(segment))
    }

    /// Reads a service document with the default limits.
    pub fn from_xml(body: &str) -> Result<Self, DecodeError> {
        Self::from_xml_with(body, &DecodeOptions::default())
    }

    /// Reads a service document; the root must be `app:service`.
    pub fn from_xml_with(body: &str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        precheck(body, opts)?;
        let config = ParserConfig::new()
            .trim_whitespace(false)
            .whitespace_to_characters(true);
        let reader = EventReader::new_with_config(body.as_bytes(), config);
        let mut doc = Self::default();
        let mut path: Vec<(String, String)> = Vec::new();
        let mut text = String::new();
        for event in reader {
            let event = event.map_err(|e| {
                DecodeError::new(DecodeErrorKind::Syntax, format!("service document: {e}"))
            })?;
            match event {
                XmlEvent::StartElement {
                    name, attributes, ..
                } => {
                    let ns = name.namespace.clone().unwrap_or_default();
                    let local = name.local_name.clone();
                    if path.is_empty() && (ns != APP_NS || local != "service") {
                        return Err(DecodeError::new(
                            DecodeErrorKind::WrongRoot,
                            format!(
                                "expected an AtomPub <service> root, found <{local}> in namespace {ns:?}"
                            ),
                        ));
                    }
                    let parent = path.last().map(|(n, l)| (n.as_str(), l.as_str()));
                    match (parent, ns.as_str(), local.as_str()) {
                        (Some((APP_NS, "service")), APP_NS, "workspace") => {
                            doc.workspaces.push(Workspace::default())
                        }
                        (Some((APP_NS, "workspace")), APP_NS, "collection") => {
                            let href = attributes
                                .iter()
                                .find(|a| a.name.local_name == "href" && a.name.namespace.is_none())
                                .map(|a| a.value.clone())
                                .unwrap_or_default();
                            if let Some(w) = doc.workspaces.last_mut() {
                                w.collections.push(Collection {
                                    href,
                                    ..Collection::default()
                                });
                            }
                        }
                        _ => {}
                    }
                    path.push((ns, local));
                    text.clear();
                }
                XmlEvent::Characters(t) | XmlEvent::CData(t) => text.push_str(&t),
                XmlEvent::EndElement { .. } => {
                    let Some((ns, local)) = path.pop() else {
                        continue;
                    };
                    let parent = path.last().map(|(n, l)| (n.as_str(), l.as_str()));
                    let workspace = doc.workspaces.last_mut();
                    match (parent, ns.as_str(), local.as_str(), workspace) {
                        (Some((APP_NS, "workspace")), ATOM_NS, "title", Some(w)) => {
                            w.title = Some(std::mem::take(&mut text));
                        }
                        (Some((APP_NS, "collection")), ATOM_NS, "title", Some(w)) => {
                            if let Some(c) = w.collections.last_mut() {
                                c.title = Some(std::mem::take(&mut text));
                            }
                        }
                        (Some((APP_NS, "collection")), APP_NS, "accept", Some(w)) => {
                            if let Some(c) = w.collections.last_mut() {
                                c.accept.push(std::mem::take(&mut text));
                            }
                        }
                        _ => {}
                    }
                    text.clear();
                }
                _ => {}
            }
        }
        Ok(doc)
    }

    /// Writes the document in the documented form (`app` default namespace, `atom:title`).
    pub fn to_xml(&self) -> String {
        let mut out = format!(
            "<?xml version='1.0' encoding='UTF-8'?>\n<service xmlns=\"{APP_NS}\" xmlns:atom=\"{ATOM_NS}\">\n"
        );
        for w in &self.workspaces {
            out.push_str("  <workspace>\n");
            if let Some(t) = &w.title {
                out.push_str(&format!(
                    "    <atom:title type=\"text\">{}</atom:title>\n",
                    escape(t)
                ));
            }
            for c in &w.collections {
                out.push_str(&format!("    <collection href=\"{}\">\n", escape(&c.href)));
                if let Some(t) = &c.title {
                    out.push_str(&format!(
                        "      <atom:title type=\"text\">{}</atom:title>\n",
                        escape(t)
                    ));
                }
                for a in &c.accept {
                    out.push_str(&format!("      <accept>{}</accept>\n", escape(a)));
                }
                out.push_str("    </collection>\n");
            }
            out.push_str("  </workspace>\n");
        }
        out.push_str("</service>\n");
        out
    }
}

/// Escapes markup, and the whitespace a reader would normalize (`\r` in text, `\r`, `\n` and
/// `\t` in attribute values) so every value reads back as written (found by the
/// `service_document` fuzz target).
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\r', "&#xD;")
        .replace('\n', "&#xA;")
        .replace('\t', "&#x9;")
}

impl FromResponse for ServiceDocument {
    fn from_response(raw: RawResponse<'_>, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        Self::from_xml_with(raw.body, opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_roots_and_skips_unknown_elements() {
        let err =
            ServiceDocument::from_xml("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>").unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::WrongRoot);
        let doc = ServiceDocument::from_xml(&format!(
            "<service xmlns=\"{APP_NS}\"><extra><collection href=\"/x\"/></extra><workspace><collection href=\"/ws/customers/u/lists\"><unknown/><accept>a &amp; b</accept></collection></workspace></service>"
        ))
        .unwrap();
        assert_eq!(doc.workspaces.len(), 1);
        let c = doc.collection("lists").expect("lists");
        assert_eq!(c.accept, ["a & b"]);
        assert_eq!(c.title, None);
        assert_eq!(ServiceDocument::from_xml(&doc.to_xml()).unwrap(), doc);
    }

    #[test]
    fn whitespace_in_values_survives_a_round_trip() {
        let doc = ServiceDocument {
            workspaces: vec![Workspace {
                title: Some("a\r\nb\rc".into()),
                collections: vec![Collection {
                    href: "/x\ty\nz\r".into(),
                    title: Some(" t\t ".into()),
                    accept: vec!["application/x-www-form-\rurlencoded".into()],
                }],
            }],
        };
        let xml = doc.to_xml();
        assert!(xml.contains("href=\"/x&#x9;y&#xA;z&#xD;\""), "{xml}");
        assert_eq!(ServiceDocument::from_xml(&xml).unwrap(), doc, "{xml}");
    }
}
