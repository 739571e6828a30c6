//! Every word the console shows, in English and in Arabic. Both languages fill the same
//! struct, so a text added in one and missing in the other does not compile.

use gatecheck_service::console::Language;

pub struct Texts {
    /// `en` or `ar`, for `lang`.
    pub code: &'static str,
    /// `ltr` or `rtl`, for `dir`.
    pub direction: &'static str,
    pub product: &'static str,
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub user_name: &'static str,
    pub password: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub wrong_credentials: &'static str,
    pub too_many_tries: &'static str,
    pub session_ended: &'static str,
    pub form_expired: &'static str,
    pub required: &'static str,
    pub language: &'static str,
    pub other_language: &'static str,
    pub other_language_code: &'static str,
    pub hit_queue: &'static str,
    /// A count of hits in words (Arabic's noun agrees with the number).
    pub hits_total: fn(count: usize) -> String,
    pub no_hits: &'static str,
    pub filters: &'static str,
    pub apply_filters: &'static str,
    pub clear_filters: &'static str,
    pub flight: &'static str,
    pub from_date: &'static str,
    pub to_date: &'static str,
    /// The form a date is typed in, shown in a date field.
    pub date_form: &'static str,
    pub list: &'static str,
    pub persons: &'static str,
    pub documents: &'static str,
    pub all: &'static str,
    pub status: &'static str,
    pub min_score: &'static str,
    pub score: &'static str,
    pub when: &'static str,
    pub traveller: &'static str,
    /// A payment's or shipment's party a hit was raised on, its role and its message.
    pub party: &'static str,
    pub party_role: &'static str,
    pub message: &'static str,
    /// Identifiers of accounts, banks, companies, ships and wallets, by the FtM property
    /// that holds them, and an address.
    pub identifiers: [(&'static str, &'static str); 9],
    pub address: &'static str,
    pub listed_record: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub page: &'static str,
    pub new_hits: &'static str,
    pub hit: &'static str,
    pub back_to_queue: &'static str,
    pub name: &'static str,
    pub birth_date: &'static str,
    pub nationality: &'static str,
    pub gender: &'static str,
    pub document_number: &'static str,
    pub issuing_state: &'static str,
    pub document_type: &'static str,
    pub document_status: &'static str,
    pub reported_on: &'static str,
    /// A document's status (`lost`, `stolen`, `revoked`, `invalidated`) in words.
    pub document_statuses: [(&'static str, &'static str); 4],
    /// A document's type code (`P`, `I`, `A`, `C`, `V`) in words.
    pub document_kinds: [(&'static str, &'static str); 5],
    /// Above the readings of a zone's number that fails its check digit.
    pub number_readings: &'static str,
    /// Beside a reading the printed check digit agrees with.
    pub fits_check_digit: &'static str,
    /// Before the sanctions a list attached to a record, each "programme (authority,
    /// listed on date)".
    pub sanctions: &'static str,
    pub listed_on: &'static str,
    /// Before a record's ties to other entities, as its list attached them.
    pub ties: &'static str,
    /// A tie in words, as read of the listed entity (`family`, `owner of` ...: see
    /// `gatecheck_formats::ftm_graph::RELATIONS`).
    pub relation_kinds: [(&'static str, &'static str); 13],
    pub action: &'static str,
    pub owner: &'static str,
    pub record_id: &'static str,
    pub access: &'static str,
    pub review_by: &'static str,
    pub hidden: &'static str,
    pub hidden_contact_owner: &'static str,
    pub hidden_refer_to_owner: &'static str,
    pub name_parts: &'static str,
    pub how: &'static str,
    pub qualifiers: &'static str,
    pub property: &'static str,
    pub outcome: &'static str,
    pub name_score: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub by: &'static str,
    pub decision: &'static str,
    pub reason: &'static str,
    pub reason_required: &'static str,
    pub choose_decision: &'static str,
    pub save_decision: &'static str,
    /// Why a member that may not see a record cannot clear its hit, and what it can do.
    pub withheld_escalate: &'static str,
    pub notification_kind: &'static str,
    pub notification_kinds: [(&'static str, &'static str); 3],
    pub answer: &'static str,
    pub answer_hint: &'static str,
    pub answers: [(&'static str, &'static str); 2],
    pub send_answer: &'static str,
    pub answer_saved: &'static str,
    pub answer_error: &'static str,
    pub their_reason: &'static str,
    pub not_found: &'static str,
    pub statuses: [(&'static str, &'static str); 4],
    pub outcomes: [(&'static str, &'static str); 3],
    pub kinds: [(&'static str, &'static str); 7],
    pub properties: [(&'static str, &'static str); 5],
    pub flights: &'static str,
    pub no_flights: &'static str,
    pub source: &'static str,
    pub reference: &'static str,
    pub travellers: &'static str,
    pub hits_column: &'static str,
    pub verdict: &'static str,
    pub role: &'static str,
    pub only_with_hits: &'static str,
    pub show_all_travellers: &'static str,
    pub flight_not_found: &'static str,
    pub verdicts: [(&'static str, &'static str); 3],
    pub roles: [(&'static str, &'static str); 4],
    /// A person's sex as FtM writes it (`male`, `female`, `other`).
    pub genders: [(&'static str, &'static str); 3],
    /// A manifest's message type.
    pub sources: [(&'static str, &'static str); 2],
    /// The digit style, chosen on the account page (`by-language`, `western`,
    /// `arabic-indic`).
    pub digits: &'static str,
    pub digit_styles: [(&'static str, &'static str); 3],
    pub digits_saved: &'static str,
    /// After a member's name, when its API key did it.
    pub through_api: &'static str,
    /// A user's role or language that is none of the console's.
    pub bad_role_or_language: &'static str,
    /// The time zone of the member's officers (the users page).
    pub time_zone: &'static str,
    pub time_zone_hint: &'static str,
    pub bad_time_zone: &'static str,
    pub time_zone_saved: &'static str,
    /// What is wrong with a machine-readable zone, by the problem's code
    /// (`gatecheck_formats::mrz::Problem::code`), and where.
    pub mrz_problems: [(&'static str, &'static str); 17],
    pub at_line_column: fn(line: usize, column: usize) -> String,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub search_input: &'static str,
    pub search_kind: &'static str,
    pub search_kinds: [(&'static str, &'static str); 4],
    pub screen_now: &'static str,
    pub results: &'static str,
    pub no_match: &'static str,
    pub searched_as: &'static str,
    pub zone_valid: &'static str,
    pub zone_not_valid: &'static str,
    pub holder: &'static str,
    pub document: &'static str,
    pub nationality_hint: &'static str,
    pub bad_nationality: &'static str,
    pub bad_birth_date: &'static str,
    pub search_refused: &'static str,
    pub notifications: &'static str,
    pub no_notifications: &'static str,
    /// The links between pages of notifications (newest first), and an older page empty.
    pub older_notifications: &'static str,
    pub newest_notifications: &'static str,
    pub no_older_notifications: &'static str,
    /// A hit's traveller seen again after the screening that raised it, before the moment
    /// last seen: `(t.seen_again)(times)`, `times` 1 or more (the service's
    /// `hits::SeenAgain`), in words that agree with the number.
    pub seen_again: fn(i64) -> String,
    pub screened_by: &'static str,
    pub our_records: &'static str,
    pub no_records: &'static str,
    /// The search of the member's person records by name or list id, the link back to
    /// every record, and what a search that finds none says.
    pub find_person: &'static str,
    pub every_record: &'static str,
    pub no_record_matches: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub access_members: &'static str,
    pub access_members_hint: &'static str,
    pub access_levels: [(&'static str, &'static str); 3],
    pub version: &'static str,
    pub supervisors_only: &'static str,
    /// The confirmation a supervisor gives before a record is opened to more members.
    pub widening_title: &'static str,
    pub widening_explained: &'static str,
    pub access_now: &'static str,
    pub access_after: &'static str,
    pub confirm_widening: &'static str,
    pub keep_as_is: &'static str,
    pub record_not_found: &'static str,
    pub changed_at: &'static str,
    pub suppression_in_force: &'static str,
    pub suppression_revoked: &'static str,
    pub revoke_suppression: &'static str,
    pub passed_over: &'static str,
    pub users: &'static str,
    pub add_user: &'static str,
    pub initial_password: &'static str,
    pub password_rule: &'static str,
    pub user_roles: [(&'static str, &'static str); 3],
    pub languages: [(&'static str, &'static str); 2],
    pub user_state: &'static str,
    pub active: &'static str,
    pub disabled: &'static str,
    pub disable: &'static str,
    /// The confirmation asked before a user is disabled: its title (the name follows) and
    /// what disabling does.
    pub disable_title: &'static str,
    pub disable_explained: &'static str,
    pub cancel: &'static str,
    pub enable: &'static str,
    pub user_disabled: &'static str,
    pub user_enabled: &'static str,
    /// What the queue says when its polling finds the session ended, before a link to sign
    /// in again.
    pub session_over: &'static str,
    pub sign_in_again: &'static str,
    pub account: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub repeat_password: &'static str,
    pub passwords_differ: &'static str,
    pub wrong_current_password: &'static str,
    pub password_changed: &'static str,
    pub administrators_only: &'static str,
    pub find_document: &'static str,
    pub find: &'static str,
    pub no_document: &'static str,
    /// A hit's banner (see `plain`): the severity in a word, the kind of hit, what the
    /// owner asks and what the status leaves to do.
    pub severity_stop: &'static str,
    pub severity_check: &'static str,
    pub severity_closed: &'static str,
    pub kind_person: &'static str,
    /// A listed organisation, vessel or aircraft.
    pub kind_organisation: &'static str,
    pub kind_relative: &'static str,
    pub kind_withheld: &'static str,
    /// A listed document in words from its status and type code: "Stolen passport".
    pub document_alert: fn(status: &str, kind: &str) -> String,
    pub owner_asks: &'static str,
    pub stop_note: &'static str,
    pub withheld_action: &'static str,
    pub cleared_note: &'static str,
    pub escalated_note: &'static str,
    pub confirmed_note: &'static str,
    /// A hit's reasons: the heading, what the score is, the score and a detail's effect in
    /// words, and the legend of the marks on names.
    pub why: &'static str,
    pub score_scale: &'static str,
    pub score_words: fn(score: f64) -> &'static str,
    pub effect_words: fn(weight: f64) -> &'static str,
    pub marks_legend: &'static str,
    pub mark_strong: &'static str,
    pub mark_partial: &'static str,
    pub mark_unmatched: &'static str,
    pub traveller_name_part: &'static str,
    pub listed_name_part: &'static str,
    pub agreement: &'static str,
    pub share_of_name: &'static str,
    pub effect: &'static str,
    /// The clauses of a hit's one sentence (see `plain::why_sentence`), joined by
    /// `clause_separator`.
    pub why_names_close: &'static str,
    pub why_names_spelled: &'static str,
    pub why_names_some: fn(agreeing: usize, of: usize) -> String,
    pub why_relative: &'static str,
    /// By the precision a date of birth agrees to (`day`, `month`, `year`) or its outcome
    /// (`close`, `conflict`).
    pub why_birth: [(&'static str, &'static str); 5],
    pub why_no_birth_date: &'static str,
    pub why_nationality: [(&'static str, &'static str); 2],
    pub why_gender: [(&'static str, &'static str); 2],
    pub why_document_number: [(&'static str, &'static str); 2],
    /// By the outcome of an identifier compared (an account, a bank, a company, a ship, a
    /// wallet).
    pub why_identifier: [(&'static str, &'static str); 2],
    pub why_address: [(&'static str, &'static str); 3],
    pub clause_separator: &'static str,
    /// A document hit's sentence: the document in words (`document_alert`) and the date
    /// it was reported.
    pub why_document: fn(document: &str, reported_on: &str) -> String,
    pub name_not_given: &'static str,
    pub document_presented: &'static str,
    pub what_to_do: &'static str,
    /// Deciding: saving and opening the next open hit, the message on the page opened
    /// next, the summary of a refused decision, and the keyboard's shortcuts.
    pub save_and_next: &'static str,
    pub decision_saved_on: fn(hit: i64) -> String,
    pub no_open_left: &'static str,
    pub not_saved: &'static str,
    pub shortcuts: &'static str,
    pub shortcuts_on: &'static str,
    /// (key, what it does).
    pub shortcut_keys: [(&'static str, &'static str); 7],
    /// A flight's banner: the travellers who must not board, those to check, or none.
    pub flight_stop: &'static str,
    pub flight_check: &'static str,
    pub flight_clear: &'static str,
    pub expiry_date: &'static str,
    pub expired: &'static str,
    pub not_listed_document: &'static str,
    pub skip_to_content: &'static str,
}

