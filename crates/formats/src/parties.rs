//! The parties of a payment or a shipment, as every reader of one gives them (SWIFT MT,
//! ISO 20022, a WCO consignment), so that each party is screened alike whatever the form
//! it came in (issue 18, items 3 and 4): its role, its name, address and country, and its
//! identifiers as written (read and checked later, by [`crate::identifiers`]); and the
//! free texts that travel with it (remittance information, a description of goods).

use serde::{Deserialize, Serialize};

use crate::swift_mt::{MtKind, MtMessage, MtParty};

/// What the transaction moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Money: a credit transfer, a payment initiation.
    Payment,
    /// Goods: a consignment.
    Shipment,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Payment => "payment",
            Channel::Shipment => "shipment",
        }
    }
}

/// What a party is, where its message says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// A natural person (ISO 20022 `PrvtId`).
    Person,
    /// A company or other legal entity (ISO 20022 `OrgId`).
    Organisation,
    /// A bank or other financial institution (an agent).
    Institution,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
    /// The message does not say.
    Unknown,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Organisation => "organisation",
            PartyKind::Institution => "institution",
            PartyKind::Vessel => "vessel",
            PartyKind::Aircraft => "aircraft",
            PartyKind::Unknown => "unknown",
        }
    }
}

/// The kinds of identifier a party carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyIdKind {
    /// An IBAN (ISO 13616).
    Iban,
    /// An account number in another form.
    Account,
    /// A BIC (ISO 9362).
    Bic,
    /// An LEI (ISO 17442).
    Lei,
    /// A company's registration number in its country's register.
    Registration,
    /// A tax number.
    TaxNumber,
    /// A ship's IMO number.
    Imo,
    /// An aircraft's registration mark.
    AircraftRegistration,
    /// A crypto-asset address.
    CryptoAddress,
    /// Another identifier the message names (its scheme in `scheme`).
    Other,
}

impl PartyIdKind {
    /// The engine's kind an identifier of this kind is compared as; `None` for an account
    /// number in another form (it names an account only at its bank), an aircraft's
    /// registration (compared as a document) and another scheme's identifier.
    pub fn screened_as(self) -> Option<gatecheck_engine::person::IdentifierKind> {
        use gatecheck_engine::person::IdentifierKind;
        match self {
            PartyIdKind::Iban => Some(IdentifierKind::Iban),
            PartyIdKind::Bic => Some(IdentifierKind::Bic),
            PartyIdKind::Lei => Some(IdentifierKind::Lei),
            PartyIdKind::Imo => Some(IdentifierKind::Imo),
            PartyIdKind::Registration => Some(IdentifierKind::Registration),
            PartyIdKind::TaxNumber => Some(IdentifierKind::Tax),
            PartyIdKind::CryptoAddress => Some(IdentifierKind::Crypto),
            PartyIdKind::Account | PartyIdKind::AircraftRegistration | PartyIdKind::Other => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PartyIdKind::Iban => "iban",
            PartyIdKind::Account => "account",
            PartyIdKind::Bic => "bic",
            PartyIdKind::Lei => "lei",
            PartyIdKind::Registration => "registration",
            PartyIdKind::TaxNumber => "tax_number",
            PartyIdKind::Imo => "imo",
            PartyIdKind::AircraftRegistration => "aircraft_registration",
            PartyIdKind::CryptoAddress => "crypto_address",
            PartyIdKind::Other => "other",
        }
    }
}

/// One identifier of a party, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyId {
    pub kind: PartyIdKind,
    pub value: String,
    /// The country that issued it (a registration or tax number), ISO 3166 alpha-2.
    pub country: Option<String>,
    /// The scheme the message names (`TXID`, a proprietary code, a crypto-asset's ticker).
    pub scheme: Option<String>,
}

impl PartyId {
    pub fn new(kind: PartyIdKind, value: impl Into<String>) -> PartyId {
        PartyId {
            kind,
            value: value.into(),
            country: None,
            scheme: None,
        }
    }
}

/// One party: its role in the transaction (`debtor`, `creditor_agent`, `consignee` ...),
/// and what the transaction says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub role: String,
    pub kind: PartyKind,
    pub name: Option<String>,
    /// Address lines as written (a structured address joined line by line).
    pub address: Vec<String>,
    /// ISO 3166 alpha-2, where the message gives it.
    pub country: Option<String>,
    pub identifiers: Vec<PartyId>,
}

impl Party {
    pub fn new(role: impl Into<String>, kind: PartyKind) -> Party {
        Party {
            role: role.into(),
            kind,
            name: None,
            address: Vec::new(),
            country: None,
            identifiers: Vec::new(),
        }
    }
}

/// A free text that travels with the transaction and is screened for names too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeText {
    /// `remittance`, `bank_to_bank`, `goods` ...
    pub role: String,
    pub text: String,
}

/// A payment or a consignment: where it came from, what it says of itself, its parties
/// in the order of the message, and its free texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub channel: Channel,
    /// The message's form: `MT103`, `pacs.008`, `WCO consignment` ...
    pub format: String,
    /// The message's own reference (MT `:20:`, ISO 20022 `EndToEndId` or `MsgId` ...).
    pub reference: String,
    /// Where in its file it starts: a line, from 1.
    pub line: usize,
    /// Value date (`YYYY-MM-DD`), currency and amount as written, for a payment.
    pub value_date: Option<String>,
    pub currency: Option<String>,
    pub amount: Option<String>,
    pub parties: Vec<Party>,
    pub texts: Vec<FreeText>,
}

/// A transaction read from a file, with what was read around (a consignment's unknown
/// fields ...), one sentence each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub transaction: Transaction,
    pub warnings: Vec<String>,
}

