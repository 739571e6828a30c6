//! SWIFT MT103 (a customer's credit transfer) and MT202 (a transfer between banks) as their
//! parties: every role a payment names (ordering customer, its bank, the correspondents,
//! the intermediary, the bank of the account, the beneficiary and its bank), each with its
//! account, BIC, name, address and country where the field gives them, and the remittance
//! text; so that each party is screened (issue 18, item 3). A file holds one message or
//! many (`{1:...}{2:...}{4:...-}` after another). A message that cannot be read is an
//! error naming its line and why; the others are read on.

use crate::identifiers::read_bic;

/// What was wrong with a message, and where (the line in the file, from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct MtError {
    pub line: usize,
    pub reason: String,
}

/// The message types read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MtKind {
    Mt103,
    Mt202,
}

/// A party's role, by the field that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyRole {
    /// The bank that sent the message (its header).
    Sender,
    /// The bank the message is addressed to (its header).
    Receiver,
    /// `50`: who orders the payment.
    OrderingCustomer,
    /// `52`: the ordering customer's bank.
    OrderingInstitution,
    /// `53`: the sender's correspondent.
    SendersCorrespondent,
    /// `54`: the receiver's correspondent.
    ReceiversCorrespondent,
    /// `55`: a third reimbursement institution.
    ThirdReimbursementInstitution,
    /// `56`: an intermediary bank.
    Intermediary,
    /// `57`: the bank that holds the beneficiary's account.
    AccountWithInstitution,
    /// `58` (MT202): the bank that is paid.
    BeneficiaryInstitution,
    /// `59`: who is paid.
    Beneficiary,
}

impl PartyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Sender => "sender",
            PartyRole::Receiver => "receiver",
            PartyRole::OrderingCustomer => "ordering_customer",
            PartyRole::OrderingInstitution => "ordering_institution",
            PartyRole::SendersCorrespondent => "senders_correspondent",
            PartyRole::ReceiversCorrespondent => "receivers_correspondent",
            PartyRole::ThirdReimbursementInstitution => "third_reimbursement_institution",
            PartyRole::Intermediary => "intermediary",
            PartyRole::AccountWithInstitution => "account_with_institution",
            PartyRole::BeneficiaryInstitution => "beneficiary_institution",
            PartyRole::Beneficiary => "beneficiary",
        }
    }

    fn of_tag(number: &str) -> Option<PartyRole> {
        Some(match number {
            "50" => PartyRole::OrderingCustomer,
            "52" => PartyRole::OrderingInstitution,
            "53" => PartyRole::SendersCorrespondent,
            "54" => PartyRole::ReceiversCorrespondent,
            "55" => PartyRole::ThirdReimbursementInstitution,
            "56" => PartyRole::Intermediary,
            "57" => PartyRole::AccountWithInstitution,
            "58" => PartyRole::BeneficiaryInstitution,
            "59" => PartyRole::Beneficiary,
            _ => return None,
        })
    }
}

/// One party of a message, as its field gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MtParty {
    pub role: Option<PartyRole>,
    pub account: Option<String>,
    pub bic: Option<String>,
    pub name: Option<String>,
    pub address: Vec<String>,
    /// ISO 3166 alpha-2, as a structured field (`50F`, `59F`) gives it.
    pub country: Option<String>,
}

/// A message read: its type, reference, value date, currency and amount (as written, the
/// decimal comma kept), its parties in the order of the message, and its remittance text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MtMessage {
    pub kind: MtKind,
    /// The line of the file the message starts on.
    pub line: usize,
    pub reference: String,
    pub value_date: Option<String>,
    pub currency: Option<String>,
    pub amount: Option<String>,
    pub parties: Vec<MtParty>,
    /// `70` (to the beneficiary) and `72` (bank to bank), line by line.
    pub remittance: Vec<String>,
}

/// The most bytes of one message, and of the fields in one.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;
const MAX_FIELDS: usize = 200;

