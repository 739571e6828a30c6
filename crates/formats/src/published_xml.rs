//! A published list in XML read by the reader its root element names: the UN's
//! `CONSOLIDATED_LIST`, OFAC's advanced `Sanctions`, the EU's `export`, the UK's
//! `Designations`. A file's name does not say which list it holds (`consolidated.xml`,
//! `SDN_ADVANCED.XML`, `20261130-FULL-1_1.xml`, `UK-Sanctions-List.xml`); its root does.

use serde_json::Value;

use crate::{eu_xml, ofac_xml, uk_xml, un_xml, FormatError};

/// The largest document any of the readers reads.
pub const MAX_DOCUMENT_BYTES: usize = ofac_xml::MAX_DOCUMENT_BYTES;

/// The lists read, by their root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlList {
    /// The UN Security Council consolidated list ([`un_xml`]).
    Un,
    /// The OFAC SDN list in its advanced form ([`ofac_xml`]).
    OfacAdvanced,
    /// The EU consolidated financial sanctions list ([`eu_xml`]).
    Eu,
    /// The UK Sanctions List ([`uk_xml`]).
    Uk,
}

const ROOTS: &[(&str, XmlList, &str)] = &[
    ("CONSOLIDATED_LIST", XmlList::Un, "the UN list"),
    (
        "Sanctions",
        XmlList::OfacAdvanced,
        "OFAC's advanced SDN list",
    ),
    ("export", XmlList::Eu, "the EU list"),
    ("Designations", XmlList::Uk, "the UK Sanctions List"),
];

/// Which list a document is, by its root element; an error naming the root when it is
/// none of them.
pub fn which(document: &str) -> Result<XmlList, FormatError> {
    let known = || {
        ROOTS
            .iter()
            .map(|(root, _, list)| format!("<{root}> ({list})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let not_one = |reason: String| FormatError::NotList {
        list: "a published list gatecheck reads",
        reason,
    };
    let Some(root) = crate::xml_tree::root_name(document) else {
        return Err(not_one(format!(
            "no root element could be read; want one of {}",
            known()
        )));
    };
    ROOTS
        .iter()
        .find(|(name, _, _)| *name == root)
        .map(|(_, list, _)| *list)
        .ok_or_else(|| {
            not_one(format!(
                "the root element is <{}>, not one of {}",
                root.chars().take(60).collect::<String>(),
                known()
            ))
        })
}

/// Reads a published list in XML into FollowTheMoney entities, with the reader its root
/// names.
pub fn parse(document: &str) -> Result<Vec<Value>, FormatError> {
    match which(document)? {
        XmlList::Un => un_xml::parse(document),
        XmlList::OfacAdvanced => ofac_xml::parse(document),
        XmlList::Eu => eu_xml::parse(document),
        XmlList::Uk => uk_xml::parse(document),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_element_names_the_list() {
        assert_eq!(
            which("<?xml version=\"1.0\"?><CONSOLIDATED_LIST/>").unwrap(),
            XmlList::Un
        );
        assert_eq!(
            which("<Sanctions xmlns=\"https://example.org\"><DistinctParties/></Sanctions>")
                .unwrap(),
            XmlList::OfacAdvanced
        );
        assert_eq!(which("<fsd:export xmlns:fsd=\"x\"/>").unwrap(), XmlList::Eu);
        assert_eq!(which("<Designations/>").unwrap(), XmlList::Uk);
        // a byte-order mark before the declaration, as some publishers write one
        let marked = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Designations/>";
        assert_eq!(which(marked).unwrap(), XmlList::Uk);
        assert_eq!(parse(marked).unwrap(), Vec::<Value>::new());
        let error = which("<sdnList/>").unwrap_err().to_string();
        assert!(
            error.starts_with(
                "not a published list gatecheck reads: the root element is <sdnList>, not one of <CONSOLIDATED_LIST> (the UN list)"
            ),
            "{error}"
        );
        assert!(which("not xml")
            .unwrap_err()
            .to_string()
            .contains("no root element"));
        assert!(parse("<export><sanctionEntity/></export>")
            .unwrap_err()
            .to_string()
            .contains("has no logicalId"));
    }
}
