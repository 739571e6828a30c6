//! Moments as the service writes them: Unix seconds as a UTC day or time of day, in the
//! engine's calendar ([`gatecheck_engine::calendar`]).

use gatecheck_engine::calendar::civil_from_days;

/// `YYYY-MM-DD` of Unix seconds.
pub fn day(seconds: i64) -> String {
    utc(seconds)[..10].to_string()
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`, any of them: a year outside 0 to 9999 too (which
/// a calendar `Day` cannot be).
pub fn utc(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Whether `zone` names a time zone of the IANA database (bundled in the binary).
pub fn known_time_zone(zone: &str) -> bool {
    jiff::tz::TimeZone::get(zone).is_ok()
}

/// A moment (Unix seconds) as a clock in `zone` reads it, `2026-11-29 17:05` and the zone's
/// abbreviation (`+03`, `CET`); `None` when the zone is unknown or the moment out of range.
pub fn in_time_zone(seconds: i64, zone: &str) -> Option<String> {
    let moment = jiff::Timestamp::from_second(seconds).ok()?;
    let zoned = moment.in_tz(zone).ok()?;
    Some(zoned.strftime("%Y-%m-%d %H:%M %Z").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_reads_as_the_clock_of_a_time_zone_reads_it() {
        // 2026-11-29 14:05 UTC
        let moment = 1_795_961_100;
        assert_eq!(utc(moment), "2026-11-29T14:05:00Z");
        assert_eq!(
            in_time_zone(moment, "Asia/Baghdad").as_deref(),
            Some("2026-11-29 17:05 +03")
        );
        assert_eq!(
            in_time_zone(moment, "Europe/Paris").as_deref(),
            Some("2026-11-29 15:05 CET")
        );
        // summer time where the zone keeps it
        assert_eq!(
            in_time_zone(moment - 150 * 86_400, "Europe/Paris").as_deref(),
            Some("2026-07-02 16:05 CEST")
        );
        assert!(known_time_zone("Africa/Tunis") && known_time_zone("UTC"));
        assert!(!known_time_zone("Mars/Olympus") && !known_time_zone(""));
        assert_eq!(in_time_zone(moment, "Mars/Olympus"), None);
    }

    #[test]
    fn unix_seconds_print_as_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_795_913_100), "2026-11-29T00:45:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(day(1_795_913_100), "2026-11-29");
    }
}
