//! Splits a `&str` into chars on the stack when it is short, so the hot-path metrics skip the heap.

/// Names are almost always shorter than this, so their chars fit in a stack array.
pub(crate) const STACK_CHAR_CAPACITY: usize = 64;

/// Calls `use_chars` with the chars of `text`, held on the stack when there are at most
/// [`STACK_CHAR_CAPACITY`] of them and in a heap `Vec` otherwise.
pub(crate) fn with_chars<R>(text: &str, use_chars: impl FnOnce(&[char]) -> R) -> R {
    let mut stack_chars = ['\0'; STACK_CHAR_CAPACITY];
    let mut char_count = 0;
    for character in text.chars() {
        match stack_chars.get_mut(char_count) {
            Some(slot) => *slot = character,
            None => {
                // Too long for the stack: decode again into a Vec rather than keep a partial copy.
                let heap_chars: Vec<char> = text.chars().collect();
                return use_chars(&heap_chars);
            }
        }
        char_count += 1;
    }
    use_chars(&stack_chars[..char_count])
}

/// Calls `use_chars` with the chars of both strings; see [`with_chars`].
pub(crate) fn with_both_chars<R>(
    first_text: &str,
    second_text: &str,
    use_chars: impl FnOnce(&[char], &[char]) -> R,
) -> R {
    with_chars(first_text, |first_chars| {
        with_chars(second_text, |second_chars| {
            use_chars(first_chars, second_chars)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_give_the_same_chars() {
        let short_text = "Zoë";
        assert_eq!(
            with_chars(short_text, <[char]>::to_vec),
            vec!['Z', 'o', 'ë']
        );
        let long_text = "ab".repeat(STACK_CHAR_CAPACITY);
        let expected: Vec<char> = long_text.chars().collect();
        assert_eq!(with_chars(&long_text, <[char]>::to_vec), expected);
        let exactly_full = "x".repeat(STACK_CHAR_CAPACITY);
        assert_eq!(
            with_chars(&exactly_full, |chars| chars.len()),
            STACK_CHAR_CAPACITY
        );
        assert!(with_chars("", <[char]>::is_empty));
    }
}
