//! Edit distances over Unicode chars: Levenshtein, unrestricted Damerau-Levenshtein and Hamming.

use std::collections::HashMap;

use super::char_buffer::{with_both_chars, STACK_CHAR_CAPACITY};

/// Number of single-char insertions, deletions and substitutions that turn `first` into `second`.
pub fn levenshtein(first: &str, second: &str) -> usize {
    with_both_chars(first, second, levenshtein_chars)
}

/// [`levenshtein`] on pre-split chars. Uses one row of the edit matrix, kept on the stack when the
/// shorter input (after dropping the shared prefix and suffix) has fewer than 64 chars.
pub fn levenshtein_chars(first: &[char], second: &[char]) -> usize {
    // A shared prefix or suffix never costs an edit, so leave it out of the quadratic part.
    let prefix_length = first
        .iter()
        .zip(second)
        .take_while(|(left, right)| left == right)
        .count();
    let first = &first[prefix_length..];
    let second = &second[prefix_length..];
    let suffix_length = first
        .iter()
        .rev()
        .zip(second.iter().rev())
        .take_while(|(left, right)| left == right)
        .count();
    let first = &first[..first.len() - suffix_length];
    let second = &second[..second.len() - suffix_length];

    // The distance is symmetric, so let the shorter string set the row width.
    let (longer, shorter) = if first.len() >= second.len() {
        (first, second)
    } else {
        (second, first)
    };
    if shorter.is_empty() {
        return longer.len();
    }
    let row_length = shorter.len() + 1;
    if row_length <= STACK_CHAR_CAPACITY {
        let mut stack_row = [0_usize; STACK_CHAR_CAPACITY];
        levenshtein_with_row(longer, shorter, &mut stack_row[..row_length])
    } else {
        let mut heap_row = vec![0_usize; row_length];
        levenshtein_with_row(longer, shorter, &mut heap_row)
    }
}

