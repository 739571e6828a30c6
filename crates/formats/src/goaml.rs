//! A suspicious transaction report in the XML of UNODC's goAML (schema 4.0), written for a
//! payment one of whose parties an officer confirmed as a listed one: the payment's
//! parties as the report's sides, the confirmed hit as its reason, so that the report to
//! the financial intelligence unit is made from what was screened.
//! Pure: the submission date and everything the report says of its sender are given.
//!
//! Written, in the schema's order: `report` with `rentity_id`, `rentity_branch` (when
//! given), `submission_code` (`E`, electronic), `report_code` (`STR`), `entity_reference`,
//! `submission_date`, `currency_code_local`, `reporting_person` (`first_name`,
//! `last_name`, `occupation`), `location` (when given: `address_type`, `address`, `city`,
//! `country_code`), `reason`, `action`, one `transaction` and `report_indicators` with an
//! `indicator` each. The `transaction`: `transactionnumber`, `transaction_location` (when
//! given), `date_transaction`, `transmode_code`, `amount_local`, `t_from` and `t_to`.
//! Each side: its funds code, its foreign currency (`foreign_currency_code`,
//! `foreign_amount`, `foreign_exchange_rate`) when the payment is not in the local one,
//! then one of an account (`from_account`/`to_account`: `institution_name`, `swift`,
//! `non_banking_institution`, `account`, `account_name`, `iban`, the holder as `t_entity`
//! or `signatory`/`t_person`, `comments`), a person (`last_name`, `tax_number`,
//! `comments`) or an entity (`name`, `incorporation_number`, `tax_number`, `comments`),
//! and its country.
//!
//! Left out: `fiu_ref_number`, `report_date` and the rest of goAML 5; `activity` (a report
//! of no transaction); the `_my_client` sides and `t_conductor`, which need what the
//! reporting bank knows of its own client (birth date, account opening and status), not
//! what the payment says; addresses as `t_address` (a payment's address has no separate
//! city and type: it is written as written in `comments`); phones, `goods_services`,
//! `involved_parties`. A person's name is written whole in `last_name` (the one name
//! element goAML requires): a payment gives one name, and splitting it into given names
//! and surname would be a guess. Lookups (funds, transmission mode, address type,
//! indicators) are each FIU's own: they are given, not chosen here. Lengths are bounded as
//! the goAML 4.0 schema bounds them in the writers consulted; an FIU's own schema is the
//! last word, and a report is validated against it before it is submitted.

use crate::identifiers::{read_bic, read_iban};
use crate::parties::{Channel, Party, PartyIdKind, PartyKind, Transaction};

