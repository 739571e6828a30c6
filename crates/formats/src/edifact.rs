//! UN/EDIFACT syntax (ISO 9735): the service string advice, segments, the interchange,
//! group and message envelopes, character repertoires, a printer and the CONTRL answer.
//!
//! Reading works on bytes and keeps going wherever that is safe, because an officer would
//! rather screen a manifest whose UNT count is wrong than not screen it at all. What was
//! wrong is kept as [`SyntaxError`]s: those that leave the rest trustworthy are
//! [`Severity::Recoverable`]; those that make the structure unknowable (no UNB, an
//! unterminated segment, a release character at the end) reject the interchange.
//!
//! Positions: segments are numbered from 1, starting with the UNA if there is one, else the
//! UNB; byte positions count from 0 at the start of the input.

use std::fmt;

/// The six service characters of a UNA, in the UNA's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Separators {
    pub component: u8,
    pub element: u8,
    /// Announced only: ISO 9735 tells the recipient to ignore it.
    pub decimal_mark: u8,
    pub release: u8,
    /// The repetition separator (syntax version 4), or space when not used. Repetitions are
    /// not split: no PAXLST or PNRGOV element repeats, and older senders put the character in
    /// data (`APIS*C3K`).
    pub repetition: u8,
    pub terminator: u8,
}

impl Separators {
    /// The defaults of ISO 9735 when there is no UNA: `:+.? '`.
    pub const DEFAULT: Separators = Separators {
        component: b':',
        element: b'+',
        decimal_mark: b'.',
        release: b'?',
        repetition: b' ',
        terminator: b'\'',
    };

    /// The UNA segment announcing these separators.
    pub fn una(&self) -> String {
        [
            b'U',
            b'N',
            b'A',
            self.component,
            self.element,
            self.decimal_mark,
            self.release,
            self.repetition,
            self.terminator,
        ]
        .iter()
        .map(|&byte| char::from(byte))
        .collect()
    }

    /// The characters that must be released when they occur in data.
    fn special(&self) -> [Option<u8>; 5] {
        [
            Some(self.component),
            Some(self.element),
            Some(self.release),
            Some(self.terminator),
            (self.repetition != b' ').then_some(self.repetition),
        ]
    }

    /// What is wrong with these separators, if anything. Separators must be single ASCII
    /// punctuation characters, pairwise distinct; the terminator may also be a carriage
    /// return or line feed (airlines send such files).
    fn problem(&self) -> Option<String> {
        let punctuation = |byte: u8| byte.is_ascii_graphic() && !byte.is_ascii_alphanumeric();
        let named = [
            ("component separator", self.component),
            ("data element separator", self.element),
            ("release character", self.release),
        ];
        for (name, byte) in named {
            if !punctuation(byte) {
                return Some(format!(
                    "{name} {:?} is not ASCII punctuation",
                    char::from(byte)
                ));
            }
        }
        if !(punctuation(self.terminator) || self.terminator == b'\r' || self.terminator == b'\n') {
            return Some(format!(
                "segment terminator {:?} is not ASCII punctuation or a line break",
                char::from(self.terminator)
            ));
        }
        if self.repetition != b' ' && !punctuation(self.repetition) {
            return Some(format!(
                "repetition separator {:?} is not ASCII punctuation or space",
                char::from(self.repetition)
            ));
        }
        if !(0x20..=0x7e).contains(&self.decimal_mark) {
            return Some("decimal mark is not an ASCII character".to_string());
        }
        let active: Vec<u8> = self.special().into_iter().flatten().collect();
        for (index, byte) in active.iter().enumerate() {
            if active[index + 1..].contains(byte) {
                return Some(format!(
                    "service character {:?} is used twice",
                    char::from(*byte)
                ));
            }
        }
        None
    }
}

impl Default for Separators {
    fn default() -> Self {
        Separators::DEFAULT
    }
}

/// The characters a syntax identifier allows in data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repertoire {
    /// UNOA: upper case letters, digits, space and `. , - ( ) / = ' + : ? ! " % & * ; < >`.
    LevelA,
    /// UNOB: every printable ISO 646 character (level A plus lower case and the rest).
    LevelB,
    /// UNOC to UNOK and the like: an ISO 8859 part. Any text is accepted; bytes that are not
    /// UTF-8 are read as ISO 8859-1 (exact for UNOC, the usual case).
    Latin,
    /// UNOW, UNOY: UTF-8.
    Utf8,
    /// An identifier this reader does not know (IATA, as PNRGOV uses): nothing checked.
    Unchecked,
}

/// UNB S001: syntax identifier and version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Syntax {
    /// `UNOA` ... `UNOY`, or `IATA` for PNRGOV.
    pub identifier: String,
    /// `3`, `4` ...
    pub version: String,
}

impl Syntax {
    pub fn repertoire(&self) -> Repertoire {
        match self.identifier.as_str() {
            "UNOA" => Repertoire::LevelA,
            "UNOB" => Repertoire::LevelB,
            "UNOW" | "UNOY" => Repertoire::Utf8,
            "UNOC" | "UNOD" | "UNOE" | "UNOF" | "UNOG" | "UNOH" | "UNOI" | "UNOJ" | "UNOK"
            | "UNOX" => Repertoire::Latin,
            _ => Repertoire::Unchecked,
        }
    }
}

/// One segment: its tag, its data elements split into components with release characters
/// removed, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub tag: String,
    /// Element, then component. `NAD+FL+++SMITH:JOHN` has
    /// `[["FL"], [""], [""], ["SMITH", "JOHN"]]`.
    pub elements: Vec<Vec<String>>,
    /// From 1, counting the UNA if there is one.
    pub number: usize,
    /// Byte of the tag's first character.
    pub position: usize,
}

impl Segment {
    /// A segment to print: number and position are left at 0.
    pub fn new(tag: &str, elements: Vec<Vec<String>>) -> Segment {
        Segment {
            tag: tag.to_string(),
            elements,
            number: 0,
            position: 0,
        }
    }

    /// A component's text, or "" when the segment does not have it.
    pub fn get(&self, element: usize, component: usize) -> &str {
        self.elements
            .get(element)
            .and_then(|components| components.get(component))
            .map_or("", String::as_str)
    }
}

/// The interchange header (UNB) and the separators it was written with: enough to answer
/// even an interchange that had to be rejected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InterchangeHeader {
    pub separators: Separators,
    pub syntax: Syntax,
    /// UNB S002/0004.
    pub sender: String,
    /// UNB S003/0010.
    pub recipient: String,
    /// UNB 0020.
    pub control_reference: String,
    /// UNB S004: `YYMMDD` (or `CCYYMMDD`) as given.
    pub prepared_date: String,
    /// UNB S004: `HHMM` as given.
    pub prepared_time: String,
    /// The UNB as read, for printing it back unchanged.
    pub segment: Option<Segment>,
}

/// A functional group (UNG ... UNE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// UNG 0038 (`PAXLST`).
    pub kind: String,
    pub sender: String,
    pub recipient: String,
    /// UNG 0048.
    pub reference: String,
    pub header: Segment,
    pub trailer: Option<Segment>,
}

/// One message (UNH ... UNT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// UNH 0062.
    pub reference: String,
    /// UNH S009/0065: `PAXLST`, `PNRGOV`.
    pub kind: String,
    /// UNH S009/0052, 0054, 0051 joined: `D:02B:UN`.
    pub version: String,
    /// UNH S009/0057: `IATA`.
    pub association: String,
    /// UNH 0068, the common access reference, and S010 (sequence of transfers).
    pub common_access_reference: String,
    pub transfer: Vec<String>,
    /// The index in [`Interchange::groups`] of the group holding it.
    pub group: Option<usize>,
    /// From the UNH to the UNT, both included (the UNT is missing if the message was not
    /// closed).
    pub segments: Vec<Segment>,
}

impl Message {
    /// The segments between UNH and UNT.
    pub fn body(&self) -> &[Segment] {
        let start = usize::from(self.segments.first().is_some_and(|s| s.tag == "UNH"));
        let end = self.segments.len()
            - usize::from(
                self.segments.len() > start && self.segments.last().is_some_and(|s| s.tag == "UNT"),
            );
        &self.segments[start..end]
    }
}

/// A whole interchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interchange {
    pub header: InterchangeHeader,
    pub groups: Vec<Group>,
    /// In order, whatever group they are in.
    pub messages: Vec<Message>,
    pub trailer: Option<Segment>,
}

