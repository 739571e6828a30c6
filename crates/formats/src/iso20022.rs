//! ISO 20022 payment messages as their parties: `pacs.008` (a customer credit transfer
//! between banks), `pacs.009` (a transfer between banks, and its `COV` form with the
//! underlying customer transfer) and `pain.001` (a customer's payment initiation), of any
//! version (`pacs.008.001.02` to `.12` ...), alone, in a `Document` with or without its
//! namespace, or in an envelope beside its business application header (`head.001`).
//! Each credit transfer transaction (`CdtTrfTxInf`) becomes one [`Transaction`] holding
//! every party the message names for it (the group's and, for `pain.001`, its payment
//! information's parties too), each with its role, name, address, country and
//! identifiers, and the free texts that travel with it; so that each party is screened
//! (issue 18, item 3), as [`crate::swift_mt`]'s are.
//!
//! A document that cannot be read at all (too large, not well-formed XML, no message read
//! here) is one [`Iso20022Error`]; a transaction that cannot be read is an error of its
//! own, naming the element's path and line, and the others are read on.

use crate::countries::{code_or_as_written, is_alpha2};
use crate::identifiers::read_bic;
use crate::list_entry::cleaned;
use crate::parties::{Channel, FreeText, Party, PartyId, PartyIdKind, PartyKind, Transaction};
use crate::xml_tree::{self, Element};
use crate::FormatError;

/// The largest document read: a batch of many thousand transactions.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// The most credit transfer transactions of one document.
pub const MAX_TRANSACTIONS: usize = 50_000;
/// The longest value read, in characters: ISO 20022's longest texts here are 350
/// (`Max350Text`); what is longer is no payment's.
pub const MAX_VALUE_CHARS: usize = 1_000;
/// The most bytes of parties and texts that the transactions of a document copy from the
/// groups and blocks they are in: far above a real batch (a thousand bytes for each of
/// [`MAX_TRANSACTIONS`]), so that a small group repeated over many transactions cannot
/// make an answer of gigabytes.
pub const MAX_REPEATED_BYTES: usize = 128 * 1024 * 1024;
/// Parties, free texts, address lines and identifiers of one transaction or party: far
/// above what the message definitions allow (`AdrLine` 7, `Othr` a few), bounded so that a
/// hostile message cannot make one transaction without end.
const MAX_PARTIES: usize = 100;
const MAX_TEXTS: usize = 100;
const MAX_ADDRESS_LINES: usize = 16;
const MAX_IDENTIFIERS: usize = 32;

/// What was wrong, and where: the line of the document (from 1), the element at fault as a
/// path from its message (`FIToFICstmrCdtTrf/CdtTrfTxInf[2]/Dbtr/Nm`; empty for the
/// document as a whole), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iso20022Error {
    pub line: usize,
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for Iso20022Error {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(formatter, "line {}: {}", self.line, self.reason)
        } else {
            write!(
                formatter,
                "line {}: {}: {}",
                self.line, self.path, self.reason
            )
        }
    }
}

impl std::error::Error for Iso20022Error {}

/// The messages read, by the element that holds each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentMessage {
    /// `FIToFICstmrCdtTrf`: a customer's credit transfer, bank to bank.
    Pacs008,
    /// `FICdtTrf`: a bank's own transfer, or the cover of a customer's (`COV`).
    Pacs009,
    /// `CstmrCdtTrfInitn`: a customer's payments, as it sends them to its bank.
    Pain001,
}

impl PaymentMessage {
    pub const ALL: [PaymentMessage; 3] = [
        PaymentMessage::Pacs008,
        PaymentMessage::Pacs009,
        PaymentMessage::Pain001,
    ];

    /// The message's identifier without its variant and version, as `Transaction::format`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMessage::Pacs008 => "pacs.008",
            PaymentMessage::Pacs009 => "pacs.009",
            PaymentMessage::Pain001 => "pain.001",
        }
    }

    /// The element under `Document` that holds the message.
    pub fn element(self) -> &'static str {
        match self {
            PaymentMessage::Pacs008 => "FIToFICstmrCdtTrf",
            PaymentMessage::Pacs009 => "FICdtTrf",
            PaymentMessage::Pain001 => "CstmrCdtTrfInitn",
        }
    }

    fn of_element(name: &str) -> Option<PaymentMessage> {
        PaymentMessage::ALL
            .into_iter()
            .find(|message| message.element() == name)
    }
}

/// Every credit transfer transaction of `xml`, each read or an error saying where and why;
/// `Err` when the document itself cannot be read.
pub fn read_payments(xml: &str) -> Result<Vec<Result<Transaction, Iso20022Error>>, Iso20022Error> {
    let document_fault = |line: usize, reason: String| Iso20022Error {
        line,
        path: String::new(),
        reason,
    };
    if xml.len() > MAX_DOCUMENT_BYTES {
        return Err(document_fault(
            1,
            format!("the document is larger than {MAX_DOCUMENT_BYTES} bytes"),
        ));
    }
    let lines = Lines::of(xml);
    let root = match xml_tree::read(xml) {
        Ok(Some(root)) => root,
        Ok(None) => {
            return Err(document_fault(
                1,
                "not an XML document with one root element".to_string(),
            ))
        }
        Err(FormatError::BadXml { position, reason }) => {
            return Err(document_fault(
                lines.line_of(position),
                format!("not well-formed XML (byte {position}): {reason}"),
            ))
        }
        Err(other) => return Err(document_fault(1, other.to_string())),
    };
    let mut found = Vec::new();
    find_messages(&root, None, &mut found);
    if found.is_empty() {
        return Err(document_fault(
            lines.line_of(root.position),
            format!(
                "no ISO 20022 payment message: the root <{}> holds no <Document> and is none of {}",
                shortened(&root.name),
                known_messages()
            ),
        ));
    }
    let mut messages = Vec::with_capacity(found.len());
    for place in found {
        messages.push(Message::of(place, &lines)?);
    }
    let count: usize = messages.iter().map(Message::transaction_count).sum();
    if count > MAX_TRANSACTIONS {
        return Err(document_fault(
            1,
            format!("{count} credit transfer transactions, more than the {MAX_TRANSACTIONS} read from one document"),
        ));
    }
    let mut transactions = Vec::with_capacity(count);
    let mut repeated_budget = MAX_REPEATED_BYTES;
    for message in &messages {
        message.read(&lines, &mut repeated_budget, &mut transactions)?;
    }
    Ok(transactions)
}