/// Every message of `text`, each read or an error saying where and why.
pub fn read_messages(text: &str) -> Vec<Result<MtMessage, MtError>> {
    let mut messages = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while let Some(start) = rest.find("{1:") {
        line += rest[..start].matches('\n').count();
        let message = &rest[start..];
        let end = message[3..]
            .find("{1:")
            .map_or(message.len(), |next| next + 3);
        messages.push(read_message(&message[..end], line));
        line += message[..end].matches('\n').count();
        rest = &message[end..];
    }
    if messages.is_empty() && !text.trim().is_empty() {
        messages.push(Err(MtError {
            line: 1,
            reason: "no message: a SWIFT MT message starts with its basic header \"{1:\""
                .to_string(),
        }));
    }
    messages
}

/// One message, starting with `{1:`, on line `line` of its file.
fn read_message(text: &str, line: usize) -> Result<MtMessage, MtError> {
    let error = |at: usize, reason: String| MtError {
        line: line + at,
        reason,
    };
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(error(
            0,
            format!("the message is larger than {MAX_MESSAGE_BYTES} bytes"),
        ));
    }
    let basic = block(text, "{1:").ok_or_else(|| error(0, "no basic header {1:...}".into()))?;
    let application =
        block(text, "{2:").ok_or_else(|| error(0, "no application header {2:...}".into()))?;
    let kind = match application.get(1..4) {
        Some("103") => MtKind::Mt103,
        Some("202") => MtKind::Mt202,
        other => {
            return Err(error(
                0,
                format!(
                    "message type {:?} is not one read here (103, 202)",
                    other.unwrap_or(application)
                ),
            ))
        }
    };
    // the logical terminals (a BIC8, a terminal letter, a branch) of the two banks
    let terminal = |address: Option<&str>| {
        address
            .filter(|a| a.len() == 12 && a.is_ascii())
            .map(|a| format!("{}{}", &a[..8], &a[9..12]))
    };
    let (sender, receiver) = match application.get(..1) {
        // sent: block 1 is the sender, block 2 names the receiver
        Some("I") => (terminal(basic.get(3..15)), terminal(application.get(4..16))),
        // received: block 1 is the receiver, the message input reference names the sender
        Some("O") => (
            terminal(application.get(14..26)),
            terminal(basic.get(3..15)),
        ),
        _ => {
            return Err(error(
                0,
                format!("application header {application:?} is neither input (I) nor output (O)"),
            ))
        }
    };
    let body_start = text
        .find("{4:")
        .ok_or_else(|| error(0, "no text block {4:...-}".into()))?;
    let body_line = text[..body_start].matches('\n').count();
    let body = &text[body_start + 3..];
    let body_end = body
        .find("\n-}")
        .or_else(|| body.find("-}"))
        .ok_or_else(|| error(body_line, "the text block does not end with \"-}\"".into()))?;
    let fields = fields(&body[..body_end], line + body_line)?;

    let mut message = MtMessage {
        kind,
        line,
        reference: String::new(),
        value_date: None,
        currency: None,
        amount: None,
        parties: Vec::new(),
        remittance: Vec::new(),
    };
    for (role, address) in [(PartyRole::Sender, sender), (PartyRole::Receiver, receiver)] {
        let Some(address) = address else { continue };
        // a branch of XXX is the bank's head office: its BIC8
        let bic = read_bic(address.trim_end_matches("XXX")).map_err(|problem| {
            error(
                0,
                format!("the header's {} address: {problem}", role.as_str()),
            )
        })?;
        message.parties.push(MtParty {
            role: Some(role),
            bic: Some(bic.value),
            ..MtParty::default()
        });
    }
    for field in &fields {
        let at = |reason: String| MtError {
            line: field.line,
            reason: format!("field :{}: {reason}", field.tag),
        };
        let number = &field.tag[..2.min(field.tag.len())];
        let option = field.tag[number.len()..].chars().next();
        match number {
            "20" => message.reference = field.lines.join(" ").trim().to_string(),
            "32" => {
                let value = field.lines.first().map(String::as_str).unwrap_or("");
                // YYMMDD, a currency and at least one digit: ten letters of ASCII at least
                let readable = value.is_ascii() && value.len() >= 10;
                let (date, rest) = value.split_at(if readable { 6 } else { 0 });
                if !readable || !date.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(at(format!(
                        "{value:?} is not YYMMDD, a currency and an amount"
                    )));
                }
                message.value_date =
                    Some(format!("20{}-{}-{}", &date[..2], &date[2..4], &date[4..6]));
                message.currency = Some(rest[..3].to_string());
                message.amount = Some(rest[3..].to_string());
            }
            "70" | "72" => message.remittance.extend(field.lines.iter().cloned()),
            _ => {
                if let Some(role) = PartyRole::of_tag(number) {
                    let mut party = party(option, &field.lines).map_err(at)?;
                    party.role = Some(role);
                    message.parties.push(party);
                }
            }
        }
    }
    if message.reference.is_empty() {
        return Err(error(
            body_line,
            "no transaction reference (field :20:)".into(),
        ));
    }
    Ok(message)
}

