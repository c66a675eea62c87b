//! The Atom envelope every V1 resource travels in.
//!
//! Reads return a [`Feed`] of [`Entry`] values (collections) or a single [`Entry`]; writes send
//! one [`Entry`] whose `<content>` wraps the payload. The envelope is read and written by
//! hand here, and the payload inside `<content>` is handed to its yaserde-derived impl. That
//! split lets one generic envelope serve every payload type and both namespace styles:
//!
//! * [`NamespaceStyle::Ctct`]: Atom in the default namespace, the payload re-declaring the CTCT
//!   namespace (`<entry xmlns=Atom>…<content type="application/vnd.ctct+xml"><Contact xmlns=CTCT>`);
//! * [`NamespaceStyle::Unqualified`]: Event Marketing's `atom:`-prefixed Atom with an
//!   un-namespaced payload and no `type` on `atom:content`.
//!
//! Reading accepts either spelling of the Atom elements (they are matched on namespace URI
//! and local name) and skips unknown elements; the payload itself must be in its own namespace,
//! since a payload in the wrong namespace would otherwise read as all fields empty.

use yaserde::de::Deserializer;
use yaserde::ser::Serializer;
use yaserde::{YaDeserialize, YaSerialize};

use ::xml::attribute::OwnedAttribute;
use ::xml::reader::XmlEvent as ReadEvent;
use ::xml::writer::XmlEvent as WriteEvent;

use crate::datetime::DateTime;
use crate::xml::{self as x, DecodeError, DecodeErrorKind, DecodeOptions, EncodeError, Layout};
use crate::{ATOM_NS, CTCT_NS};

mod read;

/// How a payload and its envelope are namespaced on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamespaceStyle {
    /// Atom in the default namespace; payload in the CTCT namespace with a typed `<content>`.
    Ctct,
    /// `atom:`-prefixed Atom; payload in no namespace; `atom:content` without `type`.
    Unqualified,
}

/// A payload type that travels inside an Atom entry.
///
/// Implemented by `#[derive(AtomPayload)]` from `ctct-macros` on every generated payload.
pub trait AtomPayload: YaSerialize + YaDeserialize + crate::fastxml::FastDecode + Sized {
    /// The payload's element name, e.g. `Contact`.
    const ELEMENT: &'static str;
    /// How the payload and its envelope are namespaced.
    const STYLE: NamespaceStyle;
    /// The `type` attribute of `<content>`, if the style carries one.
    const CONTENT_TYPE: Option<&'static str>;
    /// The `<summary type="text">` a write carries, if any (contacts send `Contact`).
    const SUMMARY: Option<&'static str>;

    /// The payload's `id` attribute (the canonical `http://` URI), if it has one.
    fn payload_id(&self) -> Option<&str>;
    /// Sets the payload's `id` attribute; a no-op for payloads without one.
    fn set_payload_id(&mut self, id: Option<String>);

    /// The namespace URI of the payload element.
    fn namespace() -> Option<&'static str> {
        match Self::STYLE {
            NamespaceStyle::Ctct => Some(CTCT_NS),
            NamespaceStyle::Unqualified => None,
        }
    }

    /// Wraps the payload in an entry with the boilerplate every write must carry.
    ///
    /// `id` is the resource URI for updates and `None` for creates (`data:,none` is sent).
    fn into_entry(self, id: Option<String>) -> Entry<Self> {
        Entry::for_write(self, id)
    }
}