impl Texts {
    /// The word for a code (a status, an outcome ...), or the code itself when it has none.
    pub fn word<'a>(table: &[(&'static str, &'static str)], code: &'a str) -> &'a str {
        table
            .iter()
            .find(|(known, _)| *known == code)
            .map_or(code, |(_, word)| word)
    }
}

pub fn texts(language: Language) -> &'static Texts {
    match language {
        Language::English => &ENGLISH,
        Language::Arabic => &ARABIC,
    }
}

/// The language a browser asks for first among ours (`Accept-Language`, by its weights),
/// English when it names neither.
pub fn from_accept_language(header: &str) -> Language {
    let mut best: Option<(f32, Language)> = None;
    for item in header.split(',').take(32) {
        let mut fields = item.split(';');
        let tag = fields.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = fields
            .find_map(|field| field.trim().strip_prefix("q="))
            .and_then(|value| value.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let Some(language) = Language::from_code(primary) else {
            continue;
        };
        if weight > 0.0 && best.is_none_or(|(known, _)| weight > known) {
            best = Some((weight, language));
        }
    }
    best.map_or(Language::English, |(_, language)| language)
}

/// "Seen again 3 times, last at" (once: "Seen again once, at").
fn seen_again_in_english(times: i64) -> String {
    debug_assert!(times >= 1, "seen again {times} times");
    match times {
        1 => "Seen again once, at".to_string(),
        _ => format!("Seen again {times} times, last at"),
    }
}

/// "شوهد مجددًا ٣ مرات، آخرها في": the count in Arabic-Indic digits, as the other Arabic
/// texts write numbers, and the word for "time" as Arabic counts it (a dual for two, a
/// plural after 3 to 10, a singular after 11 and more, the last two digits deciding).
fn seen_again_in_arabic(times: i64) -> String {
    debug_assert!(times >= 1, "seen again {times} times");
    // figures in Western digits: the page is written in its digit style as it leaves
    // (`digits`)
    match times {
        1 => "شوهد مجددًا مرة واحدة في".to_string(),
        2 => "شوهد مجددًا مرتين، آخرهما في".to_string(),
        _ if (3..=10).contains(&(times % 100)) => format!("شوهد مجددًا {times} مرات، آخرها في"),
        _ => format!("شوهد مجددًا {times} مرة، آخرها في"),
    }
}

static ENGLISH: Texts = Texts {
    code: "en",
    direction: "ltr",
    product: "gatecheck",
    sign_in: "Sign in",
    sign_in_title: "Sign in to the console",
    user_name: "User name",
    password: "Password",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    wrong_credentials: "The user name or the password is wrong.",
    too_many_tries: "Too many tries with this user name. Wait 15 minutes, or ask an administrator.",
    session_ended: "Your session has ended. Sign in again.",
    form_expired: "This form has expired. Please try again.",
    required: "Required.",
    language: "Language",
    other_language: "العربية",
    other_language_code: "ar",
    hit_queue: "Hit queue",
    hits_total: english_hits_total,
    no_hits: "No hits match these filters.",
    filters: "Filters",
    apply_filters: "Apply",
    clear_filters: "Clear",
    flight: "Flight",
    from_date: "From",
    to_date: "To",
    date_form: "YYYY-MM-DD",
    list: "List",
    persons: "Persons",
    documents: "Documents",
    all: "All",
    status: "Status",
    min_score: "Lowest score",
    score: "Score",
    when: "When",
    traveller: "Traveller",
    party: "Party",
    party_role: "Role",
    message: "Message",
    identifiers: [
        ("ibanMentioned", "Account (IBAN)"),
        ("swiftBic", "Bank (BIC)"),
        ("leiCode", "Legal entity (LEI)"),
        ("imoNumber", "Ship (IMO number)"),
        ("registrationNumber", "Registration number"),
        ("taxNumber", "Tax number"),
        ("vatCode", "VAT number"),
        ("innCode", "Tax number (INN)"),
        ("ogrnCode", "Registration number (OGRN)"),
    ],
    address: "Address",
    listed_record: "Listed record",
    previous_page: "Previous page",
    next_page: "Next page",
    page: "Page",
    new_hits: "New hits have arrived and are shown:",
    hit: "Hit",
    back_to_queue: "Back to the queue",
    name: "Name",
    birth_date: "Date of birth",
    nationality: "Nationality",
    gender: "Gender",
    document_number: "Document number",
    issuing_state: "Issuing state",
    document_type: "Document type",
    document_status: "Document status",
    reported_on: "Reported on",
    document_statuses: [
        ("lost", "Lost"),
        ("stolen", "Stolen"),
        ("revoked", "Revoked"),
        ("invalidated", "Invalidated"),
    ],
    document_kinds: [
        ("P", "Passport"),
        ("I", "Identity card"),
        ("A", "Identity card"),
        ("C", "Identity card"),
        ("V", "Visa"),
    ],
    number_readings: "The document number fails its check digit and is not corrected. Each reading one misread character away was looked up:",
    fits_check_digit: "fits the check digit (which does not prove it)",
    sanctions: "Sanctions",
    listed_on: "listed on",
    ties: "Ties",
    relation_kinds: [
        ("family", "family of"),
        ("associate", "associate of"),
        ("owner of", "owner of"),
        ("owned by", "owned by"),
        ("director of", "director of"),
        ("directed by", "directed by"),
        ("member of", "member of"),
        ("has member", "has as member"),
        ("employed by", "employed by"),
        ("employer of", "employer of"),
        ("linked to", "linked to"),
        ("linked from", "linked from"),
        ("holds position", "holds the position"),
    ],
    action: "Action asked by the owner",
    owner: "Owner",
    record_id: "Record",
    access: "Access",
    review_by: "Review by",
    hidden: "Hidden",
    hidden_contact_owner: "Hidden by the owner's access rules. Contact the owner:",
    hidden_refer_to_owner: "Hidden by the owner's access rules. Refer the traveller to the owner through your national channel.",
    name_parts: "Name parts",
    how: "How",
    qualifiers: "What else moved the score",
    property: "Detail",
    outcome: "Outcome",
    name_score: "Name score",
    history: "History",
    no_history: "No decision yet.",
    by: "By",
    decision: "Decision",
    reason: "Reason",
    reason_required: "A reason is required (up to 2,000 characters).",
    choose_decision: "Choose a decision.",
    save_decision: "Save the decision",
    withheld_escalate: "The record is withheld from your member, so this hit cannot be judged a \
                        false positive here: escalate it, and the record's owner will answer \
                        (you are notified, and the answer is kept in the history).",
    notification_kind: "Notification",
    notification_kinds: [
        ("hit", "A hit on your record"),
        ("escalated", "Escalated to you"),
        ("answered", "Answered by the owner"),
    ],
    answer: "Answer",
    answer_hint: "The member that screened this traveller asks you to decide: is the \
                  traveller the one your record lists?",
    answers: [
        ("confirmed", "Confirmed: the traveller is the one listed"),
        ("false-positive", "False positive: not the one listed"),
    ],
    send_answer: "Send the answer",
    answer_saved: "The answer is sent to the member that screened.",
    answer_error: "Choose an answer and give a reason.",
    their_reason: "Their reason",
    not_found: "There is no such hit, or it is not yours to see.",
    statuses: [
        ("open", "Open"),
        ("confirmed", "Confirmed"),
        ("false-positive", "False positive"),
        ("escalated", "Escalated"),
    ],
    outcomes: [("same", "same"), ("close", "close"), ("conflict", "conflicts")],
    kinds: [
        ("exact", "exact"),
        ("same-spelling", "same spelling"),
        ("phonetic", "sounds alike"),
        ("initial", "initial"),
        ("joined", "joined"),
        ("sino-korean", "Chinese name read in Korean"),
        ("kanji-readings", "Japanese name read kanji by kanji"),
    ],
    properties: [
        ("birthDate", "Date of birth"),
        ("nationality", "Nationality"),
        ("gender", "Gender"),
        ("idNumber", "Document number"),
        ("address", "Address"),
    ],
    flights: "Flights",
    no_flights: "No flight has been screened yet.",
    source: "Source",
    reference: "Message reference",
    travellers: "Travellers",
    hits_column: "Hits",
    verdict: "Verdict",
    role: "Role",
    only_with_hits: "Only travellers with hits",
    show_all_travellers: "Every traveller",
    flight_not_found: "There is no such flight, or it is not yours to see.",
    verdicts: [("clear", "Clear"), ("refer", "Refer"), ("no-board", "Do not board")],
    roles: [
        ("passenger", "Passenger"),
        ("crew", "Crew"),
        ("transit", "In transit"),
        ("other", "Other"),
    ],
    genders: [("male", "Male"), ("female", "Female"), ("other", "Other")],
    sources: [
        ("PAXLST", "Passenger list (API, PAXLST)"),
        ("PNRGOV", "Booking record (PNR, PNRGOV)"),
    ],
    digits: "Digits",
    digit_styles: [
        ("by-language", "As the language writes them (Western in English, Arabic-Indic in Arabic)"),
        ("western", "Western: 0 1 2 3"),
        ("arabic-indic", "Arabic-Indic: ٠ ١ ٢ ٣"),
    ],
    digits_saved: "The digit style is saved for this browser.",
    through_api: "through the API",
    bad_role_or_language: "Choose a role (officer, supervisor or administrator) and a language from the lists.",
    time_zone: "Time zone of our officers",
    time_zone_hint: "A name of the IANA time zone database, such as Asia/Baghdad or Africa/Tunis; times are shown in it beside UTC. Empty: UTC only.",
    bad_time_zone: "Not a time zone of the IANA database (such as Asia/Baghdad).",
    time_zone_saved: "The time zone is saved: times are shown in it beside UTC.",
    mrz_problems: [
        ("no_lines", "The zone has no lines."),
        ("line_count", "The zone has the wrong number of lines."),
        ("line_length", "A line has the wrong length."),
        ("lowercase", "Lower-case letters: a zone is printed in capitals."),
        ("not_in_alphabet", "A character outside the zone's alphabet."),
        ("document_code", "The document code is not one ICAO defines."),
        ("unknown_code", "A country code ICAO does not list."),
        ("empty_document_number", "The document number is empty."),
        ("long_number_missing", "The rest of a long document number is missing."),
        ("check_digit", "A check digit does not agree."),
        ("not_digit", "A letter where a digit belongs."),
        ("unknown_not_allowed", "A field left unknown that must be given."),
        ("half_unknown", "A field partly unknown."),
        ("not_a_date", "A date that is not a date."),
        ("sex", "The sex is not M, F or <."),
        ("empty_name", "The name is empty."),
        ("name_character", "A character not allowed in a name."),
    ],
    at_line_column: english_at_line_column,
    search: "Search",
    search_hint: "A name, a machine-readable zone (pasted or typed, its lines as printed) or a document number. Screening here is kept as any screening is: a match becomes a hit of your member.",
    search_input: "Name, zone or document number",
    search_kind: "Read it as",
    search_kinds: [("auto", "Find out"), ("name", "A name"), ("mrz", "A machine-readable zone"), ("document", "A document number")],
    screen_now: "Screen",
    results: "Results",
    no_match: "No listed record matches.",
    searched_as: "Screened as",
    zone_valid: "The zone is valid.",
    zone_not_valid: "The zone is not valid:",
    holder: "Holder",
    document: "Document",
    nationality_hint: "ISO or ICAO code (JO, JOR)",
    bad_nationality: "Not a country code.",
    bad_birth_date: "Not a date (YYYY-MM-DD, YYYY-MM or YYYY).",
    search_refused: "This could not be screened:",
    notifications: "Hits on our records",
    no_notifications: "No other member has hit our records yet.",
    older_notifications: "Older notifications",
    newest_notifications: "Newest notifications",
    no_older_notifications: "No older notifications.",
    seen_again: seen_again_in_english,
    screened_by: "Screened by",
    our_records: "Our records",
    no_records: "The member has no person records.",
    find_person: "Find one of our persons by name or list id",
    every_record: "All our records",
    no_record_matches: "None of our person records matches this search.",
    save: "Save",
    saved: "Saved.",
    access_members: "Members it is shared with",
    access_members_hint: "Member names, separated by commas (for \"Listed members\" only)",
    access_levels: [("all", "All members"), ("members", "Listed members"), ("owner-only", "Owner only")],
    version: "Version",
    supervisors_only: "Only a supervisor changes the member's records.",
    widening_title: "Open this record to more members?",
    widening_explained: "Members that could not see this record in full would see it on a hit. Nothing is saved until you confirm.",
    access_now: "Now",
    access_after: "After",
    confirm_widening: "Open it to them",
    keep_as_is: "Keep it as it is",
    record_not_found: "There is no such record of your member.",
    changed_at: "Changed",
    suppression_in_force: "Cleared as a false positive: this traveller, with these very details, is not raised again against this record until the record or the details change.",
    suppression_revoked: "The suppression this decision made was revoked:",
    revoke_suppression: "Raise this traveller again (revoke the suppression)",
    passed_over: "matched, but cleared earlier as a false positive with these very details (suppression",
    users: "Users",
    add_user: "Add a user",
    initial_password: "First password (the user changes it)",
    password_rule: "12 characters at least.",
    user_roles: [("officer", "Officer"), ("supervisor", "Supervisor"), ("administrator", "Administrator")],
    languages: [("en", "English"), ("ar", "العربية")],
    user_state: "State",
    active: "Active",
    disabled: "Disabled",
    disable: "Disable",
    disable_title: "Disable the user",
    disable_explained: "They can no longer sign in, and every session of theirs ends now. Nothing of theirs is deleted: an administrator can enable them again, and they then sign in anew.",
    cancel: "Cancel",
    enable: "Enable",
    user_disabled: "The user is disabled: their sessions have ended.",
    user_enabled: "The user is enabled again and can sign in.",
    session_over: "Your session has ended —",
    sign_in_again: "sign in again",
    account: "My account",
    current_password: "Current password",
    new_password: "New password",
    repeat_password: "New password again",
    passwords_differ: "The two new passwords differ.",
    wrong_current_password: "The current password is wrong.",
    password_changed: "The password is changed. Your other sessions have ended.",
    administrators_only: "Only an administrator manages the member's users.",
    find_document: "Find one of our documents by its number",
    find: "Find",
    no_document: "The member has no live document with this number.",
    severity_stop: "Stop",
    severity_check: "Check",
    severity_closed: "Closed",
    kind_person: "Listed person",
    kind_organisation: "Listed organisation",
    kind_relative: "A relative of a listed person?",
    kind_withheld: "A listed record withheld from you",
    document_alert: english_document_alert,
    owner_asks: "The owner asks:",
    stop_note: "Do not let the traveller through until this is done.",
    withheld_action: "The record is withheld from you: contact its owner before you decide.",
    cleared_note: "Cleared as a false positive: nothing to do.",
    escalated_note: "Escalated: waiting for the owner's answer.",
    confirmed_note: "Confirmed: the traveller is the one listed.",
    why: "Why this hit",
    score_scale: "The score says how alike the traveller and the record are, from 0 (nothing \
                  alike) to 1 (the same person beyond doubt). Each detail below raised or \
                  lowered it; a score already at 1 can carry a detail that lowers it.",
    score_words: english_score_words,
    effect_words: english_effect_words,
    marks_legend: "Marks on the names:",
    mark_strong: "agrees closely",
    mark_partial: "agrees in part",
    mark_unmatched: "no counterpart",
    traveller_name_part: "Traveller's name",
    listed_name_part: "Listed name",
    agreement: "Agreement",
    share_of_name: "Share of the name",
    effect: "Effect on the score",
    why_names_close: "names agree closely in every part",
    why_names_spelled: "names agree in every part, some spelt differently",
    why_names_some: english_names_some,
    why_relative: "the first given names differ and the rest agrees (a relative?)",
    why_birth: [
        ("day", "same date of birth"),
        ("month", "same month and year of birth"),
        ("year", "same year of birth"),
        ("close", "dates of birth close but not the same"),
        ("conflict", "different dates of birth"),
    ],
    why_no_birth_date: "no date of birth to compare",
    why_nationality: [("same", "same nationality"), ("conflict", "different nationality")],
    why_gender: [("same", "same sex"), ("conflict", "different sex")],
    why_document_number: [
        ("same", "same document number"),
        ("conflict", "different document number"),
    ],
    why_identifier: [
        ("same", "same account, bank, company, ship or wallet identifier"),
        ("conflict", "a different company or ship identifier (LEI, IMO number)"),
    ],
    why_address: [
        ("same", "same address"),
        ("close", "addresses partly the same"),
        ("conflict", "different addresses"),
    ],
    clause_separator: "; ",
    why_document: english_why_document,
    name_not_given: "not given with the document",
    document_presented: "Document presented",
    what_to_do: "What to do",
    save_and_next: "Save and open the next hit",
    decision_saved_on: english_decision_saved_on,
    no_open_left: "No open hits are left.",
    not_saved: "The decision was not saved:",
    shortcuts: "Keyboard shortcuts",
    shortcuts_on: "Use single-key shortcuts on this page",
    shortcut_keys: [
        ("c", "Confirmed"),
        ("f", "False positive"),
        ("e", "Escalated"),
        ("r", "Write the reason"),
        ("s", "Save"),
        ("n", "Save and open the next hit"),
        ("q", "Back to the queue"),
    ],
    flight_stop: "Travellers to stop (not to board, or to hold as the owner asks):",
    flight_check: "Travellers to check before boarding:",
    flight_clear: "Every traveller is clear.",
    expiry_date: "Date of expiry",
    expired: "expired",
    not_listed_document: "Not on the lost and stolen documents you may see.",
    skip_to_content: "Skip to the content",
};

static ARABIC: Texts = Texts {
    code: "ar",
    direction: "rtl",
    product: "gatecheck",
    sign_in: "تسجيل الدخول",
    sign_in_title: "تسجيل الدخول إلى النظام",
    user_name: "اسم المستخدم",
    password: "كلمة المرور",
    sign_out: "تسجيل الخروج",
    signed_in_as: "مسجَّل الدخول باسم",
    wrong_credentials: "اسم المستخدم أو كلمة المرور غير صحيحة.",
    too_many_tries: "تجاوزت عدد المحاولات المسموح به لاسم المستخدم هذا. انتظر 15 دقيقة أو راجع مسؤول النظام.",
    session_ended: "انتهت جلستك. يُرجى تسجيل الدخول من جديد.",
    form_expired: "انتهت صلاحية هذا النموذج. يُرجى المحاولة مرة أخرى.",
    required: "حقل مطلوب.",
    language: "اللغة",
    other_language: "English",
    other_language_code: "en",
    hit_queue: "قائمة التطابقات",
    hits_total: arabic_hits_total,
    no_hits: "لا توجد تطابقات تستوفي هذه المعايير.",
    filters: "معايير التصفية",
    apply_filters: "تطبيق",
    clear_filters: "مسح",
    flight: "الرحلة",
    from_date: "من",
    to_date: "إلى",
    date_form: "YYYY-MM-DD",
    list: "نوع القائمة",
    persons: "الأشخاص",
    documents: "الوثائق",
    all: "الكل",
    status: "الحالة",
    min_score: "أدنى درجة",
    score: "الدرجة",
    when: "الوقت",
    traveller: "المسافر",
    party: "الطرف",
    party_role: "الدور",
    message: "الرسالة",
    identifiers: [
        ("ibanMentioned", "الحساب (IBAN)"),
        ("swiftBic", "المصرف (BIC)"),
        ("leiCode", "الكيان القانوني (LEI)"),
        ("imoNumber", "السفينة (رقم IMO)"),
        ("registrationNumber", "رقم التسجيل"),
        ("taxNumber", "الرقم الضريبي"),
        ("vatCode", "رقم ضريبة القيمة المضافة"),
        ("innCode", "الرقم الضريبي (INN)"),
        ("ogrnCode", "رقم التسجيل (OGRN)"),
    ],
    address: "العنوان",
    listed_record: "السجل المُدرَج",
    previous_page: "الصفحة السابقة",
    next_page: "الصفحة التالية",
    page: "صفحة",
    new_hits: "وصلت تطابقات جديدة وأُضيفت إلى القائمة:",
    hit: "تطابق",
    back_to_queue: "العودة إلى القائمة",
    name: "الاسم",
    birth_date: "تاريخ الميلاد",
    nationality: "الجنسية",
    gender: "الجنس",
    document_number: "رقم الوثيقة",
    issuing_state: "الدولة المُصدِرة",
    document_type: "نوع الوثيقة",
    document_status: "حالة الوثيقة",
    reported_on: "تاريخ الإبلاغ",
    document_statuses: [
        ("lost", "مفقودة"),
        ("stolen", "مسروقة"),
        ("revoked", "ملغاة"),
        ("invalidated", "مُبطَلة"),
    ],
    document_kinds: [
        ("P", "جواز سفر"),
        ("I", "بطاقة هوية"),
        ("A", "بطاقة هوية"),
        ("C", "بطاقة هوية"),
        ("V", "تأشيرة"),
    ],
    number_readings: "رقم الوثيقة لا يطابق رقم التحقق ولم يُصحَّح. جرى البحث عن كل قراءة تختلف عنه بحرف واحد ربما أُخطئ في قراءته:",
    fits_check_digit: "يطابق رقم التحقق (وهذا لا يثبت صحته)",
    sanctions: "العقوبات",
    listed_on: "أُدرج في",
    ties: "الصلات",
    relation_kinds: [
        ("family", "من أقارب"),
        ("associate", "شريك"),
        ("owner of", "مالك"),
        ("owned by", "مملوك لـ"),
        ("director of", "مدير"),
        ("directed by", "يديره"),
        ("member of", "عضو في"),
        ("has member", "من أعضائه"),
        ("employed by", "يعمل لدى"),
        ("employer of", "صاحب عمل"),
        ("linked to", "مرتبط بـ"),
        ("linked from", "يرتبط به"),
        ("holds position", "يشغل منصب"),
    ],
    action: "الإجراء الذي تطلبه الجهة المالكة",
    owner: "الجهة المالكة",
    record_id: "رقم السجل",
    access: "صلاحية الاطلاع",
    review_by: "موعد المراجعة",
    hidden: "مخفي",
    hidden_contact_owner: "مخفي بموجب قواعد الاطلاع لدى الجهة المالكة. تواصل مع الجهة المالكة:",
    hidden_refer_to_owner: "مخفي بموجب قواعد الاطلاع لدى الجهة المالكة. أحِل أمر المسافر إلى الجهة المالكة عبر القناة الوطنية المعتمدة.",
    name_parts: "أجزاء الاسم",
    how: "طريقة المطابقة",
    qualifiers: "عوامل أخرى أثّرت في الدرجة",
    property: "البيان",
    outcome: "النتيجة",
    name_score: "درجة تطابق الاسم",
    history: "تسلسل القرارات",
    no_history: "لم يُتخذ قرار بعد.",
    by: "بواسطة",
    decision: "القرار",
    reason: "السبب",
    reason_required: "السبب مطلوب (حتى 2000 حرف).",
    choose_decision: "اختر قرارًا.",
    save_decision: "حفظ القرار",
    withheld_escalate: "السجل محجوب عن جهتك، فلا يمكن الحكم هنا بأن هذا التطابق خاطئ: صعِّده، وستردّ الجهة المالكة للسجل (يصلك إشعار بذلك، ويُحفظ الرد في تسلسل القرارات).",
    notification_kind: "الإشعار",
    notification_kinds: [
        ("hit", "تطابق على أحد سجلاتنا"),
        ("escalated", "مُصعَّد إلينا"),
        ("answered", "ردّت الجهة المالكة"),
    ],
    answer: "الرد",
    answer_hint: "تطلب منك الجهة التي فحصت هذا المسافر أن تقرّر: هل المسافر هو الشخص المُدرَج في سجلنا؟",
    answers: [
        ("confirmed", "مؤكَّد: المسافر هو الشخص المُدرَج"),
        ("false-positive", "تطابق خاطئ: المسافر ليس الشخص المُدرَج"),
    ],
    send_answer: "إرسال الرد",
    answer_saved: "أُرسل الرد إلى الجهة التي أجرت الفحص.",
    answer_error: "اختر ردًّا واذكر السبب.",
    their_reason: "السبب المُقدَّم",
    not_found: "لا يوجد تطابق بهذا الرقم، أو لا يحق لك الاطلاع عليه.",
    statuses: [
        ("open", "مفتوح"),
        ("confirmed", "مؤكَّد"),
        ("false-positive", "تطابق خاطئ"),
        ("escalated", "مُصعَّد"),
    ],
    outcomes: [("same", "مطابق"), ("close", "متقارب"), ("conflict", "مختلف")],
    kinds: [
        ("exact", "مطابق تمامًا"),
        ("same-spelling", "التهجئة نفسها"),
        ("phonetic", "متشابه في النطق"),
        ("initial", "اختصار بالحرف الأول"),
        ("joined", "مكتوب متصلًا"),
        ("sino-korean", "اسم صيني بقراءة كورية"),
        ("kanji-readings", "اسم ياباني مقروء حرفًا حرفًا"),
    ],
    properties: [
        ("birthDate", "تاريخ الميلاد"),
        ("nationality", "الجنسية"),
        ("gender", "الجنس"),
        ("idNumber", "رقم الوثيقة"),
        ("address", "العنوان"),
    ],
    flights: "الرحلات",
    no_flights: "لم تُفحَص أي رحلة بعد.",
    source: "المصدر",
    reference: "مرجع الرسالة",
    travellers: "المسافرون",
    hits_column: "التطابقات",
    verdict: "القرار المبدئي",
    role: "الصفة",
    only_with_hits: "المسافرون الذين لهم تطابقات فقط",
    show_all_travellers: "جميع المسافرين",
    flight_not_found: "لا توجد رحلة بهذا الرقم، أو لا يحق لك الاطلاع عليها.",
    verdicts: [("clear", "لا مانع"), ("refer", "إحالة للتدقيق"), ("no-board", "منع الصعود")],
    roles: [
        ("passenger", "راكب"),
        ("crew", "من الطاقم"),
        ("transit", "عابر"),
        ("other", "غير ذلك"),
    ],
    genders: [("male", "ذكر"), ("female", "أنثى"), ("other", "غير ذلك")],
    sources: [
        ("PAXLST", "معلومات الركاب المسبقة (API/PAXLST)"),
        ("PNRGOV", "بيانات حجز الركاب (PNR/PNRGOV)"),
    ],
    digits: "الأرقام",
    digit_styles: [
        ("by-language", "بحسب اللغة (الهندية في العربية والغربية في الإنجليزية)"),
        ("western", "الأرقام الغربية: 0123"),
        ("arabic-indic", "الأرقام الهندية: ٠١٢٣"),
    ],
    digits_saved: "حُفظ نمط الأرقام لهذا المتصفح.",
    through_api: "عبر واجهة البرمجة",
    bad_role_or_language: "اختر دورًا (ضابط أو مشرف أو مسؤول النظام) ولغة من القائمتين.",
    time_zone: "المنطقة الزمنية لموظفي جهتك",
    time_zone_hint: "اسم من قاعدة بيانات المناطق الزمنية IANA، مثل Asia/Baghdad أو Africa/Tunis؛ تُعرض الأوقات بها إلى جانب التوقيت العالمي UTC. إن تُرك فارغًا: UTC فقط.",
    bad_time_zone: "ليست منطقة زمنية في قاعدة بيانات IANA (مثل Asia/Baghdad).",
    time_zone_saved: "حُفظت المنطقة الزمنية: تُعرض الأوقات بها إلى جانب UTC.",
    mrz_problems: [
        ("no_lines", "لا أسطر في المنطقة المقروءة آليًا."),
        ("line_count", "عدد أسطر المنطقة غير صحيح."),
        ("line_length", "طول أحد الأسطر غير صحيح."),
        ("lowercase", "أحرف صغيرة، والمنطقة تُطبع بأحرف كبيرة."),
        ("not_in_alphabet", "رمز خارج أبجدية المنطقة."),
        ("document_code", "رمز الوثيقة ليس من الرموز التي تحددها الإيكاو."),
        ("unknown_code", "رمز دولة لا تدرجه الإيكاو."),
        ("empty_document_number", "رقم الوثيقة فارغ."),
        ("long_number_missing", "بقية رقم الوثيقة الطويل مفقودة."),
        ("check_digit", "رقم تحقق غير مطابق."),
        ("not_digit", "حرف في موضع رقم."),
        ("unknown_not_allowed", "حقل تُرك مجهولًا ويجب ذكره."),
        ("half_unknown", "حقل مجهول جزئيًا."),
        ("not_a_date", "تاريخ غير صالح."),
        ("sex", "الجنس ليس M أو F أو \u{200E}<\u{200E}."),
        ("empty_name", "الاسم فارغ."),
        ("name_character", "رمز غير مسموح به في الاسم."),
    ],
    at_line_column: arabic_at_line_column,
    search: "بحث",
    search_hint: "اسم، أو منطقة مقروءة آليًا (ملصوقة أو مكتوبة، بأسطرها كما طُبعت)، أو رقم وثيقة. يُحفظ الفحص هنا كأي فحص آخر: أي تطابق يظهر يُسجَّل ضمن تطابقات جهتك.",
    search_input: "الاسم أو المنطقة المقروءة آليًا أو رقم الوثيقة",
    search_kind: "نوع المُدخَل",
    search_kinds: [("auto", "تحديد تلقائي"), ("name", "اسم"), ("mrz", "منطقة مقروءة آليًا"), ("document", "رقم وثيقة")],
    screen_now: "فحص",
    results: "النتائج",
    no_match: "لا يطابقه أي سجل مُدرَج.",
    searched_as: "فُحص على أنه",
    zone_valid: "المنطقة المقروءة آليًا صحيحة.",
    zone_not_valid: "المنطقة المقروءة آليًا غير صحيحة:",
    holder: "حامل الوثيقة",
    document: "الوثيقة",
    nationality_hint: "رمز ISO أو ICAO، مثل JO أو JOR",
    bad_nationality: "ليس رمز دولة.",
    bad_birth_date: "تاريخ غير صالح (YYYY-MM-DD أو YYYY-MM أو YYYY).",
    search_refused: "تعذّر فحص المُدخَل:",
    notifications: "تطابقات على سجلاتنا",
    no_notifications: "لم تظهر بعدُ أي تطابقات على سجلاتنا لدى الجهات الأخرى.",
    older_notifications: "الإشعارات الأقدم",
    newest_notifications: "أحدث الإشعارات",
    no_older_notifications: "لا توجد إشعارات أقدم.",
    seen_again: seen_again_in_arabic,
    screened_by: "الجهة الفاحصة",
    our_records: "سجلاتنا",
    no_records: "لا توجد لدى جهتك سجلات أشخاص.",
    find_person: "ابحث عن أحد أشخاصنا بالاسم أو برقم سجله في القائمة",
    every_record: "جميع سجلاتنا",
    no_record_matches: "لا يوجد لدينا سجل شخص يطابق هذا البحث.",
    save: "حفظ",
    saved: "تم الحفظ.",
    access_members: "الجهات المسموح لها بالاطلاع",
    access_members_hint: "أسماء الجهات مفصولة بفواصل (لخيار «جهات محددة» فقط)",
    access_levels: [("all", "جميع الجهات"), ("members", "جهات محددة"), ("owner-only", "الجهة المالكة فقط")],
    version: "رقم النسخة",
    supervisors_only: "لا يعدّل سجلات جهتك إلا المشرف.",
    widening_title: "هل تتيح هذا السجل لجهات أكثر؟",
    widening_explained: "ستطّلع على هذا السجل كاملًا عند التطابق جهاتٌ لم يكن مسموحًا لها بذلك. لا يُحفظ شيء قبل أن تؤكد.",
    access_now: "الآن",
    access_after: "بعد التعديل",
    confirm_widening: "أتحه لها",
    keep_as_is: "أبقه كما هو",
    record_not_found: "لا يوجد سجل بهذا الرقم لدى جهتك.",
    changed_at: "آخر تعديل",
    suppression_in_force: "صُنِّف تطابقًا خاطئًا: لن يُعرض تطابق لهذا المسافر بهذه البيانات نفسها مع هذا السجل مجددًا ما لم يتغير السجل أو البيانات.",
    suppression_revoked: "أُلغي الاستثناء الذي ترتّب على هذا القرار:",
    revoke_suppression: "إعادة عرض تطابقات هذا المسافر (إلغاء الاستثناء)",
    passed_over: "ظهر تطابق، لكنه صُنِّف سابقًا تطابقًا خاطئًا بهذه البيانات نفسها (الاستثناء",
    users: "المستخدمون",
    add_user: "إضافة مستخدم",
    initial_password: "كلمة المرور الأولى (يغيّرها المستخدم)",
    password_rule: "12 حرفًا على الأقل.",
    user_roles: [("officer", "ضابط"), ("supervisor", "مشرف"), ("administrator", "مسؤول النظام")],
    languages: [("en", "English"), ("ar", "العربية")],
    user_state: "الحالة",
    active: "نشط",
    disabled: "معطَّل",
    disable: "تعطيل",
    disable_title: "تعطيل المستخدم",
    disable_explained: "لن يتمكن بعد الآن من تسجيل الدخول، وتنتهي جميع جلساته الآن. لا يُحذف شيء من بياناته: يستطيع مسؤول النظام تفعيله من جديد، فيسجّل الدخول مرة أخرى.",
    cancel: "إلغاء",
    enable: "تفعيل",
    user_disabled: "عُطِّل المستخدم وانتهت جلساته.",
    user_enabled: "فُعِّل المستخدم من جديد ويمكنه تسجيل الدخول.",
    session_over: "انتهت جلستك —",
    sign_in_again: "سجّل الدخول من جديد",
    account: "حسابي",
    current_password: "كلمة المرور الحالية",
    new_password: "كلمة المرور الجديدة",
    repeat_password: "كلمة المرور الجديدة مرة أخرى",
    passwords_differ: "كلمتا المرور الجديدتان مختلفتان.",
    wrong_current_password: "كلمة المرور الحالية غير صحيحة.",
    password_changed: "تم تغيير كلمة المرور. انتهت جلساتك الأخرى.",
    administrators_only: "لا يدير مستخدمي جهتك إلا مسؤول النظام.",
    find_document: "ابحث عن إحدى وثائقنا برقمها",
    find: "بحث",
    no_document: "لا توجد لدى جهتك وثيقة مُدرَجة حاليًا بهذا الرقم.",
    severity_stop: "إيقاف",
    severity_check: "تدقيق",
    severity_closed: "مُغلَق",
    kind_person: "شخص مُدرَج",
    kind_organisation: "جهة مُدرَجة",
    kind_relative: "قريب لشخص مُدرَج؟",
    kind_withheld: "سجل مُدرَج محجوب عنك",
    document_alert: arabic_document_alert,
    owner_asks: "تطلب الجهة المالكة:",
    stop_note: "لا تسمح للمسافر بالعبور قبل تنفيذ ذلك.",
    withheld_action: "السجل محجوب عنك: تواصل مع الجهة المالكة قبل أن تقرّر.",
    cleared_note: "صُنِّف تطابقًا خاطئًا: لا إجراء مطلوب.",
    escalated_note: "مُصعَّد: بانتظار رد الجهة المالكة.",
    confirmed_note: "مؤكَّد: المسافر هو الشخص المُدرَج.",
    why: "سبب هذا التطابق",
    score_scale: "تبيّن الدرجة مدى التشابه بين المسافر والسجل، من 0 (لا تشابه) إلى 1 (الشخص نفسه بلا شك). كل بيان أدناه رفعها أو خفّضها، وقد تبلغ الدرجة 1 مع وجود بيان يخفّضها.",
    score_words: arabic_score_words,
    effect_words: arabic_effect_words,
    marks_legend: "العلامات على الأسماء:",
    mark_strong: "متطابق تقريبًا",
    mark_partial: "متطابق جزئيًا",
    mark_unmatched: "بلا مقابل",
    traveller_name_part: "اسم المسافر",
    listed_name_part: "الاسم المُدرَج",
    agreement: "درجة التطابق",
    share_of_name: "حصته من الاسم",
    effect: "أثره في الدرجة",
    why_names_close: "الاسمان متطابقان تقريبًا في كل أجزائهما",
    why_names_spelled: "الاسمان متطابقان في كل أجزائهما مع اختلاف في تهجئة بعضها",
    why_names_some: arabic_names_some,
    why_relative: "الاسم الأول مختلف وبقية الاسم متطابقة (قريب للشخص المُدرَج؟)",
    why_birth: [
        ("day", "تاريخ الميلاد نفسه"),
        ("month", "شهر الميلاد وسنته نفسهما"),
        ("year", "سنة الميلاد نفسها"),
        ("close", "تاريخا الميلاد متقاربان وغير متطابقين"),
        ("conflict", "تاريخا الميلاد مختلفان"),
    ],
    why_no_birth_date: "لا تاريخ ميلاد للمقارنة",
    why_nationality: [("same", "الجنسية نفسها"), ("conflict", "جنسية مختلفة")],
    why_gender: [("same", "الجنس نفسه"), ("conflict", "جنس مختلف")],
    why_document_number: [("same", "رقم الوثيقة نفسه"), ("conflict", "رقم وثيقة مختلف")],
    why_identifier: [
        ("same", "معرّف الحساب أو المصرف أو الشركة أو السفينة أو المحفظة نفسه"),
        ("conflict", "معرّف مختلف للشركة أو السفينة (LEI أو رقم IMO)"),
    ],
    why_address: [
        ("same", "العنوان نفسه"),
        ("close", "العنوانان متشابهان جزئيًا"),
        ("conflict", "عنوانان مختلفان"),
    ],
    clause_separator: "؛ ",
    why_document: arabic_why_document,
    name_not_given: "لم يُذكر مع الوثيقة",
    document_presented: "الوثيقة المقدَّمة",
    what_to_do: "الإجراء المطلوب",
    save_and_next: "حفظ وفتح التطابق التالي",
    decision_saved_on: arabic_decision_saved_on,
    no_open_left: "لم يبقَ أي تطابق مفتوح.",
    not_saved: "لم يُحفظ القرار:",
    shortcuts: "اختصارات لوحة المفاتيح",
    shortcuts_on: "استخدام اختصارات المفتاح الواحد في هذه الصفحة",
    shortcut_keys: [
        ("c", "مؤكَّد"),
        ("f", "تطابق خاطئ"),
        ("e", "مُصعَّد"),
        ("r", "كتابة السبب"),
        ("s", "حفظ"),
        ("n", "حفظ وفتح التطابق التالي"),
        ("q", "العودة إلى القائمة"),
    ],
    flight_stop: "مسافرون يجب إيقافهم (منع الصعود أو الاحتجاز بطلب الجهة المالكة):",
    flight_check: "مسافرون يجب التحقق منهم قبل الصعود:",
    flight_clear: "لا مانع من صعود أي مسافر.",
    expiry_date: "تاريخ الانتهاء",
    expired: "منتهية الصلاحية",
    not_listed_document: "غير مُدرَجة ضمن الوثائق المفقودة والمسروقة المتاحة لك.",
    skip_to_content: "انتقل إلى المحتوى",
};

fn english_document_alert(status: &str, kind: &str) -> String {
    let status = match status {
        "lost" => "Lost",
        "stolen" => "Stolen",
        "revoked" => "Revoked",
        "invalidated" => "Invalidated",
        _ => "Listed",
    };
    let kind = match kind {
        "P" => "passport",
        "I" | "A" | "C" => "identity card",
        "V" => "visa",
        _ => "document",
    };
    format!("{status} {kind}")
}

/// The noun first, the adjective after it agreeing in gender: `جواز سفر مسروق`,
/// `بطاقة هوية مسروقة`.
fn arabic_document_alert(status: &str, kind: &str) -> String {
    let (noun, masculine) = match kind {
        "P" => ("جواز سفر", true),
        "I" | "A" | "C" => ("بطاقة هوية", false),
        "V" => ("تأشيرة", false),
        _ => ("وثيقة", false),
    };
    let adjective = match (status, masculine) {
        ("lost", true) => "مفقود",
        ("lost", false) => "مفقودة",
        ("stolen", true) => "مسروق",
        ("stolen", false) => "مسروقة",
        ("revoked", true) => "ملغى",
        ("revoked", false) => "ملغاة",
        ("invalidated", true) => "مُبطَل",
        ("invalidated", false) => "مُبطَلة",
        (_, true) => "مُدرَج",
        (_, false) => "مُدرَجة",
    };
    format!("{noun} {adjective}")
}

fn english_score_words(score: f64) -> &'static str {
    match score {
        s if s >= 0.9 => "very high",
        s if s >= 0.75 => "high",
        s if s >= 0.5 => "medium",
        _ => "low",
    }
}

