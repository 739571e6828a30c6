//! A published list's XML read into a small tree of elements (local names, attributes,
//! text), for the list readers: the lists are a few to a hundred megabytes, read whole.
//! Every fault of the document is a [`FormatError::BadXml`] at its byte.

use crate::FormatError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The deepest nesting read.
const MAX_DEPTH: usize = 32;

/// One element: its local name (without a namespace prefix), its attributes, its text and
/// its children.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// The byte of the document where the element starts.
    pub position: u64,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    pub fn children<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// Every element named `name` below this one, in document order.
    pub fn descendants<'e>(&'e self, name: &'e str) -> Vec<&'e Element> {
        let mut found = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(element) = stack.pop() {
            if element.name == name {
                found.push(element);
            }
            stack.extend(element.children.iter().rev());
        }
        found
    }

    /// The trimmed text of a child, if it has any.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|child| child.text.trim())
            .filter(|text| !text.is_empty())
    }

    /// The trimmed text of this element, if it has any.
    pub fn own_text(&self) -> Option<&str> {
        Some(self.text.trim()).filter(|text| !text.is_empty())
    }

    /// The trimmed value of an attribute, if it is given and not empty.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// Whether an attribute says `true` (or `1`).
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.attribute(name), Some("true" | "1" | "TRUE" | "True"))
    }
}

fn local_name(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_string()
}

fn element_of(start: &BytesStart<'_>, position: u64) -> Result<Element, FormatError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| FormatError::BadXml {
            position,
            reason: error.to_string(),
        })?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| FormatError::BadXml {
                position,
                reason: error.to_string(),
            })?;
        let key = attribute.key.local_name().as_ref().to_string();
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name: local_name(start),
        attributes,
        position,
        ..Element::default()
    })
}

/// The local name of the document's root element, read without reading the rest: how a
/// list is told from another. `None` when there is none before the first fault.
pub fn root_name(document: &str) -> Option<String> {
    let mut reader = Reader::from_str(document);
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) | Ok(Event::Empty(start)) => return Some(local_name(&start)),
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Reads the document into its root element; `Ok(None)` when it has no root element or
/// more than one.
pub fn read(document: &str) -> Result<Option<Element>, FormatError> {
    let mut reader = Reader::from_str(document);
    // the document itself, holding the root
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let position = reader.buffer_position();
        let bad = |reason: String| FormatError::BadXml { position, reason };
        let event = reader
            .read_event()
            .map_err(|error| bad(error.to_string()))?;
        let Some(top) = stack.last_mut() else {
            return Err(bad("an end tag without its start".to_string()));
        };
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(bad(format!("nested deeper than {MAX_DEPTH} elements")));
                }
                stack.push(element_of(&start, position)?);
            }
            Event::Empty(empty) => top.children.push(element_of(&empty, position)?),
            Event::End(_) => {
                // quick-xml checks that an end matches its start
                let element = stack.pop().unwrap_or_default();
                let parent = stack
                    .last_mut()
                    .ok_or_else(|| bad("an end tag without its start".to_string()))?;
                parent.children.push(element);
            }
            Event::Text(text) => {
                let content = text.xml10_content();
                // the indentation between elements is not kept: values are read trimmed,
                // and a list of a hundred megabytes has millions of elements
                if !(top.text.is_empty() && content.trim().is_empty()) {
                    top.text.push_str(&content);
                }
            }
            Event::CData(data) => top.text.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => {
                // entity references come apart from the text around them
                let character = match reference.resolve_char_ref() {
                    Ok(Some(character)) => character,
                    Ok(None) => match &*reference {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(bad(format!("unknown entity &{other};"))),
                    },
                    Err(error) => return Err(bad(error.to_string())),
                };
                top.text.push(character);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(FormatError::BadXml {
            position: reader.buffer_position(),
            reason: format!(
                "<{}> is not closed",
                stack.last().map(|e| e.name.as_str()).unwrap_or("")
            ),
        });
    }
    let Some(mut document) = stack.pop() else {
        return Ok(None);
    };
    if document.children.len() != 1 {
        return Ok(None);
    }
    Ok(document.children.pop())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_local_names_attributes_and_text() {
        let root = read(r#"<?xml version="1.0"?><a:export xmlns:a="urn:x" when="2026"><b c="1 &amp; 2">x &lt; y</b><b/></a:export>"#)
            .unwrap()
            .unwrap();
        assert_eq!(root.name, "export");
        assert_eq!(root.attribute("when"), Some("2026"));
        assert_eq!(root.children("b").count(), 2);
        assert_eq!(root.text_of("b"), Some("x < y"));
        assert_eq!(root.child("b").unwrap().attribute("c"), Some("1 & 2"));
        assert_eq!(
            root_name("<?xml version=\"1.0\"?>\n<!-- x --><Sanctions/>").as_deref(),
            Some("Sanctions")
        );
    }

    #[test]
    fn faults_are_named_at_their_byte() {
        assert!(matches!(
            read("<a><b></a>"),
            Err(FormatError::BadXml { .. })
        ));
        assert!(matches!(read("<a><b>"), Err(FormatError::BadXml { .. })));
        assert!(matches!(
            read("<a x='1' x='2'/>"),
            Err(FormatError::BadXml { .. })
        ));
        assert!(read("").unwrap().is_none());
        let deep = "<a>".repeat(40) + &"</a>".repeat(40);
        assert!(matches!(read(&deep), Err(FormatError::BadXml { .. })));
    }
}