/// The text of block `{N:` (to its closing brace), for the headers.
fn block<'a>(text: &'a str, opening: &str) -> Option<&'a str> {
    let start = text.find(opening)? + opening.len();
    let end = text[start..].find('}')?;
    Some(&text[start..start + end])
}

struct Field {
    tag: String,
    line: usize,
    lines: Vec<String>,
}

/// The fields of a text block: each `:TAG:` starting a line, the lines after it its own.
fn fields(body: &str, first_line: usize) -> Result<Vec<Field>, MtError> {
    let mut fields: Vec<Field> = Vec::new();
    for (index, raw) in body.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let number = first_line + index;
        if let Some(rest) = line.strip_prefix(':') {
            if let Some(end) = rest.find(':') {
                let tag = &rest[..end];
                let is_tag = (2..=3).contains(&tag.len())
                    && tag.is_ascii()
                    && tag[..2].bytes().all(|b| b.is_ascii_digit())
                    && tag[2..].bytes().all(|b| b.is_ascii_uppercase());
                if is_tag {
                    if fields.len() >= MAX_FIELDS {
                        return Err(MtError {
                            line: number,
                            reason: format!("more than {MAX_FIELDS} fields in one message"),
                        });
                    }
                    fields.push(Field {
                        tag: tag.to_string(),
                        line: number,
                        lines: vec![rest[end + 1..].to_string()],
                    });
                    continue;
                }
            }
        }
        match fields.last_mut() {
            Some(field) => field.lines.push(line.to_string()),
            None if line.trim().is_empty() => {}
            None => {
                return Err(MtError {
                    line: number,
                    reason: format!("{line:?} is in no field (a field starts with :TAG:)"),
                })
            }
        }
    }
    Ok(fields)
}