/// An Atom `<link>`, in the envelope or nested in a payload (where it re-declares the Atom
/// namespace: `<link xmlns="http://www.w3.org/2005/Atom" href="…" rel="self"/>`).
///
/// Nested links are written exactly so (see the [`YaSerialize`] impl), not as `atom:link`:
/// clients that look `link` up by name in the default namespace (PHP's SimpleXML, XPath
/// without a prefix map) find only that spelling. The envelope's own links are written by
/// the entry and feed writers in this module.
#[derive(Debug, Clone, Default, PartialEq, Eq, YaDeserialize)]
#[yaserde(
    rename = "link",
    prefix = "atom",
    default_namespace = "atom",
    namespaces = { "atom" = "http://www.w3.org/2005/Atom" }
)]
pub struct Link {
    /// The `href` attribute, often host-relative (`/ws/customers/u/contacts/2`) or even
    /// collection-relative (`lists?next=6`): resolve it against the collection URI.
    #[yaserde(attribute = true)]
    pub href: Option<String>,
    /// The `rel` attribute: `self`, `edit`, `next`, `first`, `current`, …
    #[yaserde(attribute = true)]
    pub rel: Option<String>,
    /// The `type` attribute.
    #[yaserde(attribute = true, rename = "type")]
    pub link_type: Option<String>,
    /// The `title` attribute.
    #[yaserde(attribute = true)]
    pub title: Option<String>,
}

/// Writes `<link xmlns="http://www.w3.org/2005/Atom" href="…" rel="…" type="…" title="…"/>`
/// whatever name and namespace the enclosing payload asks for.
///
/// The namespace goes in as a plain `xmlns` attribute: the XML writer would drop a default
/// namespace declaration for Atom here, because the envelope already declared Atom as the
/// default further out (it does not see that the payload root re-declared the default as
/// CTCT in between), and the link would then read as a CTCT element.
impl YaSerialize for Link {
    fn serialize<W: std::io::Write>(&self, writer: &mut Serializer<W>) -> yaserde::Result<()> {
        let mut start = WriteEvent::start_element("link").attr("xmlns", ATOM_NS);
        for (key, value) in [
            ("href", &self.href),
            ("rel", &self.rel),
            ("type", &self.link_type),
            ("title", &self.title),
        ] {
            if let Some(v) = value {
                start = start.attr(key, v);
            }
        }
        writer.write(start)?;
        writer.write(WriteEvent::end_element())?;
        Ok(())
    }

    fn serialize_attributes(
        &self,
        attributes: Vec<OwnedAttribute>,
        namespace: ::xml::namespace::Namespace,
    ) -> yaserde::Result<(Vec<OwnedAttribute>, ::xml::namespace::Namespace)> {
        Ok((attributes, namespace))
    }
}

impl Link {
    /// A link with `href` and `rel`.
    pub fn new(href: impl Into<String>, rel: Option<&str>) -> Self {
        Self {
            href: Some(href.into()),
            rel: rel.map(str::to_owned),
            ..Self::default()
        }
    }
}

/// An Atom text construct such as `<title type="text">…</title>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// The `type` attribute (`text` in practice).
    pub text_type: Option<String>,
    /// The text, whitespace preserved.
    pub value: String,
}

impl Text {
    /// A `type="text"` construct.
    pub fn plain(value: impl Into<String>) -> Self {
        Self {
            text_type: Some("text".to_owned()),
            value: value.into(),
        }
    }
}

/// An Atom person construct (`<author>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// `<name>`; writes send an empty `<author></author>` when `None`.
    pub name: Option<String>,
    /// `<uri>`.
    pub uri: Option<String>,
    /// `<email>`.
    pub email: Option<String>,
}

/// Feed-level metadata: the head of a [`Feed`], and an entry's `<source>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    /// `<id>`: the collection URI.
    pub id: Option<String>,
    /// `<title>`.
    pub title: Option<Text>,
    /// `<updated>`, as sent (see [`Head::updated_at`]).
    pub updated: Option<String>,
    /// `<author>`.
    pub author: Option<Person>,
    /// Every `<link>`, in document order.
    pub links: Vec<Link>,
}

impl Head {
    /// The `href` of the first link with `rel`.
    pub fn link(&self, rel: &str) -> Option<&str> {
        find_link(&self.links, rel)
    }

