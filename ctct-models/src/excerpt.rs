//! Short, readable excerpts of response bodies, for error messages: HTML error pages become
//! their text, whitespace is collapsed, and the length is capped on a word or character
//! boundary. One helper for every error that quotes a body or a value (V1, V3 and OAuth
//! alike, client and sandbox): [`clip`] for a value, [`raw_excerpt`] and [`excerpt`] for a body.

/// How many characters of a body an error message shows.
pub const EXCERPT_CHARS: usize = 200;

/// At most `max` characters of `value`, with `…` when cut (never inside a character): what an
/// error quotes of a value it could not use.
pub fn clip(value: &str, max: usize) -> String {
    let mut chars = value.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// The start of a body as it is, whitespace collapsed, at most [`EXCERPT_CHARS`] characters:
/// what a decode error shows (the markup is the interesting part there).
pub fn raw_excerpt(body: &str) -> String {
    truncate_words(body)
}

/// Collapses a body into a short, readable excerpt: HTML tags and entities removed (the
/// `<title>` of a JBoss error page says the most), whitespace collapsed, at most
/// [`EXCERPT_CHARS`] characters.
pub fn excerpt(body: &str) -> String {
    let looks_html = body.trim_start().starts_with('<');
    let text = if looks_html {
        strip_tags(body)
    } else {
        body.to_owned()
    };
    truncate_words(&text)
}

/// Collapses whitespace and cuts `text` after at most [`EXCERPT_CHARS`] characters, on a word
/// boundary where one is near, with `…` when cut.
pub fn truncate_words(text: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        let needed = word.chars().count() + usize::from(!out.is_empty());
        if count + needed > EXCERPT_CHARS {
            let room = EXCERPT_CHARS.saturating_sub(count + usize::from(!out.is_empty()));
            if room > 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.extend(word.chars().take(room));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        count += needed;
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len().min(4096));
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if let Some(end) = skip_until {
            match lower.get(i..).and_then(|rest| rest.find(end)) {
                Some(at) => {
                    i += at + end.len();
                    skip_until = None;
                    continue;
                }
                None => break,
            }
        }
        let c = bytes[i];
        if in_tag {
            if c == b'>' {
                in_tag = false;
                out.push(' ');
            }
            i += 1;
            continue;
        }
        if c == b'<' {
            let rest = lower.get(i..).unwrap_or_default();
            if rest.starts_with("<script") {
                skip_until = Some("</script>");
            } else if rest.starts_with("<style") {
                skip_until = Some("</style>");
            } else {
                in_tag = true;
            }
            i += 1;
            continue;
        }
        // Copy one whole character (bytes[i] starts one: we only stop on ASCII bytes).
        let ch = html.get(i..).and_then(|rest| rest.chars().next());
        if let Some(ch) = ch {
            out.push(ch);
        }
        i += ch.map_or(1, char::len_utf8);
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_body_is_kept_whole_when_short() {
        assert_eq!(
            excerpt("Error 400: The new contact must contain at least on valid ContactList\n"),
            "Error 400: The new contact must contain at least on valid ContactList"
        );
    }

    #[test]
    fn html_error_page_becomes_its_text() {
        let html = "<html><head><title>JBoss Web/2.1.1.SNAPSHOT - Error report</title><style>h1{color:red}</style></head><body><h1>HTTP Status 403 - </h1><p>access &amp; scope</p></body></html>";
        assert_eq!(
            excerpt(html),
            "JBoss Web/2.1.1.SNAPSHOT - Error report HTTP Status 403 - access & scope"
        );
    }

    #[test]
    fn long_bodies_are_cut_at_a_character_boundary() {
        let body = "é".repeat(500);
        let e = excerpt(&body);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
    }

    #[test]
    fn values_are_clipped_on_characters() {
        assert_eq!(clip("short", 5), "short");
        assert_eq!(clip("éééééé", 5), "ééééé…");
        assert_eq!(clip("", 0), "");
        assert_eq!(clip("x", 0), "…");
    }

    #[test]
    fn broken_html_does_not_panic() {
        for body in ["<", "<script", "<a href='x", "é<é>é", "<<>>", "<style>é"] {
            let _ = excerpt(body);
        }
        assert_eq!(excerpt("<p>é</p>"), "é");
    }
}