/// A message or consignment of a file that could not be read: where it starts (a line,
/// from 1, when known) and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub line: Option<usize>,
    pub reason: String,
}

/// Every payment of a file: SWIFT MT103 and MT202 messages (`{1:` blocks, as many as the
/// file holds) or an ISO 20022 document (`pacs.008`, `pacs.009`, `pain.001`; XML), told
/// apart by the file's first character; each read, or where and why not (one that cannot
/// be read does not stop the others).
pub fn read_payment_file(text: &str) -> Vec<Result<Reading, Unreadable>> {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let read = |transaction| Reading {
        transaction,
        warnings: Vec::new(),
    };
    if start.starts_with('<') {
        match crate::iso20022::read_payments(text) {
            Ok(payments) => payments
                .into_iter()
                .map(|payment| {
                    payment.map(read).map_err(|error| Unreadable {
                        line: Some(error.line),
                        reason: error.to_string(),
                    })
                })
                .collect(),
            Err(error) => vec![Err(Unreadable {
                line: Some(error.line),
                reason: error.to_string(),
            })],
        }
    } else if start.starts_with("{1:") {
        crate::swift_mt::read_messages(text)
            .into_iter()
            .map(|message| {
                message
                    .map(|message| read(message.into_transaction()))
                    .map_err(|error| Unreadable {
                        line: Some(error.line),
                        reason: error.reason,
                    })
            })
            .collect()
    } else {
        vec![Err(Unreadable {
            line: Some(1),
            reason: "neither SWIFT MT messages (a `{1:` block first) nor ISO 20022 XML (`<` first)"
                .to_string(),
        })]
    }
}

/// Every consignment of a file in gatecheck's JSON form of the WCO data model (see
/// [`crate::consignment`]), each read with its warnings, or why not.
pub fn read_shipment_file(text: &str) -> Vec<Result<Reading, Unreadable>> {
    crate::consignment::read_consignments(text)
        .into_iter()
        .map(|consignment| {
            consignment
                .map(|reading| Reading {
                    transaction: reading.transaction,
                    warnings: reading.warnings.iter().map(ToString::to_string).collect(),
                })
                .map_err(|error| Unreadable {
                    line: None,
                    reason: error.to_string(),
                })
        })
        .collect()
}

impl MtMessage {
    /// The message as a transaction: its parties under their MT roles (`ordering_customer`,
    /// `beneficiary` ...), accounts as IBANs where they read as one, the remittance text
    /// (`70`) and the bank-to-bank text (`72`) as free texts.
    pub fn into_transaction(self) -> Transaction {
        let format = match self.kind {
            MtKind::Mt103 => "MT103",
            MtKind::Mt202 => "MT202",
        };
        let parties = self.parties.into_iter().map(mt_party).collect();
        let texts = self
            .remittance
            .into_iter()
            .filter(|line| !line.trim().is_empty())
            .map(|text| FreeText {
                role: "remittance".to_string(),
                text,
            })
            .collect();
        Transaction {
            channel: Channel::Payment,
            format: format.to_string(),
            reference: self.reference,
            line: self.line,
            value_date: self.value_date,
            currency: self.currency,
            amount: self.amount,
            parties,
            texts,
        }
    }
}

fn mt_party(party: MtParty) -> Party {
    use crate::swift_mt::PartyRole as Role;
    let role = party.role.map_or("party", Role::as_str);
    let kind = match party.role {
        Some(Role::OrderingCustomer | Role::Beneficiary) => PartyKind::Unknown,
        Some(_) => PartyKind::Institution,
        None => PartyKind::Unknown,
    };
    let mut identifiers = Vec::new();
    if let Some(account) = party.account {
        let kind = if crate::identifiers::read_iban(&account).is_ok() {
            PartyIdKind::Iban
        } else {
            PartyIdKind::Account
        };
        identifiers.push(PartyId::new(kind, account));
    }
    if let Some(bic) = party.bic {
        identifiers.push(PartyId::new(PartyIdKind::Bic, bic));
    }
    Party {
        role: role.to_string(),
        kind,
        name: party.name,
        address: party.address,
        country: party.country,
        identifiers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swift_mt::read_messages;

    #[test]
    fn an_mt103_becomes_a_payment_with_its_parties_and_identifiers() {
        let text = "{1:F01BANKDEFFAXXX0000000000}{2:I103BANKGB2LXXXXN}{4:\n\
:20:REF-77\n\
:32A:261207EUR1500,00\n\
:50K:/DE89370400440532013000\n\
ACME HANDELS GMBH\n\
HAUPTSTRASSE 1\n\
:59:/12345678\n\
NORTHWIND TRADING LTD\n\
:70:INVOICE 2231\n\
-}";
        let message = read_messages(text).remove(0).unwrap();
        let payment = message.into_transaction();
        assert_eq!(payment.format, "MT103");
        assert_eq!(payment.channel, Channel::Payment);
        assert_eq!(payment.reference, "REF-77");
        let roles: Vec<&str> = payment.parties.iter().map(|p| p.role.as_str()).collect();
        assert_eq!(
            roles,
            ["sender", "receiver", "ordering_customer", "beneficiary"]
        );
        let ordering = &payment.parties[2];
        assert_eq!(ordering.name.as_deref(), Some("ACME HANDELS GMBH"));
        assert_eq!(ordering.identifiers[0].kind, PartyIdKind::Iban);
        // an account that is not an IBAN stays an account
        assert_eq!(payment.parties[3].identifiers[0].kind, PartyIdKind::Account);
        assert_eq!(payment.parties[0].kind, PartyKind::Institution);
        assert_eq!(payment.texts[0].text, "INVOICE 2231");
    }
}
