//! A reader that knows only the documented shape of a V1 document, as a simple client does:
//! elements are found by the name they are written with, prefix included, and namespaces are
//! never resolved. `child("link")` finds `<link xmlns="http://www.w3.org/2005/Atom" …/>` and
//! not `<atom:link …/>`, which is how PHP's SimpleXML (`$campaign->FromEmail->Email->link`) and
//! XPath without a prefix map see a document. Deliberately separate from `ctct-models`: a test
//! that decodes the sandbox's answers with the same code that wrote them proves nothing.

#![allow(dead_code, clippy::unwrap_used)] // test helpers: a failure here is a test failure

/// One element: its name as written, its attributes, its children and its text.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    /// The first child element written with exactly this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element written with exactly this name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Follows `path` one child at a time, e.g. `["content", "Campaign", "Name"]`.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, name| node.child(name))
    }

    /// The value of an attribute written with exactly this name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a well-formed document (the sandbox's answers) into its root element.
pub fn parse(xml: &str) -> Node {
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>").unwrap() + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->").unwrap() + 3..];
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap();
            stack.last_mut().unwrap().text.push_str(&after[..end]);
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap();
            let node = stack.pop().unwrap();
            assert_eq!(node.name, after[..end].trim(), "mismatched end tag");
            stack.last_mut().unwrap().children.push(node);
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = tag_end(after);
            let (inner, empty) = match after[..end].strip_suffix('/') {
                Some(inner) => (inner, true),
                None => (&after[..end], false),
            };
            let node = start_tag(inner);
            if empty {
                stack.last_mut().unwrap().children.push(node);
            } else {
                stack.push(node);
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut top = stack.pop().unwrap();
    assert_eq!(top.children.len(), 1, "one root element");
    top.children.pop().unwrap()
}

/// The index of the `>` closing a tag, skipping quoted attribute values.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('>', None) => return i,
            _ => {}
        }
    }
    panic!("unclosed tag");
}

fn start_tag(inner: &str) -> Node {
    let inner = inner.trim();
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let mut node = Node {
        name: inner[..name_end].to_owned(),
        ..Node::default()
    };
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').unwrap();
        let key = rest[..eq].trim().to_owned();
        let value_part = rest[eq + 1..].trim_start();
        let q = value_part.chars().next().unwrap();
        let close = value_part[1..].find(q).unwrap() + 1;
        node.attrs.push((key, unescape(&value_part[1..close])));
        rest = value_part[close + 1..].trim_start();
    }
    node
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').unwrap() + i;
        let entity = &rest[i + 1..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn finds_elements_by_the_name_they_are_written_with() {
    let doc = parse(
        r#"<?xml version="1.0"?><entry xmlns="a"><x:link href="no"/><Email id="1">
        <link xmlns="http://www.w3.org/2005/Atom" href="/e/1" rel="self" />a &amp; b&#x41;</Email></entry>"#,
    );
    assert_eq!(doc.name, "entry");
    assert!(doc.child("link").is_none());
    let email = doc.child("Email").unwrap();
    assert_eq!(email.child("link").unwrap().attr("href"), Some("/e/1"));
    assert_eq!(email.text.trim(), "a & bA");
}