    /// The head of a `<feed>` document read only up to its first `<entry>`, on the fast
    /// read path, with the same rules as [`Feed::from_xml_with`] for what it reads.
    ///
    /// A V1 collection writes its links (`next` among them) before the entries, so this
    /// finds the next page's link of a page at a fraction of the cost of decoding it: a
    /// paging stream asks for the next page with it while the current one is decoded. Head
    /// elements written after the first entry are not seen here; [`Feed::from_xml_with`]
    /// reads them.
    pub fn from_feed_prefix(body: &str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        read::feed_head_from_str(body, opts)
    }

    /// `<updated>` parsed, if present and valid.
    pub fn updated_at(&self) -> Option<DateTime> {
        self.updated.as_deref().and_then(|u| u.parse().ok())
    }
}

/// An Atom `<entry>` carrying a payload of type `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    /// `<id>`: the canonical resource URI (writes: ignored by the server but required).
    pub id: Option<String>,
    /// `<title>`.
    pub title: Option<Text>,
    /// `<updated>`, as sent.
    pub updated: Option<String>,
    /// `<author>`.
    pub author: Option<Person>,
    /// `<summary>`.
    pub summary: Option<Text>,
    /// Every `<link>`, e.g. `rel="edit"`.
    pub links: Vec<Link>,
    /// The `type` attribute of `<content>`.
    pub content_type: Option<String>,
    /// The payload inside `<content>`.
    pub content: T,
    /// `<source>`: the collection the entry came from, on single-entry reads.
    pub source: Option<Head>,
}

/// The timestamp writes carry in `<updated>`: the server requires a date and ignores its
/// value, so a constant keeps request bodies deterministic.
pub const WRITE_UPDATED: &str = "1970-01-01T00:00:00.000Z";

impl<T> Entry<T> {
    /// The `href` of the first link with `rel` (e.g. `edit`).
    pub fn link(&self, rel: &str) -> Option<&str> {
        find_link(&self.links, rel)
    }

    /// `<updated>` parsed, if present and valid.
    pub fn updated_at(&self) -> Option<DateTime> {
        self.updated.as_deref().and_then(|u| u.parse().ok())
    }
}

impl<T: AtomPayload> Entry<T> {
    /// An entry for a POST or PUT: `id` (the resource URI, or `data:,none`), empty
    /// `title` and `author`, a constant `updated`, the payload's summary, and the payload.
    pub fn for_write(mut content: T, id: Option<String>) -> Self {
        if let Some(uri) = &id {
            if content.payload_id().is_none() {
                content.set_payload_id(Some(uri.clone()));
            }
        }
        Self {
            id: Some(id.unwrap_or_else(|| "data:,none".to_owned())),
            title: Some(Text::plain("")),
            updated: Some(WRITE_UPDATED.to_owned()),
            author: Some(Person::default()),
            summary: T::SUMMARY.map(Text::plain),
            links: Vec::new(),
            content_type: T::CONTENT_TYPE.map(str::to_owned),
            content,
            source: None,
        }
    }

    /// Decodes a single `<entry>` document.
    pub fn from_xml(body: &str) -> Result<Self, DecodeError> {
        Self::from_xml_with(body, &DecodeOptions::default())
    }

    /// Decodes a single `<entry>` document with explicit limits, on the fast read path
    /// ([`crate::fastxml`]).
    pub fn from_xml_with(body: &str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        read::entry_from_str(body, opts)
    }

    /// Decodes a single `<entry>` document through yaserde: the reference decoder the fast
    /// path is tested against (slower; reads an empty typed element as a value, accepts
    /// content after the root).
    pub fn from_xml_reference_with(body: &str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        x::precheck(body, opts)?;
        let mut de = x::reader(body);
        x::expect_root(
            &mut de,
            x::Root {
                local: "entry",
                namespace: Some(ATOM_NS),
            },
        )?;
        read_entry(&mut de)
    }