/// Whether the rest of the interchange can be read once this is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Reported; the interchange is kept (a wrong count, a character outside the repertoire).
    Recoverable,
    /// The interchange is rejected.
    Rejecting,
}

/// What was wrong: a stable code for logs and answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    Empty,
    BadServiceStringAdvice,
    NoUnb,
    UnterminatedSegment,
    MissingTerminatorAtEnd,
    ReleaseAtEnd,
    BadTag,
    CharacterOutsideRepertoire,
    NotUtf8,
    UnknownSyntax,
    MissingElement,
    CountMismatch,
    ReferenceMismatch,
    MissingUnt,
    MissingUne,
    MissingUnz,
    OutsideMessage,
    AfterUnz,
    UnexpectedServiceSegment,
}

impl SyntaxErrorKind {
    /// A stable name, for logs and the service's error codes.
    pub fn code(self) -> &'static str {
        use SyntaxErrorKind::*;
        match self {
            Empty => "edifact.empty",
            BadServiceStringAdvice => "edifact.bad_una",
            NoUnb => "edifact.no_unb",
            UnterminatedSegment => "edifact.unterminated_segment",
            MissingTerminatorAtEnd => "edifact.missing_terminator_at_end",
            ReleaseAtEnd => "edifact.release_at_end",
            BadTag => "edifact.bad_tag",
            CharacterOutsideRepertoire => "edifact.character_outside_repertoire",
            NotUtf8 => "edifact.not_utf8",
            UnknownSyntax => "edifact.unknown_syntax",
            MissingElement => "edifact.missing_element",
            CountMismatch => "edifact.count_mismatch",
            ReferenceMismatch => "edifact.reference_mismatch",
            MissingUnt => "edifact.missing_unt",
            MissingUne => "edifact.missing_une",
            MissingUnz => "edifact.missing_unz",
            OutsideMessage => "edifact.outside_message",
            AfterUnz => "edifact.after_unz",
            UnexpectedServiceSegment => "edifact.unexpected_service_segment",
        }
    }

    /// The syntax error code of a CONTRL answer (ISO 9735 code list 0085).
    pub fn contrl_code(self) -> &'static str {
        use SyntaxErrorKind::*;
        match self {
            UnknownSyntax => "2",
            MissingElement | MissingUnt | MissingUne | MissingUnz | NoUnb | Empty => "13",
            CharacterOutsideRepertoire | NotUtf8 => "21",
            BadServiceStringAdvice | ReleaseAtEnd => "22",
            ReferenceMismatch => "28",
            CountMismatch => "29",
            _ => "18",
        }
    }
}

/// One thing wrong with an interchange, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("segment {segment} ({tag}) at byte {position}: {detail} [{}]", kind.code())]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub severity: Severity,
    /// The segment's number (from 1), 0 when before any segment.
    pub segment: usize,
    /// The segment's tag, or "" when unknown.
    pub tag: String,
    /// The byte where the problem is.
    pub position: usize,
    /// The data element and component at fault, counted from 1 (ISO 9735 S011), when the
    /// problem is in one.
    pub element: Option<(u16, u16)>,
    pub detail: String,
}

/// A read interchange and what was wrong with it that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub interchange: Interchange,
    pub problems: Vec<SyntaxError>,
}

/// An interchange that had to be rejected: the error that rejected it, the problems found
/// before, and the header if it was read (for the CONTRL answer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct Rejection {
    pub error: SyntaxError,
    pub problems: Vec<SyntaxError>,
    pub header: Option<Box<InterchangeHeader>>,
}

/// The most bytes of one interchange.
pub const MAX_INTERCHANGE_BYTES: usize = 256 << 20;

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Per byte: which data bytes a repertoire allows.
fn allowed_table(repertoire: Repertoire) -> [bool; 256] {
    let mut table = [false; 256];
    match repertoire {
        Repertoire::LevelA => {
            for byte in b'A'..=b'Z' {
                table[usize::from(byte)] = true;
            }
            for byte in b'0'..=b'9' {
                table[usize::from(byte)] = true;
            }
            for &byte in b" .,-()/='+:?!\"%&*;<>" {
                table[usize::from(byte)] = true;
            }
        }
        Repertoire::LevelB => {
            for byte in 0x20u8..=0x7e {
                table[usize::from(byte)] = true;
            }
        }
        Repertoire::Latin | Repertoire::Utf8 | Repertoire::Unchecked => table = [true; 256],
    }
    table
}

/// Byte classes for the scanner.
const DATA: u8 = 0;
const COMPONENT: u8 = 1;
const ELEMENT: u8 = 2;
const RELEASE: u8 = 3;
const TERMINATOR: u8 = 4;
const OUTSIDE: u8 = 5;

struct Scanner<'a> {
    input: &'a [u8],
    separators: Separators,
    classes: [u8; 256],
    /// As `classes`, with data outside the repertoire as `OUTSIDE`.
    data_classes: [u8; 256],
    allowed: [bool; 256],
    repertoire: Repertoire,
    scratch: Vec<u8>,
    problems: Vec<SyntaxError>,
}

impl<'a> Scanner<'a> {
    fn new(input: &'a [u8], separators: Separators) -> Scanner<'a> {
        let mut classes = [DATA; 256];
        classes[usize::from(separators.component)] = COMPONENT;
        classes[usize::from(separators.element)] = ELEMENT;
        classes[usize::from(separators.release)] = RELEASE;
        classes[usize::from(separators.terminator)] = TERMINATOR;
        Scanner {
            input,
            separators,
            classes,
            data_classes: classes,
            allowed: [true; 256],
            repertoire: Repertoire::Unchecked,
            scratch: Vec::with_capacity(64),
            problems: Vec::new(),
        }
    }

    fn set_repertoire(&mut self, repertoire: Repertoire) {
        self.repertoire = repertoire;
        self.allowed = allowed_table(repertoire);
        for byte in 0..256 {
            self.data_classes[byte] = match self.classes[byte] {
                DATA if !self.allowed[byte] => OUTSIDE,
                class => class,
            };
        }
    }

    fn text(&mut self, bytes: &[u8], number: usize, tag: &str, position: usize) -> String {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(error) => match self.repertoire {
                Repertoire::Latin => bytes.iter().map(|&byte| char::from(byte)).collect(),
                Repertoire::Utf8 => {
                    self.problems.push(SyntaxError {
                        element: None,
                        kind: SyntaxErrorKind::NotUtf8,
                        severity: Severity::Recoverable,
                        segment: number,
                        tag: tag.to_string(),
                        position: position + error.valid_up_to(),
                        detail: "text is not UTF-8".to_string(),
                    });
                    String::from_utf8_lossy(bytes).into_owned()
                }
                // Outside the repertoire already reported by the scan.
                _ => String::from_utf8_lossy(bytes).into_owned(),
            },
        }
    }