fn arabic_score_words(score: f64) -> &'static str {
    match score {
        s if s >= 0.9 => "عالية جدًا",
        s if s >= 0.75 => "عالية",
        s if s >= 0.5 => "متوسطة",
        _ => "منخفضة",
    }
}

/// A qualifier's weight (log-odds) in words: one of 1 or more moves a score a lot, under
/// 0.3 a little.
fn english_effect_words(weight: f64) -> &'static str {
    match weight {
        w if w >= 1.0 => "raises it a lot",
        w if w >= 0.3 => "raises it",
        w if w > 0.0 => "raises it a little",
        w if w <= -1.0 => "lowers it a lot",
        w if w <= -0.3 => "lowers it",
        w if w < 0.0 => "lowers it a little",
        _ => "no effect",
    }
}

fn arabic_effect_words(weight: f64) -> &'static str {
    match weight {
        w if w >= 1.0 => "يرفعها كثيرًا",
        w if w >= 0.3 => "يرفعها",
        w if w > 0.0 => "يرفعها قليلًا",
        w if w <= -1.0 => "يخفّضها كثيرًا",
        w if w <= -0.3 => "يخفّضها",
        w if w < 0.0 => "يخفّضها قليلًا",
        _ => "لا أثر له",
    }
}

fn english_names_some(agreeing: usize, of: usize) -> String {
    format!("names agree in {agreeing} of {of} parts")
}

