//! The pull reader: quick-xml events over the body text, with the rules of the read door.
//!
//! One pass does everything [`crate::xml::precheck`] and the yaserde reader do together:
//! size cap, depth limit, namespace-declaration limit, DOCTYPE refused, characters XML 1.0
//! cannot carry refused (raw or as character references), namespaces resolved, text kept
//! exactly (line ends normalized as XML requires, nothing trimmed), and nothing but
//! comments, processing instructions and whitespace allowed around the root element.
//!
//! Names and text are borrowed from the body; a value is copied only when it is stored in
//! a model (or when a reference such as `&amp;` splits it).

use std::borrow::Cow;

use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesStart, Event as QEvent};

use crate::xml::{DecodeError, DecodeErrorKind, DecodeOptions, MAX_NAMESPACE_DECLARATIONS};
use crate::{APP_NS, ATOM_NS, CTCT_NS};

/// A resolved namespace. The three the API uses get their own variants so that matching an
/// element costs a comparison of small values, not of URIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// No namespace (un-namespaced Event Marketing payloads).
    None,
    /// The Atom namespace.
    Atom,
    /// The CTCT payload namespace.
    Ctct,
    /// The AtomPub namespace.
    App,
    /// Any other namespace: the index of its declaration, for messages.
    Other(usize),
}

impl Ns {
    fn of(uri: &str) -> Self {
        match uri {
            "" => Self::None,
            ATOM_NS => Self::Atom,
            CTCT_NS => Self::Ctct,
            APP_NS => Self::App,
            // Filled in by the caller with the declaration's index.
            _ => Self::Other(usize::MAX),
        }
    }
}

/// One `xmlns` declaration in scope.
#[derive(Debug)]
struct Binding<'a> {
    /// The prefix; empty for the default namespace.
    prefix: &'a str,
    ns: Ns,
    uri: Cow<'a, str>,
}

/// An element's start tag, resolved.
#[derive(Debug)]
pub struct Start<'a> {
    /// The local name (without prefix).
    pub local: &'a str,
    /// The namespace the element is in.
    pub ns: Ns,
    /// The tag's text after `<`: name and attributes, borrowed from the body.
    raw: &'a str,
    /// Length of the qualified name at the start of `raw`.
    name_len: usize,
    /// Whether anything but whitespace follows the name: the attributes, already checked
    /// for well-formedness (and duplicates) when the tag was read.
    has_attrs: bool,
}

impl<'a> Start<'a> {
    /// The value of the un-prefixed attribute `name`, entity references resolved and
    /// whitespace normalized as XML requires. Errors name the element and the attribute.
    pub fn attr(&self, name: &str) -> Result<Option<Cow<'a, str>>, DecodeError> {
        if !self.has_attrs {
            return Ok(None);
        }
        // The attributes were checked when the tag was read, so a plain scan finds them;
        // a value with nothing to resolve or normalize is handed out as it stands.
        match find_attr(self.raw.get(self.name_len..).unwrap_or(""), name) {
            None => return Ok(None),
            Some(value) if !needs_normalizing(value) => {
                return Ok(Some(Cow::Borrowed(value)));
            }
            Some(_) => {}
        }
        for attr in Attributes::new(self.raw, self.name_len) {
            let attr = attr.map_err(|e| syntax(format!("<{}>: bad attribute: {e}", self.local)))?;
            if attr.key.into_inner() != name {
                continue;
            }
            let value = attr
                .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, predefined)
                .map_err(|e| syntax(format!("<{}> attribute {name}: {e}", self.local)))?;
            check_chars(&value).map_err(|c| {
                syntax(format!(
                    "<{}> attribute {name}: character U+{c:04X} is not allowed in XML 1.0",
                    self.local
                ))
            })?;
            return Ok(Some(value));
        }
        Ok(None)
    }
}

/// The raw value of attribute `name` in `attrs` (the tag's text after its name), which
/// must already be known to be well-formed: `key = "value"` pairs separated by whitespace.
fn find_attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    loop {
        while bytes.get(i).is_some_and(|&b| is_space(b)) {
            i += 1;
        }
        let key_start = i;
        let eq = i + memchr::memchr(b'=', bytes.get(i..)?)?;
        let key = bytes.get(key_start..eq)?;
        i = eq + 1;
        while bytes.get(i).is_some_and(|&b| is_space(b)) {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        let value_start = i + 1;
        let len = memchr::memchr(quote, bytes.get(value_start..)?)?;
        i = value_start + len + 1;
        if key.trim_ascii_end() == name.as_bytes() {
            // Every index is next to an ASCII byte, so on a character boundary.
            return attrs.get(value_start..value_start + len);
        }
    }
}