    /// Reads the segment starting at `start` (its first non-blank byte). Returns the segment
    /// (None when its tag was bad, which is reported) and where the next one may start.
    fn segment(
        &mut self,
        start: usize,
        number: usize,
    ) -> Result<(Option<Segment>, usize), SyntaxError> {
        let input = self.input;
        // The tag: up to the first separator or terminator.
        let mut at = start;
        while at < input.len() && self.classes[usize::from(input[at])] == DATA {
            at += 1;
        }
        let tag_bytes = trim_blank(&input[start..at]);
        let tag = String::from_utf8_lossy(tag_bytes).into_owned();
        let good_tag = tag_bytes.len() == 3
            && tag_bytes
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        // A component separator in the tag position introduces the tag's nested parts
        // (version 4); they are skipped.
        while at < input.len() && self.classes[usize::from(input[at])] == COMPONENT {
            at += 1;
            while at < input.len() && self.classes[usize::from(input[at])] == DATA {
                at += 1;
            }
        }
        let mut elements: Vec<Vec<String>> = Vec::with_capacity(4);
        let mut components: Vec<String> = Vec::with_capacity(2);
        // the first byte outside the repertoire, with its element and component (from 1)
        let mut violation: Option<(usize, (u16, u16))> = None;
        let terminated_at;
        if at < input.len() && self.classes[usize::from(input[at])] == TERMINATOR {
            terminated_at = at;
        } else if at >= input.len() {
            return self.end_without_terminator(start, number, &tag);
        } else if at < input.len() && self.classes[usize::from(input[at])] == RELEASE {
            return Err(SyntaxError {
                element: None,
                kind: SyntaxErrorKind::BadTag,
                severity: Severity::Rejecting,
                segment: number,
                tag,
                position: at,
                detail: "release character in a segment tag".to_string(),
            });
        } else {
            // input[at] is an element separator: read the elements.
            at += 1;
            let mut component_start = at;
            let mut run_start = at;
            let mut released = false;
            loop {
                if at >= input.len() {
                    return self.end_without_terminator(start, number, &tag);
                }
                // Most bytes are plain data: skip them without further work.
                while at < input.len() && self.data_classes[usize::from(input[at])] == DATA {
                    at += 1;
                }
                if at >= input.len() {
                    continue;
                }
                let byte = input[at];
                match self.classes[usize::from(byte)] {
                    DATA => {
                        // Data outside the repertoire.
                        if violation.is_none() {
                            violation = Some((at, position_in(elements.len(), components.len())));
                        }
                        at += 1;
                    }
                    RELEASE => {
                        if at + 1 >= input.len() {
                            return Err(SyntaxError {
                                element: None,
                                kind: SyntaxErrorKind::ReleaseAtEnd,
                                severity: Severity::Rejecting,
                                segment: number,
                                tag,
                                position: at,
                                detail: "release character at the end of the input".to_string(),
                            });
                        }
                        if !released {
                            self.scratch.clear();
                            released = true;
                        }
                        self.scratch.extend_from_slice(&input[run_start..at]);
                        let escaped = input[at + 1];
                        if !self.allowed[usize::from(escaped)] && violation.is_none() {
                            violation =
                                Some((at + 1, position_in(elements.len(), components.len())));
                        }
                        self.scratch.push(escaped);
                        at += 2;
                        run_start = at;
                    }
                    class => {
                        let text = if released {
                            self.scratch.extend_from_slice(&input[run_start..at]);
                            let bytes = std::mem::take(&mut self.scratch);
                            let text = self.text(&bytes, number, &tag, component_start);
                            self.scratch = bytes;
                            text
                        } else {
                            self.text(&input[component_start..at], number, &tag, component_start)
                        };
                        components.push(text);
                        released = false;
                        if class != COMPONENT {
                            elements.push(std::mem::take(&mut components));
                        }
                        if class == TERMINATOR {
                            terminated_at = at;
                            break;
                        }
                        at += 1;
                        component_start = at;
                        run_start = at;
                    }
                }
            }
        }
        if let Some((position, element)) = violation {
            self.problems.push(SyntaxError {
                element: Some(element),
                kind: SyntaxErrorKind::CharacterOutsideRepertoire,
                severity: Severity::Recoverable,
                segment: number,
                tag: tag.clone(),
                position,
                detail: format!(
                    "character {:?} is outside the repertoire of the syntax identifier",
                    char::from(input[position])
                ),
            });
        }
        if !good_tag {
            self.problems.push(SyntaxError {
                element: None,
                kind: SyntaxErrorKind::BadTag,
                severity: Severity::Recoverable,
                segment: number,
                tag: tag.clone(),
                position: start,
                detail: format!("{tag:?} is not a segment tag; segment skipped"),
            });
            return Ok((None, terminated_at + 1));
        }
        Ok((
            Some(Segment {
                tag,
                elements,
                number,
                position: start,
            }),
            terminated_at + 1,
        ))
    }

    /// The input ended inside a segment. A final segment that only lacks its terminator, with
    /// nothing but blanks after it on its line, is read as if terminated (reported); anything
    /// else means the interchange is cut or garbled.
    fn end_without_terminator(
        &mut self,
        start: usize,
        number: usize,
        tag: &str,
    ) -> Result<(Option<Segment>, usize), SyntaxError> {
        let rest = trim_blank(&self.input[start..]);
        let one_line = !rest.iter().any(|&b| b == b'\r' || b == b'\n');
        if one_line && !rest.is_empty() && !is_blank(self.separators.terminator) {
            let mut terminated = rest.to_vec();
            terminated.push(self.separators.terminator);
            let mut inner = Scanner::new(&terminated, self.separators);
            inner.set_repertoire(self.repertoire);
            let (segment, _) = inner.segment(0, number)?;
            for mut problem in inner.problems {
                problem.position += start;
                self.problems.push(problem);
            }
            self.problems.push(SyntaxError {
                element: None,
                kind: SyntaxErrorKind::MissingTerminatorAtEnd,
                severity: Severity::Recoverable,
                segment: number,
                tag: tag.to_string(),
                position: start + rest.len(),
                detail: "the last segment has no segment terminator".to_string(),
            });
            let segment = segment.map(|mut segment| {
                segment.position = start;
                segment
            });
            return Ok((segment, self.input.len()));
        }
        Err(SyntaxError {
            element: None,
            kind: SyntaxErrorKind::UnterminatedSegment,
            severity: Severity::Rejecting,
            segment: number,
            tag: tag.to_string(),
            position: start,
            detail: format!(
                "segment is not terminated by {:?} before the end of the input",
                char::from(self.separators.terminator)
            ),
        })
    }
}

fn trim_blank(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_blank(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_blank(b))
        .map_or(start, |at| at + 1);
    &bytes[start..end]
}

/// Reads an interchange.
pub fn parse(input: &[u8]) -> Result<Reading, Rejection> {
    let reject =
        |error: SyntaxError, problems: Vec<SyntaxError>, header: Option<InterchangeHeader>| {
            Rejection {
                error,
                problems,
                header: header.map(Box::new),
            }
        };
    let simple = |kind, position, detail: String| SyntaxError {
        element: None,
        kind,
        severity: Severity::Rejecting,
        segment: 0,
        tag: String::new(),
        position,
        detail,
    };
    if input.len() > MAX_INTERCHANGE_BYTES {
        return Err(reject(
            simple(
                SyntaxErrorKind::Empty,
                0,
                format!("the interchange is larger than {MAX_INTERCHANGE_BYTES} bytes"),
            ),
            Vec::new(),
            None,
        ));
    }
    let mut at = 0;
    if input.starts_with(b"\xef\xbb\xbf") {
        at = 3;
    }
    while at < input.len() && is_blank(input[at]) {
        at += 1;
    }
    if at >= input.len() {
        return Err(reject(
            simple(SyntaxErrorKind::Empty, at, "the input is empty".to_string()),
            Vec::new(),
            None,
        ));
    }
    let mut number = 0;
    let mut separators = Separators::DEFAULT;
    if input[at..].starts_with(b"UNA") {
        number = 1;
        let Some(advice) = input.get(at + 3..at + 9) else {
            return Err(reject(
                SyntaxError {
                    element: None,
                    segment: 1,
                    tag: "UNA".to_string(),
                    ..simple(
                        SyntaxErrorKind::BadServiceStringAdvice,
                        at,
                        "the UNA is shorter than its six service characters".to_string(),
                    )
                },
                Vec::new(),
                None,
            ));
        };
        separators = Separators {
            component: advice[0],
            element: advice[1],
            decimal_mark: advice[2],
            release: advice[3],
            repetition: advice[4],
            terminator: advice[5],
        };
        if let Some(detail) = separators.problem() {
            return Err(reject(
                SyntaxError {
                    element: None,
                    segment: 1,
                    tag: "UNA".to_string(),
                    ..simple(SyntaxErrorKind::BadServiceStringAdvice, at + 3, detail)
                },
                Vec::new(),
                None,
            ));
        }
        at += 9;
    }
    let mut scanner = Scanner::new(input, separators);
    let mut segments: Vec<Segment> = Vec::new();
    let mut header: Option<InterchangeHeader> = None;
    loop {
        while at < input.len() && is_blank(input[at]) && input[at] != separators.terminator {
            at += 1;
        }
        if at >= input.len() {
            break;
        }
        number += 1;
        let (segment, next) = match scanner.segment(at, number) {
            Ok(read) => read,
            Err(error) => return Err(reject(error, scanner.problems, header)),
        };
        at = next;
        let Some(segment) = segment else { continue };
        if header.is_none() {
            if segment.tag != "UNB" {
                let error = SyntaxError {
                    element: None,
                    kind: SyntaxErrorKind::NoUnb,
                    severity: Severity::Rejecting,
                    segment: segment.number,
                    tag: segment.tag.clone(),
                    position: segment.position,
                    detail: "the interchange does not start with UNB".to_string(),
                };
                return Err(reject(error, scanner.problems, None));
            }
            let read = header_of(&segment, separators);
            let repertoire = read.syntax.repertoire();
            if repertoire == Repertoire::Unchecked && read.syntax.identifier != "IATA" {
                scanner.problems.push(SyntaxError {
                    element: None,
                    kind: SyntaxErrorKind::UnknownSyntax,
                    severity: Severity::Recoverable,
                    segment: segment.number,
                    tag: "UNB".to_string(),
                    position: segment.position,
                    detail: format!(
                        "syntax identifier {:?} is not one of UNOA to UNOY; characters not checked",
                        read.syntax.identifier
                    ),
                });
            }
            // The UNB itself was read before its repertoire was known: check it now.
            check_repertoire(&segment, repertoire, &mut scanner.problems);
            scanner.set_repertoire(repertoire);
            header = Some(read);
        }
        let is_unz = segment.tag == "UNZ";
        segments.push(segment);
        if is_unz {
            let after = &input[at.min(input.len())..];
            let rest = trim_blank(after);
            if !rest.is_empty() {
                let offset = at + after.iter().take_while(|&&b| is_blank(b)).count();
                scanner.problems.push(SyntaxError {
                    element: None,
                    kind: SyntaxErrorKind::AfterUnz,
                    severity: Severity::Recoverable,
                    segment: number + 1,
                    tag: String::new(),
                    position: offset,
                    detail: format!("{} bytes after UNZ ignored", rest.len()),
                });
            }
            break;
        }
    }
    let Some(header) = header else {
        return Err(reject(
            simple(
                SyntaxErrorKind::NoUnb,
                at,
                "the interchange has no UNB".to_string(),
            ),
            scanner.problems,
            None,
        ));
    };
    let mut problems = scanner.problems;
    match assemble(header.clone(), segments, &mut problems) {
        Ok(interchange) => Ok(Reading {
            interchange,
            problems,
        }),
        Err(error) => Err(reject(error, problems, Some(header))),
    }
}

