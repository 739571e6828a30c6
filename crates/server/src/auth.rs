//! Who asks: the bearer key checked on a read-only connection, and the requests refused
//! for their key counted and written to the audit log at most once a second.

use crate::{ApiError, AppState};
use axum::http::HeaderMap;
use gatecheck_service::audit;
use gatecheck_service::members::{self, Member};
use gatecheck_store::AuditEntry;

/// The member whose key the request carries. A refusal is counted and audited (what the
/// key claimed, never the key).
pub(crate) fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Member, ApiError> {
    let key = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_credentials);
    let Some(key) = key.map(str::trim) else {
        state.refuse("no key".to_string());
        return Err(ApiError::Unauthenticated);
    };
    // the member it claims to be, as the node keeps it or on a read-only connection (a key
    // is checked without waiting for the writer)
    let member = match members::claimed_member(key) {
        Some(id) => state
            .member_by_id(id)
            .and_then(|row| Ok(members::authenticate_as(row.as_ref(), key)?)),
        None => Err(ApiError::Unauthenticated),
    };
    if let Err(ApiError::Unauthenticated) = member {
        state.refuse(match members::claimed_member(key) {
            Some(id) => format!("member {id}"),
            None => "a malformed key".to_string(),
        });
    }
    member
}

/// The credentials of an `Authorization: Bearer <key>` header: the scheme's name in any
/// case, as HTTP's schemes are (RFC 9110, 11.1), then one or more spaces.
fn bearer_credentials(value: &str) -> Option<&str> {
    let (scheme, credentials) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(credentials.trim_start_matches(' '))
}

/// Requests refused for their key since the last audit entry about them: written at most
/// once a second, so that a flood of bad keys cannot flood the log.
#[derive(Default)]
pub(crate) struct Refused {
    count: u64,
    /// What the refused keys claimed to be: `member 7`, `a malformed key`, `no key`.
    claimed: std::collections::BTreeSet<String>,
    last_written: i64,
}

/// The most distinct claims listed in one audit entry of refused keys.
const MAX_CLAIMS_LISTED: usize = 20;

impl AppState {
    /// Counts a request refused for its key and, unless one was written this second, writes
    /// the audit entry of the refusals since the last.
    fn refuse(&self, claimed: String) {
        self.metrics.add_auth_failure();
        let Ok(mut refused) = self.refused.lock() else {
            return;
        };
        refused.count += 1;
        if refused.claimed.len() < MAX_CLAIMS_LISTED {
            refused.claimed.insert(claimed);
        }
        drop(refused);
        self.write_refusals(false);
    }

    /// Writes the audit entry of the refused requests not yet written: once a second, or
    /// at once when `now_or_never`.
    pub(crate) fn write_refusals(&self, now_or_never: bool) {
        let now = (self.clock)();
        let Ok(mut refused) = self.refused.lock() else {
            return;
        };
        if refused.count == 0 || (!now_or_never && refused.last_written >= now) {
            return;
        }
        let claimed: Vec<String> = std::mem::take(&mut refused.claimed).into_iter().collect();
        let subject = format!(
            "{} requests refused for an unknown, revoked or missing key (claiming {})",
            std::mem::take(&mut refused.count),
            claimed.join(", ")
        );
        refused.last_written = now;
        drop(refused);
        let entry = AuditEntry {
            at: now,
            actor: "server:auth".to_string(),
            action: gatecheck_service::audit::Action::AuthRefused.to_string(),
            digest: audit::digest_of(subject.as_bytes()),
            subject,
        };
        let written = self.write(|store| Ok(store.append_audit(&entry, &audit::chain_hash)?));
        if let Err(error) = written {
            eprintln!("gatecheck serve: recording refused keys: {error:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bearer_credentials;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case_and_others_are_not() {
        assert_eq!(bearer_credentials("Bearer gck_1_ab"), Some("gck_1_ab"));
        assert_eq!(bearer_credentials("bearer gck_1_ab"), Some("gck_1_ab"));
        assert_eq!(bearer_credentials("BEARER   gck_1_ab"), Some("gck_1_ab"));
        assert_eq!(bearer_credentials("Basic Z2NrOg=="), None);
        assert_eq!(bearer_credentials("Bearergck_1_ab"), None);
        assert_eq!(bearer_credentials(""), None);
    }
}