fn known_messages() -> String {
    PaymentMessage::ALL
        .iter()
        .map(|message| format!("{} ({})", message.element(), message.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines of the document, to name the line of a byte.
struct Lines {
    /// The byte of every line end.
    ends: Vec<usize>,
}

impl Lines {
    fn of(text: &str) -> Lines {
        Lines {
            ends: text
                .bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(at, _)| at)
                .collect(),
        }
    }

    fn line_of(&self, position: u64) -> usize {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        self.ends.partition_point(|&end| end < position) + 1
    }
}

/// Where a message was found: its `Document` (or the message's element, without one),
/// and the business application header beside it.
struct Place<'e> {
    document: &'e Element,
    header: Option<&'e Element>,
}

/// Every `Document` (or bare message element) under `element`, with the `AppHdr` that is
/// its sibling; not looked for inside a message.
fn find_messages<'e>(
    element: &'e Element,
    header: Option<&'e Element>,
    found: &mut Vec<Place<'e>>,
) {
    if element.name == "Document" || PaymentMessage::of_element(&element.name).is_some() {
        found.push(Place {
            document: element,
            header,
        });
        return;
    }
    let header = element.child("AppHdr").or(header);
    for child in &element.children {
        find_messages(child, header, found);
    }
}

/// A message found and recognised, not yet read.
struct Message<'e> {
    kind: PaymentMessage,
    body: &'e Element,
    header: Option<&'e Element>,
}

