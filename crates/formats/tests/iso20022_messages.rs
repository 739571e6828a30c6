//! ISO 20022 payment messages (`pacs.008`, `pacs.009` with its `COV` form, `pain.001`)
//! read as their parties: the messages of `tests/fixtures/iso20022/` (written for these
//! tests after the published message definitions and the CBPR+ usage guidelines; every
//! party is fictional) and small documents made from them, each checked for what the
//! screening is given: roles, names, addresses, countries, identifiers, free texts, and
//! where and why a message or a transaction is refused.

use gatecheck_formats::iso20022::{
    read_payments, Iso20022Error, MAX_DOCUMENT_BYTES, MAX_REPEATED_BYTES,
};
use gatecheck_formats::parties::{Party, PartyId, PartyIdKind, PartyKind, Transaction};
use std::path::Path;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/iso20022")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Every transaction of a document that must read without a fault.
fn transactions(xml: &str) -> Vec<Transaction> {
    read_payments(xml)
        .unwrap_or_else(|error| panic!("the document is refused: {error}"))
        .into_iter()
        .map(|transaction| transaction.unwrap_or_else(|error| panic!("refused: {error}")))
        .collect()
}

fn document_error(xml: &str) -> String {
    match read_payments(xml) {
        Ok(transactions) => panic!("the document is read: {transactions:?}"),
        Err(error) => error.to_string(),
    }
}

fn roles(transaction: &Transaction) -> Vec<&str> {
    transaction
        .parties
        .iter()
        .map(|party| party.role.as_str())
        .collect()
}

fn party<'t>(transaction: &'t Transaction, role: &str) -> &'t Party {
    transaction
        .parties
        .iter()
        .find(|party| party.role == role)
        .unwrap_or_else(|| panic!("no {role} in {:?}", roles(transaction)))
}

fn ids(party: &Party) -> Vec<(PartyIdKind, &str)> {
    party
        .identifiers
        .iter()
        .map(|id| (id.kind, id.value.as_str()))
        .collect()
}

fn id(kind: PartyIdKind, value: &str, country: Option<&str>, scheme: Option<&str>) -> PartyId {
    PartyId {
        kind,
        value: value.to_string(),
        country: country.map(str::to_string),
        scheme: scheme.map(str::to_string),
    }
}

