//! The API's settings ([`ApiConfig`]) and their defaults.

use gatecheck_engine::watchlist::MatchConfig;

/// Settings of the API.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    pub threshold: f32,
    pub limit: usize,
    /// Days a record is kept when its owner gives no review date.
    pub review_days: i64,
    pub matching: MatchConfig,
    /// Whether the console's cookies are marked Secure (the server is reached over TLS).
    pub secure_cookies: bool,
    /// Whether to serve when stored person records cannot be read (they are left out of
    /// the index, logged by id and counted in `/metrics`); otherwise the state refuses to
    /// open, naming them.
    pub skip_unreadable_records: bool,
    /// Changes of the store's change feed kept when a new day prunes it (the newest): a
    /// node further behind than these rebuilds its index (see
    /// [`AppState::follow_store`](crate::AppState::follow_store)).
    pub kept_changes: i64,
    /// Days a screening is kept and screened again against records added or changed
    /// later (`gatecheck_service::retro`); 0: screenings are not screened again.
    pub retro_days: u32,
    /// Hours a shift lasts: a member's screening of the same traveller again within one is
    /// a sighting of the open hit already raised, not a new hit, and the record's owner is
    /// not notified again (`gatecheck_service::hits::record_hits_of`); 0: every screening
    /// raises its own hits.
    pub shift_hours: u32,
}

/// Changes of the feed kept by default: a node following it is seconds behind; one down
/// for a while finds the changes it missed pruned and rebuilds, as a node starting does.
pub const KEPT_CHANGES: i64 = 1_000_000;

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            threshold: 0.7,
            limit: 5,
            review_days: 365,
            matching: MatchConfig::default(),
            secure_cookies: false,
            skip_unreadable_records: false,
            kept_changes: KEPT_CHANGES,
            retro_days: gatecheck_service::retro::DEFAULT_DAYS,
            shift_hours: gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
        }
    }
}