/// Runs the Wagner-Fischer recurrence row by row in `row`, which holds `shorter.len() + 1` cells.
fn levenshtein_with_row(longer: &[char], shorter: &[char], row: &mut [usize]) -> usize {
    for (column, cell) in row.iter_mut().enumerate() {
        *cell = column;
    }
    for (row_index, &longer_char) in longer.iter().enumerate() {
        // `diagonal` is the cell up-left of the one being computed, `left` the one just written.
        let mut diagonal = row_index;
        let mut left = row_index + 1;
        for (cell, &shorter_char) in row[1..].iter_mut().zip(shorter) {
            let above = *cell;
            let substitution = diagonal + usize::from(longer_char != shorter_char);
            let best = substitution.min(above + 1).min(left + 1);
            diagonal = above;
            *cell = best;
            left = best;
        }
        if let Some(first_cell) = row.first_mut() {
            *first_cell = row_index + 1;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Unrestricted Damerau-Levenshtein distance: like [`levenshtein`] but swapping two adjacent chars
/// costs one edit, and swapped chars may be edited again afterwards (so `"ifhs"` to `"fish"` is 2).
///
/// Memory is one row per char that occurs in both strings, not the whole matrix, so long inputs
/// with small alphabets stay cheap.
pub fn damerau_levenshtein(first: &str, second: &str) -> usize {
    let first: Vec<char> = first.chars().collect();
    let second: Vec<char> = second.chars().collect();
    // The distance is symmetric; the shorter string sets the width of every stored row.
    if first.len() >= second.len() {
        damerau_levenshtein_by_rows(&first, &second)
    } else {
        damerau_levenshtein_by_rows(&second, &first)
    }
}

/// The Lowrance-Wagner recurrence, `rows` walking `row_chars` and columns walking `column_chars`.
fn damerau_levenshtein_by_rows(row_chars: &[char], column_chars: &[char]) -> usize {
    if column_chars.is_empty() {
        return row_chars.len();
    }
    // A transposition can only start at a char that both strings contain; give those a dense id.
    let mut id_of_shared_char: HashMap<char, usize> = HashMap::new();
    for character in row_chars {
        if column_chars.contains(character) {
            let next_id = id_of_shared_char.len();
            id_of_shared_char.entry(*character).or_insert(next_id);
        }
    }
    let column_char_ids: Vec<Option<usize>> = column_chars
        .iter()
        .map(|character| id_of_shared_char.get(character).copied())
        .collect();
    let row_char_ids: Vec<Option<usize>> = row_chars
        .iter()
        .map(|character| id_of_shared_char.get(character).copied())
        .collect();

    let width = column_chars.len() + 1;
    // For each shared char: the 1-based row where it last occurred (0 = not yet), and the matrix
    // row just above that occurrence, which is the only place a transposition can reach back to.
    let mut last_row_of_char = vec![0_usize; id_of_shared_char.len()];
    let mut row_above_last_occurrence: Vec<Vec<usize>> = vec![Vec::new(); id_of_shared_char.len()];

    let mut previous_row: Vec<usize> = (0..width).collect();
    let mut current_row = vec![0_usize; width];
    for (row_offset, (&row_char, &row_char_id)) in row_chars.iter().zip(&row_char_ids).enumerate() {
        let row_number = row_offset + 1;
        current_row[0] = row_number;
        // Last column (1-based) in this row whose char equals `row_char`; 0 = none yet.
        let mut last_matching_column = 0_usize;
        for column_number in 1..width {
            let column_offset = column_number - 1;
            let column_char = column_chars[column_offset];
            let chars_equal = row_char == column_char;
            let substitution = previous_row[column_offset] + usize::from(!chars_equal);
            let deletion = previous_row[column_number] + 1;
            let insertion = current_row[column_offset] + 1;
            let mut best = substitution.min(deletion).min(insertion);

            if let Some(column_char_id) = column_char_ids[column_offset] {
                let earlier_row = last_row_of_char[column_char_id];
                if earlier_row > 0 && last_matching_column > 0 {
                    // Transpose the pair, deleting everything between the two halves of it.
                    let stored_row = &row_above_last_occurrence[column_char_id];
                    if let Some(&before_both) = stored_row.get(last_matching_column - 1) {
                        let transposition = before_both
                            + (row_number - earlier_row - 1)
                            + 1
                            + (column_number - last_matching_column - 1);
                        best = best.min(transposition);
                    }
                }
            }
            if chars_equal {
                last_matching_column = column_number;
            }
            current_row[column_number] = best;
        }
        if let Some(row_char_id) = row_char_id {
            // Only now does this row become "the last occurrence" of its char.
            last_row_of_char[row_char_id] = row_number;
            let stored_row = &mut row_above_last_occurrence[row_char_id];
            stored_row.clear();
            stored_row.extend_from_slice(&previous_row);
        }
        std::mem::swap(&mut previous_row, &mut current_row);
    }
    previous_row[column_chars.len()]
}

/// Rows of [`osa_within`] up to this long are kept on the stack.
const OSA_STACK_WIDTH: usize = 64;

/// The optimal-string-alignment distance of two byte strings (insertions, deletions,
/// substitutions and swaps of two neighbours, each one edit, no substring edited twice)
/// when it is at most `bound`, else `None`. Only the band of cells within `bound` of the
/// diagonal is computed, so a small bound over names costs a few dozen steps.
pub fn osa_within(first: &[u8], second: &[u8], bound: usize) -> Option<usize> {
    if first.len().abs_diff(second.len()) > bound {
        return None;
    }
    // shared ends cost nothing
    let prefix = first.iter().zip(second).take_while(|(a, b)| a == b).count();
    let (first, second) = (&first[prefix..], &second[prefix..]);
    let suffix = first
        .iter()
        .rev()
        .zip(second.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (first, second) = (
        &first[..first.len() - suffix],
        &second[..second.len() - suffix],
    );
    if first.is_empty() || second.is_empty() {
        return Some(first.len().max(second.len()));
    }
    let width = second.len() + 1;
    if width > OSA_STACK_WIDTH || bound >= usize::from(FAR) {
        // longer than any name: the same recurrence on the heap
        let full = osa_rows(first, second, bound, &mut vec![FAR; 3 * width]);
        return full;
    }
    osa_rows(
        first,
        second,
        bound,
        &mut [FAR; 3 * OSA_STACK_WIDTH][..3 * width],
    )
}

/// A cell of [`osa_within`] past any bound it is asked with.
const FAR: u8 = u8::MAX / 2;

/// [`osa_within`] over `rows`, three rows of `second.len() + 1` cells.
fn osa_rows(first: &[u8], second: &[u8], bound: usize, rows: &mut [u8]) -> Option<usize> {
    let width = second.len() + 1;
    let cap = |value: usize| value.min(usize::from(FAR)) as u8;
    let (before, rest) = rows.split_at_mut(width);
    let (previous, current) = rest.split_at_mut(width);
    let (mut before, mut previous, mut current) = (before, previous, current);
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = if j <= bound { j as u8 } else { FAR };
    }
    let bound_cell = cap(bound);
    for i in 1..=first.len() {
        let low = i.saturating_sub(bound).max(1);
        let high = (i + bound).min(second.len());
        current.fill(FAR);
        current[0] = if i <= bound { cap(i) } else { FAR };
        let mut row_best = current[0];
        for j in low..=high {
            let same = first[i - 1] == second[j - 1];
            let mut best = (previous[j - 1] + u8::from(!same))
                .min(previous[j] + 1)
                .min(current[j - 1] + 1);
            if i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            best = best.min(FAR);
            current[j] = best;
            row_best = row_best.min(best);
        }
        if row_best > bound_cell {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = usize::from(previous[second.len()]);
    (distance <= bound).then_some(distance)
}

/// Number of positions whose chars differ, plus the difference in length (jellyfish's reading).
pub fn hamming(first: &str, second: &str) -> usize {
    let mut first_chars = first.chars();
    let mut second_chars = second.chars();
    let mut distance = 0;
    loop {
        match (first_chars.next(), second_chars.next()) {
            (Some(left), Some(right)) => distance += usize::from(left != right),
            (Some(_), None) | (None, Some(_)) => distance += 1,
            (None, None) => return distance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator so property checks need no extra crate.
    fn pseudo_random_strings() -> Vec<String> {
        let alphabet: Vec<char> = "abcab éΩ漢".chars().collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut strings = vec![String::new()];
        for _ in 0..120 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let length = usize::try_from((state >> 33) % 9).unwrap_or(0);
            let mut text = String::new();
            for _ in 0..length {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let index = usize::try_from((state >> 33) % alphabet.len() as u64).unwrap_or(0);
                text.push(alphabet[index]);
            }
            strings.push(text);
        }
        strings
    }

    /// Textbook full-matrix Levenshtein, to check the trimmed one-row version against.
    fn reference_levenshtein(first: &str, second: &str) -> usize {
        let first: Vec<char> = first.chars().collect();
        let second: Vec<char> = second.chars().collect();
        let mut matrix = vec![vec![0_usize; second.len() + 1]; first.len() + 1];
        for (row, cells) in matrix.iter_mut().enumerate() {
            cells[0] = row;
        }
        for (column, cell) in matrix[0].iter_mut().enumerate() {
            *cell = column;
        }
        for row in 1..=first.len() {
            for column in 1..=second.len() {
                let cost = usize::from(first[row - 1] != second[column - 1]);
                matrix[row][column] = (matrix[row - 1][column - 1] + cost)
                    .min(matrix[row - 1][column] + 1)
                    .min(matrix[row][column - 1] + 1);
            }
        }
        matrix[first.len()][second.len()]
    }

    #[test]
    fn osa_within_counts_one_edit_each_and_stops_past_the_bound() {
        assert_eq!(osa_within(b"trevordavis", b"trevordavis", 1), Some(0));
        // a letter changed, dropped, added, two swapped
        assert_eq!(osa_within(b"rubenroke", b"rubenrose", 1), Some(1));
        assert_eq!(osa_within(b"johnaderson", b"johnanderson", 1), Some(1));
        assert_eq!(osa_within(b"edwardrryan", b"edwardryan", 1), Some(1));
        assert_eq!(osa_within(b"luisgiradlo", b"luisgiraldo", 1), Some(1));
        assert_eq!(osa_within(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(osa_within(b"kitten", b"sitting", 2), None);
        assert_eq!(osa_within(b"abc", b"", 3), Some(3));
        assert_eq!(osa_within(b"abc", b"", 2), None);
        // longer than the rows kept on the stack
        let long = "ab".repeat(40);
        let slipped = format!("{}x{}", &long[..41], &long[42..]);
        assert_eq!(osa_within(long.as_bytes(), slipped.as_bytes(), 1), Some(1));
        // no substring edited twice: "ca" to "abc" is 3 here (2 unrestricted)
        assert_eq!(osa_within(b"ca", b"abc", 3), Some(3));
        // the same as the full computation wherever it answers
        for (a, b) in [
            ("kovalenko", "kowalski"),
            ("mohammed", "muhammad"),
            ("ab", "ba"),
        ] {
            let full = reference_osa(a.as_bytes(), b.as_bytes());
            for bound in 0..6 {
                assert_eq!(
                    osa_within(a.as_bytes(), b.as_bytes(), bound),
                    (full <= bound).then_some(full),
                    "{a} {b} {bound}"
                );
            }
        }
    }

    fn reference_osa(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn levenshtein_known_values() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("Saturday", "Sunday"), 3);
        assert_eq!(levenshtein("Müller", "Mueller"), 2);
        assert_eq!(levenshtein("flaw", "lawn"), 2);
    }

    #[test]
    fn levenshtein_long_inputs_use_the_heap_row() {
        let first = "a".repeat(200) + "xyz";
        let second = "b".repeat(150) + "xyz";
        assert_eq!(levenshtein(&first, &second), 200);
        assert_eq!(
            levenshtein(&first, &second),
            reference_levenshtein(&first, &second)
        );
    }

    #[test]
    fn damerau_levenshtein_known_values() {
        assert_eq!(damerau_levenshtein("", ""), 0);
        assert_eq!(damerau_levenshtein("abc", ""), 3);
        assert_eq!(damerau_levenshtein("fuor", "four"), 1);
        assert_eq!(damerau_levenshtein("abcd", "acb"), 2);
        // Unrestricted: the restricted (optimal string alignment) distance here would be 3.
        assert_eq!(damerau_levenshtein("ifhs", "fish"), 2);
        assert_eq!(damerau_levenshtein("ca", "abc"), 2);
        assert_eq!(damerau_levenshtein("jellyifhs", "jellyfish"), 2);
    }

    #[test]
    fn hamming_known_values() {
        assert_eq!(hamming("", ""), 0);
        assert_eq!(hamming("", "abc"), 3);
        assert_eq!(hamming("acc", "abc"), 1);
        assert_eq!(hamming("abcd", "abc"), 1);
        assert_eq!(hamming("testing", "this is a test"), 13);
        assert_eq!(hamming("éa", "ea"), 1);
    }

    #[test]
    fn distances_are_symmetric_and_ordered() {
        let strings = pseudo_random_strings();
        for first in &strings {
            for second in &strings {
                let lev = levenshtein(first, second);
                let damerau = damerau_levenshtein(first, second);
                let ham = hamming(first, second);
                assert_eq!(lev, levenshtein(second, first), "{first:?} {second:?}");
                assert_eq!(
                    damerau,
                    damerau_levenshtein(second, first),
                    "{first:?} {second:?}"
                );
                assert_eq!(ham, hamming(second, first), "{first:?} {second:?}");
                assert_eq!(
                    lev,
                    reference_levenshtein(first, second),
                    "{first:?} {second:?}"
                );
                // Transpositions can only help, and Hamming only substitutes.
                assert!(damerau <= lev && lev <= ham, "{first:?} {second:?}");
                assert_eq!(lev == 0, first == second);
            }
        }
    }
}