#[test]
fn every_party_of_a_customer_transfer_in_its_envelope_is_read_with_its_role() {
    let payments = transactions(&fixture("pacs008_cbpr_envelope.xml"));
    assert_eq!(payments.len(), 1);
    let payment = &payments[0];
    assert_eq!(payment.format, "pacs.008");
    assert_eq!(payment.reference, "INV-2026-4471");
    assert_eq!(payment.value_date.as_deref(), Some("2026-12-04"));
    assert_eq!(payment.currency.as_deref(), Some("EUR"));
    assert_eq!(payment.amount.as_deref(), Some("12500.00"));
    // the line of <CdtTrfTxInf>
    assert_eq!(payment.line, 36);
    assert_eq!(
        roles(payment),
        [
            "sender",
            "receiver",
            "previous_instructing_agent_1",
            "instructing_agent",
            "instructed_agent",
            "intermediary_agent_1",
            "intermediary_agent_2",
            "ultimate_debtor",
            "initiating_party",
            "debtor",
            "debtor_agent",
            "creditor_agent",
            "creditor",
            "ultimate_creditor",
        ]
    );
    // the header's banks, BICs in their electronic form
    assert_eq!(
        ids(party(payment, "sender")),
        [(PartyIdKind::Bic, "FICTDEFFXXX")]
    );
    assert_eq!(party(payment, "receiver").kind, PartyKind::Institution);

    let debtor = party(payment, "debtor");
    assert_eq!(debtor.kind, PartyKind::Person);
    assert_eq!(debtor.name.as_deref(), Some("Khalid Saeed Barakat"));
    assert_eq!(
        debtor.address,
        ["Example Street 12", "11118 Amman", "Amman Governorate"]
    );
    // the address's country before the country of residence
    assert_eq!(debtor.country.as_deref(), Some("jo"));
    assert_eq!(
        debtor.identifiers,
        [
            id(PartyIdKind::Other, "N1234567", Some("jo"), Some("CCPT")),
            id(PartyIdKind::TaxNumber, "9871234560", None, Some("TXID")),
            id(PartyIdKind::Iban, "DE89370400440532013000", None, None),
        ]
    );

    let creditor = party(payment, "creditor");
    assert_eq!(creditor.kind, PartyKind::Organisation);
    assert_eq!(creditor.name.as_deref(), Some("Northwind Trading Ltd"));
    assert_eq!(
        creditor.address,
        [
            "Accounts Receivable",
            "Harbour Road 7, Quay House",
            "BS1 4XX Bristol"
        ]
    );
    assert_eq!(creditor.country.as_deref(), Some("gb"));
    assert_eq!(
        creditor.identifiers,
        [
            id(PartyIdKind::Bic, "NWTRGB21", None, None),
            id(
                PartyIdKind::Registration,
                "09876543",
                Some("gb"),
                Some("COID")
            ),
            id(
                PartyIdKind::Other,
                "C-44120",
                None,
                Some("CUST issued by Example Bank plc")
            ),
            id(PartyIdKind::Iban, "GB29NWBK60161331926819", None, None),
        ]
    );

    let ultimate_debtor = party(payment, "ultimate_debtor");
    assert_eq!(ultimate_debtor.kind, PartyKind::Organisation);
    assert_eq!(
        ids(ultimate_debtor),
        [(PartyIdKind::Lei, "529900FICTIVE0ACME43")]
    );
    let ultimate_creditor = party(payment, "ultimate_creditor");
    assert_eq!(ultimate_creditor.kind, PartyKind::Person);
    // no address: the country of residence is the party's country
    assert_eq!(ultimate_creditor.country.as_deref(), Some("iq"));
    let initiating = party(payment, "initiating_party");
    assert_eq!(
        initiating.name.as_deref(),
        Some("Acme Treasury Services GmbH")
    );
    assert_eq!(initiating.kind, PartyKind::Unknown);

    let debtor_agent = party(payment, "debtor_agent");
    assert_eq!(debtor_agent.kind, PartyKind::Institution);
    assert_eq!(
        debtor_agent.name.as_deref(),
        Some("Fictional Bank Frankfurt")
    );
    assert_eq!(
        ids(debtor_agent),
        [
            (PartyIdKind::Bic, "FICTDEFF"),
            (PartyIdKind::Lei, "5493000EXAMPLE0BAN67")
        ]
    );
    let creditor_agent = party(payment, "creditor_agent");
    assert_eq!(
        creditor_agent.address,
        ["1 Sample Square", "London EC2V 7XX"]
    );
    assert_eq!(creditor_agent.country.as_deref(), Some("gb"));
    let intermediary = party(payment, "intermediary_agent_1");
    assert_eq!(
        intermediary.identifiers,
        [
            id(PartyIdKind::Bic, "DEMOUS33XXX", None, None),
            id(PartyIdKind::Other, "026009999", None, Some("USABA")),
            id(PartyIdKind::Account, "400123987", None, None),
        ]
    );
    let second = party(payment, "intermediary_agent_2");
    assert_eq!(second.name.as_deref(), Some("Second Intermediary Trust"));
    assert_eq!(second.address, ["Valletta"]);
    assert_eq!(second.country.as_deref(), Some("mt"));
    assert_eq!(
        party(payment, "previous_instructing_agent_1")
            .name
            .as_deref(),
        Some("Previous Example Bank AG")
    );

    let texts: Vec<(&str, &str)> = payment
        .texts
        .iter()
        .map(|text| (text.role.as_str(), text.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("bank_to_bank", "CALL BENEFICIARY BEFORE CREDIT"),
            ("bank_to_bank", "/ACC/PAY VIA DEMO BANK NEW YORK"),
            ("purpose", "MACHINE PARTS"),
            ("remittance", "INVOICE 2026/4471 PUMPS AND VALVES"),
        ]
    );
}