impl<'e> Message<'e> {
    fn of(place: Place<'e>, lines: &Lines) -> Result<Message<'e>, Iso20022Error> {
        let document = place.document;
        let fault = |element: &Element, path: &str, reason: String| Iso20022Error {
            line: lines.line_of(element.position),
            path: path.to_string(),
            reason,
        };
        let body = if document.name == "Document" {
            match document.children.as_slice() {
                [body] => body,
                [] => return Err(fault(document, "Document", "holds no message".to_string())),
                [_, second, ..] => {
                    return Err(fault(
                        second,
                        "Document",
                        format!(
                            "holds more than one message (<{}> is a second)",
                            second.name
                        ),
                    ))
                }
            }
        } else {
            document
        };
        let declared = [document, body]
            .into_iter()
            .flat_map(|element| element.attributes.iter())
            .find_map(|(_, value)| value.trim().strip_prefix("urn:iso:std:iso:20022:tech:xsd:"))
            // a schema location gives the namespace, a space and the schema's file
            .map(|declared| shortened(declared.split_whitespace().next().unwrap_or("")));
        let Some(kind) = PaymentMessage::of_element(&body.name) else {
            let named = declared.map_or(String::new(), |name| format!(" ({name})"));
            return Err(fault(
                body,
                &shortened(&body.name),
                format!(
                    "message <{}>{named} is not one read here: {}",
                    shortened(&body.name),
                    known_messages()
                ),
            ));
        };
        if let Some(namespace) = &declared {
            if namespace.get(..8) != Some(kind.as_str()) {
                return Err(fault(
                    document,
                    &document.name,
                    format!(
                        "the namespace names {namespace:?}, but the message <{}> is {}",
                        body.name,
                        kind.as_str()
                    ),
                ));
            }
        }
        if let Some(defined) = place.header.and_then(|header| header.child("MsgDefIdr")) {
            if let Some(defined_text) = defined.own_text() {
                // a usage may follow the identifier (`pacs.009.001.08COV`): its first part tells
                if defined_text.get(..8) != Some(kind.as_str()) {
                    return Err(fault(
                        defined,
                        "AppHdr/MsgDefIdr",
                        format!(
                            "the business application header names {:?}, but the message is {}",
                            shortened(defined_text),
                            kind.as_str()
                        ),
                    ));
                }
            }
        }
        let message = Message {
            kind,
            body,
            header: place.header,
        };
        if message.transaction_count() == 0 {
            let holder = match kind {
                PaymentMessage::Pain001 => "PmtInf",
                _ => "CdtTrfTxInf",
            };
            return Err(fault(
                body,
                &body.name,
                format!("holds no transaction (no {holder})"),
            ));
        }
        Ok(message)
    }

    /// Transactions, or for `pain.001` its payment information blocks that hold none (each
    /// is reported as one error).
    fn transaction_count(&self) -> usize {
        match self.kind {
            PaymentMessage::Pain001 => self
                .body
                .children("PmtInf")
                .map(|block| block.children("CdtTrfTxInf").count().max(1))
                .sum(),
            _ => self.body.children("CdtTrfTxInf").count(),
        }
    }

    /// Each transaction into `out`; `Err` when the parties shared by the transactions,
    /// copied into each, would go beyond what is left of `repeated_budget`.
    fn read(
        &self,
        lines: &Lines,
        repeated_budget: &mut usize,
        out: &mut Vec<Result<Transaction, Iso20022Error>>,
    ) -> Result<(), Iso20022Error> {
        let reader = Reader { lines };
        let root = self.body.name.as_str();
        let group = self.body.child("GrpHdr");
        let group_path = format!("{root}/GrpHdr");
        let mut outer: Vec<(&Element, String)> = Vec::new();
        if let Some(group) = group {
            outer.push((group, group_path.clone()));
            if let Some(settlement) = group.child("SttlmInf") {
                outer.push((settlement, format!("{group_path}/SttlmInf")));
            }
        }
        let message_id = group.and_then(|group| group.text_of("MsgId"));
        let business_id = self.header.and_then(|header| header.text_of("BizMsgIdr"));
        let group_date = group.and_then(|group| group.child("IntrBkSttlmDt"));
        let mut spend = |shared: &Shared, element: &Element, transactions: usize| {
            let cost = shared_bytes(shared).saturating_mul(transactions);
            match repeated_budget.checked_sub(cost) {
                Some(left) => {
                    *repeated_budget = left;
                    Ok(())
                }
                None => Err(Iso20022Error {
                    line: lines.line_of(element.position),
                    path: element.name.clone(),
                    reason: format!(
                        "the parties shared by {transactions} transactions, copied into each, would take more than {MAX_REPEATED_BYTES} bytes"
                    ),
                }),
            }
        };
        match self.kind {
            PaymentMessage::Pacs008 | PaymentMessage::Pacs009 => {
                let shared = reader.shared(self.header, &outer);
                spend(&shared, self.body, self.transaction_count())?;
                for (index, transaction) in self.body.children("CdtTrfTxInf").enumerate() {
                    let reading = Reading {
                        kind: self.kind,
                        reader: &reader,
                        shared: &shared,
                        transaction,
                        path: format!("{root}/CdtTrfTxInf[{}]", index + 1),
                        fallback_references: [message_id, business_id],
                        date: transaction.child("IntrBkSttlmDt").or(group_date),
                    };
                    out.push(reading.read());
                }
            }
            PaymentMessage::Pain001 => {
                for (block_index, block) in self.body.children("PmtInf").enumerate() {
                    let block_path = format!("{root}/PmtInf[{}]", block_index + 1);
                    let count = block.children("CdtTrfTxInf").count();
                    if count == 0 {
                        out.push(Err(Iso20022Error {
                            line: lines.line_of(block.position),
                            path: block_path,
                            reason: "holds no transaction (no CdtTrfTxInf)".to_string(),
                        }));
                        continue;
                    }
                    let mut blocks = outer.clone();
                    blocks.push((block, block_path.clone()));
                    let shared = reader.shared(self.header, &blocks);
                    spend(&shared, block, count)?;
                    let block_id = block.text_of("PmtInfId");
                    for (index, transaction) in block.children("CdtTrfTxInf").enumerate() {
                        let reading = Reading {
                            kind: self.kind,
                            reader: &reader,
                            shared: &shared,
                            transaction,
                            path: format!("{block_path}/CdtTrfTxInf[{}]", index + 1),
                            fallback_references: [block_id.or(message_id), business_id],
                            date: block.child("ReqdExctnDt"),
                        };
                        out.push(reading.read());
                    }
                }
            }
        }
        Ok(())
    }
}

/// The bytes of what a transaction copies from its group or block: the values of its
/// shared parties and texts.
fn shared_bytes(shared: &Shared) -> usize {
    let Ok((parties, texts)) = shared else {
        return 0;
    };
    let party_bytes = parties.iter().map(|party| {
        let identifiers = party.identifiers.iter().map(|id| {
            id.value.len()
                + id.scheme.as_ref().map_or(0, String::len)
                + id.country.as_ref().map_or(0, String::len)
        });
        party.name.as_ref().map_or(0, String::len)
            + party.address.iter().map(String::len).sum::<usize>()
            + identifiers.sum::<usize>()
            // what a party is without its values
            + 100
    });
    party_bytes.sum::<usize>() + texts.iter().map(|text| text.text.len() + 50).sum::<usize>()
}

/// A party role: the element that names the party, the element of its account, and its
/// role as read (and as read in the underlying customer transfer of a `pacs.009 COV`).
struct Role {
    element: &'static str,
    account: Option<&'static str>,
    role: &'static str,
    underlying: &'static str,
    /// An agent: a bank, whatever its identification says.
    agent: bool,
}

const fn role(
    element: &'static str,
    account: Option<&'static str>,
    role: &'static str,
    underlying: &'static str,
    agent: bool,
) -> Role {
    Role {
        element,
        account,
        role,
        underlying,
        agent,
    }
}

/// Every party role of the three messages; each is looked for in every block that applies
/// to a transaction (the group, its settlement information, the payment information, the
/// transaction), so that a party given at two levels is screened twice rather than missed.
#[rustfmt::skip]
const ROLES: &[Role] = &[
    role("FwdgAgt", None, "forwarding_agent", "underlying_forwarding_agent", true),
    role("InstgRmbrsmntAgt", Some("InstgRmbrsmntAgtAcct"), "instructing_reimbursement_agent", "underlying_instructing_reimbursement_agent", true),
    role("InstdRmbrsmntAgt", Some("InstdRmbrsmntAgtAcct"), "instructed_reimbursement_agent", "underlying_instructed_reimbursement_agent", true),
    role("ThrdRmbrsmntAgt", Some("ThrdRmbrsmntAgtAcct"), "third_reimbursement_agent", "underlying_third_reimbursement_agent", true),
    role("PrvsInstgAgt1", Some("PrvsInstgAgt1Acct"), "previous_instructing_agent_1", "underlying_previous_instructing_agent_1", true),
    role("PrvsInstgAgt2", Some("PrvsInstgAgt2Acct"), "previous_instructing_agent_2", "underlying_previous_instructing_agent_2", true),
    role("PrvsInstgAgt3", Some("PrvsInstgAgt3Acct"), "previous_instructing_agent_3", "underlying_previous_instructing_agent_3", true),
    role("InstgAgt", None, "instructing_agent", "underlying_instructing_agent", true),
    role("InstdAgt", None, "instructed_agent", "underlying_instructed_agent", true),
    role("IntrmyAgt1", Some("IntrmyAgt1Acct"), "intermediary_agent_1", "underlying_intermediary_agent_1", true),
    role("IntrmyAgt2", Some("IntrmyAgt2Acct"), "intermediary_agent_2", "underlying_intermediary_agent_2", true),
    role("IntrmyAgt3", Some("IntrmyAgt3Acct"), "intermediary_agent_3", "underlying_intermediary_agent_3", true),
    role("UltmtDbtr", None, "ultimate_debtor", "underlying_ultimate_debtor", false),
    role("InitgPty", None, "initiating_party", "underlying_initiating_party", false),
    role("Dbtr", Some("DbtrAcct"), "debtor", "underlying_debtor", false),
    role("DbtrAgt", Some("DbtrAgtAcct"), "debtor_agent", "underlying_debtor_agent", true),
    role("CdtrAgt", Some("CdtrAgtAcct"), "creditor_agent", "underlying_creditor_agent", true),
    role("Cdtr", Some("CdtrAcct"), "creditor", "underlying_creditor", false),
    role("UltmtCdtr", None, "ultimate_creditor", "underlying_ultimate_creditor", false),
];

/// The banks (or organisations) a business application header names: who sent the
/// message and to whom, as the MT reader's headers give them.
const HEADER_ROLES: &[Role] = &[
    role("Fr", None, "sender", "sender", true),
    role("To", None, "receiver", "receiver", true),
];

/// The parties of a structured remittance (`RmtInf/Strd`).
const REMITTANCE_ROLES: &[Role] = &[
    role("Invcr", None, "invoicer", "underlying_invoicer", false),
    role("Invcee", None, "invoicee", "underlying_invoicee", false),
];

/// What reads the elements of a message: parties, accounts, addresses, free texts, each
/// value bounded, each fault named by its path and line.
struct Reader<'a> {
    lines: &'a Lines,
}