/// The ISO 9735 position (from 1) of the component `component` of the data element
/// `element` (both from 0).
fn position_in(element: usize, component: usize) -> (u16, u16) {
    let from_one = |index: usize| u16::try_from(index + 1).unwrap_or(u16::MAX);
    (from_one(element), from_one(component))
}

fn check_repertoire(segment: &Segment, repertoire: Repertoire, problems: &mut Vec<SyntaxError>) {
    let allowed = allowed_table(repertoire);
    for (e, components) in segment.elements.iter().enumerate() {
        for (c, component) in components.iter().enumerate() {
            if let Some(byte) = component.bytes().find(|&b| !allowed[usize::from(b)]) {
                problems.push(SyntaxError {
                    element: Some(position_in(e, c)),
                    kind: SyntaxErrorKind::CharacterOutsideRepertoire,
                    severity: Severity::Recoverable,
                    segment: segment.number,
                    tag: segment.tag.clone(),
                    position: segment.position,
                    detail: format!(
                        "character {:?} is outside the repertoire of the syntax identifier",
                        char::from(byte)
                    ),
                });
                return;
            }
        }
    }
}

fn header_of(unb: &Segment, separators: Separators) -> InterchangeHeader {
    InterchangeHeader {
        separators,
        syntax: Syntax {
            identifier: unb.get(0, 0).to_string(),
            version: unb.get(0, 1).to_string(),
        },
        sender: unb.get(1, 0).to_string(),
        recipient: unb.get(2, 0).to_string(),
        prepared_date: unb.get(3, 0).to_string(),
        prepared_time: unb.get(3, 1).to_string(),
        control_reference: unb.get(4, 0).to_string(),
        segment: Some(unb.clone()),
    }
}

fn problem(kind: SyntaxErrorKind, segment: &Segment, detail: String) -> SyntaxError {
    SyntaxError {
        element: None,
        kind,
        severity: Severity::Recoverable,
        segment: segment.number,
        tag: segment.tag.clone(),
        position: segment.position,
        detail,
    }
}

/// Checks a trailer's count and reference against what it closes.
fn check_trailer(
    trailer: &Segment,
    what: &str,
    counted: usize,
    expected_reference: &str,
    problems: &mut Vec<SyntaxError>,
) {
    let count = trailer.get(0, 0);
    match count.trim().parse::<usize>() {
        Ok(stated) if stated == counted => {}
        Ok(stated) => problems.push(SyntaxError {
            element: Some((1, 1)),
            ..problem(
                SyntaxErrorKind::CountMismatch,
                trailer,
                format!("states {stated} {what} but there are {counted}"),
            )
        }),
        Err(_) => problems.push(SyntaxError {
            element: Some((1, 1)),
            ..problem(
                SyntaxErrorKind::MissingElement,
                trailer,
                format!("count of {what} {count:?} is not a number"),
            )
        }),
    }
    let reference = trailer.get(1, 0);
    if reference != expected_reference {
        problems.push(SyntaxError {
            element: Some((2, 1)),
            ..problem(
                SyntaxErrorKind::ReferenceMismatch,
                trailer,
                format!("reference {reference:?} is not the header's {expected_reference:?}"),
            )
        });
    }
}

/// Builds the envelopes from the segments, UNB first.
fn assemble(
    header: InterchangeHeader,
    segments: Vec<Segment>,
    problems: &mut Vec<SyntaxError>,
) -> Result<Interchange, SyntaxError> {
    let mut interchange = Interchange {
        header,
        groups: Vec::new(),
        messages: Vec::new(),
        trailer: None,
    };
    let mut open_group: Option<usize> = None;
    let mut group_messages = 0;
    let mut open_message: Option<Message> = None;
    let close_message =
        |message: Message, interchange: &mut Interchange, problems: &mut Vec<SyntaxError>| {
            if message.segments.last().is_none_or(|s| s.tag != "UNT") {
                if let Some(unh) = message.segments.first() {
                    problems.push(problem(
                        SyntaxErrorKind::MissingUnt,
                        unh,
                        format!("message {:?} is not closed by UNT", message.reference),
                    ));
                }
            }
            interchange.messages.push(message);
        };
    let mut segments = segments.into_iter();
    // The UNB was checked by the caller.
    segments.next();
    for segment in segments {
        match segment.tag.as_str() {
            "UNH" => {
                if let Some(message) = open_message.take() {
                    close_message(message, &mut interchange, problems);
                }
                if segment.get(0, 0).is_empty() || segment.get(1, 0).is_empty() {
                    problems.push(problem(
                        SyntaxErrorKind::MissingElement,
                        &segment,
                        "UNH lacks its reference or message type".to_string(),
                    ));
                }
                let version = (1..4)
                    .map(|component| segment.get(1, component))
                    .collect::<Vec<_>>()
                    .join(":");
                group_messages += 1;
                open_message = Some(Message {
                    reference: segment.get(0, 0).to_string(),
                    kind: segment.get(1, 0).to_string(),
                    version,
                    association: segment.get(1, 4).to_string(),
                    common_access_reference: segment.get(2, 0).to_string(),
                    transfer: segment.elements.get(3).cloned().unwrap_or_default(),
                    group: open_group,
                    segments: vec![segment],
                });
            }
            "UNT" => match open_message.take() {
                Some(mut message) => {
                    let reference = message.reference.clone();
                    let counted = message.segments.len() + 1;
                    check_trailer(&segment, "segments", counted, &reference, problems);
                    message.segments.push(segment);
                    interchange.messages.push(message);
                }
                None => problems.push(problem(
                    SyntaxErrorKind::UnexpectedServiceSegment,
                    &segment,
                    "UNT without a UNH; ignored".to_string(),
                )),
            },
            "UNG" => {
                if let Some(message) = open_message.take() {
                    close_message(message, &mut interchange, problems);
                }
                if let Some(index) = open_group {
                    problems.push(problem(
                        SyntaxErrorKind::MissingUne,
                        &interchange.groups[index].header,
                        "group is not closed by UNE".to_string(),
                    ));
                }
                interchange.groups.push(Group {
                    kind: segment.get(0, 0).to_string(),
                    sender: segment.get(1, 0).to_string(),
                    recipient: segment.get(2, 0).to_string(),
                    reference: segment.get(4, 0).to_string(),
                    header: segment,
                    trailer: None,
                });
                open_group = Some(interchange.groups.len() - 1);
                group_messages = 0;
            }
            "UNE" => {
                if let Some(message) = open_message.take() {
                    close_message(message, &mut interchange, problems);
                }
                match open_group.take() {
                    Some(index) => {
                        let reference = interchange.groups[index].reference.clone();
                        check_trailer(&segment, "messages", group_messages, &reference, problems);
                        interchange.groups[index].trailer = Some(segment);
                    }
                    None => problems.push(problem(
                        SyntaxErrorKind::UnexpectedServiceSegment,
                        &segment,
                        "UNE without a UNG; ignored".to_string(),
                    )),
                }
            }
            "UNZ" => {
                if let Some(message) = open_message.take() {
                    close_message(message, &mut interchange, problems);
                }
                if let Some(index) = open_group.take() {
                    problems.push(problem(
                        SyntaxErrorKind::MissingUne,
                        &interchange.groups[index].header,
                        "group is not closed by UNE".to_string(),
                    ));
                }
                let (counted, what) = if interchange.groups.is_empty() {
                    (interchange.messages.len(), "messages")
                } else {
                    (interchange.groups.len(), "groups")
                };
                let reference = interchange.header.control_reference.clone();
                check_trailer(&segment, what, counted, &reference, problems);
                interchange.trailer = Some(segment);
            }
            "UNB" | "UNA" => problems.push(problem(
                SyntaxErrorKind::UnexpectedServiceSegment,
                &segment,
                format!("a second {} inside the interchange; ignored", segment.tag),
            )),
            _ => match open_message.as_mut() {
                Some(message) => message.segments.push(segment),
                None => {
                    return Err(SyntaxError {
                        element: None,
                        kind: SyntaxErrorKind::OutsideMessage,
                        severity: Severity::Rejecting,
                        segment: segment.number,
                        tag: segment.tag.clone(),
                        position: segment.position,
                        detail: "segment outside a message (no UNH before it)".to_string(),
                    })
                }
            },
        }
    }
    if interchange.trailer.is_none() {
        let last = interchange
            .messages
            .last()
            .and_then(|m| m.segments.last())
            .map_or((0, 0), |s| (s.number, s.position));
        return Err(SyntaxError {
            element: None,
            kind: SyntaxErrorKind::MissingUnz,
            severity: Severity::Rejecting,
            segment: last.0,
            tag: String::new(),
            position: last.1,
            detail: "the interchange is not closed by UNZ".to_string(),
        });
    }
    Ok(interchange)
}