#[test]
fn a_cover_payment_gives_its_banks_and_the_parties_of_the_transfer_it_covers() {
    let payments = transactions(&fixture("pacs009_cov.xml"));
    assert_eq!(payments.len(), 1);
    let cover = &payments[0];
    assert_eq!(cover.format, "pacs.009");
    // an end-to-end id "NOTPROVIDED" is none: the transaction's id is the reference
    assert_eq!(cover.reference, "GC-COV-TX-9");
    assert_eq!(cover.value_date.as_deref(), Some("2026-12-05"));
    assert_eq!(cover.currency.as_deref(), Some("USD"));
    assert_eq!(cover.amount.as_deref(), Some("48000.50"));
    assert_eq!(
        roles(cover),
        [
            "instructed_reimbursement_agent",
            "instructing_agent",
            "instructed_agent",
            "debtor",
            "creditor_agent",
            "creditor",
            "underlying_ultimate_debtor",
            "underlying_debtor",
            "underlying_debtor_agent",
            "underlying_intermediary_agent_1",
            "underlying_creditor_agent",
            "underlying_creditor",
        ]
    );
    // the debtor and the creditor of a transfer between banks are banks
    let debtor = party(cover, "debtor");
    assert_eq!(debtor.kind, PartyKind::Institution);
    assert_eq!(debtor.name.as_deref(), Some("Fictional Bank Frankfurt"));
    let creditor = party(cover, "creditor");
    assert_eq!(creditor.kind, PartyKind::Institution);
    assert_eq!(
        creditor.identifiers,
        [
            id(PartyIdKind::Bic, "SAMPJOAX", None, None),
            id(PartyIdKind::Other, "AMMAN-07", None, Some("branch")),
            id(PartyIdKind::Account, "7700112233", None, None),
        ]
    );
    assert_eq!(
        ids(party(cover, "instructed_reimbursement_agent")),
        [(PartyIdKind::Bic, "RMBSCHZZ")]
    );

    let customer = party(cover, "underlying_debtor");
    assert_eq!(customer.kind, PartyKind::Organisation);
    assert_eq!(customer.name.as_deref(), Some("Acme Handels GmbH"));
    assert_eq!(
        customer.address,
        ["Hauptstrasse 1", "60311 Frankfurt am Main"]
    );
    assert_eq!(customer.country.as_deref(), Some("de"));
    assert_eq!(
        customer.identifiers,
        [
            id(
                PartyIdKind::TaxNumber,
                "DE123456789",
                Some("de"),
                Some("TXID")
            ),
            id(PartyIdKind::Iban, "DE89370400440532013000", None, None),
        ]
    );
    let beneficiary = party(cover, "underlying_creditor");
    assert_eq!(beneficiary.name.as_deref(), Some("Al Noor Trading Co"));
    assert_eq!(beneficiary.address, ["King Hussein Street 3", "Amman"]);
    assert_eq!(beneficiary.country.as_deref(), Some("jo"));
    assert_eq!(
        ids(beneficiary),
        [(PartyIdKind::Iban, "JO94CBJO0010000000000131000302")]
    );
    assert_eq!(
        ids(party(cover, "underlying_intermediary_agent_1")),
        [(PartyIdKind::Bic, "DEMOUS33")]
    );
    assert_eq!(cover.texts.len(), 1);
    assert_eq!(cover.texts[0].role, "remittance");
    assert_eq!(cover.texts[0].text, "CONTRACT 77/2026 GENERATORS");
}