/// The parties and free texts that a group header, a header or a payment information
/// block gives every transaction under it: read once, copied into each.
type Shared = Result<(Vec<Party>, Vec<FreeText>), Iso20022Error>;

/// One transaction being read, with what applies to it from around it.
struct Reading<'a, 'e> {
    kind: PaymentMessage,
    reader: &'a Reader<'a>,
    shared: &'a Shared,
    transaction: &'e Element,
    path: String,
    /// References of the block or the group, and of the header, when the transaction has
    /// none of its own.
    fallback_references: [Option<&'e str>; 2],
    date: Option<&'e Element>,
}

impl Reading<'_, '_> {
    fn read(&self) -> Result<Transaction, Iso20022Error> {
        let transaction = self.transaction;
        let reader = self.reader;
        let (mut parties, mut texts) = self.shared.clone()?;
        reader.parties_of(transaction, &self.path, ROLES, false, &mut parties)?;
        reader.texts_of(transaction, &self.path, false, &mut parties, &mut texts)?;
        if let Some(underlying) = transaction.child("UndrlygCstmrCdtTrf") {
            let path = format!("{}/UndrlygCstmrCdtTrf", self.path);
            reader.parties_of(underlying, &path, ROLES, true, &mut parties)?;
            reader.texts_of(underlying, &path, true, &mut parties, &mut texts)?;
        }
        let (currency, amount) = self.amount()?;
        Ok(Transaction {
            channel: Channel::Payment,
            format: self.kind.as_str().to_string(),
            reference: self.reference()?,
            line: self.reader.lines.line_of(transaction.position),
            value_date: self.value_date()?,
            currency,
            amount,
            parties,
            texts,
        })
    }

    /// `EndToEndId` unless it is `NOTPROVIDED`, else `TxId`, `InstrId`, `UETR`, the payment
    /// information's or the group's identification, the header's.
    fn reference(&self) -> Result<String, Iso20022Error> {
        let own = self.transaction.child("PmtId").and_then(|id| {
            ["EndToEndId", "TxId", "InstrId", "UETR"]
                .into_iter()
                .filter_map(|name| id.child(name))
                .find(|element| element.own_text().is_some_and(|text| text != "NOTPROVIDED"))
                .map(|element| (element, element.name.as_str()))
        });
        let text = match own {
            Some((element, name)) => self
                .reader
                .value(element, &format!("{}/PmtId/{name}", self.path))?,
            None => self
                .fallback_references
                .into_iter()
                .flatten()
                .map(cleaned)
                .find(|text| !text.is_empty()),
        };
        let text = text.ok_or_else(|| {
            self.reader.fault(
                self.transaction,
                &self.path,
                "no reference (PmtId/EndToEndId, TxId or InstrId, nor the group's MsgId)"
                    .to_string(),
            )
        })?;
        if text.chars().count() > MAX_VALUE_CHARS {
            return Err(self.reader.fault(
                self.transaction,
                &self.path,
                format!("the reference is longer than {MAX_VALUE_CHARS} characters"),
            ));
        }
        Ok(text)
    }

    /// `YYYY-MM-DD`, from an `ISODate` or, since `pain.001.001.08`, its `Dt` or `DtTm`.
    fn value_date(&self) -> Result<Option<String>, Iso20022Error> {
        let Some(date) = self.date else {
            return Ok(None);
        };
        let (element, text) = match date.own_text() {
            Some(text) => (date, text),
            None => match date.child("Dt").or_else(|| date.child("DtTm")) {
                Some(inner) => match inner.own_text() {
                    Some(text) => (inner, text),
                    None => return Ok(None),
                },
                None => return Ok(None),
            },
        };
        let day = text.get(..10).filter(|day| {
            day.bytes().enumerate().all(|(at, byte)| match at {
                4 | 7 => byte == b'-',
                _ => byte.is_ascii_digit(),
            })
        });
        match day {
            Some(day) => Ok(Some(day.to_string())),
            None => Err(self.reader.fault(
                element,
                &format!("{}/{}", self.path, date.name),
                format!("{:?} is not a date (YYYY-MM-DD)", shortened(text)),
            )),
        }
    }

    /// The settled amount (`IntrBkSttlmAmt`), else the instructed one (`InstdAmt`, for
    /// `pain.001` in `Amt`, or its equivalent `Amt/EqvtAmt/Amt`), with its currency.
    fn amount(&self) -> Result<(Option<String>, Option<String>), Iso20022Error> {
        let transaction = self.transaction;
        let amount_block = transaction.child("Amt");
        let found = transaction
            .child("IntrBkSttlmAmt")
            .map(|element| (element, "IntrBkSttlmAmt"))
            .or_else(|| transaction.child("InstdAmt").map(|e| (e, "InstdAmt")))
            .or_else(|| {
                amount_block
                    .and_then(|amount| amount.child("InstdAmt"))
                    .map(|e| (e, "Amt/InstdAmt"))
            })
            .or_else(|| {
                amount_block
                    .and_then(|amount| amount.child("EqvtAmt"))
                    .and_then(|equivalent| equivalent.child("Amt"))
                    .map(|e| (e, "Amt/EqvtAmt/Amt"))
            });
        let Some((element, name)) = found else {
            return Ok((None, None));
        };
        let path = format!("{}/{name}", self.path);
        let text = element.own_text().unwrap_or("");
        let digits = text.split_once('.').map_or(text, |(whole, _)| whole);
        let is_amount = !text.is_empty()
            && text.len() <= 30
            && text.matches('.').count() <= 1
            && !digits.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if !is_amount {
            return Err(self.reader.fault(
                element,
                &path,
                format!("{:?} is not an amount", shortened(text)),
            ));
        }
        let currency = element.attribute("Ccy").unwrap_or("");
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(self.reader.fault(
                element,
                &path,
                format!("currency {:?} is not an ISO 4217 code", shortened(currency)),
            ));
        }
        Ok((Some(currency.to_string()), Some(text.to_string())))
    }
}