/// Writes segments, each followed by the terminator, releasing service characters in data
/// and leaving out trailing empty components and elements.
pub fn print(segments: &[Segment], separators: &Separators) -> String {
    let mut out = Vec::with_capacity(segments.len() * 32);
    let special = separators.special();
    for segment in segments {
        out.extend_from_slice(segment.tag.as_bytes());
        let elements_used = segment
            .elements
            .iter()
            .rposition(|components| components.iter().any(|c| !c.is_empty()))
            .map_or(0, |at| at + 1);
        for components in &segment.elements[..elements_used] {
            out.push(separators.element);
            let components_used = components
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |at| at + 1);
            for (index, component) in components[..components_used].iter().enumerate() {
                if index > 0 {
                    out.push(separators.component);
                }
                for &byte in component.as_bytes() {
                    if special.contains(&Some(byte)) {
                        out.push(separators.release);
                    }
                    out.push(byte);
                }
            }
        }
        out.push(separators.terminator);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes a UNA (when the separators are not the defaults) and the segments.
pub fn print_interchange(segments: &[Segment], separators: &Separators) -> String {
    let mut text = String::new();
    if *separators != Separators::DEFAULT {
        text.push_str(&separators.una());
    }
    text.push_str(&print(segments, separators));
    text
}

fn element(components: &[&str]) -> Vec<String> {
    components.iter().map(|c| c.to_string()).collect()
}

/// Wraps message segments (each from UNH to UNT, as [`message`] makes them) into an
/// interchange: UNB, the messages, UNZ with their count.
pub fn envelope(header: &InterchangeHeader, messages: Vec<Vec<Segment>>) -> Vec<Segment> {
    let mut segments = Vec::new();
    segments.push(Segment::new(
        "UNB",
        vec![
            element(&[&header.syntax.identifier, &header.syntax.version]),
            element(&[&header.sender]),
            element(&[&header.recipient]),
            element(&[&header.prepared_date, &header.prepared_time]),
            element(&[&header.control_reference]),
        ],
    ));
    let count = messages.len();
    segments.extend(messages.into_iter().flatten());
    segments.push(Segment::new(
        "UNZ",
        vec![
            element(&[&count.to_string()]),
            element(&[&header.control_reference]),
        ],
    ));
    segments
}

/// Wraps a message body into UNH ... UNT with the right count. `identifier` is UNH S009:
/// `["PAXLST", "D", "05B", "UN", "IATA"]`.
pub fn message(reference: &str, identifier: &[&str], body: Vec<Segment>) -> Vec<Segment> {
    let mut segments = Vec::with_capacity(body.len() + 2);
    segments.push(Segment::new(
        "UNH",
        vec![element(&[reference]), element(identifier)],
    ));
    let count = body.len() + 2;
    segments.extend(body);
    segments.push(Segment::new(
        "UNT",
        vec![element(&[&count.to_string()]), element(&[reference])],
    ));
    segments
}

/// What a CONTRL answer says of an interchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContrlSettings {
    /// Our control reference for the answering interchange.
    pub control_reference: String,
    /// `YYMMDD` and `HHMM` of preparation: passed in so that the answer does not depend on
    /// a clock.
    pub prepared_date: String,
    pub prepared_time: String,
    /// Who answers (the receiving member's identification): the answer's sender when the
    /// request's UNB names no readable recipient.
    pub own_identification: String,
}

/// The answer's recipient when the request's sender cannot be read (no UNB, or one whose
/// sender is empty or garbled). An answer must name a recipient (UNB S003 is mandatory),
/// and a made-up one is better than a wrong one: this placeholder says plainly that the
/// sender is not known.
pub const UNKNOWN_PARTY: &str = "UNKNOWN";

/// What replaces a character an answer may not carry.
const REPLACEMENT: char = '?';

/// Whether `c` would corrupt or disguise text on the receiving side whatever the syntax:
/// control characters (NUL, ESC, C1) and the invisible marks that reorder or hide text.
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// `text` with every character `repertoire` cannot carry replaced by `?` (lower case
/// upper-cased for UNOA), and control and direction characters replaced whatever the
/// repertoire: an answer repeats what the sender wrote, and must not carry what the
/// sender's own syntax forbids.
pub fn within_repertoire(text: &str, repertoire: Repertoire) -> String {
    let level_a = allowed_table(Repertoire::LevelA);
    text.chars()
        .map(|c| {
            let c = if repertoire == Repertoire::LevelA {
                c.to_ascii_uppercase()
            } else {
                c
            };
            let allowed = !is_unprintable(c)
                && match repertoire {
                    Repertoire::LevelA => u8::try_from(c).is_ok_and(|b| level_a[usize::from(b)]),
                    Repertoire::LevelB | Repertoire::Unchecked => (' '..='~').contains(&c),
                    Repertoire::Latin => u32::from(c) <= 0xff,
                    Repertoire::Utf8 => true,
                };
            if allowed {
                c
            } else {
                REPLACEMENT
            }
        })
        .collect()
}

/// A party's identification (UNB S002/S003) as an answer may repeat it: `None` when it is
/// empty or holds a control or direction character (garbled: better named as unknown than
/// echoed).
fn readable_party(identification: &str) -> Option<&str> {
    let identification = identification.trim();
    (!identification.is_empty() && !identification.chars().any(is_unprintable))
        .then_some(identification)
}

/// Prints an answer's segments in the answer header's syntax: every component within its
/// repertoire (see [`within_repertoire`]).
pub fn print_answer(segments: Vec<Segment>, answer_header: &InterchangeHeader) -> String {
    let repertoire = answer_header.syntax.repertoire();
    let segments: Vec<Segment> = segments
        .into_iter()
        .map(|mut segment| {
            for component in segment.elements.iter_mut().flatten() {
                *component = within_repertoire(component, repertoire);
            }
            segment
        })
        .collect();
    print_interchange(&segments, &answer_header.separators)
}