#[test]
fn each_payment_of_an_initiation_carries_the_debtor_of_its_payment_block() {
    let payments = transactions(&fixture("pain001_two_payment_blocks.xml"));
    assert_eq!(payments.len(), 3);
    assert!(payments.iter().all(|payment| payment.format == "pain.001"));
    let references: Vec<&str> = payments.iter().map(|p| p.reference.as_str()).collect();
    // the third's end-to-end id is not provided: its instruction id instead
    assert_eq!(
        references,
        ["ACME-E2E-0001", "ACME-E2E-0002", "ACME-I-0003"]
    );
    let lines: Vec<usize> = payments.iter().map(|p| p.line).collect();
    assert_eq!(lines, [53, 88, 142]);

    let first = &payments[0];
    assert_eq!(
        roles(first),
        [
            "initiating_party",
            "debtor",
            "debtor_agent",
            "ultimate_debtor",
            "creditor_agent",
            "creditor",
            "invoicer",
        ]
    );
    assert_eq!(first.value_date.as_deref(), Some("2026-12-07"));
    assert_eq!(first.currency.as_deref(), Some("EUR"));
    assert_eq!(first.amount.as_deref(), Some("1500.00"));
    assert_eq!(
        party(first, "initiating_party").identifiers,
        [id(
            PartyIdKind::Other,
            "ACME-BANKING-01",
            None,
            Some("EBICS")
        )]
    );
    assert_eq!(
        ids(party(first, "debtor")),
        [(PartyIdKind::Iban, "DE89370400440532013000")]
    );
    assert_eq!(party(first, "debtor").country.as_deref(), Some("de"));
    assert_eq!(
        party(first, "invoicer").name.as_deref(),
        Some("Societe Exemple Facturation")
    );
    let first_texts: Vec<&str> = first.texts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(first_texts, ["RF18539007547034", "PARTS FOR ORDER 8812"]);

    // the block's debtor and ultimate debtor apply to its second payment too
    let second = &payments[1];
    assert_eq!(
        roles(second),
        [
            "initiating_party",
            "debtor",
            "debtor_agent",
            "ultimate_debtor",
            "creditor_agent",
            "creditor",
            "ultimate_creditor",
        ]
    );
    assert_eq!(
        party(second, "ultimate_debtor").name.as_deref(),
        Some("Acme Holding SE")
    );
    assert_eq!(second.amount.as_deref(), Some("250.25"));

    // the second block: another account, another date, no ultimate debtor
    let third = &payments[2];
    assert_eq!(
        roles(third),
        [
            "initiating_party",
            "debtor",
            "debtor_agent",
            "intermediary_agent_1",
            "creditor_agent",
            "creditor",
        ]
    );
    assert_eq!(third.value_date.as_deref(), Some("2026-12-08"));
    assert_eq!(third.currency.as_deref(), Some("USD"));
    assert_eq!(
        party(third, "debtor").identifiers,
        [id(PartyIdKind::Account, "0532013999", None, Some("BBAN"))]
    );
    assert_eq!(third.texts.len(), 1);
    assert_eq!(third.texts[0].role, "bank_to_bank");
    assert_eq!(third.texts[0].text, "URGENT, CALL TREASURY");
}

/// A batch of three transactions between banks, each paying `{creditor}` through
/// `{bic}` the amount `{amount}`.
fn batch(transactions: &[(&str, &str, &str)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n\
<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10\">\n\
<FIToFICstmrCdtTrf>\n\
<GrpHdr><MsgId>BATCH-1</MsgId><NbOfTxs>3</NbOfTxs><SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>\n\
<InstgAgt><FinInstnId><BICFI>FICTDEFF</BICFI></FinInstnId></InstgAgt></GrpHdr>\n",
    );
    for (index, (creditor, bic, amount)) in transactions.iter().enumerate() {
        xml.push_str(&format!(
            "<CdtTrfTxInf>\n\
<PmtId><EndToEndId>E2E-{number}</EndToEndId></PmtId>\n\
<IntrBkSttlmAmt Ccy=\"EUR\">{amount}</IntrBkSttlmAmt>\n\
<Dbtr><Nm>Acme Handels GmbH</Nm></Dbtr>\n\
<CdtrAgt><FinInstnId><BICFI>{bic}</BICFI></FinInstnId></CdtrAgt>\n\
<Cdtr><Nm>{creditor}</Nm></Cdtr>\n\
</CdtTrfTxInf>\n",
            number = index + 1
        ));
    }
    xml.push_str("</FIToFICstmrCdtTrf>\n</Document>\n");
    xml
}