    /// Writes the entry as a standalone document (the wire form of a POST/PUT body).
    pub fn to_xml(&self) -> Result<String, EncodeError> {
        self.to_xml_with(Layout::Compact)
    }

    /// Writes the entry with the given layout.
    pub fn to_xml_with(&self, layout: Layout) -> Result<String, EncodeError> {
        let mut w = x::writer(layout);
        write_entry(&mut w, self, true)?;
        x::finish(w)
    }
}

/// An Atom `<feed>` of entries carrying payloads of type `T`: one page of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed<T> {
    /// The feed's metadata and links (`next`, `first`, `current`, `self`).
    pub head: Head,
    /// The entries on this page (at most 50 on V1 collections).
    pub entries: Vec<Entry<T>>,
}

impl<T> Feed<T> {
    /// The `href` of the `rel="next"` link, verbatim; `None` on the last page.
    pub fn next_href(&self) -> Option<&str> {
        self.head.link("next")
    }

    /// The payloads on this page, dropping the envelopes.
    pub fn into_items(self) -> impl Iterator<Item = T> {
        self.entries.into_iter().map(|e| e.content)
    }
}

impl<T: AtomPayload> Feed<T> {
    /// Decodes a `<feed>` document.
    pub fn from_xml(body: &str) -> Result<Self, DecodeError> {
        Self::from_xml_with(body, &DecodeOptions::default())
    }

    /// Decodes a `<feed>` document with explicit limits, on the fast read path
    /// ([`crate::fastxml`]).
    pub fn from_xml_with(body: &str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        read::feed_from_str(body, opts)
    }

    /// Decodes a `<feed>` document through yaserde: the reference decoder the fast path is
    /// tested against.
    pub fn from_xml_reference_with(body: &str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
        x::precheck(body, opts)?;
        let mut de = x::reader(body);
        x::expect_root(
            &mut de,
            x::Root {
                local: "feed",
                namespace: Some(ATOM_NS),
            },
        )?;
        read_feed(&mut de)
    }

    /// Writes the feed as a standalone document (what the server, or the sandbox, sends).
    pub fn to_xml(&self) -> Result<String, EncodeError> {
        self.to_xml_with(Layout::Compact)
    }

    /// Writes the feed with the given layout.
    pub fn to_xml_with(&self, layout: Layout) -> Result<String, EncodeError> {
        let mut w = x::writer(layout);
        let p = Prefix::of::<T>();
        let feed = p.name("feed");
        let start = WriteEvent::start_element(feed.as_str());
        x::emit(&mut w, p.declare(start))?;
        write_head(&mut w, &self.head, p)?;
        for entry in &self.entries {
            write_entry(&mut w, entry, false)?;
        }
        x::emit(&mut w, WriteEvent::end_element())?;
        x::finish(w)
    }
}

fn find_link<'a>(links: &'a [Link], rel: &str) -> Option<&'a str> {
    links
        .iter()
        .find(|l| l.rel.as_deref() == Some(rel))
        .and_then(|l| l.href.as_deref())
}

// ---------------------------------------------------------------------------------------
// Reading

type De<'a> = Deserializer<&'a [u8]>;

fn next(de: &mut De<'_>) -> Result<ReadEvent, DecodeError> {
    de.next_event().map_err(DecodeError::syntax)
}

fn truncated(what: &str) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::Syntax,
        format!("document ends inside <{what}>"),
    )
}

fn attr(attributes: &[OwnedAttribute], local: &str) -> Option<String> {
    attributes
        .iter()
        .find(|a| a.name.local_name == local && a.name.namespace.is_none())
        .map(|a| a.value.clone())
}

fn is_atom(name: &::xml::name::OwnedName) -> bool {
    name.namespace.as_deref() == Some(ATOM_NS)
}