/// Whether an attribute value needs more than borrowing: a reference to resolve or white
/// space to normalize.
fn needs_normalizing(value: &str) -> bool {
    let bytes = value.as_bytes();
    memchr::memchr3(b'&', b'\t', b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_some()
}

/// XML white space.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// What [`Reader::next_event`] yields.
#[derive(Debug)]
pub enum Event<'a> {
    /// A start tag (an empty element `<x/>` yields `Start` then `End`).
    Start(Start<'a>),
    /// The end of the innermost open element.
    End,
    /// A piece of text inside an element: text, CDATA or one resolved reference.
    Text(Cow<'a, str>),
    /// The end of the document.
    Eof,
}

/// The pull reader over one body.
pub struct Reader<'a> {
    body: &'a str,
    xml: quick_xml::Reader<&'a [u8]>,
    max_depth: usize,
    depth: usize,
    bindings: Vec<Binding<'a>>,
    /// `bindings.len()` before each open element's own declarations.
    marks: Vec<usize>,
    /// Open elements' local names, for messages.
    names: Vec<&'a str>,
    /// An empty element was just returned: its `End` comes next.
    pending_end: bool,
    root_seen: bool,
    root_closed: bool,
}

fn syntax(message: impl Into<String>) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax, message)
}

/// The five entities XML predefines; no others exist (DOCTYPE is refused).
fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// XML 1.0 `Char`: tab, line feed, carriage return and everything from U+0020 but the
/// surrogates (which a `str` cannot hold) and U+FFFE/U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` XML 1.0 cannot carry, as its code point.
fn check_chars(s: &str) -> Result<(), u32> {
    // Fast path: only control bytes and the U+FFFE/U+FFFF lead byte can be refused. The
    // test runs over fixed-size blocks without an early exit inside a block, so the
    // compiler turns it into vector instructions; a block that holds such a byte sends
    // the rest of the text to the character-by-character check.
    fn suspicious(b: u8) -> bool {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0xEF)
    }
    const BLOCK: usize = 64;
    let bytes = s.as_bytes();
    let mut from = None;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for (i, block) in (&mut blocks).enumerate() {
        if block.iter().fold(false, |acc, &b| acc | suspicious(b)) {
            from = Some(i * BLOCK);
            break;
        }
    }
    if from.is_none() && blocks.remainder().iter().any(|&b| suspicious(b)) {
        from = Some(bytes.len() - blocks.remainder().len());
    }
    let Some(from) = from else {
        return Ok(());
    };
    // Back up to a character boundary (a block may start inside a character).
    let mut start = from;
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    match s[start..].chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(u32::from(c)),
        None => Ok(()),
    }
}