#[test]
fn a_transaction_that_cannot_be_read_names_its_element_and_line_and_the_others_are_read() {
    let xml = batch(&[
        ("Northwind Trading Ltd", "EXMPGB2L", "100.00"),
        ("Societe Exemple SARL", "EXMPZZPP", "200.00"),
        ("Esempio Logistica SpA", "EXMPITMM", "12,50"),
        ("Al Noor Trading Co", "SAMPJOAX", "400"),
    ]);
    let read = read_payments(&xml).unwrap();
    assert_eq!(read.len(), 4);
    let first = read[0].as_ref().unwrap();
    assert_eq!(first.reference, "E2E-1");
    // the group's instructing agent applies to every transaction
    assert_eq!(
        roles(first),
        ["instructing_agent", "debtor", "creditor_agent", "creditor"]
    );
    let bad_bic: &Iso20022Error = read[1].as_ref().unwrap_err();
    assert_eq!(
        bad_bic.path,
        "FIToFICstmrCdtTrf/CdtTrfTxInf[2]/CdtrAgt/FinInstnId/BICFI"
    );
    assert_eq!(bad_bic.line, 17);
    assert_eq!(
        bad_bic.to_string(),
        "line 17: FIToFICstmrCdtTrf/CdtTrfTxInf[2]/CdtrAgt/FinInstnId/BICFI: bic \"EXMPZZPP\" names no country (\"ZZ\" is not an ISO 3166 code)"
    );
    assert_eq!(
        read[2].as_ref().unwrap_err().to_string(),
        "line 22: FIToFICstmrCdtTrf/CdtTrfTxInf[3]/IntrBkSttlmAmt: \"12,50\" is not an amount"
    );
    let last = read[3].as_ref().unwrap();
    assert_eq!(last.reference, "E2E-4");
    assert_eq!(last.line, 27);
    assert_eq!(
        party(last, "creditor").name.as_deref(),
        Some("Al Noor Trading Co")
    );
}

#[test]
fn a_value_too_long_or_a_bad_date_or_currency_refuses_only_its_transaction() {
    let long_name = "A".repeat(1_001);
    let xml = batch(&[
        (&long_name, "EXMPGB2L", "1"),
        ("Northwind Trading Ltd", "EXMPGB2L", "1"),
    ])
    .replace(
        "<IntrBkSttlmAmt Ccy=\"EUR\">1</IntrBkSttlmAmt>\n<Dbtr><Nm>Acme Handels GmbH</Nm></Dbtr>\n<CdtrAgt><FinInstnId><BICFI>EXMPGB2L</BICFI></FinInstnId></CdtrAgt>\n<Cdtr><Nm>Northwind",
        "<IntrBkSttlmAmt Ccy=\"eur\">1</IntrBkSttlmAmt>\n<Dbtr><Nm>Acme Handels GmbH</Nm></Dbtr>\n<CdtrAgt><FinInstnId><BICFI>EXMPGB2L</BICFI></FinInstnId></CdtrAgt>\n<Cdtr><Nm>Northwind",
    );
    let read = read_payments(&xml).unwrap();
    assert_eq!(
        read[0].as_ref().unwrap_err().to_string(),
        "line 11: FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm: longer than 1000 characters"
    );
    assert_eq!(
        read[1].as_ref().unwrap_err().to_string(),
        "line 15: FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt: currency \"eur\" is not an ISO 4217 code"
    );
    let dated = batch(&[("Northwind Trading Ltd", "EXMPGB2L", "1")]).replace(
        "<Dbtr>",
        "<IntrBkSttlmDt>4 December 2026</IntrBkSttlmDt><Dbtr>",
    );
    assert_eq!(
        read_payments(&dated).unwrap()[0]
            .as_ref()
            .unwrap_err()
            .to_string(),
        "line 9: FIToFICstmrCdtTrf/CdtTrfTxInf[1]/IntrBkSttlmDt: \"4 December 2026\" is not a date (YYYY-MM-DD)"
    );
}

