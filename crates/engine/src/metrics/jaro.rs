//! Jaro similarity and its Winkler prefix boost (plain and long-tolerance), as in jellyfish.

use super::char_buffer::{with_both_chars, STACK_CHAR_CAPACITY};

/// Jaro similarity in `[0, 1]`; 0 when either string is empty (even when both are).
pub fn jaro(first: &str, second: &str) -> f64 {
    with_both_chars(first, second, |first_chars, second_chars| {
        jaro_family_chars(first_chars, second_chars, WinklerBoost::None)
    })
}

/// Jaro-Winkler similarity: Jaro, raised for up to four leading chars in common when Jaro > 0.7.
pub fn jaro_winkler(first: &str, second: &str) -> f64 {
    with_both_chars(first, second, jaro_winkler_chars)
}

/// [`jaro_winkler`] on pre-split chars; match flags live on the stack for inputs under 64 chars.
pub fn jaro_winkler_chars(first: &[char], second: &[char]) -> f64 {
    jaro_family_chars(first, second, WinklerBoost::Prefix)
}

/// Jaro-Winkler with jellyfish's extra boost for long strings that agree well beyond the prefix.
pub fn jaro_winkler_long_tolerance(first: &str, second: &str) -> f64 {
    with_both_chars(first, second, |first_chars, second_chars| {
        jaro_family_chars(
            first_chars,
            second_chars,
            WinklerBoost::PrefixAndLongTolerance,
        )
    })
}

/// Which of the Winkler adjustments to apply on top of the Jaro score.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WinklerBoost {
    None,
    Prefix,
    PrefixAndLongTolerance,
}

/// Picks stack or heap storage for the match flags, then scores.
fn jaro_family_chars(first: &[char], second: &[char], boost: WinklerBoost) -> f64 {
    if first.len() <= STACK_CHAR_CAPACITY && second.len() <= STACK_CHAR_CAPACITY {
        let mut first_flags = [false; STACK_CHAR_CAPACITY];
        let mut second_flags = [false; STACK_CHAR_CAPACITY];
        jaro_family_with_flags(
            first,
            second,
            &mut first_flags[..first.len()],
            &mut second_flags[..second.len()],
            boost,
        )
    } else {
        let mut first_flags = vec![false; first.len()];
        let mut second_flags = vec![false; second.len()];
        jaro_family_with_flags(first, second, &mut first_flags, &mut second_flags, boost)
    }
}