/// A CONTRL message (syntax and service report) answering an interchange: UCI accepts
/// (action 7) or rejects (action 4) it; each message with errors gets a UCM and a UCS per
/// erroneous segment, with its position in the message and the ISO 9735 error code. Version
/// `D:3:UN` for syntax version 3 and below, `D:4:UN` otherwise. The answer goes from the
/// interchange's recipient to its sender, in its syntax and separators.
pub fn contrl(
    header: &InterchangeHeader,
    messages: &[Message],
    errors: &[SyntaxError],
    settings: &ContrlSettings,
) -> String {
    let rejected = errors.iter().any(|e| e.severity == Severity::Rejecting);
    let version = if header
        .syntax
        .version
        .trim()
        .parse::<u32>()
        .is_ok_and(|v| v < 4)
    {
        "3"
    } else {
        "4"
    };
    let answer_header = answer_header(header, settings);
    let mut body = Vec::new();
    // Errors outside any message are reported on the UCI: the first one.
    let in_message = |error: &SyntaxError| {
        messages.iter().position(|m| {
            let first = m.segments.first().map_or(usize::MAX, |s| s.number);
            let last = m.segments.last().map_or(0, |s| s.number);
            (first..=last).contains(&error.segment)
        })
    };
    // the request's parties as the answer names them (its recipient and sender reversed)
    let mut uci = vec![
        element(&[&header.control_reference]),
        element(&[&answer_header.recipient]),
        element(&[&answer_header.sender]),
        element(&[if rejected { "4" } else { "7" }]),
    ];
    // The interchange's error: the first that rejects it, when one does; a problem that
    // only was reported must not stand in for the reason of a rejection.
    let outside: Vec<&SyntaxError> = errors.iter().filter(|e| in_message(e).is_none()).collect();
    let reported = outside
        .iter()
        .find(|e| e.severity == Severity::Rejecting)
        .or_else(|| outside.first());
    if let Some(error) = reported {
        uci.push(element(&[error.kind.contrl_code()]));
        // 0135 is a segment tag: a garbled one is left out rather than repeated
        let tag = error.tag.as_bytes();
        if tag.len() == 3
            && tag
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            uci.push(element(&[&error.tag]));
        }
    }
    body.push(Segment::new("UCI", uci));
    for (index, message) in messages.iter().enumerate() {
        let message_errors: Vec<&SyntaxError> = errors
            .iter()
            .filter(|e| in_message(e) == Some(index))
            .collect();
        if message_errors.is_empty() {
            continue;
        }
        let first_number = message.segments.first().map_or(0, |s| s.number);
        let identifier: Vec<String> = std::iter::once(message.kind.clone())
            .chain(message.version.split(':').map(str::to_string))
            .collect();
        body.push(Segment::new(
            "UCM",
            vec![
                element(&[&message.reference]),
                identifier,
                element(&[if rejected { "4" } else { "7" }]),
            ],
        ));
        for error in message_errors {
            let position = error.segment + 1 - first_number;
            match error.element {
                // the segment, then the data element at fault with the error (UCD)
                Some((data_element, component)) => {
                    body.push(Segment::new("UCS", vec![element(&[&position.to_string()])]));
                    body.push(Segment::new(
                        "UCD",
                        vec![
                            element(&[error.kind.contrl_code()]),
                            element(&[&data_element.to_string(), &component.to_string()]),
                        ],
                    ));
                }
                None => body.push(Segment::new(
                    "UCS",
                    vec![
                        element(&[&position.to_string()]),
                        element(&[error.kind.contrl_code()]),
                    ],
                )),
            }
        }
    }
    let contrl = message(
        &settings.control_reference,
        &["CONTRL", "D", version, "UN"],
        body,
    );
    let segments = envelope(&answer_header, vec![contrl]);
    print_answer(segments, &answer_header)
}