#[test]
fn xml_that_is_not_well_formed_is_refused_with_its_line() {
    let good = fixture("pacs009_cov.xml");
    let unclosed = good.replace("</Dbtr>\n      <CdtrAgt>", "\n      <CdtrAgt>");
    // the fault is found where the transaction ends with the debtor still open
    assert_eq!(
        document_error(&unclosed),
        "line 129: not well-formed XML (byte 3509): ill-formed document: expected `</Dbtr>`, but `</CdtTrfTxInf>` was found"
    );
    let mismatched = good.replace("<MsgId>GC-COV-2026-0009</MsgId>", "<MsgId>GC</Msgid>");
    let error = document_error(&mismatched);
    assert!(error.starts_with("line 9: not well-formed XML"), "{error}");
    let entity = good.replace("Acme Holding SE", "Acme &unknown; SE");
    assert!(document_error(&entity).contains("unknown entity &unknown;"));
    assert_eq!(
        document_error("a payment"),
        "line 1: not an XML document with one root element"
    );
    assert_eq!(
        document_error(""),
        "line 1: not an XML document with one root element"
    );
    let deep = format!(
        "<Document>\n{}{}</Document>",
        "<a>".repeat(40),
        "</a>".repeat(40)
    );
    let error = document_error(&deep);
    assert!(error.starts_with("line 2: not well-formed XML"), "{error}");
    assert!(error.contains("nested deeper than"), "{error}");
}

#[test]
fn a_document_that_is_no_payment_read_here_is_refused_saying_what_it_is() {
    let statement = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt><GrpHdr><MsgId>S1</MsgId></GrpHdr></BkToCstmrStmt>\n</Document>";
    assert_eq!(
        document_error(statement),
        "line 3: BkToCstmrStmt: message <BkToCstmrStmt> (camt.053.001.08) is not one read here: FIToFICstmrCdtTrf (pacs.008), FICdtTrf (pacs.009), CstmrCdtTrfInitn (pain.001)"
    );
    assert_eq!(
        document_error("<Invoice><Nm>x</Nm></Invoice>"),
        "line 1: no ISO 20022 payment message: the root <Invoice> holds no <Document> and is none of FIToFICstmrCdtTrf (pacs.008), FICdtTrf (pacs.009), CstmrCdtTrfInitn (pain.001)"
    );
    // a namespace that names another message than the element
    let cover = fixture("pacs009_cov.xml");
    let misnamed = cover.replace("pacs.009.001.08", "pacs.008.001.08");
    assert_eq!(
        document_error(&misnamed),
        "line 5: Document: the namespace names \"pacs.008.001.08\", but the message <FICdtTrf> is pacs.009"
    );
    // a header that names another message than its document
    let envelope = fixture("pacs008_cbpr_envelope.xml");
    let header = envelope.replace(
        "<MsgDefIdr>pacs.008.001.08</MsgDefIdr>",
        "<MsgDefIdr>pacs.009.001.08</MsgDefIdr>",
    );
    assert_eq!(
        document_error(&header),
        "line 22: AppHdr/MsgDefIdr: the business application header names \"pacs.009.001.08\", but the message is pacs.008"
    );
    assert_eq!(
        document_error("<Document>\n<FIToFICstmrCdtTrf><GrpHdr><MsgId>M</MsgId></GrpHdr></FIToFICstmrCdtTrf>\n</Document>"),
        "line 2: FIToFICstmrCdtTrf: holds no transaction (no CdtTrfTxInf)"
    );
    assert_eq!(
        document_error("<Document><FICdtTrf/><FICdtTrf/></Document>"),
        "line 1: Document: holds more than one message (<FICdtTrf> is a second)"
    );
}