/// The scoring itself. `first_flags`/`second_flags` are all-false and as long as their strings;
/// they record which chars found a partner.
fn jaro_family_with_flags(
    first: &[char],
    second: &[char],
    first_flags: &mut [bool],
    second_flags: &mut [bool],
    boost: WinklerBoost,
) -> f64 {
    if first.is_empty() || second.is_empty() {
        return 0.0;
    }
    let shorter_length = first.len().min(second.len());
    // Chars count as matching only within this distance of each other's position.
    let search_range = (first.len().max(second.len()) / 2).saturating_sub(1);

    let mut common_count = 0_usize;
    for (first_index, (&first_char, first_flag)) in
        first.iter().zip(first_flags.iter_mut()).enumerate()
    {
        let window_start = first_index.saturating_sub(search_range);
        let window_end = (first_index + search_range + 1).min(second.len());
        if window_start >= window_end {
            continue;
        }
        let window = second[window_start..window_end]
            .iter()
            .zip(second_flags[window_start..window_end].iter_mut());
        for (&second_char, second_flag) in window {
            if !*second_flag && second_char == first_char {
                *first_flag = true;
                *second_flag = true;
                common_count += 1;
                break;
            }
        }
    }
    if common_count == 0 {
        return 0.0;
    }

    // Matched chars read in order from each side; each position where they differ is half a
    // transposition.
    let first_matched = first
        .iter()
        .zip(first_flags.iter())
        .filter(|(_, &flag)| flag);
    let second_matched = second
        .iter()
        .zip(second_flags.iter())
        .filter(|(_, &flag)| flag);
    let half_transpositions = first_matched
        .zip(second_matched)
        .filter(|((first_char, _), (second_char, _))| first_char != second_char)
        .count();
    let transpositions = half_transpositions / 2;

    let common = common_count as f64;
    let mut weight = (common / first.len() as f64
        + common / second.len() as f64
        + (common_count - transpositions) as f64 / common)
        / 3.0;

    if boost == WinklerBoost::None || weight <= 0.7 {
        return weight;
    }
    let prefix_length = first
        .iter()
        .zip(second)
        .take(shorter_length.min(4))
        .take_while(|(first_char, second_char)| first_char == second_char)
        .count();
    if prefix_length > 0 {
        weight += prefix_length as f64 * 0.1 * (1.0 - weight);
    }
    // Long tolerance: beyond the prefix at least two more chars agree, and the agreeing chars
    // cover more than half of what remains. (Newer jellyfish applies it to digit-led strings too.)
    if boost == WinklerBoost::PrefixAndLongTolerance
        && shorter_length > 4
        && common_count > prefix_length + 1
        && 2 * common_count >= shorter_length + prefix_length
    {
        let extra_agreement = (common_count - prefix_length - 1) as f64;
        let remaining_length = (first.len() + second.len() + 2 - 2 * prefix_length) as f64;
        weight += (1.0 - weight) * (extra_agreement / remaining_length);
    }
    weight
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounded(value: f64) -> f64 {
        (value * 1000.0).round() / 1000.0
    }

    #[test]
    fn jaro_known_values() {
        assert_eq!(rounded(jaro("dixon", "dicksonx")), 0.767);
        assert_eq!(rounded(jaro("martha", "marhta")), 0.944);
        assert_eq!(jaro("", ""), 0.0);
        assert_eq!(jaro("", "foo"), 0.0);
        assert_eq!(jaro("abc", "xyz"), 0.0);
        assert_eq!(jaro("0ð00", "0ð00"), 1.0);
    }

    #[test]
    fn jaro_winkler_known_values() {
        assert_eq!(rounded(jaro_winkler("dixon", "dicksonx")), 0.813);
        assert_eq!(rounded(jaro_winkler("martha", "marhta")), 0.961);
        assert_eq!(rounded(jaro_winkler("dwayne", "duane")), 0.84);
        assert_eq!(rounded(jaro_winkler("@", "@@")), 0.85);
        assert_eq!(jaro_winkler("a", "a"), 1.0);
    }

    #[test]
    fn long_tolerance_known_values() {
        assert_eq!(
            rounded(jaro_winkler_long_tolerance("dixon", "dicksonx")),
            0.830
        );
        assert_eq!(
            rounded(jaro_winkler_long_tolerance("1abcdefg", "1abcdefh")),
            0.96
        );
        assert_eq!(rounded(jaro_winkler_long_tolerance("aaaa", "aaaaa")), 0.96);
    }

    #[test]
    fn chars_variant_matches_str_variant_for_long_inputs() {
        let first = "abcdefghij".repeat(9);
        let second = "abcdefghji".repeat(9);
        let first_chars: Vec<char> = first.chars().collect();
        let second_chars: Vec<char> = second.chars().collect();
        let score = jaro_winkler_chars(&first_chars, &second_chars);
        assert_eq!(score, jaro_winkler(&first, &second));
        assert!(score > 0.9 && score < 1.0);
    }

    #[test]
    fn scores_are_symmetric_and_bounded() {
        let samples = [
            "",
            "a",
            "ab",
            "ba",
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "Zoë",
            "Zoe",
            "漢字",
            "字漢",
            "aaaaab",
            "baaaaa",
            "jones",
            "johnson",
            "abcdefghijklmnop",
            "abcdefghijklmnpo",
        ];
        for first in samples {
            for second in samples {
                for score_function in [jaro, jaro_winkler, jaro_winkler_long_tolerance] {
                    let forward = score_function(first, second);
                    let backward = score_function(second, first);
                    assert!(
                        (0.0..=1.0).contains(&forward),
                        "{first:?} {second:?} {forward}"
                    );
                    assert!((forward - backward).abs() < 1e-12, "{first:?} {second:?}");
                }
                assert!(jaro_winkler(first, second) >= jaro(first, second));
                assert!(jaro_winkler_long_tolerance(first, second) >= jaro_winkler(first, second));
            }
        }
    }
}