fn arabic_names_some(agreeing: usize, of: usize) -> String {
    format!("الاسمان متطابقان في {agreeing} من أصل {of} من أجزائهما")
}

fn english_why_document(document: &str, reported_on: &str) -> String {
    format!("The document presented is listed: {document}, reported on {reported_on}.")
}

fn arabic_why_document(document: &str, reported_on: &str) -> String {
    format!("الوثيقة المقدَّمة مُدرَجة: {document}، أُبلغ عنها في {reported_on}.")
}

fn english_hits_total(count: usize) -> String {
    match count {
        1 => "1 hit".to_string(),
        count => format!("{count} hits"),
    }
}

/// The noun after a number as Arabic writes it: one and two by the noun itself, 3 to 10
/// a plural, 11 to 99 a singular accusative, hundreds a singular.
fn arabic_hits_total(count: usize) -> String {
    match (count, count % 100) {
        (0, _) => "لا توجد تطابقات".to_string(),
        (1, _) => "تطابق واحد".to_string(),
        (2, _) => "تطابقان".to_string(),
        (_, 3..=10) => format!("{count} تطابقات"),
        (_, 11..=99) => format!("{count} تطابقًا"),
        _ => format!("{count} تطابق"),
    }
}

fn english_at_line_column(line: usize, column: usize) -> String {
    format!("line {line}, column {column}")
}