#[test]
fn every_version_of_the_messages_is_read_with_or_without_its_namespace() {
    let body = "<FIToFICstmrCdtTrf><GrpHdr><MsgId>M-1</MsgId></GrpHdr>\
<CdtTrfTxInf><PmtId><TxId>T-1</TxId></PmtId>\
<Dbtr><Nm>Yusuf Adnan Haddad</Nm></Dbtr></CdtTrfTxInf></FIToFICstmrCdtTrf>";
    for version in 2..=12 {
        let xml = format!(
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.{version:02}\">{body}</Document>"
        );
        let read = transactions(&xml);
        assert_eq!(read[0].reference, "T-1", "version {version}");
        assert_eq!(
            party(&read[0], "debtor").name.as_deref(),
            Some("Yusuf Adnan Haddad")
        );
    }
    // a prefix, no namespace at all, no Document around the message
    let prefixed = format!(
        "<p:Document xmlns:p=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">{}</p:Document>",
        body.replace('<', "<p:").replace("<p:/", "</p:")
    );
    assert_eq!(transactions(&prefixed)[0].reference, "T-1");
    assert_eq!(
        transactions(&format!("<Document>{body}</Document>"))[0].reference,
        "T-1"
    );
    assert_eq!(transactions(body)[0].reference, "T-1");

    // an old pain.001 (version 3): ISODate without Dt, BIC and BICOrBEI, the debtor's
    // agent instructed in a text of its own
    let old =
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn>\
<GrpHdr><MsgId>OLD-1</MsgId><NbOfTxs>1</NbOfTxs><InitgPty><Nm>Acme</Nm></InitgPty></GrpHdr>\
<PmtInf><PmtInfId>PI-1</PmtInfId><ReqdExctnDt>2026-12-09</ReqdExctnDt>\
<Dbtr><Nm>Acme Handels GmbH</Nm><Id><OrgId><BICOrBEI>ACMEDEFF</BICOrBEI></OrgId></Id></Dbtr>\
<DbtrAgt><FinInstnId><BIC>FICTDEFF</BIC></FinInstnId></DbtrAgt>\
<CdtTrfTxInf><PmtId><EndToEndId>NOTPROVIDED</EndToEndId></PmtId>\
<Amt><InstdAmt Ccy=\"CHF\">75.5</InstdAmt></Amt>\
<Cdtr><Nm>Beispiel AG</Nm></Cdtr><InstrForDbtrAgt>PLEASE EXECUTE TODAY</InstrForDbtrAgt>\
</CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn></Document>";
    let payment = &transactions(old)[0];
    // no transaction reference: the payment block's
    assert_eq!(payment.reference, "PI-1");
    assert_eq!(payment.value_date.as_deref(), Some("2026-12-09"));
    assert_eq!(payment.amount.as_deref(), Some("75.5"));
    assert_eq!(
        ids(party(payment, "debtor")),
        [(PartyIdKind::Bic, "ACMEDEFF")]
    );
    assert_eq!(party(payment, "debtor").kind, PartyKind::Organisation);
    assert_eq!(
        ids(party(payment, "debtor_agent")),
        [(PartyIdKind::Bic, "FICTDEFF")]
    );
    assert_eq!(payment.texts[0].text, "PLEASE EXECUTE TODAY");
}

