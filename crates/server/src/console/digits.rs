//! One digit style on every page: Western (0123) or Arabic-Indic (٠١٢٣), as the officer chose
//! on the account page (a cookie of the browser), else by the page's language (Arabic-Indic
//! on Arabic pages, Western on English ones). Applied to each HTML answer as it leaves, to
//! the text only: attributes (addresses, form values, `datetime`) stay as they are, and so
//! does anything marked `translate="no"` (document numbers, record ids, flight numbers, the
//! zone typed in), which must read as printed on the document.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// The cookie holding the officer's choice.
pub const COOKIE: &str = "gatecheck_digits";

/// A digit style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    Western,
    ArabicIndic,
}

impl Digits {
    pub fn code(self) -> &'static str {
        match self {
            Digits::Western => "western",
            Digits::ArabicIndic => "arabic-indic",
        }
    }

    pub fn from_code(code: &str) -> Option<Digits> {
        match code {
            "western" => Some(Digits::Western),
            "arabic-indic" => Some(Digits::ArabicIndic),
            _ => None,
        }
    }
}

/// The most bytes of a page rewritten; a larger answer goes out as it is.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// The layer: rewrites the digits of each HTML answer in the style chosen (see the module).
pub async fn in_chosen_style(request: Request, next: Next) -> Response {
    let chosen = super::cookie(request.headers(), COOKIE).and_then(Digits::from_code);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html || chosen == Some(Digits::Western) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        // not to be read whole: an error page rather than half a page
        return Response::builder()
            .status(500)
            .body(Body::from("the page could not be written"))
            .unwrap_or_default();
    };
    let page = String::from_utf8_lossy(&bytes);
    let arabic_page = page
        .get(..200)
        .is_some_and(|head| head.contains("<html lang=\"ar\""));
    let digits = chosen.unwrap_or(if arabic_page {
        Digits::ArabicIndic
    } else {
        Digits::Western
    });
    let written = match digits {
        Digits::Western => page.into_owned(),
        Digits::ArabicIndic => arabic_indic(&page),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(written))
}

/// Elements that hold no text of their own (no closing tag).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "!doctype",
];

/// Elements whose text is left as it is: code and what a person typed or will type.
const KEPT: [&str; 5] = ["script", "style", "textarea", "kbd", "code"];

/// `html` with the digits of its text in Arabic-Indic, a decimal point between digits as
/// the Arabic decimal separator (٫) and a per cent sign after a digit as ٪; tags, and the
/// text inside `translate="no"` and the [`KEPT`] elements, as they were. The HTML is the
/// console's own (well formed, every `<` of text escaped).
pub fn arabic_indic(html: &str) -> String {
    let mut written = String::with_capacity(html.len() + html.len() / 4);
    // for each element open: whether its text is kept as it is
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            write_text(
                &mut written,
                rest,
                open.last().is_some_and(|(_, kept)| *kept),
            );
            break;
        };
        write_text(
            &mut written,
            &rest[..start],
            open.last().is_some_and(|(_, kept)| *kept),
        );
        let Some(length) = rest[start..].find('>') else {
            written.push_str(&rest[start..]);
            break;
        };
        let tag = &rest[start..start + length + 1];
        written.push_str(tag);
        rest = &rest[start + length + 1..];
        let inside = tag.trim_start_matches('<').trim_end_matches('>');
        if let Some(closing) = inside.strip_prefix('/') {
            let name = closing.trim().to_ascii_lowercase();
            if let Some(at) = open.iter().rposition(|(open_name, _)| *open_name == name) {
                open.truncate(at);
            }
            continue;
        }
        let name: String = inside
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || inside.ends_with('/') {
            continue;
        }
        let kept = open.last().is_some_and(|(_, kept)| *kept)
            || KEPT.contains(&name.as_str())
            || inside.contains("translate=\"no\"");
        open.push((name, kept));
    }
    written
}

fn write_text(written: &mut String, text: &str, kept: bool) {
    if kept {
        written.push_str(text);
        return;
    }
    // the two letters before this one, as written in the page
    let (mut before, mut previous): (Option<char>, Option<char>) = (None, None);
    let mut letters = text.chars().peekable();
    while let Some(letter) = letters.next() {
        let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let shown = match letter {
            '0'..='9' => char::from_u32(0x0660 + (letter as u32 - '0' as u32)).unwrap_or(letter),
            '.' if is_digit(previous) && letters.peek().is_some_and(char::is_ascii_digit) => {
                '\u{066B}'
            }
            '%' if is_digit(previous) || (previous == Some(' ') && is_digit(before)) => '\u{066A}',
            other => other,
        };
        written.push(shown);
        (before, previous) = (previous, Some(letter));
    }
}

#[cfg(test)]
mod tests {
    use super::arabic_indic;

    #[test]
    fn digits_of_the_text_are_written_arabic_indic_and_identifiers_are_kept() {
        let page = r#"<!DOCTYPE html><html lang="ar"><head><title>تطابق 12</title></head><body><a href="/console/hits/12">تطابق 12</a> <time datetime="2026-11-29T14:05:00Z" dir="ltr">2026-11-29 14:05 UTC</time> الدرجة 0.97 · 45 %<dd><bdi dir="ltr" translate="no">L898902C3</bdi> JOR</dd><bdi translate="no"><b>RJ0405</b> M-1</bdi> 3<textarea name="input">P&lt;JOR 7408122</textarea><input value="1974"><kbd>c</kbd> 1.</body></html>"#;
        let written = arabic_indic(page);
        assert_eq!(
            written,
            r#"<!DOCTYPE html><html lang="ar"><head><title>تطابق ١٢</title></head><body><a href="/console/hits/12">تطابق ١٢</a> <time datetime="2026-11-29T14:05:00Z" dir="ltr">٢٠٢٦-١١-٢٩ ١٤:٠٥ UTC</time> الدرجة ٠٫٩٧ · ٤٥ ٪<dd><bdi dir="ltr" translate="no">L898902C3</bdi> JOR</dd><bdi translate="no"><b>RJ0405</b> M-1</bdi> ٣<textarea name="input">P&lt;JOR 7408122</textarea><input value="1974"><kbd>c</kbd> ١.</body></html>"#
        );
    }

    #[test]
    fn a_page_cut_short_is_written_out_whole() {
        for page in ["<p>1", "<p 2", "3 <", "</p>4", "<br/>5<img>6"] {
            let written = arabic_indic(page);
            assert_eq!(written.chars().count(), page.chars().count(), "{page}");
        }
    }
}