/// The header of an interchange answering `header` (CONTRL, CUSRES): from its recipient
/// to its sender, in its syntax (UNOA, version 4 when it gave none or one this reader does
/// not know) and separators. A recipient that cannot be read is replaced by
/// `settings.own_identification`, a sender that cannot be read by [`UNKNOWN_PARTY`].
pub fn answer_header(header: &InterchangeHeader, settings: &ContrlSettings) -> InterchangeHeader {
    // an identifier this reader does not know may be garbled: UNOA is safe to answer in
    let known =
        header.syntax.repertoire() != Repertoire::Unchecked || header.syntax.identifier == "IATA";
    let syntax = if known {
        header.syntax.identifier.as_str()
    } else {
        "UNOA"
    };
    let version = header.syntax.version.trim();
    let version = if (1..=2).contains(&version.len()) && version.bytes().all(|b| b.is_ascii_digit())
    {
        version
    } else {
        "4"
    };
    let own = readable_party(&settings.own_identification).unwrap_or(UNKNOWN_PARTY);
    InterchangeHeader {
        separators: header.separators,
        syntax: Syntax {
            identifier: syntax.to_string(),
            version: version.to_string(),
        },
        sender: readable_party(&header.recipient).unwrap_or(own).to_string(),
        recipient: readable_party(&header.sender)
            .unwrap_or(UNKNOWN_PARTY)
            .to_string(),
        control_reference: settings.control_reference.clone(),
        prepared_date: settings.prepared_date.clone(),
        prepared_time: settings.prepared_time.clone(),
        segment: None,
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print(std::slice::from_ref(self), &Separators::DEFAULT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Reading {
        match parse(text.as_bytes()) {
            Ok(reading) => reading,
            Err(rejection) => panic!("rejected: {rejection}"),
        }
    }

    fn kinds(problems: &[SyntaxError]) -> Vec<SyntaxErrorKind> {
        problems.iter().map(|p| p.kind).collect()
    }

    const SIMPLE: &str = "UNB+UNOA:4+SENDER+RECEIVER+240101:1200+REF1'\
UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++SMITH:JOHN'UNT+4+M1'UNZ+1+REF1'";

    #[test]
    fn reads_a_plain_interchange_with_default_separators() {
        let reading = read(SIMPLE);
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        let interchange = reading.interchange;
        assert_eq!(interchange.header.syntax.identifier, "UNOA");
        assert_eq!(interchange.header.syntax.version, "4");
        assert_eq!(interchange.header.sender, "SENDER");
        assert_eq!(interchange.header.recipient, "RECEIVER");
        assert_eq!(interchange.header.control_reference, "REF1");
        assert_eq!(interchange.header.prepared_date, "240101");
        assert_eq!(interchange.header.prepared_time, "1200");
        let message = &interchange.messages[0];
        assert_eq!(message.reference, "M1");
        assert_eq!(message.kind, "PAXLST");
        assert_eq!(message.version, "D:05B:UN");
        assert_eq!(message.association, "IATA");
        assert_eq!(message.body().len(), 2);
        let nad = &message.body()[1];
        assert_eq!(nad.tag, "NAD");
        assert_eq!(
            nad.elements,
            vec![vec!["FL"], vec![""], vec![""], vec!["SMITH", "JOHN"]]
        );
        assert_eq!(nad.number, 4);
        assert_eq!(nad.position, SIMPLE.find("NAD").unwrap());
    }

    #[test]
    fn una_with_unusual_separators_and_line_breaks() {
        let text = "UNA|*,#~!\r\nUNB*UNOB|4*S*R*240101|1200*9!\r\nUNH*1*PAXLST|D|02B|UN|IATA!\n\
NAD*FL***O#!BRIEN|ANN#*MARIE!\nUNT*3*1!\nUNZ*1*9!\n";
        let reading = read(text);
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        let interchange = reading.interchange;
        assert_eq!(interchange.header.separators.component, b'|');
        assert_eq!(interchange.header.separators.terminator, b'!');
        let nad = &interchange.messages[0].body()[0];
        assert_eq!(nad.get(3, 0), "O!BRIEN");
        assert_eq!(nad.get(3, 1), "ANN*MARIE");
        // UNA is segment 1, UNB 2, UNH 3, NAD 4.
        assert_eq!(nad.number, 4);
    }

    #[test]
    fn a_carriage_return_may_terminate_segments() {
        let text = "UNA:*.? \r\nUNB*UNOA:4*S*R*240101:1200*9\r\nUNG *PAXLST*A*B*240101:1200*7*UN*D:02B\r\n\
UNH*1*PAXLST:D:02B:UN:IATA\r\nBGM*745\r\nUNT*3*1\r\nUNE*1*7\r\nUNZ*1*9\r\n";
        let reading = read(text);
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        assert_eq!(reading.interchange.groups[0].kind, "PAXLST");
        assert_eq!(reading.interchange.messages[0].group, Some(0));
    }

    #[test]
    fn release_character_escapes_every_separator() {
        let text = "UNB+UNOA:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN'\
FTX+A?+B?:C???'D'UNT+3+1'UNZ+1+1'";
        let reading = read(text);
        let ftx = &reading.interchange.messages[0].body()[0];
        assert_eq!(ftx.elements, vec![vec!["A+B:C?'D"]]);
    }

    #[test]
    fn release_character_at_the_end_rejects() {
        let rejection = parse(b"UNB+UNOA:4+S+R+240101:1200+1'UNH+1+X:D:1:UN'FTX+A?").unwrap_err();
        assert_eq!(rejection.error.kind, SyntaxErrorKind::ReleaseAtEnd);
        assert_eq!(rejection.error.segment, 3);
        assert_eq!(rejection.error.position, 49);
        assert!(rejection.header.is_some());
    }

    #[test]
    fn no_unb_rejects() {
        let rejection = parse(b"UNH+1+PAXLST:D:05B:UN'UNT+2+1'").unwrap_err();
        assert_eq!(rejection.error.kind, SyntaxErrorKind::NoUnb);
        assert_eq!(rejection.error.segment, 1);
        assert!(rejection
            .error
            .to_string()
            .contains("segment 1 (UNH) at byte 0"));
    }

    #[test]
    fn an_unterminated_segment_in_the_middle_rejects() {
        let text = "UNB+UNOA:4+S+R+240101:1200+1'UNH+1+X:D:1:UN'FTX+A\nMORE\nUNT+3+1";
        let rejection = parse(text.as_bytes()).unwrap_err();
        assert_eq!(rejection.error.kind, SyntaxErrorKind::UnterminatedSegment);
        assert_eq!(rejection.error.segment, 3);
        assert_eq!(rejection.error.position, text.find("FTX").unwrap());
    }

    #[test]
    fn a_final_unz_without_terminator_is_reported_and_kept() {
        let text = "UNB+UNOA:4+S+R+240101:1200+1'UNH+1+X:D:1:UN'UNT+2+1'UNZ+1+1\n";
        let reading = read(text);
        assert_eq!(
            kinds(&reading.problems),
            [SyntaxErrorKind::MissingTerminatorAtEnd]
        );
        assert_eq!(reading.interchange.trailer.unwrap().get(1, 0), "1");
    }

    #[test]
    fn wrong_counts_and_references_are_recoverable() {
        let text = "UNB+UNOA:4+S+R+240101:1200+REF'UNG+PAXLST+A+B+240101:1200+G1+UN+D:05B'\
UNH+M1+PAXLST:D:05B:UN'BGM+745'UNT+5+M2'UNE+2+G2'UNZ+3+OTHER'";
        let reading = read(text);
        let problems = &reading.problems;
        assert_eq!(
            kinds(problems),
            [
                SyntaxErrorKind::CountMismatch,
                SyntaxErrorKind::ReferenceMismatch,
                SyntaxErrorKind::CountMismatch,
                SyntaxErrorKind::ReferenceMismatch,
                SyntaxErrorKind::CountMismatch,
                SyntaxErrorKind::ReferenceMismatch,
            ]
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Recoverable));
        assert_eq!(problems[0].tag, "UNT");
        assert_eq!(problems[0].segment, 5);
        assert!(problems[0]
            .detail
            .contains("states 5 segments but there are 3"));
        assert_eq!(problems[2].tag, "UNE");
        assert_eq!(problems[4].tag, "UNZ");
        assert!(problems[4].detail.contains("1 groups") || problems[4].detail.contains("are 1"));
        assert_eq!(reading.interchange.messages.len(), 1);
    }

    #[test]
    fn several_messages_per_interchange() {
        let text = "UNB+UNOA:4+S+R+240101:1200+1'\
UNH+A+PAXLST:D:05B:UN'BGM+745'UNT+3+A'\
UNH+B+PAXLST:D:02B:UN'BGM+250'UNT+3+B'\
UNH+C+PNRGOV:11:1:IA'MSG+:22'UNT+3+C'UNZ+3+1'";
        let reading = read(text);
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        let references: Vec<&str> = reading
            .interchange
            .messages
            .iter()
            .map(|m| m.reference.as_str())
            .collect();
        assert_eq!(references, ["A", "B", "C"]);
        assert_eq!(reading.interchange.messages[2].version, "11:1:IA");
    }

    #[test]
    fn a_missing_unt_is_reported_and_the_message_kept() {
        let text = "UNB+UNOA:4+S+R+240101:1200+1'UNH+A+PAXLST:D:05B:UN'BGM+745'\
UNH+B+PAXLST:D:05B:UN'BGM+745'UNT+3+B'UNZ+2+1'";
        let reading = read(text);
        assert_eq!(kinds(&reading.problems), [SyntaxErrorKind::MissingUnt]);
        assert_eq!(reading.interchange.messages.len(), 2);
    }

    #[test]
    fn a_missing_unz_rejects() {
        let rejection =
            parse(b"UNB+UNOA:4+S+R+240101:1200+1'UNH+A+PAXLST:D:05B:UN'UNT+2+A'").unwrap_err();
        assert_eq!(rejection.error.kind, SyntaxErrorKind::MissingUnz);
    }

    #[test]
    fn a_segment_outside_a_message_rejects() {
        let rejection = parse(b"UNB+UNOA:4+S+R+240101:1200+1'BGM+745'UNZ+0+1'").unwrap_err();
        assert_eq!(rejection.error.kind, SyntaxErrorKind::OutsideMessage);
        assert_eq!(rejection.error.segment, 2);
        assert_eq!(rejection.error.position, 29);
    }

    #[test]
    fn text_after_unz_is_reported() {
        let reading = read(&format!("{SIMPLE}\n13Nov09\n"));
        assert_eq!(kinds(&reading.problems), [SyntaxErrorKind::AfterUnz]);
        assert_eq!(reading.problems[0].position, SIMPLE.len() + 1);
    }

    #[test]
    fn unoa_rejects_lower_case_with_its_position() {
        let text =
            "UNB+UNOA:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++Smith'UNT+3+1'UNZ+1+1'";
        let reading = read(text);
        assert_eq!(
            kinds(&reading.problems),
            [SyntaxErrorKind::CharacterOutsideRepertoire]
        );
        let problem = &reading.problems[0];
        assert_eq!(problem.segment, 3);
        assert_eq!(problem.position, text.find("mith").unwrap());
        assert_eq!(reading.interchange.messages[0].body()[0].get(3, 0), "Smith");
    }

    #[test]
    fn unob_accepts_lower_case_but_not_latin_letters() {
        let text = "UNB+UNOB:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++Smith:Zoë'UNT+3+1'UNZ+1+1'";
        let reading = read(text);
        assert_eq!(
            kinds(&reading.problems),
            [SyntaxErrorKind::CharacterOutsideRepertoire]
        );
        assert_eq!(reading.problems[0].position, text.find('ë').unwrap());
    }

    #[test]
    fn unoc_reads_latin_1_and_unoy_reads_utf8() {
        let mut latin = b"UNB+UNOC:3+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++M".to_vec();
        latin.push(0xdc);
        latin.extend_from_slice(b"LLER'UNT+3+1'UNZ+1+1'");
        let reading = parse(&latin).unwrap();
        assert!(reading.problems.is_empty());
        assert_eq!(
            reading.interchange.messages[0].body()[0].get(3, 0),
            "MÜLLER"
        );

        let utf8 =
            "UNB+UNOY:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN'NAD+FL+++ΠΑΠΑΣ'UNT+3+1'UNZ+1+1'";
        let reading = read(utf8);
        assert!(reading.problems.is_empty());
        assert_eq!(reading.interchange.messages[0].body()[0].get(3, 0), "ΠΑΠΑΣ");

        let mut broken = b"UNB+UNOW:4+S+R+240101:1200+1'UNH+1+X:D:1:UN'NAD+FL+++A".to_vec();
        broken.push(0xff);
        broken.extend_from_slice(b"'UNT+3+1'UNZ+1+1'");
        let reading = parse(&broken).unwrap();
        assert_eq!(kinds(&reading.problems), [SyntaxErrorKind::NotUtf8]);
    }

    #[test]
    fn a_bad_una_rejects_with_its_position() {
        let rejection = parse(b"UNA::.? 'UNB:UNOA'").unwrap_err();
        assert_eq!(
            rejection.error.kind,
            SyntaxErrorKind::BadServiceStringAdvice
        );
        assert_eq!(rejection.error.segment, 1);
        let short = parse(b"UNA:+").unwrap_err();
        assert_eq!(short.error.kind, SyntaxErrorKind::BadServiceStringAdvice);
        let curly = parse("UNA:+.\\*’ UNB+IATA:1+A+B+1:2+3'".as_bytes()).unwrap_err();
        assert_eq!(curly.error.kind, SyntaxErrorKind::BadServiceStringAdvice);
        assert_eq!(curly.error.position, 3);
    }

    #[test]
    fn printing_releases_service_characters_and_reads_back() {
        let separators = Separators {
            component: b'|',
            element: b'*',
            decimal_mark: b',',
            release: b'#',
            repetition: b'^',
            terminator: b'~',
        };
        let segments = envelope(
            &InterchangeHeader {
                syntax: Syntax {
                    identifier: "UNOB".to_string(),
                    version: "4".to_string(),
                },
                sender: "S".to_string(),
                recipient: "R".to_string(),
                control_reference: "7".to_string(),
                prepared_date: "240101".to_string(),
                prepared_time: "1200".to_string(),
                ..InterchangeHeader::default()
            },
            vec![message(
                "1",
                &["PAXLST", "D", "05B", "UN"],
                vec![Segment::new(
                    "NAD",
                    vec![
                        element(&["FL"]),
                        element(&[""]),
                        element(&[""]),
                        element(&["A*B|C#D~E^F", "G"]),
                    ],
                )],
            )],
        );
        let text = print_interchange(&segments, &separators);
        assert!(text.contains("A#*B#|C##D#~E#^F|G"), "{text}");
        let reading = read(&text);
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        assert_eq!(
            reading.interchange.messages[0].body()[0].get(3, 0),
            "A*B|C#D~E^F"
        );
    }

    #[test]
    fn print_leaves_out_trailing_empty_data() {
        let segment = Segment::new(
            "TDT",
            vec![element(&["20"]), element(&["LH400", ""]), element(&[""])],
        );
        assert_eq!(segment.to_string(), "TDT+20+LH400'");
    }

    #[test]
    fn contrl_accepts_and_lists_recoverable_problems() {
        let text = "UNB+UNOA:4+AIRLINE+BORDER+240101:1200+REF'UNH+M1+PAXLST:D:05B:UN'BGM+745'UNT+9+M1'UNZ+1+REF'";
        let reading = read(text);
        let settings = ContrlSettings {
            control_reference: "ACK1".to_string(),
            prepared_date: "240101".to_string(),
            prepared_time: "1201".to_string(),
            own_identification: "BORDER".to_string(),
        };
        let answer = contrl(
            &reading.interchange.header,
            &reading.interchange.messages,
            &reading.problems,
            &settings,
        );
        assert_eq!(
            answer,
            "UNB+UNOA:4+BORDER+AIRLINE+240101:1201+ACK1'UNH+ACK1+CONTRL:D:4:UN'\
UCI+REF+AIRLINE+BORDER+7'UCM+M1+PAXLST:D:05B:UN+7'UCS+3'UCD+29+1:1'UNT+6+ACK1'UNZ+1+ACK1'"
        );
        // a character outside the repertoire is pointed at by its data element and component
        let text = "UNB+UNOA:4+AIRLINE+BORDER+240101:1200+REF'UNH+M1+PAXLST:D:05B:UN'BGM+745'NAD+FL+++Smith:ANN'UNT+4+M1'UNZ+1+REF'";
        let reading = read(text);
        let answer = contrl(
            &reading.interchange.header,
            &reading.interchange.messages,
            &reading.problems,
            &settings,
        );
        assert!(answer.contains("UCS+3'UCD+21+4:1'"), "{answer}");
        // The answer is itself a well-formed interchange.
        let answer_reading = read(&answer);
        assert!(
            answer_reading.problems.is_empty(),
            "{:?}",
            answer_reading.problems
        );
    }

    #[test]
    fn contrl_rejects_an_interchange() {
        let rejection =
            parse(b"UNB+UNOA:4+AIRLINE+BORDER+240101:1200+REF'UNH+1+PAXLST:D:05B:UN'FTX+A\nB")
                .unwrap_err();
        let header = rejection.header.clone().unwrap();
        let settings = ContrlSettings {
            control_reference: "ACK2".to_string(),
            prepared_date: "240101".to_string(),
            prepared_time: "1201".to_string(),
            own_identification: "BORDER".to_string(),
        };
        let answer = contrl(
            &header,
            &[],
            std::slice::from_ref(&rejection.error),
            &settings,
        );
        assert!(
            answer.contains("UCI+REF+AIRLINE+BORDER+4+18+FTX'"),
            "{answer}"
        );
        assert!(read(&answer).problems.is_empty());
    }

    fn settings() -> ContrlSettings {
        ContrlSettings {
            control_reference: "ACK3".to_string(),
            prepared_date: "240101".to_string(),
            prepared_time: "1201".to_string(),
            own_identification: "member-7".to_string(),
        }
    }

    /// Every character of an answer is one its syntax allows, and none is a control.
    fn assert_within(answer: &str, repertoire: Repertoire) {
        let allowed = allowed_table(repertoire);
        for c in answer.chars() {
            assert!(
                u8::try_from(c).is_ok_and(|b| allowed[usize::from(b)]) && !c.is_control(),
                "{c:?} in {answer:?}"
            );
        }
    }

    #[test]
    fn contrl_never_repeats_what_the_syntax_forbids() {
        // Issue 13: the CONTRL echoed NUL, ESC and lower case into a UNOA answer.
        let text = "UNB+UNOA:4+air\u{0}line+BORDER\u{1b}+240101:1200+R\u{0}F'UNH+M\u{7}1+PAXLST:D:05B:UN'BGM+745'NAD+FL+++Sm\u{e9}th:ANN'UNT+4+M\u{7}1'UNZ+1+R\u{0}F'";
        let reading = read(text);
        assert!(!reading.problems.is_empty());
        let answer = contrl(
            &reading.interchange.header,
            &reading.interchange.messages,
            &reading.problems,
            &settings(),
        );
        assert_within(&answer, Repertoire::LevelA);
        // garbled parties are not repeated: the receiving member answers, to an unknown sender
        assert!(
            answer.starts_with("UNB+UNOA:4+MEMBER-7+UNKNOWN+240101:1201+ACK3'"),
            "{answer}"
        );
        // a replaced character is a released `?`
        assert!(answer.contains("UCI+R??F+UNKNOWN+MEMBER-7+7"), "{answer}");
        assert!(read(&answer).problems.is_empty());
    }

    #[test]
    fn contrl_names_both_parties_even_without_a_header() {
        // Issue 13: a rejected interchange without a readable UNB was answered with an empty
        // UNB sender and recipient.
        let rejection = parse(b"\x00\x01XYZ'").unwrap_err();
        let header = rejection.header.as_deref().cloned().unwrap_or_default();
        let mut errors = rejection.problems.clone();
        errors.push(rejection.error.clone());
        let answer = contrl(&header, &[], &errors, &settings());
        assert!(
            answer.starts_with("UNB+UNOA:4+MEMBER-7+UNKNOWN+240101:1201+ACK3'"),
            "{answer}"
        );
        assert_within(&answer, Repertoire::LevelA);
        assert!(read(&answer).problems.is_empty());
    }

    #[test]
    fn contrl_reports_the_rejecting_error_not_an_earlier_problem() {
        // Issue 13: a segment with a bad tag (reported, read past) came first, and the
        // answer named it instead of the missing UNZ that rejected the interchange.
        let rejection =
            parse(b"UNB+UNOA:4+AIRLINE+BORDER+240101:1200+REF'X+1'UNH+1+PAXLST:D:05B:UN'UNT+2+1'")
                .unwrap_err();
        assert_eq!(rejection.error.kind, SyntaxErrorKind::MissingUnz);
        assert_eq!(rejection.problems[0].kind, SyntaxErrorKind::BadTag);
        let header = rejection.header.as_deref().cloned().unwrap_or_default();
        let mut errors = rejection.problems.clone();
        errors.push(rejection.error.clone());
        let answer = contrl(&header, &[], &errors, &settings());
        assert!(answer.contains("UCI+REF+AIRLINE+BORDER+4+13'"), "{answer}");
    }

    #[test]
    fn never_panics_on_truncations_of_a_valid_interchange() {
        let text =
            "UNA:+.? 'UNB+UNOA:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN'FTX+A?'B'UNT+3+1'UNZ+1+1'";
        for end in 0..text.len() {
            let _ = parse(&text.as_bytes()[..end]);
        }
    }
}