#[test]
fn a_payment_block_without_payments_is_reported_and_the_next_block_read() {
    let xml = "<Document><CstmrCdtTrfInitn><GrpHdr><MsgId>M</MsgId></GrpHdr>\n\
<PmtInf><PmtInfId>EMPTY</PmtInfId><Dbtr><Nm>Acme</Nm></Dbtr></PmtInf>\n\
<PmtInf><PmtInfId>FULL</PmtInfId><Dbtr><Nm>Acme</Nm></Dbtr>\
<CdtTrfTxInf><PmtId><EndToEndId>E-1</EndToEndId></PmtId><Cdtr><Nm>Beispiel AG</Nm></Cdtr></CdtTrfTxInf></PmtInf>\n\
</CstmrCdtTrfInitn></Document>";
    let read = read_payments(xml).unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(
        read[0].as_ref().unwrap_err().to_string(),
        "line 2: CstmrCdtTrfInitn/PmtInf[1]: holds no transaction (no CdtTrfTxInf)"
    );
    let payment = read[1].as_ref().unwrap();
    assert_eq!(payment.line, 3);
    assert_eq!(roles(payment), ["debtor", "creditor"]);
}

#[test]
fn control_and_bidirectional_characters_are_taken_out_of_names() {
    let xml = batch(&[("Nor\u{202e}thwind   Trading\tLtd", "EXMPGB2L", "1")]);
    let read = transactions(&xml);
    assert_eq!(
        party(&read[0], "creditor").name.as_deref(),
        Some("Nor thwind Trading Ltd")
    );
}

#[test]
fn documents_and_batches_beyond_the_limits_are_refused() {
    let large = format!("<Document>{}</Document>", " ".repeat(MAX_DOCUMENT_BYTES));
    assert_eq!(
        document_error(&large),
        format!("line 1: the document is larger than {MAX_DOCUMENT_BYTES} bytes")
    );
    let transaction = "<CdtTrfTxInf><PmtId><TxId>T</TxId></PmtId></CdtTrfTxInf>";
    let many = format!(
        "<Document><FICdtTrf>{}</FICdtTrf></Document>",
        transaction.repeat(50_001)
    );
    assert_eq!(
        document_error(&many),
        "line 1: 50001 credit transfer transactions, more than the 50000 read from one document"
    );
}

#[test]
fn a_group_copied_into_more_transactions_than_the_budget_allows_is_refused() {
    // three agents of sixteen long address lines each in the group, three thousand
    // transactions: each would carry the group's 48 thousand bytes
    let line = format!("<AdrLine>{}</AdrLine>", "B".repeat(1_000));
    let agent = format!(
        "<InstdRmbrsmntAgt><FinInstnId><Nm>Bank</Nm><PstlAdr>{}</PstlAdr></FinInstnId></InstdRmbrsmntAgt>",
        line.repeat(16)
    );
    let transaction = "<CdtTrfTxInf><PmtId><TxId>T</TxId></PmtId></CdtTrfTxInf>";
    let xml = format!(
        "<Document><FICdtTrf><GrpHdr><MsgId>M</MsgId><SttlmInf>{}</SttlmInf></GrpHdr>{}</FICdtTrf></Document>",
        agent.repeat(3),
        transaction.repeat(3_000)
    );
    assert_eq!(
        document_error(&xml),
        format!("line 1: FICdtTrf: the parties shared by 3000 transactions, copied into each, would take more than {MAX_REPEATED_BYTES} bytes")
    );
    // the same group over thirty transactions is read, and each carries it
    let few = format!(
        "<Document><FICdtTrf><GrpHdr><MsgId>M</MsgId><SttlmInf>{}</SttlmInf></GrpHdr>{}</FICdtTrf></Document>",
        agent.repeat(3),
        transaction.repeat(30)
    );
    let read = transactions(&few);
    assert_eq!(read.len(), 30);
    assert!(read.iter().all(|payment| payment.parties.len() == 3));
    assert_eq!(read[29].parties[2].address.len(), 16);
}