impl<'a> Reader<'a> {
    /// A reader over `body`, refusing it at once if it is over the size cap or holds a
    /// character XML 1.0 cannot carry.
    pub fn new(body: &'a str, opts: &DecodeOptions) -> Result<Self, DecodeError> {
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
        check_chars(body).map_err(|c| {
            syntax(format!(
                "the body holds character U+{c:04X}, which XML 1.0 does not allow"
            ))
        })?;
        let mut xml = quick_xml::Reader::from_str(body);
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.check_comments = true;
        Ok(Self {
            body,
            xml,
            max_depth: opts.max_depth,
            depth: 0,
            bindings: Vec::new(),
            marks: Vec::new(),
            names: Vec::new(),
            pending_end: false,
            root_seen: false,
            root_closed: false,
        })
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The URI of a namespace, for messages.
    pub fn ns_uri(&self, ns: Ns) -> &str {
        match ns {
            Ns::None => "(none)",
            Ns::Atom => ATOM_NS,
            Ns::Ctct => CTCT_NS,
            Ns::App => APP_NS,
            Ns::Other(i) => self.bindings.get(i).map_or("(other)", |b| &b.uri),
        }
    }

    fn here(&self) -> String {
        match self.names.last() {
            Some(name) => format!("inside <{name}> at byte {}", self.xml.buffer_position()),
            None => format!("at byte {}", self.xml.buffer_position()),
        }
    }

    fn close(&mut self) {
        self.depth -= 1;
        self.names.pop();
        if let Some(mark) = self.marks.pop() {
            self.bindings.truncate(mark);
        }
        if self.depth == 0 {
            self.root_closed = true;
        }
    }

    fn open(&mut self, tag: BytesStart<'a>) -> Result<Start<'a>, DecodeError> {
        if self.root_closed {
            return Err(syntax(format!(
                "content after the root element's end tag at byte {}",
                self.xml.buffer_position()
            )));
        }
        self.root_seen = true;
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(DecodeError::new(
                DecodeErrorKind::TooDeep,
                format!("elements nest deeper than {} levels", self.max_depth),
            ));
        }
        self.marks.push(self.bindings.len());
        let tag_text = in_body(self.body, &tag);
        let name_len = tag.name().into_inner().len();
        let raw: &'a str = tag_text.get(..name_len).unwrap_or("");
        let has_attrs = tag_text
            .as_bytes()
            .get(name_len..)
            .is_some_and(|rest| rest.iter().any(|&b| !is_space(b)));
        if has_attrs {
            self.declare(tag_text, name_len, raw)?;
        }
        let (prefix, local) = match raw.as_bytes().iter().position(|&b| b == b':') {
            Some(i) => (&raw[..i], &raw[i + 1..]),
            None => ("", raw),
        };
        let ns = if prefix.is_empty() {
            self.bindings
                .iter()
                .rev()
                .find(|b| b.prefix.is_empty())
                .map_or(Ns::None, |b| b.ns)
        } else if prefix == "xml" {
            Ns::Other(usize::MAX)
        } else {
            match self.bindings.iter().rev().find(|b| b.prefix == prefix) {
                Some(b) => b.ns,
                None => {
                    return Err(syntax(format!(
                        "<{raw}>: the prefix {prefix} is not bound to a namespace"
                    )));
                }
            }
        };
        self.names.push(local);
        Ok(Start {
            local,
            ns,
            raw: tag_text,
            name_len,
            has_attrs,
        })
    }

    /// Checks the attributes of a start tag (well-formed, no duplicates) and records its
    /// namespace declarations.
    fn declare(
        &mut self,
        tag_text: &'a str,
        name_len: usize,
        raw: &str,
    ) -> Result<(), DecodeError> {
        for attr in Attributes::new(tag_text, name_len) {
            let attr = attr.map_err(|e| syntax(format!("<{raw}>: bad attribute: {e}")))?;
            let key = attr.key.into_inner();
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(rest) => match rest.strip_prefix(':') {
                    Some(p) => p,
                    None => continue,
                },
                None => continue,
            };
            if self.bindings.len() >= MAX_NAMESPACE_DECLARATIONS {
                return Err(DecodeError::new(
                    DecodeErrorKind::TooManyNamespaces,
                    format!(
                        "more than {MAX_NAMESPACE_DECLARATIONS} namespace declarations (xmlns) in scope"
                    ),
                ));
            }
            let uri = attr
                .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, predefined)
                .map_err(|e| syntax(format!("<{raw}> attribute {key}: {e}")))?;
            if !prefix.is_empty() && uri.is_empty() {
                return Err(syntax(format!(
                    "<{raw}>: the prefix {prefix} cannot be bound to an empty namespace"
                )));
            }
            let mut ns = Ns::of(&uri);
            if ns == Ns::Other(usize::MAX) {
                ns = Ns::Other(self.bindings.len());
            }
            self.bindings.push(Binding { prefix, ns, uri });
        }
        Ok(())
    }

    /// The next event.
    pub fn next_event(&mut self) -> Result<Event<'a>, DecodeError> {
        if self.pending_end {
            self.pending_end = false;
            self.close();
            return Ok(Event::End);
        }
        loop {
            let event = self
                .xml
                .read_event()
                .map_err(|e| syntax(format!("malformed XML {}: {e}", self.here())))?;
            match event {
                QEvent::Start(tag) => return self.open(tag).map(Event::Start),
                QEvent::Empty(tag) => {
                    let start = self.open(tag)?;
                    self.pending_end = true;
                    return Ok(Event::Start(start));
                }
                QEvent::End(_) => {
                    self.close();
                    return Ok(Event::End);
                }
                QEvent::Text(t) => {
                    if self.depth == 0 {
                        if t.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
                            continue;
                        }
                        return Err(syntax(format!(
                            "text outside the root element {}",
                            self.here()
                        )));
                    }
                    return Ok(Event::Text(t.xml10_content()));
                }
                QEvent::CData(t) => {
                    if self.depth == 0 {
                        return Err(syntax(format!(
                            "CDATA outside the root element {}",
                            self.here()
                        )));
                    }
                    return Ok(Event::Text(t.xml10_content()));
                }
                QEvent::GeneralRef(r) => {
                    if self.depth == 0 {
                        return Err(syntax(format!(
                            "a reference outside the root element {}",
                            self.here()
                        )));
                    }
                    let name: &str = &r;
                    if let Some(text) = predefined(name) {
                        return Ok(Event::Text(Cow::Borrowed(text)));
                    }
                    let c = r.resolve_char_ref().map_err(|e| {
                        let message =
                            format!("bad character reference &{name}; {}: {e}", self.here());
                        // `&#0;` is refused by quick-xml itself: a character, not a syntax error.
                        if message.contains("not permitted") {
                            DecodeError::new(DecodeErrorKind::InvalidCharacter, message)
                        } else {
                            syntax(message)
                        }
                    })?;
                    return match c {
                        Some(c) if is_xml_char(c) => Ok(Event::Text(Cow::Owned(c.to_string()))),
                        Some(c) => Err(DecodeError::new(
                            DecodeErrorKind::InvalidCharacter,
                            format!(
                                "the character reference &{name}; {} is U+{:04X}, which XML 1.0 cannot carry",
                                self.here(),
                                u32::from(c)
                            ),
                        )),
                        None => Err(syntax(format!("undefined entity &{name}; {}", self.here()))),
                    };
                }
                QEvent::DocType(_) => {
                    return Err(DecodeError::new(
                        DecodeErrorKind::Doctype,
                        "document type declarations (<!DOCTYPE …>) are refused",
                    ));
                }
                QEvent::Comment(_) | QEvent::PI(_) => {}
                QEvent::Decl(_) => {
                    if self.root_seen || self.xml.buffer_position() > 0 && self.depth > 0 {
                        return Err(syntax(format!(
                            "an XML declaration is only allowed at the start {}",
                            self.here()
                        )));
                    }
                }
                QEvent::Eof => {
                    if self.depth > 0 {
                        return Err(syntax(format!(
                            "document ends inside <{}>",
                            self.names.last().copied().unwrap_or("?")
                        )));
                    }
                    if !self.root_seen {
                        return Err(syntax("empty document: no root element"));
                    }
                    return Ok(Event::Eof);
                }
            }
        }
    }

    /// Advances to the root element and checks its local name and namespace.
    pub fn root(&mut self, local: &str, ns: Ns) -> Result<Start<'a>, DecodeError> {
        match self.next_event()? {
            Event::Start(start) => {
                if start.local != local || start.ns != ns {
                    return Err(DecodeError::new(
                        DecodeErrorKind::WrongRoot,
                        format!(
                            "expected root <{local}> in {}, found <{}> in {}",
                            describe(self.ns_uri(ns)),
                            start.local,
                            describe(self.ns_uri(start.ns))
                        ),
                    ));
                }
                Ok(start)
            }
            _ => Err(syntax(format!("empty document: expected <{local}>"))),
        }
    }

    /// After the root's end: only comments, processing instructions and whitespace may
    /// follow.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        match self.next_event()? {
            Event::Eof => Ok(()),
            _ => Err(syntax("content after the root element's end tag")),
        }
    }

    /// The next child element of the element whose start was just read, skipping text;
    /// `None` once its end tag is read.
    pub fn next_child(&mut self) -> Result<Option<Start<'a>>, DecodeError> {
        loop {
            match self.next_event()? {
                Event::Start(start) => return Ok(Some(start)),
                Event::End => return Ok(None),
                Event::Text(_) => {}
                Event::Eof => return Err(syntax("document ends inside an element")),
            }
        }
    }

    /// Skips the rest of the element whose start was just read, through its end tag.
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        let target = self.depth - 1;
        while self.depth > target {
            if let Event::Eof = self.next_event()? {
                return Err(syntax("document ends inside an element"));
            }
        }
        Ok(())
    }

    /// The text of the element whose start was just read, through its end tag. A child
    /// element is an error naming `element`.
    pub fn text(&mut self, element: &str) -> Result<Cow<'a, str>, DecodeError> {
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        loop {
            match self.next_event()? {
                Event::Text(piece) => {
                    if text.is_empty() {
                        text = piece;
                    } else {
                        text.to_mut().push_str(&piece);
                    }
                }
                Event::End => return Ok(text),
                Event::Start(child) => {
                    return Err(syntax(format!(
                        "<{element}> must hold text, found element <{}>",
                        child.local
                    )));
                }
                Event::Eof => return Err(syntax(format!("document ends inside <{element}>"))),
            }
        }
    }
}

fn describe(uri: &str) -> String {
    if uri == "(none)" {
        "no namespace".to_owned()
    } else {
        format!("namespace {uri}")
    }
}

/// The tag's text re-borrowed from the body. A `&str` reader hands out tags that are
/// slices of the body; the offset is found by address, so no copy is made. A tag that is
/// not a slice of the body (never, for this reader) reads as empty and matches nothing.
fn in_body<'a>(body: &'a str, tag: &BytesStart<'_>) -> &'a str {
    let text: &str = tag;
    let start = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    body.get(start..start.wrapping_add(text.len()))
        .unwrap_or("")
}
