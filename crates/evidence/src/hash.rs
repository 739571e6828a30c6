//! The hashes of the tree, as RFC 9162 §2.1.1 defines them: leaves and interior nodes are
//! hashed with different first bytes, so that no leaf can pass for an interior node (a
//! second-preimage attack on a tree that hashed both alike).

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::error::HashError;

/// A SHA-256 hash: of a leaf, of an interior node, or the root of a tree.
///
/// Shown and parsed as 64 lowercase hexadecimal digits; checkpoints write it in base64.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash([u8; 32]);

/// The root of the empty tree: SHA-256 of nothing.
pub const EMPTY_TREE_HASH: Hash = Hash([
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
]);

/// The first byte hashed before a leaf's entry.
const LEAF_PREFIX: u8 = 0x00;
/// The first byte hashed before two children.
const INTERIOR_PREFIX: u8 = 0x01;

impl Hash {
    pub const fn from_bytes(bytes: [u8; 32]) -> Hash {
        Hash(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Reads a hash from bytes of unknown length, as they come in a proof from outside.
    pub fn from_slice(bytes: &[u8]) -> Result<Hash, HashError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| HashError::WrongLength {
            length: bytes.len(),
        })?;
        Ok(Hash(array))
    }

    /// The standard base64 (RFC 4648 §4, padded) that checkpoints write.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    /// Reads the padded standard base64 of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<Hash, HashError> {
        let not_base64 = || HashError::NotBase64 {
            text: shortened(text),
        };
        // 32 bytes are 44 characters; a longer text is refused before it is decoded
        if text.len() != 44 {
            return Err(not_base64());
        }
        let bytes = BASE64.decode(text).map_err(|_| not_base64())?;
        Hash::from_slice(&bytes).map_err(|_| not_base64())
    }
}

/// The hash of a log entry as a leaf: SHA-256(0x00 || entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut digest = Sha256::new();
    digest.update([LEAF_PREFIX]);
    digest.update(entry);
    Hash(digest.finalize().into())
}

/// The hash of an interior node from its children: SHA-256(0x01 || left || right).
pub fn interior_hash(left: &Hash, right: &Hash) -> Hash {
    let mut digest = Sha256::new();
    digest.update([INTERIOR_PREFIX]);
    digest.update(left.0);
    digest.update(right.0);
    Hash(digest.finalize().into())
}

impl fmt::Display for Hash {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(formatter, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Hash({self})")
    }
}

impl FromStr for Hash {
    type Err = HashError;

    /// Reads 64 hexadecimal digits, upper or lower case.
    fn from_str(text: &str) -> Result<Hash, HashError> {
        let not_hexadecimal = || HashError::NotHexadecimal {
            text: shortened(text),
        };
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return Err(not_hexadecimal());
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            let high = hexadecimal_value(pair[0]).ok_or_else(not_hexadecimal)?;
            let low = hexadecimal_value(pair[1]).ok_or_else(not_hexadecimal)?;
            *byte = high << 4 | low;
        }
        Ok(Hash(bytes))
    }
}

fn hexadecimal_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// A text quoted in an error, cut so that a megabyte of garbage does not become a
/// megabyte of error message.
pub(crate) fn shortened(text: &str) -> String {
    const LIMIT: usize = 80;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_tree_hash_is_sha256_of_nothing() {
        let digest: [u8; 32] = Sha256::digest(b"").into();
        assert_eq!(EMPTY_TREE_HASH, Hash::from_bytes(digest));
    }

    #[test]
    fn hexadecimal_text_reads_back() {
        let hash = leaf_hash(b"entry");
        assert_eq!(hash.to_string().parse::<Hash>(), Ok(hash));
        assert_eq!(hash.to_string().to_uppercase().parse::<Hash>(), Ok(hash));
        assert_eq!(Hash::from_base64(&hash.to_base64()), Ok(hash));
    }

    #[test]
    fn malformed_text_is_refused() {
        let text = leaf_hash(b"entry").to_string();
        for bad in [
            &text[..63],
            &format!("{text}0"),
            &format!("{}g", &text[..63]),
            "",
            "é",
        ] {
            assert!(
                matches!(bad.parse::<Hash>(), Err(HashError::NotHexadecimal { .. })),
                "{bad}"
            );
        }
        let base64 = leaf_hash(b"entry").to_base64();
        for bad in [&base64[..43], &format!("{base64}="), "", &"A".repeat(44)] {
            assert!(
                matches!(Hash::from_base64(bad), Err(HashError::NotBase64 { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            Hash::from_slice(&[0; 31]),
            Err(HashError::WrongLength { length: 31 })
        );
    }

    #[test]
    fn a_long_text_is_shortened_in_the_error() {
        let error = "x".repeat(1_000_000).parse::<Hash>().unwrap_err();
        assert!(error.to_string().len() < 200, "{error}");
    }
}