/// Reads the text of the element whose start tag was just consumed, through its end tag.
fn read_text(de: &mut De<'_>, element: &str) -> Result<String, DecodeError> {
    let mut text = String::new();
    loop {
        match next(de)? {
            ReadEvent::Characters(s) | ReadEvent::Whitespace(s) | ReadEvent::CData(s) => {
                text.push_str(&s)
            }
            ReadEvent::EndElement { .. } => return Ok(text),
            ReadEvent::StartElement { name, .. } => {
                return Err(DecodeError::new(
                    DecodeErrorKind::Syntax,
                    format!(
                        "<{element}> must hold text, found element <{}>",
                        name.local_name
                    ),
                ));
            }
            ReadEvent::EndDocument => return Err(truncated(element)),
            _ => {}
        }
    }
}

/// Skips the rest of the element whose start tag was just consumed.
fn skip(de: &mut De<'_>) -> Result<(), DecodeError> {
    de.skip_element(|_| {}).map_err(DecodeError::syntax)
}

fn read_link(de: &mut De<'_>, attributes: &[OwnedAttribute]) -> Result<Link, DecodeError> {
    skip(de)?;
    Ok(Link {
        href: attr(attributes, "href"),
        rel: attr(attributes, "rel"),
        link_type: attr(attributes, "type"),
        title: attr(attributes, "title"),
    })
}

fn read_person(de: &mut De<'_>) -> Result<Person, DecodeError> {
    let mut person = Person::default();
    loop {
        match next(de)? {
            ReadEvent::StartElement { name, .. } if is_atom(&name) => {
                match name.local_name.as_str() {
                    "name" => person.name = Some(read_text(de, "name")?),
                    "uri" => person.uri = Some(read_text(de, "uri")?),
                    "email" => person.email = Some(read_text(de, "email")?),
                    _ => skip(de)?,
                }
            }
            ReadEvent::StartElement { .. } => skip(de)?,
            ReadEvent::EndElement { .. } => return Ok(person),
            ReadEvent::EndDocument => return Err(truncated("author")),
            _ => {}
        }
    }
}

/// Reads one child of a feed, entry or source into `head`; returns false if it is not a
/// head element (the caller handles it).
fn read_head_child(
    de: &mut De<'_>,
    head: &mut Head,
    local: &str,
    attributes: &[OwnedAttribute],
) -> Result<bool, DecodeError> {
    match local {
        "id" => head.id = Some(read_text(de, "id")?),
        "title" => {
            head.title = Some(Text {
                text_type: attr(attributes, "type"),
                value: read_text(de, "title")?,
            })
        }
        "updated" => head.updated = Some(read_text(de, "updated")?),
        "author" => head.author = Some(read_person(de)?),
        "link" => head.links.push(read_link(de, attributes)?),
        _ => return Ok(false),
    }
    Ok(true)
}

fn read_head(de: &mut De<'_>) -> Result<Head, DecodeError> {
    let mut head = Head::default();
    loop {
        match next(de)? {
            ReadEvent::StartElement {
                name, attributes, ..
            } => {
                let known = is_atom(&name)
                    && read_head_child(de, &mut head, &name.local_name, &attributes)?;
                if !known {
                    skip(de)?;
                }
            }
            ReadEvent::EndElement { .. } => return Ok(head),
            ReadEvent::EndDocument => return Err(truncated("source")),
            _ => {}
        }
    }
}

fn read_content<T: AtomPayload>(de: &mut De<'_>) -> Result<Option<T>, DecodeError> {
    let mut payload = None;
    loop {
        match de.peek().map_err(DecodeError::syntax)? {
            ReadEvent::StartElement { name, .. } => {
                if name.local_name == T::ELEMENT && payload.is_none() {
                    let ns = name.namespace.as_deref().filter(|n| !n.is_empty());
                    if ns != T::namespace() {
                        return Err(DecodeError::new(
                            DecodeErrorKind::Syntax,
                            format!(
                                "<{}> is in namespace {}, expected {}",
                                T::ELEMENT,
                                ns.unwrap_or("(none)"),
                                T::namespace().unwrap_or("(none)")
                            ),
                        ));
                    }
                    payload = Some(T::deserialize(de).map_err(|e| {
                        DecodeError::new(DecodeErrorKind::Syntax, format!("<{}>: {e}", T::ELEMENT))
                    })?);
                    // A derived deserializer stops at its own end tag and leaves it to the caller.
                    match next(de)? {
                        ReadEvent::EndElement { .. } => {}
                        _ => return Err(truncated(T::ELEMENT)),
                    }
                } else {
                    next(de)?;
                    skip(de)?;
                }
            }
            ReadEvent::EndElement { .. } => {
                next(de)?;
                return Ok(payload);
            }
            ReadEvent::EndDocument => return Err(truncated("content")),
            _ => {
                next(de)?;
            }
        }
    }
}