/// A party field of option `option` (`A` a BIC, `F` structured, `K`, `D` and none: a name
/// and address; `B` a location, `C` an account), its lines as written.
fn party(option: Option<char>, lines: &[String]) -> Result<MtParty, String> {
    let mut party = MtParty::default();
    let mut lines: Vec<&str> = lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect();
    // an account first, as `/account` (or `/C/account`, `/D/account`)
    if let Some(first) = lines.first() {
        if let Some(account) = first.strip_prefix('/') {
            let account = account
                .strip_prefix("C/")
                .or_else(|| account.strip_prefix("D/"))
                .unwrap_or(account);
            party.account = Some(account.to_string());
            lines.remove(0);
        }
    }
    match option {
        Some('A') => {
            let bic = lines.first().ok_or("has no BIC")?;
            let bic = read_bic(bic).map_err(|problem| problem.to_string())?;
            party.bic = Some(bic.value);
        }
        Some('F') => {
            // the party identifier (`CODE/COUNTRY/ID`) when there is no account line
            if let Some(first) = lines.first() {
                if !first.starts_with(|c: char| c.is_ascii_digit()) {
                    party.account = party.account.or_else(|| Some(first.to_string()));
                    lines.remove(0);
                }
            }
            for line in lines {
                let Some((number, value)) = line.split_once('/') else {
                    return Err(format!(
                        "{line:?} is not a numbered line (1/name, 2/address, 3/country/town)"
                    ));
                };
                match number {
                    "1" => {
                        let name = party
                            .name
                            .take()
                            .map_or(value.to_string(), |name| format!("{name} {value}"));
                        party.name = Some(name);
                    }
                    "2" => party.address.push(value.to_string()),
                    "3" => {
                        let (country, town) = value.split_once('/').unwrap_or((value, ""));
                        party.country = Some(country.to_lowercase());
                        if !town.is_empty() {
                            party.address.push(town.to_string());
                        }
                    }
                    // a date and place of birth, a national identity number...: kept as address lines
                    _ => party.address.push(value.to_string()),
                }
            }
        }
        Some('C') => {}
        _ => {
            let mut lines = lines.into_iter();
            party.name = lines.next().map(str::to_string);
            party.address = lines.map(str::to_string).collect();
        }
    }
    Ok(party)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A customer transfer as a bank sends it (written for these tests: the people and
    /// the accounts are fictional; the BICs are banks' published ones).
    const MT103: &str = "{1:F01DEUTDEFFAXXX0000000000}{2:I103BNPAFRPPXXXXN}{4:\r
:20:REF-2026-0001\r
:23B:CRED\r
:32A:261204EUR12500,00\r
:50K:/DE89370400440532013000\r
KHALID SAEED BARAKAT\r
12 EXAMPLE STREET\r
AMMAN\r
:52A:DEUTDEFF\r
:56A:CHASUS33\r
:57A:BNPAFRPP\r
:59:/FR7630006000011234567890189\r
AL NOOR TRADING CO\r
RUE EXEMPLE 1\r
PARIS\r
:70:INVOICE 2026/17 GOODS\r
:71A:SHA\r
-}";

    #[test]
    fn every_party_of_a_customer_transfer_is_read_with_its_role() {
        let messages = read_messages(MT103);
        assert_eq!(messages.len(), 1);
        let message = messages[0].as_ref().unwrap();
        assert_eq!(message.kind, MtKind::Mt103);
        assert_eq!(message.reference, "REF-2026-0001");
        assert_eq!(message.value_date.as_deref(), Some("2026-12-04"));
        assert_eq!(message.currency.as_deref(), Some("EUR"));
        assert_eq!(message.amount.as_deref(), Some("12500,00"));
        let roles: Vec<&str> = message
            .parties
            .iter()
            .map(|p| p.role.unwrap().as_str())
            .collect();
        assert_eq!(
            roles,
            [
                "sender",
                "receiver",
                "ordering_customer",
                "ordering_institution",
                "intermediary",
                "account_with_institution",
                "beneficiary"
            ]
        );
        assert_eq!(message.parties[0].bic.as_deref(), Some("DEUTDEFF"));
        assert_eq!(message.parties[1].bic.as_deref(), Some("BNPAFRPP"));
        let customer = &message.parties[2];
        assert_eq!(customer.account.as_deref(), Some("DE89370400440532013000"));
        assert_eq!(customer.name.as_deref(), Some("KHALID SAEED BARAKAT"));
        assert_eq!(customer.address, ["12 EXAMPLE STREET", "AMMAN"]);
        assert_eq!(message.parties[4].bic.as_deref(), Some("CHASUS33"));
        let beneficiary = &message.parties[6];
        assert_eq!(beneficiary.name.as_deref(), Some("AL NOOR TRADING CO"));
        assert_eq!(
            beneficiary.account.as_deref(),
            Some("FR7630006000011234567890189")
        );
        assert_eq!(message.remittance, ["INVOICE 2026/17 GOODS"]);
    }

    #[test]
    fn structured_parties_give_their_country_and_a_file_holds_many_messages() {
        let structured = "{1:F01BNPAFRPPAXXX0000000000}{2:I103DEUTDEFFXXXXN}{4:
:20:REF-2
:32A:261205USD900,
:50F:/JO94CBJO0010000000000131000302
1/YUSUF ADNAN
1/HADDAD
2/KING HUSSEIN STREET 3
3/JO/AMMAN
:59F:/IQ98NBIQ850123456789012
1/RANA NASSER
3/IQ/BAGHDAD
-}";
        let bank_transfer =
            "{1:F01DEUTDEFFAXXX0000000000}{2:O2021200261204CHASUS33AXXX00000000002612041200N}{4:
:20:COVER-9
:21:REF-2026-0001
:32A:261204EUR12500,00
:58A:/12345
BNPAFRPP
-}";
        let file = format!("{MT103}\n{structured}\n\n{bank_transfer}\n");
        let messages = read_messages(&file);
        assert_eq!(messages.len(), 3);
        let second = messages[1].as_ref().unwrap();
        assert_eq!(second.line, 19);
        let ordering = &second.parties[2];
        assert_eq!(ordering.name.as_deref(), Some("YUSUF ADNAN HADDAD"));
        assert_eq!(ordering.country.as_deref(), Some("jo"));
        assert_eq!(ordering.address, ["KING HUSSEIN STREET 3", "AMMAN"]);
        assert_eq!(second.parties[3].country.as_deref(), Some("iq"));
        let third = messages[2].as_ref().unwrap();
        assert_eq!(third.kind, MtKind::Mt202);
        // received: the sender from the message input reference, the receiver from block 1
        assert_eq!(third.parties[0].bic.as_deref(), Some("CHASUS33"));
        assert_eq!(third.parties[1].bic.as_deref(), Some("DEUTDEFF"));
        assert_eq!(
            third.parties[2].role,
            Some(PartyRole::BeneficiaryInstitution)
        );
        assert_eq!(third.parties[2].bic.as_deref(), Some("BNPAFRPP"));
        assert_eq!(third.parties[2].account.as_deref(), Some("12345"));
    }

    #[test]
    fn a_message_that_cannot_be_read_says_where_and_the_others_are_read_on() {
        let bad_bic = MT103.replace(":56A:CHASUS33", ":56A:CHASZZ33");
        let bad_amount = MT103.replace(":32A:261204EUR12500,00", ":32A:EUR");
        let no_reference = MT103.replace(":20:REF-2026-0001\r\n", "");
        let other_type = MT103.replace("{2:I103", "{2:I940");
        let file = [
            bad_bic.as_str(),
            &bad_amount,
            &no_reference,
            &other_type,
            MT103,
        ]
        .join("\n");
        let messages = read_messages(&file);
        assert_eq!(messages.len(), 5);
        let errors: Vec<String> = messages[..4]
            .iter()
            .map(|m| m.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            errors[0],
            "line 10: field :56A: bic \"CHASZZ33\" names no country (\"ZZ\" is not an ISO 3166 code)"
        );
        assert_eq!(
            errors[1],
            "line 22: field :32A: \"EUR\" is not YYMMDD, a currency and an amount"
        );
        assert_eq!(errors[2], "line 37: no transaction reference (field :20:)");
        assert_eq!(
            errors[3],
            "line 54: message type \"940\" is not one read here (103, 202)"
        );
        assert!(messages[4].is_ok());
        assert_eq!(
            read_messages("hello")[0].as_ref().unwrap_err().to_string(),
            "line 1: no message: a SWIFT MT message starts with its basic header \"{1:\""
        );
        assert!(read_messages("").is_empty());
        // a header's address that is no BIC
        let header = MT103.replace("{1:F01DEUTDEFFAXXX", "{1:F01DEUTDE\"FAXXX");
        assert_eq!(
            read_messages(&header)[0].as_ref().unwrap_err().to_string(),
            "line 1: the header's sender address: bic \"DEUTDE\\\"F\" has '\"' at position 7, where a letter or a digit belongs"
        );
        // characters of more than a byte where the headers and fields have letters
        let odd = MT103
            .replace(":32A:261204EUR12500,00", ":32A:2612é04EUR1")
            .replace("{2:I103BNPAFRPPXXXXN}", "{2:I103BNPAFRPPé}");
        assert_eq!(
            read_messages(&odd)[0].as_ref().unwrap_err().to_string(),
            "line 4: field :32A: \"2612é04EUR1\" is not YYMMDD, a currency and an amount"
        );
    }

    proptest::proptest! {
        /// Any text is read without a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "(\\{[124]:|:[0-9]{2}[A-Z]?:|-\\}|\\PC|\n){0,80}") {
            let _ = read_messages(&text);
        }
    }
}