fn arabic_at_line_column(line: usize, column: usize) -> String {
    format!("السطر {line}، العمود {column}")
}

fn english_decision_saved_on(hit: i64) -> String {
    format!("The decision on hit {hit} is saved.")
}

fn arabic_decision_saved_on(hit: i64) -> String {
    format!("حُفظ القرار بشأن التطابق {hit}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_again_counts_as_each_language_counts() {
        for (times, english, arabic) in [
            (1, "Seen again once, at", "شوهد مجددًا مرة واحدة في"),
            (
                2,
                "Seen again 2 times, last at",
                "شوهد مجددًا مرتين، آخرهما في",
            ),
            (
                3,
                "Seen again 3 times, last at",
                "شوهد مجددًا 3 مرات، آخرها في",
            ),
            (
                10,
                "Seen again 10 times, last at",
                "شوهد مجددًا 10 مرات، آخرها في",
            ),
            (
                11,
                "Seen again 11 times, last at",
                "شوهد مجددًا 11 مرة، آخرها في",
            ),
            (
                100,
                "Seen again 100 times, last at",
                "شوهد مجددًا 100 مرة، آخرها في",
            ),
            (
                105,
                "Seen again 105 times, last at",
                "شوهد مجددًا 105 مرات، آخرها في",
            ),
        ] {
            assert_eq!((texts(Language::English).seen_again)(times), english);
            assert_eq!((texts(Language::Arabic).seen_again)(times), arabic);
        }
    }

    #[test]
    fn the_browser_s_first_language_of_ours_is_chosen() {
        for (header, language) in [
            ("ar-SA,ar;q=0.9,en;q=0.8", Language::Arabic),
            ("en-GB,en;q=0.9,ar;q=0.8", Language::English),
            ("fr-FR,fr;q=0.9,ar;q=0.5,en;q=0.3", Language::Arabic),
            ("fr-FR", Language::English),
            ("", Language::English),
            ("en;q=0.2, ar;q=0.7", Language::Arabic),
            ("ar;q=0, en", Language::English),
            ("*;q=0.5", Language::English),
        ] {
            assert_eq!(from_accept_language(header), language, "{header:?}");
        }
    }
}