/// Reads an entry; the next event must be its start tag.
fn read_entry<T: AtomPayload>(de: &mut De<'_>) -> Result<Entry<T>, DecodeError> {
    next(de)?; // <entry>
    let mut head = Head::default();
    let mut summary = None;
    let mut content_type = None;
    let mut content = None;
    let mut source = None;
    loop {
        match next(de)? {
            ReadEvent::StartElement {
                name, attributes, ..
            } if is_atom(&name) => match name.local_name.as_str() {
                "summary" => {
                    summary = Some(Text {
                        text_type: attr(&attributes, "type"),
                        value: read_text(de, "summary")?,
                    })
                }
                "content" => {
                    content_type = attr(&attributes, "type");
                    content = read_content::<T>(de)?;
                }
                "source" => source = Some(read_head(de)?),
                local => {
                    if !read_head_child(de, &mut head, local, &attributes)? {
                        skip(de)?;
                    }
                }
            },
            ReadEvent::StartElement { .. } => skip(de)?,
            ReadEvent::EndElement { .. } => break,
            ReadEvent::EndDocument => return Err(truncated("entry")),
            _ => {}
        }
    }
    let content = content.ok_or_else(|| {
        DecodeError::new(
            DecodeErrorKind::Syntax,
            format!(
                "entry {} has no <{}> inside <content>",
                head.id.as_deref().unwrap_or("(no id)"),
                T::ELEMENT
            ),
        )
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

fn read_feed<T: AtomPayload>(de: &mut De<'_>) -> Result<Feed<T>, DecodeError> {
    next(de)?; // <feed>
    let mut head = Head::default();
    let mut entries = Vec::new();
    loop {
        match de.peek().map_err(DecodeError::syntax)? {
            ReadEvent::StartElement { name, .. } if is_atom(name) && name.local_name == "entry" => {
                entries.push(read_entry(de)?);
            }
            ReadEvent::StartElement { .. } => match next(de)? {
                ReadEvent::StartElement {
                    name, attributes, ..
                } if is_atom(&name) => {
                    if !read_head_child(de, &mut head, &name.local_name, &attributes)? {
                        skip(de)?;
                    }
                }
                _ => skip(de)?,
            },
            ReadEvent::EndElement { .. } => {
                next(de)?;
                return Ok(Feed { head, entries });
            }
            ReadEvent::EndDocument => return Err(truncated("feed")),
            _ => {
                next(de)?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// Spells Atom element names for a namespace style.
#[derive(Clone, Copy)]
struct Prefix(NamespaceStyle);

impl Prefix {
    fn of<T: AtomPayload>() -> Self {
        Self(T::STYLE)
    }

    fn name(self, local: &str) -> String {
        match self.0 {
            NamespaceStyle::Ctct => local.to_owned(),
            NamespaceStyle::Unqualified => format!("atom:{local}"),
        }
    }

    fn declare(
        self,
        start: ::xml::writer::events::StartElementBuilder<'_>,
    ) -> ::xml::writer::events::StartElementBuilder<'_> {
        match self.0 {
            NamespaceStyle::Ctct => start.default_ns(ATOM_NS),
            NamespaceStyle::Unqualified => start.ns("atom", ATOM_NS),
        }
    }
}

type Ser = Serializer<Vec<u8>>;

fn write_text_element(
    w: &mut Ser,
    name: &str,
    type_attr: Option<&str>,
    text: &str,
) -> Result<(), EncodeError> {
    let mut start = WriteEvent::start_element(name);
    if let Some(t) = type_attr {
        start = start.attr("type", t);
    }
    x::emit(w, start)?;
    if !text.is_empty() {
        x::emit(w, WriteEvent::characters(text))?;
    }
    x::emit(w, WriteEvent::end_element())
}

fn write_link(w: &mut Ser, p: Prefix, link: &Link) -> Result<(), EncodeError> {
    let name = p.name("link");
    let mut start = WriteEvent::start_element(name.as_str());
    for (key, value) in [
        ("href", &link.href),
        ("rel", &link.rel),
        ("type", &link.link_type),
        ("title", &link.title),
    ] {
        if let Some(v) = value {
            start = start.attr(key, v);
        }
    }
    x::emit(w, start)?;
    x::emit(w, WriteEvent::end_element())
}

fn write_person(w: &mut Ser, p: Prefix, person: &Person) -> Result<(), EncodeError> {
    x::emit(w, WriteEvent::start_element(p.name("author").as_str()))?;
    for (local, value) in [
        ("name", &person.name),
        ("uri", &person.uri),
        ("email", &person.email),
    ] {
        if let Some(v) = value {
            write_text_element(w, &p.name(local), None, v)?;
        }
    }
    x::emit(w, WriteEvent::end_element())
}

fn write_head(w: &mut Ser, head: &Head, p: Prefix) -> Result<(), EncodeError> {
    if let Some(id) = &head.id {
        write_text_element(w, &p.name("id"), None, id)?;
    }
    if let Some(t) = &head.title {
        write_text_element(w, &p.name("title"), t.text_type.as_deref(), &t.value)?;
    }
    for link in &head.links {
        write_link(w, p, link)?;
    }
    if let Some(a) = &head.author {
        write_person(w, p, a)?;
    }
    if let Some(u) = &head.updated {
        write_text_element(w, &p.name("updated"), None, u)?;
    }
    Ok(())
}

fn write_entry<T: AtomPayload>(w: &mut Ser, e: &Entry<T>, root: bool) -> Result<(), EncodeError> {
    let p = Prefix::of::<T>();
    let name = p.name("entry");
    let start = WriteEvent::start_element(name.as_str());
    x::emit(w, if root { p.declare(start) } else { start })?;
    for link in &e.links {
        write_link(w, p, link)?;
    }
    if let Some(id) = &e.id {
        write_text_element(w, &p.name("id"), None, id)?;
    }
    if let Some(t) = &e.title {
        write_text_element(w, &p.name("title"), t.text_type.as_deref(), &t.value)?;
    }
    if let Some(u) = &e.updated {
        write_text_element(w, &p.name("updated"), None, u)?;
    }
    if let Some(a) = &e.author {
        write_person(w, p, a)?;
    }
    if let Some(s) = &e.summary {
        write_text_element(w, &p.name("summary"), s.text_type.as_deref(), &s.value)?;
    }
    let content = p.name("content");
    let mut start = WriteEvent::start_element(content.as_str());
    if let Some(t) = &e.content_type {
        start = start.attr("type", t);
    }
    x::emit(w, start)?;
    w.set_start_event_name(None);
    e.content
        .serialize(w)
        .map_err(|err| EncodeError(format!("<{}>: {err}", T::ELEMENT)))?;
    x::emit(w, WriteEvent::end_element())?;
    if let Some(source) = &e.source {
        x::emit(w, WriteEvent::start_element(p.name("source").as_str()))?;
        write_head(w, source, p)?;
        x::emit(w, WriteEvent::end_element())?;
    }
    x::emit(w, WriteEvent::end_element())
}