impl Reader<'_> {
    fn fault(&self, element: &Element, path: &str, reason: String) -> Iso20022Error {
        Iso20022Error {
            line: self.lines.line_of(element.position),
            path: path.to_string(),
            reason,
        }
    }

    /// The parties of the header (`HEADER_ROLES`) and of the `blocks` above a transaction,
    /// and the instructions to the debtor's agent of a payment information block.
    fn shared(&self, header: Option<&Element>, blocks: &[(&Element, String)]) -> Shared {
        let mut parties = Vec::new();
        let mut texts = Vec::new();
        if let Some(header) = header {
            self.parties_of(header, "AppHdr", HEADER_ROLES, false, &mut parties)?;
        }
        for (block, path) in blocks {
            self.parties_of(block, path, ROLES, false, &mut parties)?;
            // pain.001 gives the debtor's agent a text in its payment information block
            self.instructions(block, path, "InstrForDbtrAgt", &mut texts)?;
        }
        Ok((parties, texts))
    }

    /// The parties of `roles` that `block` names directly, in the order of the message,
    /// each with its account (an account without its party: a party known by its account
    /// alone), and the agents its charges were paid to (`ChrgsInf/Agt`). A role is given
    /// once, but a message that repeats one is screened for each.
    fn parties_of(
        &self,
        block: &Element,
        block_path: &str,
        roles: &[Role],
        underlying: bool,
        parties: &mut Vec<Party>,
    ) -> Result<(), Iso20022Error> {
        let is_first = |child: &Element| {
            block
                .child(&child.name)
                .is_some_and(|first| std::ptr::eq(first, child))
        };
        let mut charges_index = 0;
        for child in &block.children {
            let path = format!("{block_path}/{}", child.name);
            if let Some(role) = roles.iter().find(|role| role.element == child.name) {
                let name = if underlying {
                    role.underlying
                } else {
                    role.role
                };
                let mut party = self.party(child, &path, name, role.agent)?;
                let account = role.account.and_then(|account| block.child(account));
                if let (Some(account), true) = (account, is_first(child)) {
                    let account_path = format!("{block_path}/{}", account.name);
                    self.account(account, &account_path, &mut party)?;
                }
                parties.push(party);
            } else if let Some(role) = roles
                .iter()
                .find(|role| role.account == Some(child.name.as_str()))
            {
                if block.child(role.element).is_none() && is_first(child) {
                    let name = if underlying {
                        role.underlying
                    } else {
                        role.role
                    };
                    let kind = if role.agent {
                        PartyKind::Institution
                    } else {
                        PartyKind::Unknown
                    };
                    let mut party = Party::new(name, kind);
                    self.account(child, &path, &mut party)?;
                    parties.push(party);
                }
            } else if child.name == "ChrgsInf" {
                charges_index += 1;
                if let Some(agent) = child.child("Agt") {
                    let agent_path = format!("{block_path}/ChrgsInf[{charges_index}]/Agt");
                    let role = if underlying {
                        "underlying_charges_agent"
                    } else {
                        "charges_agent"
                    };
                    parties.push(self.party(agent, &agent_path, role, true)?);
                }
            }
            if parties.len() > MAX_PARTIES {
                return Err(self.fault(
                    child,
                    &path,
                    format!("more than {MAX_PARTIES} parties in one transaction"),
                ));
            }
        }
        Ok(())
    }

    /// One party: a bank (`FinInstnId`, with its branch), a person or an organisation
    /// (`Nm`, `PstlAdr`, `Id/PrvtId` or `Id/OrgId`, `CtryOfRes`); a choice of either
    /// (`Pty`, `Agt`, the header's `FIId` and `OrgId`) read as the one given.
    fn party(
        &self,
        element: &Element,
        path: &str,
        role: &'static str,
        agent: bool,
    ) -> Result<Party, Iso20022Error> {
        for (choice, is_agent) in [
            ("Pty", false),
            ("Agt", true),
            ("FIId", true),
            ("OrgId", false),
        ] {
            if let Some(inner) = element.child(choice) {
                return self.party(inner, &format!("{path}/{choice}"), role, is_agent);
            }
        }
        if let Some(institution) = element.child("FinInstnId") {
            return self.institution(element, institution, path, role);
        }
        let kind = if agent {
            PartyKind::Institution
        } else {
            PartyKind::Unknown
        };
        let mut party = Party::new(role, kind);
        party.name = self.text_of(element, path, "Nm")?;
        self.address(element, path, &mut party)?;
        if party.country.is_none() {
            if let Some(residence) = self.text_of(element, path, "CtryOfRes")? {
                party.country = Some(code_or_as_written(&residence));
            }
        }
        if let Some(id) = element.child("Id") {
            let id_path = format!("{path}/Id");
            if let Some(organisation) = id.child("OrgId") {
                party.kind = PartyKind::Organisation;
                self.organisation_ids(organisation, &format!("{id_path}/OrgId"), &mut party)?;
            } else if let Some(person) = id.child("PrvtId") {
                party.kind = PartyKind::Person;
                self.others(person, &format!("{id_path}/PrvtId"), &mut party)?;
            }
        }
        Ok(party)
    }

    fn institution(
        &self,
        element: &Element,
        institution: &Element,
        party_path: &str,
        role: &'static str,
    ) -> Result<Party, Iso20022Error> {
        let mut party = Party::new(role, PartyKind::Institution);
        let path = format!("{party_path}/FinInstnId");
        // `BIC` until version 3 or so, `BICFI` since
        for name in ["BICFI", "BIC"] {
            for bic in institution.children(name) {
                self.bic(bic, &format!("{path}/{name}"), &mut party)?;
            }
        }
        if let Some(clearing) = institution.child("ClrSysMmbId") {
            let clearing_path = format!("{path}/ClrSysMmbId");
            if let Some(member) = self.text_of(clearing, &clearing_path, "MmbId")? {
                let system = match clearing.child("ClrSysId") {
                    Some(system) => self.code(system, &format!("{clearing_path}/ClrSysId"))?,
                    None => None,
                };
                let mut id = PartyId::new(PartyIdKind::Other, member);
                id.scheme = Some(system.unwrap_or_else(|| "ClrSysMmbId".to_string()));
                self.push_id(&mut party, id, clearing, &clearing_path)?;
            }
        }
        if let Some(lei) = self.text_of(institution, &path, "LEI")? {
            let id = PartyId::new(PartyIdKind::Lei, lei);
            self.push_id(&mut party, id, institution, &path)?;
        }
        party.name = self.text_of(institution, &path, "Nm")?;
        self.address(institution, &path, &mut party)?;
        for (index, other) in institution.children("Othr").enumerate() {
            let other_path = format!("{path}/Othr[{}]", index + 1);
            self.other(other, &other_path, None, &mut party)?;
        }
        if let Some(branch) = element.child("BrnchId") {
            let branch_path = format!("{party_path}/BrnchId");
            if let Some(branch_id) = self.text_of(branch, &branch_path, "Id")? {
                let mut id = PartyId::new(PartyIdKind::Other, branch_id);
                id.scheme = Some("branch".to_string());
                self.push_id(&mut party, id, branch, &branch_path)?;
            }
            if let Some(lei) = self.text_of(branch, &branch_path, "LEI")? {
                let id = PartyId::new(PartyIdKind::Lei, lei);
                self.push_id(&mut party, id, branch, &branch_path)?;
            }
            if party.name.is_none() {
                party.name = self.text_of(branch, &branch_path, "Nm")?;
            }
            if party.address.is_empty() && party.country.is_none() {
                self.address(branch, &branch_path, &mut party)?;
            }
        }
        Ok(party)
    }

    /// A code of a choice of a code or a proprietary text (`Cd` or `Prtry`).
    fn code(&self, choice: &Element, path: &str) -> Result<Option<String>, Iso20022Error> {
        match self.text_of(choice, path, "Cd")? {
            Some(code) => Ok(Some(code)),
            None => self.text_of(choice, path, "Prtry"),
        }
    }

    /// A BIC, checked as the MT reader checks one: a bank that cannot be named is not one
    /// a payment can move through.
    fn bic(&self, element: &Element, path: &str, party: &mut Party) -> Result<(), Iso20022Error> {
        let Some(text) = self.value(element, path)? else {
            return Ok(());
        };
        let bic =
            read_bic(&text).map_err(|problem| self.fault(element, path, problem.to_string()))?;
        self.push_id(
            party,
            PartyId::new(PartyIdKind::Bic, bic.value),
            element,
            path,
        )
    }

    /// An organisation's identifiers: its BIC (`AnyBIC`, `BICOrBEI` before version 4), LEI
    /// and others.
    fn organisation_ids(
        &self,
        organisation: &Element,
        path: &str,
        party: &mut Party,
    ) -> Result<(), Iso20022Error> {
        for name in ["AnyBIC", "BICOrBEI"] {
            for bic in organisation.children(name) {
                self.bic(bic, &format!("{path}/{name}"), party)?;
            }
        }
        if let Some(lei) = self.text_of(organisation, path, "LEI")? {
            let id = PartyId::new(PartyIdKind::Lei, lei);
            self.push_id(party, id, organisation, path)?;
        }
        self.others(organisation, path, party)
    }

    /// Every `Othr` identification of an organisation or a person.
    fn others(&self, holder: &Element, path: &str, party: &mut Party) -> Result<(), Iso20022Error> {
        for (index, other) in holder.children("Othr").enumerate() {
            self.other(other, &format!("{path}/Othr[{}]", index + 1), None, party)?;
        }
        Ok(())
    }

    /// One `Othr`: its `Id`, its scheme (`SchmeNm/Cd`, or `Prtry`) telling its kind, and
    /// its issuer: a country where it is one, else named after the scheme.
    fn other(
        &self,
        other: &Element,
        path: &str,
        kind: Option<PartyIdKind>,
        party: &mut Party,
    ) -> Result<(), Iso20022Error> {
        let Some(value) = self.text_of(other, path, "Id")? else {
            return Ok(());
        };
        let scheme = match other.child("SchmeNm") {
            Some(scheme) => self.code(scheme, &format!("{path}/SchmeNm"))?,
            None => None,
        };
        let kind = kind.unwrap_or(match scheme.as_deref() {
            // ExternalOrganisationIdentification1Code and ExternalPersonIdentification1Code
            Some("TXID") => PartyIdKind::TaxNumber,
            Some("COID" | "CINC" | "SREN" | "SRET") => PartyIdKind::Registration,
            _ => PartyIdKind::Other,
        });
        let mut id = PartyId::new(kind, value);
        id.scheme = scheme;
        if let Some(issuer) = self.text_of(other, path, "Issr")? {
            if is_alpha2(&issuer.to_ascii_lowercase()) {
                id.country = Some(issuer.to_ascii_lowercase());
            } else {
                let scheme = id.scheme.take().unwrap_or_else(|| "Othr".to_string());
                id.scheme = Some(format!("{scheme} issued by {issuer}"));
            }
        }
        self.push_id(party, id, other, path)
    }

    /// An account of the party: an IBAN, another number (`Othr/Id`, with its scheme), or
    /// a proxy (`Prxy`: an e-mail address, a telephone number); its name names the party
    /// where nothing else does.
    fn account(
        &self,
        account: &Element,
        path: &str,
        party: &mut Party,
    ) -> Result<(), Iso20022Error> {
        if let Some(id) = account.child("Id") {
            let id_path = format!("{path}/Id");
            if let Some(iban) = self.text_of(id, &id_path, "IBAN")? {
                let id = PartyId::new(PartyIdKind::Iban, iban);
                self.push_id(party, id, account, path)?;
            }
            for (index, other) in id.children("Othr").enumerate() {
                let other_path = format!("{id_path}/Othr[{}]", index + 1);
                self.other(other, &other_path, Some(PartyIdKind::Account), party)?;
            }
        }
        if let Some(proxy) = account.child("Prxy") {
            let proxy_path = format!("{path}/Prxy");
            if let Some(value) = self.text_of(proxy, &proxy_path, "Id")? {
                let kind = match proxy.child("Tp") {
                    Some(kind) => self.code(kind, &format!("{proxy_path}/Tp"))?,
                    None => None,
                };
                let mut id = PartyId::new(PartyIdKind::Other, value);
                id.scheme = Some(kind.map_or("proxy".to_string(), |kind| format!("proxy {kind}")));
                self.push_id(party, id, proxy, &proxy_path)?;
            }
        }
        if party.name.is_none() {
            party.name = self.text_of(account, path, "Nm")?;
        }
        Ok(())
    }

    /// `PstlAdr` as lines: the department, the street and building, the address lines as
    /// written, the post box, the post code and town, the district and the subdivision; its
    /// country as the party's.
    fn address(
        &self,
        holder: &Element,
        holder_path: &str,
        party: &mut Party,
    ) -> Result<(), Iso20022Error> {
        let Some(address) = holder.child("PstlAdr") else {
            return Ok(());
        };
        let path = format!("{holder_path}/PstlAdr");
        let text = |name: &str| self.text_of(address, &path, name);
        let joined = |parts: Vec<Option<String>>, separator: &str| {
            let parts: Vec<String> = parts.into_iter().flatten().collect();
            Some(parts.join(separator)).filter(|line| !line.is_empty())
        };
        let mut lines = Vec::new();
        lines.push(text("CareOf")?.map(|name| format!("c/o {name}")));
        lines.push(joined(vec![text("Dept")?, text("SubDept")?], ", "));
        let street = joined(vec![text("StrtNm")?, text("BldgNb")?], " ");
        lines.push(joined(
            vec![
                street,
                text("BldgNm")?,
                text("Flr")?,
                text("UnitNb")?,
                text("Room")?,
            ],
            ", ",
        ));
        if address.children("AdrLine").count() > MAX_ADDRESS_LINES {
            return Err(self.fault(
                address,
                &path,
                format!("more than {MAX_ADDRESS_LINES} address lines"),
            ));
        }
        for (index, line) in address.children("AdrLine").enumerate() {
            lines.push(self.value(line, &format!("{path}/AdrLine[{}]", index + 1))?);
        }
        lines.push(text("PstBx")?);
        let town = joined(vec![text("PstCd")?, text("TwnNm")?], " ");
        lines.push(joined(vec![town, text("TwnLctnNm")?], ", "));
        lines.push(text("DstrctNm")?);
        lines.push(text("CtrySubDvsn")?);
        party.address.extend(lines.into_iter().flatten());
        if party.address.len() > MAX_ADDRESS_LINES {
            return Err(self.fault(
                address,
                &path,
                format!("more than {MAX_ADDRESS_LINES} address lines"),
            ));
        }
        if let Some(country) = text("Ctry")? {
            party.country = Some(code_or_as_written(&country));
        }
        Ok(())
    }

    /// The free texts of `block` (remittance, instructions to the banks, a purpose written
    /// out) and the invoicer and invoicee of a structured remittance.
    fn texts_of(
        &self,
        block: &Element,
        block_path: &str,
        underlying: bool,
        parties: &mut Vec<Party>,
        texts: &mut Vec<FreeText>,
    ) -> Result<(), Iso20022Error> {
        self.instructions(block, block_path, "InstrForCdtrAgt", texts)?;
        self.instructions(block, block_path, "InstrForNxtAgt", texts)?;
        self.instructions(block, block_path, "InstrForDbtrAgt", texts)?;
        if let Some(purpose) = block.child("Purp") {
            let path = format!("{block_path}/Purp");
            if let Some(text) = self.text_of(purpose, &path, "Prtry")? {
                self.push_text(purpose, &path, "purpose", text, texts)?;
            }
        }
        for (index, remittance) in block.children("RmtInf").enumerate() {
            let remittance_path = format!("{block_path}/RmtInf[{}]", index + 1);
            for (line, unstructured) in remittance.children("Ustrd").enumerate() {
                let path = format!("{remittance_path}/Ustrd[{}]", line + 1);
                self.free_text(unstructured, &path, "remittance", texts)?;
            }
            for (index, structured) in remittance.children("Strd").enumerate() {
                let structured_path = format!("{remittance_path}/Strd[{}]", index + 1);
                for document in structured.children("RfrdDocInf") {
                    let path = format!("{structured_path}/RfrdDocInf");
                    if let Some(text) = self.text_of(document, &path, "Nb")? {
                        self.push_text(document, &path, "remittance", text, texts)?;
                    }
                }
                if let Some(reference) = structured.child("CdtrRefInf") {
                    let path = format!("{structured_path}/CdtrRefInf");
                    if let Some(text) = self.text_of(reference, &path, "Ref")? {
                        self.push_text(reference, &path, "remittance", text, texts)?;
                    }
                }
                for (line, additional) in structured.children("AddtlRmtInf").enumerate() {
                    let path = format!("{structured_path}/AddtlRmtInf[{}]", line + 1);
                    self.free_text(additional, &path, "remittance", texts)?;
                }
                self.parties_of(
                    structured,
                    &structured_path,
                    REMITTANCE_ROLES,
                    underlying,
                    parties,
                )?;
            }
        }
        Ok(())
    }

    /// Instructions to a bank: `InstrInf` of each, or the element's own text (`pain.001`'s
    /// `InstrForDbtrAgt` before version 9).
    fn instructions(
        &self,
        block: &Element,
        block_path: &str,
        name: &str,
        texts: &mut Vec<FreeText>,
    ) -> Result<(), Iso20022Error> {
        for (index, instruction) in block.children(name).enumerate() {
            let path = format!("{block_path}/{name}[{}]", index + 1);
            match instruction.child("InstrInf") {
                Some(information) => self.free_text(
                    information,
                    &format!("{path}/InstrInf"),
                    "bank_to_bank",
                    texts,
                )?,
                None if instruction.children.is_empty() => {
                    self.free_text(instruction, &path, "bank_to_bank", texts)?
                }
                None => {}
            }
        }
        Ok(())
    }

    fn free_text(
        &self,
        element: &Element,
        path: &str,
        role: &'static str,
        texts: &mut Vec<FreeText>,
    ) -> Result<(), Iso20022Error> {
        match self.value(element, path)? {
            Some(text) => self.push_text(element, path, role, text, texts),
            None => Ok(()),
        }
    }

    /// Adds a free text, within [`MAX_TEXTS`] for one transaction.
    fn push_text(
        &self,
        element: &Element,
        path: &str,
        role: &'static str,
        text: String,
        texts: &mut Vec<FreeText>,
    ) -> Result<(), Iso20022Error> {
        if texts.len() >= MAX_TEXTS {
            return Err(self.fault(
                element,
                path,
                format!("more than {MAX_TEXTS} free texts in one transaction"),
            ));
        }
        texts.push(FreeText {
            role: role.to_string(),
            text,
        });
        Ok(())
    }

    /// Adds an identifier read from `element`, within [`MAX_IDENTIFIERS`].
    fn push_id(
        &self,
        party: &mut Party,
        id: PartyId,
        element: &Element,
        path: &str,
    ) -> Result<(), Iso20022Error> {
        if party.identifiers.len() >= MAX_IDENTIFIERS {
            return Err(self.fault(
                element,
                path,
                format!("more than {MAX_IDENTIFIERS} identifiers of one party"),
            ));
        }
        party.identifiers.push(id);
        Ok(())
    }

    /// The text of `holder`'s child `name`, cleaned; `None` when there is none.
    fn text_of(
        &self,
        holder: &Element,
        holder_path: &str,
        name: &str,
    ) -> Result<Option<String>, Iso20022Error> {
        match holder.child(name) {
            Some(child) => self.value(child, &format!("{holder_path}/{name}")),
            None => Ok(None),
        }
    }

    /// An element's text: at most [`MAX_VALUE_CHARS`] characters, control and
    /// bidirectional-override characters taken out (they would show a name otherwise
    /// than it reads), spaces collapsed; `None` when nothing is left.
    fn value(&self, element: &Element, path: &str) -> Result<Option<String>, Iso20022Error> {
        let text = element.text.trim();
        if text.chars().count() > MAX_VALUE_CHARS {
            return Err(self.fault(
                element,
                path,
                format!("longer than {MAX_VALUE_CHARS} characters"),
            ));
        }
        Ok(Some(cleaned(text)).filter(|text| !text.is_empty()))
    }
}

