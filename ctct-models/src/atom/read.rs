//! The Atom envelope on the fast read path: `<feed>`, `<entry>`, `<content>` and the head
//! elements, generic over the payload's [`FastDecode`] impl.
//!
//! Atom elements are matched on namespace and local name, so both spellings (default
//! namespace, `atom:` prefix) read alike; unknown elements are skipped. Inside `<content>`,
//! the payload element must be in the payload's namespace, with one allowance: a CTCT
//! payload written without its namespace declaration (so in the Atom namespace it inherits)
//! is read by its local name, its children likewise.

use std::borrow::Cow;

use super::{AtomPayload, Entry, Feed, Head, Link, NamespaceStyle, Person, Text};
use crate::fastxml::{FastDecode, Ns, Reader, Start};
use crate::xml::{DecodeError, DecodeErrorKind, DecodeOptions};

fn syntax(message: String) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax, message)
}

/// Decodes a single `<entry>` document.
pub fn entry_from_str<T: AtomPayload + FastDecode>(
    body: &str,
    opts: &DecodeOptions,
) -> Result<Entry<T>, DecodeError> {
    let mut r = Reader::new(body, opts)?;
    r.root("entry", Ns::Atom)?;
    let entry = read_entry(&mut r)?;
    r.finish()?;
    Ok(entry)
}

/// Decodes a `<feed>` document.
pub fn feed_from_str<T: AtomPayload + FastDecode>(
    body: &str,
    opts: &DecodeOptions,
) -> Result<Feed<T>, DecodeError> {
    let mut r = Reader::new(body, opts)?;
    r.root("feed", Ns::Atom)?;
    let mut head = Head::default();
    let mut entries = Vec::new();
    while let Some(child) = r.next_child()? {
        if child.ns == Ns::Atom && child.local == "entry" {
            entries.push(read_entry(&mut r)?);
        } else if !(child.ns == Ns::Atom && read_head_child(&mut r, &child, &mut head)?) {
            r.skip()?;
        }
    }
    r.finish()?;
    Ok(Feed { head, entries })
}

/// Reads a `<feed>` document's head elements up to its first `<entry>` (or its end).
pub fn feed_head_from_str(body: &str, opts: &DecodeOptions) -> Result<Head, DecodeError> {
    let mut r = Reader::new(body, opts)?;
    r.root("feed", Ns::Atom)?;
    let mut head = Head::default();
    while let Some(child) = r.next_child()? {
        if child.ns == Ns::Atom && child.local == "entry" {
            break;
        } else if !(child.ns == Ns::Atom && read_head_child(&mut r, &child, &mut head)?) {
            r.skip()?;
        }
    }
    Ok(head)
}

fn text_construct(r: &mut Reader<'_>, start: &Start<'_>) -> Result<Text, DecodeError> {
    Ok(Text {
        text_type: start.attr("type")?.map(|t| t.into_owned()),
        value: r.text(start.local)?.into_owned(),
    })
}

fn read_person(r: &mut Reader<'_>) -> Result<Person, DecodeError> {
    let mut person = Person::default();
    while let Some(child) = r.next_child()? {
        let slot = match (child.ns, child.local) {
            (Ns::Atom, "name") => &mut person.name,
            (Ns::Atom, "uri") => &mut person.uri,
            (Ns::Atom, "email") => &mut person.email,
            _ => {
                r.skip()?;
                continue;
            }
        };
        *slot = Some(r.text(child.local)?.into_owned());
    }
    Ok(person)
}

/// Reads one Atom child of a feed, entry or source into `head`; false if it is not a head
/// element (the caller skips or handles it).
fn read_head_child<'a>(
    r: &mut Reader<'a>,
    start: &Start<'a>,
    head: &mut Head,
) -> Result<bool, DecodeError> {
    match start.local {
        "id" => head.id = Some(r.text("id")?.into_owned()),
        "title" => head.title = Some(text_construct(r, start)?),
        "updated" => head.updated = Some(r.text("updated")?.into_owned()),
        "author" => head.author = Some(read_person(r)?),
        "link" => head.links.push(Link::decode(r, start, Ns::Atom)?),
        _ => return Ok(false),
    }
    Ok(true)
}

fn read_source(r: &mut Reader<'_>) -> Result<Head, DecodeError> {
    let mut head = Head::default();
    while let Some(child) = r.next_child()? {
        if !(child.ns == Ns::Atom && read_head_child(r, &child, &mut head)?) {
            r.skip()?;
        }
    }
    Ok(head)
}

fn payload_ns<T: AtomPayload>() -> Ns {
    match T::STYLE {
        NamespaceStyle::Ctct => Ns::Ctct,
        NamespaceStyle::Unqualified => Ns::None,
    }
}

fn read_content<T: AtomPayload + FastDecode>(r: &mut Reader<'_>) -> Result<Option<T>, DecodeError> {
    let expected = payload_ns::<T>();
    let mut payload = None;
    while let Some(child) = r.next_child()? {
        if child.local != T::ELEMENT || payload.is_some() {
            r.skip()?;
            continue;
        }
        let inherited = expected == Ns::Ctct && child.ns == Ns::Atom;
        if child.ns != expected && !inherited {
            return Err(syntax(format!(
                "<{}> is in namespace {}, expected {}",
                T::ELEMENT,
                r.ns_uri(child.ns),
                r.ns_uri(expected)
            )));
        }
        payload = Some(
            T::decode(r, &child, child.ns)
                .map_err(|e| DecodeError::new(e.kind.clone(), format!("<{}>: {e}", T::ELEMENT)))?,
        );
    }
    Ok(payload)
}

/// Reads an entry whose start tag was just read.
fn read_entry<T: AtomPayload + FastDecode>(r: &mut Reader<'_>) -> Result<Entry<T>, DecodeError> {
    let mut head = Head::default();
    let mut summary = None;
    let mut content_type = None;
    let mut content = None;
    let mut source = None;
    while let Some(child) = r.next_child()? {
        if child.ns != Ns::Atom {
            r.skip()?;
            continue;
        }
        match child.local {
            "summary" => summary = Some(text_construct(r, &child)?),
            "content" => {
                content_type = child.attr("type")?.map(|t| t.into_owned());
                content = read_content::<T>(r)?;
            }
            "source" => source = Some(read_source(r)?),
            _ => {
                if !read_head_child(r, &child, &mut head)? {
                    r.skip()?;
                }
            }
        }
    }
    let content = content.ok_or_else(|| {
        syntax(format!(
            "entry {} has no <{}> inside <content>",
            head.id.as_deref().unwrap_or("(no id)"),
            T::ELEMENT
        ))
    })?;
    Ok(Entry {
        id: head.id,
        title: head.title,
        updated: head.updated,
        author: head.author,
        summary,
        links: head.links,
        content_type,
        content,
        source,
    })
}

impl FastDecode for Link {
    fn decode<'a>(r: &mut Reader<'a>, start: &Start<'a>, _ns: Ns) -> Result<Self, DecodeError> {
        let text = |name: &str| -> Result<Option<String>, DecodeError> {
            Ok(start.attr(name)?.map(Cow::into_owned))
        };
        let link = Link {
            href: text("href")?,
            rel: text("rel")?,
            link_type: text("type")?,
            title: text("title")?,
        };
        r.skip()?;
        Ok(link)
    }
}