/// What the report says of itself and its sender, when it is submitted, and the hit it
/// reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDetails {
    pub sender: ReportSender,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`.
    pub submission_date: String,
    pub hit: ConfirmedHit,
}

/// What the reporting entity and its officer say of a report: who sends it, the case, what
/// was done, and the FIU's lookup codes that apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSender {
    /// The reporting entity's number at the FIU (goAML's `rentity_id`, an integer).
    pub rentity_id: String,
    pub rentity_branch: Option<String>,
    /// The reporting entity's own reference of the case.
    pub entity_reference: String,
    /// ISO 4217, as `JOD`.
    pub currency_code_local: String,
    pub reporting_person: ReportingPerson,
    pub location: Option<ReportLocation>,
    /// What the reporting entity did (held the payment, froze the account ...).
    pub action: String,
    /// The FIU's indicator codes that apply; at least one.
    pub indicators: Vec<String>,
    pub codes: TransactionCodes,
    /// The amount in the local currency, when the payment is in another one.
    pub local_amount: Option<LocalAmount>,
}

/// The officer who makes the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingPerson {
    pub first_name: String,
    pub last_name: String,
    /// The officer's role (`Money laundering reporting officer`).
    pub occupation: Option<String>,
}

/// Where the report is made from; `address_type` is a code of the FIU's lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLocation {
    pub address_type: String,
    pub address: String,
    pub city: String,
    /// ISO 3166 alpha-2.
    pub country_code: String,
}

/// The hit an officer confirmed: which party of the payment (its role), which listed
/// record of which list, and why the officer holds them to be the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedHit {
    pub party_role: String,
    pub list: String,
    pub listed_record: String,
    pub listed_name: String,
    pub why: String,
}

/// Codes of the FIU's lookups for the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionCodes {
    pub transmode_code: String,
    pub from_funds_code: String,
    pub to_funds_code: String,
    /// Where the transaction took place (a branch, `online`).
    pub transaction_location: Option<String>,
}

/// A payment's amount in the local currency, and the rate it was converted at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAmount {
    pub amount: String,
    pub exchange_rate: String,
}

/// Why a report cannot be written: what it would lack or hold wrongly, by element.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoamlError {
    #[error("a {channel} is not reported as a goAML transaction (a payment is)")]
    NotAPayment { channel: &'static str },
    #[error("{element}: {what} is needed")]
    Missing { element: String, what: &'static str },
    #[error("{element}: {found} characters, at most {limit} are written")]
    TooLong {
        element: String,
        found: usize,
        limit: usize,
    },
    #[error("{element}: the character {character:?} cannot be written in XML 1.0")]
    Character { element: String, character: char },
    #[error("{element}: {value:?} is not {expected}")]
    NotValid {
        element: String,
        value: String,
        expected: &'static str,
    },
    #[error("the hit names the {role:?} of the payment, which has no such party")]
    NoSuchParty { role: String },
}

/// The lengths written: names, texts, codes (goAML 4.0).
const NAME: usize = 100;
const TEXT: usize = 255;
const LONG_TEXT: usize = 4000;
const REFERENCE: usize = 50;
const ACCOUNT: usize = 50;

/// The roles of the payer and its bank, and of the payee and its bank, most precise
/// first: ISO 20022's, then MT's (where the ordering institution is not named, the sender
/// is it; where the account-with institution is not, the receiver is).
const PAYER_ROLES: [&str; 2] = ["debtor", "ordering_customer"];
const PAYER_BANK_ROLES: [&str; 3] = ["debtor_agent", "ordering_institution", "sender"];
const PAYEE_ROLES: [&str; 2] = ["creditor", "beneficiary"];
const PAYEE_BANK_ROLES: [&str; 3] = ["creditor_agent", "account_with_institution", "receiver"];

/// The element names of one side.
struct SideNames {
    side: &'static str,
    funds_code: &'static str,
    foreign_currency: &'static str,
    account: &'static str,
    person: &'static str,
    entity: &'static str,
    country: &'static str,
}

const FROM: SideNames = SideNames {
    side: "t_from",
    funds_code: "from_funds_code",
    foreign_currency: "from_foreign_currency",
    account: "from_account",
    person: "from_person",
    entity: "from_entity",
    country: "from_country",
};

const TO: SideNames = SideNames {
    side: "t_to",
    funds_code: "to_funds_code",
    foreign_currency: "to_foreign_currency",
    account: "to_account",
    person: "to_person",
    entity: "to_entity",
    country: "to_country",
};

/// The report of `payment` as goAML XML (UTF-8, indented by two spaces, the same bytes
/// for the same arguments), or what keeps it from being written.
pub fn write_report(payment: &Transaction, details: &ReportDetails) -> Result<String, GoamlError> {
    if payment.channel != Channel::Payment {
        return Err(GoamlError::NotAPayment {
            channel: payment.channel.as_str(),
        });
    }
    let hit_party = payment
        .parties
        .iter()
        .find(|party| party.role == details.hit.party_role)
        .ok_or_else(|| GoamlError::NoSuchParty {
            role: details.hit.party_role.clone(),
        })?;
    let payer = find(payment, &PAYER_ROLES).ok_or_else(|| GoamlError::Missing {
        element: "report/transaction/t_from".to_string(),
        what: "a debtor or ordering customer",
    })?;
    let payee = find(payment, &PAYEE_ROLES).ok_or_else(|| GoamlError::Missing {
        element: "report/transaction/t_to".to_string(),
        what: "a creditor or beneficiary",
    })?;
    let local_currency = code(
        &details.sender.currency_code_local,
        3,
        "report/currency_code_local",
        "an ISO 4217 currency",
    )?;
    // a payment in another currency: its amount in the local one is given, and the
    // payment's own is written as the sides' foreign currency
    let currency = payment.currency.as_deref().unwrap_or("");
    let amount = decimal(
        payment.amount.as_deref().unwrap_or(""),
        "report/transaction/amount_local",
    )?;
    let (amount_local, foreign) = if currency.eq_ignore_ascii_case(&local_currency) {
        (amount, None)
    } else {
        let Some(local) = &details.sender.local_amount else {
            return Err(GoamlError::Missing {
                element: "report/transaction/amount_local".to_string(),
                what: "the amount in the local currency (the payment is in another)",
            });
        };
        let foreign_currency = code(
            currency,
            3,
            "report/transaction/t_from/from_foreign_currency/foreign_currency_code",
            "an ISO 4217 currency",
        )?;
        let rate = decimal(
            &local.exchange_rate,
            "report/transaction/t_from/from_foreign_currency/foreign_exchange_rate",
        )?;
        let local_amount = decimal(&local.amount, "report/transaction/amount_local")?;
        (local_amount, Some((foreign_currency, amount, rate)))
    };
    let date_transaction = date_time(
        payment.value_date.as_deref().unwrap_or(""),
        "report/transaction/date_transaction",
    )?;
    let submission_date = date_time(&details.submission_date, "report/submission_date")?;
    if details.sender.rentity_id.is_empty()
        || details.sender.rentity_id.len() > 9
        || !details
            .sender
            .rentity_id
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return Err(GoamlError::NotValid {
            element: "report/rentity_id".to_string(),
            value: details.sender.rentity_id.clone(),
            expected: "the reporting entity's number (at most 9 digits)",
        });
    }
    if details
        .sender
        .indicators
        .iter()
        .all(|code| code.trim().is_empty())
    {
        return Err(GoamlError::Missing {
            element: "report/report_indicators".to_string(),
            what: "an indicator",
        });
    }

    let mut xml = Xml::default();
    xml.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.open("report");
    xml.leaf("rentity_id", &details.sender.rentity_id, 9)?;
    xml.optional(
        "rentity_branch",
        details.sender.rentity_branch.as_deref(),
        TEXT,
    )?;
    xml.leaf("submission_code", "E", 1)?;
    xml.leaf("report_code", "STR", 3)?;
    xml.leaf("entity_reference", &details.sender.entity_reference, TEXT)?;
    xml.leaf("submission_date", &submission_date, TEXT)?;
    xml.leaf("currency_code_local", &local_currency, 3)?;
    xml.open("reporting_person");
    let person = &details.sender.reporting_person;
    xml.leaf("first_name", &person.first_name, NAME)?;
    xml.leaf("last_name", &person.last_name, NAME)?;
    xml.optional("occupation", person.occupation.as_deref(), TEXT)?;
    xml.close();
    if let Some(location) = &details.sender.location {
        xml.open("location");
        xml.leaf("address_type", &location.address_type, TEXT)?;
        xml.leaf("address", &location.address, TEXT)?;
        xml.leaf("city", &location.city, TEXT)?;
        let country = code(
            &location.country_code,
            2,
            "report/location/country_code",
            "an ISO 3166 alpha-2 country",
        )?;
        xml.leaf("country_code", &country, 2)?;
        xml.close();
    }
    xml.leaf(
        "reason",
        &reason(payment, hit_party, &details.hit),
        LONG_TEXT,
    )?;
    xml.leaf("action", &details.sender.action, LONG_TEXT)?;

    xml.open("transaction");
    xml.leaf("transactionnumber", &payment.reference, REFERENCE)?;
    xml.optional(
        "transaction_location",
        details.sender.codes.transaction_location.as_deref(),
        TEXT,
    )?;
    xml.leaf("date_transaction", &date_transaction, TEXT)?;
    xml.leaf("transmode_code", &details.sender.codes.transmode_code, TEXT)?;
    xml.leaf("amount_local", &amount_local, TEXT)?;
    let sides = [
        (
            &FROM,
            payer,
            find(payment, &PAYER_BANK_ROLES),
            &details.sender.codes.from_funds_code,
        ),
        (
            &TO,
            payee,
            find(payment, &PAYEE_BANK_ROLES),
            &details.sender.codes.to_funds_code,
        ),
    ];
    for (names, party, bank, funds_code) in sides {
        xml.open(names.side);
        xml.leaf(names.funds_code, funds_code, TEXT)?;
        if let Some((currency, amount, rate)) = &foreign {
            xml.open(names.foreign_currency);
            xml.leaf("foreign_currency_code", currency, 3)?;
            xml.leaf("foreign_amount", amount, TEXT)?;
            xml.leaf("foreign_exchange_rate", rate, TEXT)?;
            xml.close();
        }
        write_side(&mut xml, names, party, bank)?;
        xml.close();
    }
    xml.close();

    xml.open("report_indicators");
    for indicator in &details.sender.indicators {
        xml.optional("indicator", Some(indicator), TEXT)?;
    }
    xml.close();
    xml.close();
    Ok(xml.out)
}

/// The first party of `payment` with one of `roles`, in the order of `roles`.
fn find<'t>(payment: &'t Transaction, roles: &[&str]) -> Option<&'t Party> {
    roles
        .iter()
        .find_map(|role| payment.parties.iter().find(|party| party.role == *role))
}

/// The reason, saying the hit: the party as the payment names it, the listed record, why.
fn reason(payment: &Transaction, party: &Party, hit: &ConfirmedHit) -> String {
    let role = party.role.replace('_', " ");
    let name = party.name.as_deref().unwrap_or("(no name given)");
    format!(
        "Confirmed match against a sanctions list. The {role} of payment {reference}, {name}, \
         is {listed_name}, record {record} of {list}. {why}",
        reference = payment.reference,
        listed_name = hit.listed_name,
        record = hit.listed_record,
        list = hit.list,
        why = hit.why.trim(),
    )
}

/// One side's party: its account where it has one at a bank known by its BIC, else the
/// party itself as a person or an entity; then its country.
fn write_side(
    xml: &mut Xml,
    names: &SideNames,
    party: &Party,
    bank: Option<&Party>,
) -> Result<(), GoamlError> {
    let account = party
        .identifiers
        .iter()
        .find(|id| matches!(id.kind, PartyIdKind::Iban | PartyIdKind::Account));
    let iban = account.and_then(|id| read_iban(&id.value).ok());
    let bic = bank.and_then(|bank| {
        bank.identifiers
            .iter()
            .filter(|id| id.kind == PartyIdKind::Bic)
            .find_map(|id| read_bic(&id.value).ok())
    });
    let country = party
        .country
        .clone()
        .or_else(|| iban.as_ref().map(|iban| iban.value[..2].to_string()))
        .or_else(|| bic.as_ref().map(|bic| bic.value[4..6].to_string()))
        .ok_or_else(|| GoamlError::Missing {
            element: format!("report/transaction/{}/{}", names.side, names.country),
            what: "a country (the party's, its IBAN's or its bank's)",
        })?;
    let country = code(
        &country,
        2,
        &format!("report/transaction/{}/{}", names.side, names.country),
        "an ISO 3166 alpha-2 country",
    )?;
    match (account, &bic) {
        (Some(account), Some(bic)) => {
            xml.open(names.account);
            let institution = bank.and_then(|bank| bank.name.as_deref());
            // the name is required; a bank known only by its BIC is named by it
            xml.leaf("institution_name", institution.unwrap_or(&bic.value), TEXT)?;
            xml.leaf("swift", &bic.value, 11)?;
            xml.leaf("non_banking_institution", "false", 5)?;
            let number = iban
                .as_ref()
                .map_or(account.value.as_str(), |iban| &iban.value);
            xml.leaf("account", number, ACCOUNT)?;
            xml.optional("account_name", party.name.as_deref(), TEXT)?;
            if let Some(iban) = &iban {
                xml.leaf("iban", &iban.value, 34)?;
            }
            match party.kind {
                PartyKind::Person => {
                    xml.open("signatory");
                    write_person(xml, "t_person", party)?;
                    xml.close();
                }
                PartyKind::Unknown => {
                    xml.optional("comments", Some(&comments(party)), LONG_TEXT)?;
                }
                _ => write_entity(xml, "t_entity", party)?,
            }
            xml.close();
        }
        _ if party.kind == PartyKind::Person => write_person(xml, names.person, party)?,
        _ => write_entity(xml, names.entity, party)?,
    }
    xml.leaf(names.country, &country, 2)
}

fn write_person(xml: &mut Xml, element: &'static str, party: &Party) -> Result<(), GoamlError> {
    xml.open(element);
    let Some(name) = &party.name else {
        return Err(xml.missing("last_name", "the party's name"));
    };
    xml.leaf("last_name", name, NAME)?;
    xml.optional(
        "tax_number",
        identifier(party, PartyIdKind::TaxNumber),
        TEXT,
    )?;
    xml.optional("comments", Some(&comments(party)), LONG_TEXT)?;
    xml.close();
    Ok(())
}

fn write_entity(xml: &mut Xml, element: &'static str, party: &Party) -> Result<(), GoamlError> {
    xml.open(element);
    let Some(name) = &party.name else {
        return Err(xml.missing("name", "the party's name"));
    };
    xml.leaf("name", name, TEXT)?;
    xml.optional(
        "incorporation_number",
        identifier(party, PartyIdKind::Registration),
        REFERENCE,
    )?;
    xml.optional(
        "tax_number",
        identifier(party, PartyIdKind::TaxNumber),
        TEXT,
    )?;
    xml.optional("comments", Some(&comments(party)), LONG_TEXT)?;
    xml.close();
    Ok(())
}

fn identifier(party: &Party, kind: PartyIdKind) -> Option<&str> {
    party
        .identifiers
        .iter()
        .find(|id| id.kind == kind)
        .map(|id| id.value.as_str())
}

/// What the payment says of a party that has no element of its own here: its address
/// and country as written, its other identifiers, and whether it is a person.
fn comments(party: &Party) -> String {
    let mut said = Vec::new();
    if !party.address.is_empty() {
        said.push(format!("address as given: {}", party.address.join(", ")));
    }
    if let Some(country) = &party.country {
        said.push(format!("country: {}", country.to_ascii_uppercase()));
    }
    for id in &party.identifiers {
        // accounts, registration and tax numbers have elements of their own
        let written_apart = matches!(
            id.kind,
            PartyIdKind::Iban
                | PartyIdKind::Account
                | PartyIdKind::Registration
                | PartyIdKind::TaxNumber
        );
        if !written_apart {
            said.push(format!("{} {}", id.kind.as_str(), id.value));
        }
    }
    match party.kind {
        PartyKind::Unknown => {
            said.push("the payment does not say whether a person or an organisation".into())
        }
        PartyKind::Person => said.push("name as given, not split into its parts".into()),
        _ => {}
    }
    said.join("; ")
}

/// A code of `length` letters (a currency, a country), in capitals.
fn code(
    value: &str,
    length: usize,
    element: &str,
    expected: &'static str,
) -> Result<String, GoamlError> {
    let value = value.trim();
    if value.len() == length && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(value.to_ascii_uppercase());
    }
    Err(GoamlError::NotValid {
        element: element.to_string(),
        value: value.chars().take(TEXT).collect(),
        expected,
    })
}

/// An amount as written (`12500,00`, MT's `900,`, `12500.00`) as the XML decimal.
fn decimal(value: &str, element: &str) -> Result<String, GoamlError> {
    let written = value.trim();
    let (whole, fraction) = match written.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (written, ""),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 15
        || fraction.len() > 6
        || !digits(whole)
        || !digits(fraction)
    {
        return Err(GoamlError::NotValid {
            element: element.to_string(),
            value: written.chars().take(TEXT).collect(),
            expected: "an amount (digits, a decimal comma or point)",
        });
    }
    Ok(if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    })
}

/// `YYYY-MM-DD` (the start of the day) or `YYYY-MM-DDTHH:MM:SS` as goAML's date and time.
fn date_time(value: &str, element: &str) -> Result<String, GoamlError> {
    let bad = || GoamlError::NotValid {
        element: element.to_string(),
        value: value.chars().take(TEXT).collect(),
        expected: "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS)",
    };
    let (date, time) = value.split_once('T').unwrap_or((value, "00:00:00"));
    let numbers = |text: &str, separator: char, widths: [usize; 3]| -> Option<[u32; 3]> {
        let mut parts = text.split(separator);
        let mut read = [0; 3];
        for (slot, width) in read.iter_mut().zip(widths) {
            let part = parts.next()?;
            if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        parts.next().is_none().then_some(read)
    };
    let [_, month, day] = numbers(date, '-', [4, 2, 2]).ok_or_else(bad)?;
    let [hour, minute, second] = numbers(time, ':', [2, 2, 2]).ok_or_else(bad)?;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(bad());
    }
    Ok(format!("{date}T{time}"))
}

/// The document being written: elements opened, closed and filled, each value escaped
/// and bounded, each error naming the element by its path.
#[derive(Default)]
struct Xml {
    out: String,
    open: Vec<&'static str>,
}

impl Xml {
    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &'static str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.open.push(name);
    }

    fn close(&mut self) {
        let Some(name) = self.open.pop() else {
            return;
        };
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn path(&self, name: &str) -> String {
        let mut path = self.open.join("/");
        path.push('/');
        path.push_str(name);
        path
    }

    fn missing(&self, name: &str, what: &'static str) -> GoamlError {
        GoamlError::Missing {
            element: self.path(name),
            what,
        }
    }

    /// An element of text, which must not be empty.
    fn leaf(&mut self, name: &'static str, value: &str, limit: usize) -> Result<(), GoamlError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(self.missing(name, "a value"));
        }
        let found = value.chars().count();
        if found > limit {
            return Err(GoamlError::TooLong {
                element: self.path(name),
                found,
                limit,
            });
        }
        // XML 1.0 has no way to write these, escaped or not
        if let Some(character) = value.chars().find(|c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{fffe}' | '\u{ffff}')
        }) {
            return Err(GoamlError::Character {
                element: self.path(name),
                character,
            });
        }
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        self.out.push_str(&quick_xml::escape::escape(value));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        Ok(())
    }

    /// An element written only when there is a value.
    fn optional(
        &mut self,
        name: &'static str,
        value: Option<&str>,
        limit: usize,
    ) -> Result<(), GoamlError> {
        match value.map(str::trim).filter(|value| !value.is_empty()) {
            Some(value) => self.leaf(name, value, limit),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parties::PartyId;
    use crate::xml_tree::{self, Element};

    fn party(role: &'static str, kind: PartyKind, name: &str) -> Party {
        Party {
            name: Some(name.to_string()),
            ..Party::new(role, kind)
        }
    }

    /// A credit transfer from a person's account in Germany to a company's in the
    /// Emirates (fictional parties), in the local currency.
    fn payment() -> Transaction {
        let mut debtor = party("debtor", PartyKind::Person, "Karl Ernst Brandt");
        debtor.address = vec!["Lindenweg 4".into(), "10115 Berlin".into()];
        debtor.identifiers = vec![PartyId::new(
            PartyIdKind::Iban,
            "DE89 3704 0044 0532 0130 00",
        )];
        let mut debtor_agent = party("debtor_agent", PartyKind::Institution, "Beispielbank AG");
        debtor_agent.identifiers = vec![PartyId::new(PartyIdKind::Bic, "DEUTDEFF")];
        let mut creditor = party(
            "creditor",
            PartyKind::Organisation,
            "Zafar Trading & Sons <FZE>",
        );
        creditor.country = Some("ae".into());
        creditor.identifiers = vec![
            PartyId::new(PartyIdKind::Account, "0012-445566"),
            PartyId::new(PartyIdKind::Registration, "JAFZA-88123"),
            PartyId::new(PartyIdKind::Lei, "5493001KJTIIGC8Y1R12"),
        ];
        let mut creditor_agent = party(
            "creditor_agent",
            PartyKind::Institution,
            "Gulf Example Bank",
        );
        creditor_agent.identifiers = vec![PartyId::new(PartyIdKind::Bic, "EBILAEAD")];
        Transaction {
            channel: Channel::Payment,
            format: "pacs.008".to_string(),
            reference: "E2E-2026-0042".into(),
            line: 1,
            value_date: Some("2026-12-03".into()),
            currency: Some("EUR".into()),
            amount: Some("48250,00".into()),
            parties: vec![debtor, debtor_agent, creditor, creditor_agent],
            texts: Vec::new(),
        }
    }

    fn details() -> ReportDetails {
        ReportDetails {
            sender: ReportSender {
                rentity_id: "2741".into(),
                rentity_branch: None,
                entity_reference: "GC-CASE-311".into(),
                currency_code_local: "EUR".into(),
                reporting_person: ReportingPerson {
                    first_name: "Lena".into(),
                    last_name: "Vogt".into(),
                    occupation: Some("Money laundering reporting officer".into()),
                },
                location: None,
                action: "Payment held; funds frozen under the asset freeze.".into(),
                indicators: vec!["SANC".into(), "TF01".into()],
                codes: TransactionCodes {
                    transmode_code: "EFT".into(),
                    from_funds_code: "A".into(),
                    to_funds_code: "A".into(),
                    transaction_location: None,
                },
                local_amount: None,
            },
            submission_date: "2026-12-04".into(),
            hit: ConfirmedHit {
                party_role: "creditor".into(),
                list: "EU consolidated financial sanctions list".into(),
                listed_record: "eu-fsf-99999".into(),
                listed_name: "ZAFAR TRADING FZE".into(),
                why: "Same name and registration number; the LEI names the same company.".into(),
            },
        }
    }

    fn read_back(xml: &str) -> Element {
        xml_tree::read(xml).unwrap().unwrap()
    }

    fn names(element: &Element) -> Vec<&str> {
        element
            .children
            .iter()
            .map(|child| child.name.as_str())
            .collect()
    }

    fn at<'e>(element: &'e Element, path: &str) -> &'e Element {
        path.split('/').fold(element, |element, name| {
            element
                .child(name)
                .unwrap_or_else(|| panic!("no {name} in {}", element.name))
        })
    }

    #[test]
    fn a_report_reads_back_with_its_elements_in_the_schema_order() {
        let written = write_report(&payment(), &details()).unwrap();
        assert!(written.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report>\n"));
        let report = read_back(&written);
        assert_eq!(report.name, "report");
        assert_eq!(
            names(&report),
            [
                "rentity_id",
                "submission_code",
                "report_code",
                "entity_reference",
                "submission_date",
                "currency_code_local",
                "reporting_person",
                "reason",
                "action",
                "transaction",
                "report_indicators"
            ]
        );
        assert_eq!(report.text_of("submission_code"), Some("E"));
        assert_eq!(report.text_of("report_code"), Some("STR"));
        assert_eq!(
            report.text_of("submission_date"),
            Some("2026-12-04T00:00:00")
        );
        assert_eq!(
            at(&report, "reporting_person/occupation").own_text(),
            Some("Money laundering reporting officer")
        );
        let transaction = at(&report, "transaction");
        assert_eq!(
            names(transaction),
            [
                "transactionnumber",
                "date_transaction",
                "transmode_code",
                "amount_local",
                "t_from",
                "t_to"
            ]
        );
        assert_eq!(
            transaction.text_of("date_transaction"),
            Some("2026-12-03T00:00:00")
        );
        // the decimal comma as the XML decimal point
        assert_eq!(transaction.text_of("amount_local"), Some("48250.00"));
        let from = at(transaction, "t_from");
        assert_eq!(
            names(from),
            ["from_funds_code", "from_account", "from_country"]
        );
        let account = at(from, "from_account");
        assert_eq!(
            names(account),
            [
                "institution_name",
                "swift",
                "non_banking_institution",
                "account",
                "account_name",
                "iban",
                "signatory"
            ]
        );
        assert_eq!(account.text_of("institution_name"), Some("Beispielbank AG"));
        assert_eq!(account.text_of("swift"), Some("DEUTDEFF"));
        assert_eq!(account.text_of("iban"), Some("DE89370400440532013000"));
        let holder = at(account, "signatory/t_person");
        assert_eq!(holder.text_of("last_name"), Some("Karl Ernst Brandt"));
        assert_eq!(
            holder.text_of("comments"),
            Some("address as given: Lindenweg 4, 10115 Berlin; name as given, not split into its parts")
        );
        // no country of its own: its IBAN's
        assert_eq!(from.text_of("from_country"), Some("DE"));
        let to = at(transaction, "t_to");
        let entity = at(to, "to_account/t_entity");
        // escaped on the way out, the same text on the way in
        assert_eq!(entity.text_of("name"), Some("Zafar Trading & Sons <FZE>"));
        assert_eq!(entity.text_of("incorporation_number"), Some("JAFZA-88123"));
        assert_eq!(
            entity.text_of("comments"),
            Some("country: AE; lei 5493001KJTIIGC8Y1R12")
        );
        assert_eq!(at(to, "to_account").text_of("account"), Some("0012-445566"));
        assert_eq!(at(to, "to_account").child("iban").map(|_| ()), None);
        assert_eq!(to.text_of("to_country"), Some("AE"));
        let reason = report.text_of("reason").unwrap();
        assert_eq!(
            reason,
            "Confirmed match against a sanctions list. The creditor of payment E2E-2026-0042, \
             Zafar Trading & Sons <FZE>, is ZAFAR TRADING FZE, record eu-fsf-99999 of EU \
             consolidated financial sanctions list. Same name and registration number; the LEI \
             names the same company."
        );
        let indicators: Vec<&str> = at(&report, "report_indicators")
            .children("indicator")
            .filter_map(Element::own_text)
            .collect();
        assert_eq!(indicators, ["SANC", "TF01"]);
        assert!(written.contains("<name>Zafar Trading &amp; Sons &lt;FZE&gt;</name>"));
        // the same arguments, the same bytes
        assert_eq!(write_report(&payment(), &details()).unwrap(), written);
    }

    #[test]
    fn an_mt103_is_reported_with_its_headers_banks_and_the_sides_as_entities_without_a_bank() {
        let text = "{1:F01BANKDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\n\
:20:REF-77\n\
:32A:261207USD1500,\n\
:50K:/DE89370400440532013000\n\
ACME HANDELS GMBH\n\
:59:NORTHWIND TRADING LTD\n\
PORT LOUIS\n\
-}";
        let payment = crate::swift_mt::read_messages(text)
            .remove(0)
            .unwrap()
            .into_transaction();
        let mut details = details();
        details.hit.party_role = "beneficiary".into();
        details.sender.currency_code_local = "eur".into();
        details.sender.local_amount = Some(LocalAmount {
            amount: "1380.15".into(),
            exchange_rate: "0.9201".into(),
        });
        details.sender.location = Some(ReportLocation {
            address_type: "B".into(),
            address: "Kaiserstrasse 1".into(),
            city: "Frankfurt".into(),
            country_code: "de".into(),
        });
        let report = read_back(&write_report(&payment, &details).unwrap());
        assert_eq!(at(&report, "location/country_code").own_text(), Some("DE"));
        let transaction = at(&report, "transaction");
        assert_eq!(transaction.text_of("amount_local"), Some("1380.15"));
        let from = at(transaction, "t_from");
        assert_eq!(
            names(from),
            [
                "from_funds_code",
                "from_foreign_currency",
                "from_account",
                "from_country"
            ]
        );
        let foreign = at(from, "from_foreign_currency");
        assert_eq!(foreign.text_of("foreign_currency_code"), Some("USD"));
        // MT's amount with its decimal comma and no decimals
        assert_eq!(foreign.text_of("foreign_amount"), Some("1500"));
        assert_eq!(foreign.text_of("foreign_exchange_rate"), Some("0.9201"));
        // no field 52: the sender is the ordering institution, known by its BIC
        let account = at(from, "from_account");
        assert_eq!(account.text_of("institution_name"), Some("BANKDEFF"));
        assert_eq!(account.text_of("account_name"), Some("ACME HANDELS GMBH"));
        assert_eq!(
            account.text_of("comments"),
            Some("the payment does not say whether a person or an organisation")
        );
        // the beneficiary has no account: an entity, its country its bank's (the receiver)
        let to = at(transaction, "t_to");
        assert_eq!(
            names(to),
            [
                "to_funds_code",
                "to_foreign_currency",
                "to_entity",
                "to_country"
            ]
        );
        assert_eq!(
            at(to, "to_entity").text_of("name"),
            Some("NORTHWIND TRADING LTD")
        );
        assert_eq!(to.text_of("to_country"), Some("FR"));
    }

    #[test]
    fn a_report_that_cannot_be_written_says_which_element_and_why() {
        let mut shipment = payment();
        shipment.channel = Channel::Shipment;
        let mut no_debtor = payment();
        no_debtor.parties.remove(0);
        let mut no_date = payment();
        no_date.value_date = None;
        let mut long_name = payment();
        long_name.parties[0].name = Some("A".repeat(101));
        let mut control = payment();
        control.parties[0].name = Some("Karl\u{1}Brandt".into());
        let mut no_country = payment();
        no_country.parties[2].country = None;
        no_country.parties[3].identifiers.clear();
        let mut other_currency = payment();
        other_currency.currency = Some("USD".into());
        let cases: Vec<(Transaction, ReportDetails, &str)> = vec![
            (shipment, details(), "a shipment is not reported as a goAML transaction (a payment is)"),
            (no_debtor, details(), "report/transaction/t_from: a debtor or ordering customer is needed"),
            (
                no_date,
                details(),
                "report/transaction/date_transaction: \"\" is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS)",
            ),
            (
                long_name,
                details(),
                "report/transaction/t_from/from_account/signatory/t_person/last_name: 101 characters, at most 100 are written",
            ),
            (
                control,
                details(),
                "report/transaction/t_from/from_account/account_name: the character '\\u{1}' cannot be written in XML 1.0",
            ),
            (
                no_country,
                details(),
                "report/transaction/t_to/to_country: a country (the party's, its IBAN's or its bank's) is needed",
            ),
            (
                other_currency,
                details(),
                "report/transaction/amount_local: the amount in the local currency (the payment is in another) is needed",
            ),
        ];
        for (payment, details, message) in cases {
            assert_eq!(
                write_report(&payment, &details).unwrap_err().to_string(),
                message
            );
        }
        for (change, message) in [
            (
                (|d: &mut ReportDetails| d.sender.rentity_id = "27A1".into()) as fn(&mut ReportDetails),
                "report/rentity_id: \"27A1\" is not the reporting entity's number (at most 9 digits)",
            ),
            (
                |d| d.submission_date = "2026-13-04".into(),
                "report/submission_date: \"2026-13-04\" is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS)",
            ),
            (|d| d.sender.indicators.clear(), "report/report_indicators: an indicator is needed"),
            (
                |d| d.hit.party_role = "intermediary".into(),
                "the hit names the \"intermediary\" of the payment, which has no such party",
            ),
            (
                |d| d.sender.currency_code_local = "EURO".into(),
                "report/currency_code_local: \"EURO\" is not an ISO 4217 currency",
            ),
            (|d| d.sender.action = " ".into(), "report/action: a value is needed"),
        ] {
            let mut details = details();
            change(&mut details);
            assert_eq!(write_report(&payment(), &details).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn a_party_without_an_account_is_written_as_a_person_or_an_entity() {
        let mut payment = payment();
        payment.parties[0].identifiers.clear();
        payment.parties[0].country = Some("at".into());
        payment.parties[0]
            .identifiers
            .push(PartyId::new(PartyIdKind::TaxNumber, "ATU12345678"));
        let report = read_back(&write_report(&payment, &details()).unwrap());
        let from = at(&report, "transaction/t_from");
        assert_eq!(
            names(from),
            ["from_funds_code", "from_person", "from_country"]
        );
        let person = at(from, "from_person");
        assert_eq!(names(person), ["last_name", "tax_number", "comments"]);
        assert_eq!(person.text_of("tax_number"), Some("ATU12345678"));
        assert_eq!(from.text_of("from_country"), Some("AT"));
    }
}