/// A value as an error shows it: its first 40 characters, cleaned.
fn shortened(text: &str) -> String {
    cleaned(text).chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_is_on_the_line_its_line_ends_follow() {
        let lines = Lines::of("ab\ncd\n\nef");
        let found: Vec<usize> = (0..10).map(|byte| lines.line_of(byte)).collect();
        assert_eq!(found, [1, 1, 1, 2, 2, 2, 3, 4, 4, 4]);
        assert_eq!(lines.line_of(u64::MAX), 4);
    }

    #[test]
    fn an_old_batch_gives_the_groups_date_and_agent_and_the_charges_agent() {
        let seed = include_str!("../../../fuzz/seeds/iso20022/pacs008_v02_batch.xml");
        let read = read_payments(seed).unwrap();
        let first = read[0].as_ref().unwrap();
        // the settlement date of the group applies to each transaction
        assert_eq!(first.value_date.as_deref(), Some("2026-12-04"));
        let roles: Vec<&str> = first
            .parties
            .iter()
            .map(|party| party.role.as_str())
            .collect();
        assert_eq!(
            roles,
            [
                "instructing_agent",
                "charges_agent",
                "debtor",
                "debtor_agent",
                "creditor_agent",
                "creditor"
            ]
        );
        let creditor_agent = &first.parties[4];
        assert_eq!(
            creditor_agent.identifiers[1].scheme.as_deref(),
            Some("branch")
        );
        let second = read[1].as_ref().unwrap();
        let clearing = &second.parties[3].identifiers[0];
        assert_eq!(clearing.value, "10020030");
        assert_eq!(clearing.scheme.as_deref(), Some("ClrSysMmbId"));
        let national_id = &second.parties[4].identifiers[0];
        assert_eq!(national_id.scheme.as_deref(), Some("NIDN"));
        assert_eq!(national_id.country.as_deref(), Some("jo"));
    }

    proptest::proptest! {
        /// Any text is read or refused without a panic, and what is read keeps the
        /// reader's promises: a reference, checked BICs, bounded parties.
        #[test]
        fn any_text_is_read_or_refused(
            text in "(<Document>|</Document>|<FIToFICstmrCdtTrf>|</FIToFICstmrCdtTrf>|<FICdtTrf>|<CstmrCdtTrfInitn>|<PmtInf>|</PmtInf>|<CdtTrfTxInf>|</CdtTrfTxInf>|<PmtId><TxId>|</TxId></PmtId>|<Dbtr>|</Dbtr>|<Cdtr>|</Cdtr>|<FinInstnId>|</FinInstnId>|<BICFI>|</BICFI>|<Nm>|</Nm>|<PstlAdr>|</PstlAdr>|<Ctry>|</Ctry>|<IntrBkSttlmAmt Ccy=\"EUR\">|</IntrBkSttlmAmt>|<UndrlygCstmrCdtTrf>|</UndrlygCstmrCdtTrf>|&amp;|\\PC|\n){0,60}"
        ) {
            if let Ok(transactions) = read_payments(&text) {
                for transaction in transactions.into_iter().flatten() {
                    proptest::prop_assert!(!transaction.reference.is_empty());
                    proptest::prop_assert!(transaction.parties.len() <= MAX_PARTIES);
                    for party in &transaction.parties {
                        for id in &party.identifiers {
                            if id.kind == PartyIdKind::Bic {
                                proptest::prop_assert!(read_bic(&id.value).is_ok());
                            }
                        }
                    }
                }
            }
        }
    }
}
