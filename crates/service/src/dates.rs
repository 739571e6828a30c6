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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_print_as_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_795_913_100), "2026-11-29T00:45:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(day(1_795_913_100), "2026-11-29");
    }
}
