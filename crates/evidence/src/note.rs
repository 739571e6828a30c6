//! Signed notes (C2SP signed-note) with Ed25519 keys: a text, a blank line, and lines
//! `— <key name> <base64(key id || signature)>`. Checkpoints are signed notes; the format
//! is the one Go's `golang.org/x/mod/sumdb/note` and the transparency-log tools read, so a
//! checkpoint of ours can be checked with theirs.
//!
//! Keys are made from a 32-byte seed the caller passes: nothing here reads randomness.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::error::{KeyError, NoteError};
use crate::hash::shortened;

/// The largest signed note read, in bytes: a checkpoint is about 150 bytes and a signature
/// line about 100, so this leaves room for many cosignatures and none for abuse.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;

/// The most signature lines read on a note; C2SP signed-note asks verifiers to accept at
/// least 16.
pub const MAX_SIGNATURES: usize = 16;

/// The signature type byte of Ed25519 in key ids and verifier keys (C2SP signed-note).
const ED25519_SIGNATURE_TYPE: u8 = 0x01;

/// What starts a signature line: an em dash and a space.
const SIGNATURE_LINE_START: &str = "\u{2014} ";

/// A key that signs notes: a name and an Ed25519 key made from a 32-byte seed.
#[derive(Clone)]
pub struct Signer {
    name: String,
    key_id: u32,
    signing_key: SigningKey,
}

/// A key that checks notes: a name, the key id and an Ed25519 public key. Its text form is
/// the signed-note verifier key `<name>+<hex key id>+<base64(0x01 || public key)>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_id: u32,
    verifying_key: VerifyingKey,
}

impl Signer {
    /// A signer named `name` (non-empty, without spaces, plus signs or control characters)
    /// with the Ed25519 key of `seed` (RFC 8032's 32-byte private key).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Signer, KeyError> {
        check_key_name(name)?;
        let signing_key = SigningKey::from_bytes(seed);
        let key_id = key_id(name, signing_key.verifying_key().as_bytes());
        Ok(Signer {
            name: name.to_string(),
            key_id,
            signing_key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier of this signer's signatures, to be handed to whoever checks them.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            verifying_key: self.signing_key.verifying_key(),
        }
    }
}

impl fmt::Debug for Signer {
    /// Names the key and never shows its secret.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Signer({}+{:08x})", self.name, self.key_id)
    }
}

impl Verifier {
    /// A verifier named `name` for the 32-byte Ed25519 public key `public_key`.
    pub fn from_public_key(name: &str, public_key: &[u8; 32]) -> Result<Verifier, KeyError> {
        check_key_name(name)?;
        let unusable = || KeyError::UnusableKey {
            name: name.to_string(),
        };
        let verifying_key = VerifyingKey::from_bytes(public_key).map_err(|_| unusable())?;
        // a small-order key would let one signature pass for many messages
        if verifying_key.is_weak() {
            return Err(unusable());
        }
        Ok(Verifier {
            name: name.to_string(),
            key_id: key_id(name, public_key),
            verifying_key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.verifying_key.to_bytes()
    }

    /// `name+keyid`, as errors and logs name a key.
    fn label(&self) -> String {
        format!("{}+{:08x}", self.name, self.key_id)
    }
}

impl fmt::Display for Verifier {
    /// The verifier key text: `<name>+<hex key id>+<base64(0x01 || public key)>`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut key = Vec::with_capacity(33);
        key.push(ED25519_SIGNATURE_TYPE);
        key.extend_from_slice(self.verifying_key.as_bytes());
        write!(formatter, "{}+{}", self.label(), BASE64.encode(key))
    }
}

impl FromStr for Verifier {
    type Err = KeyError;

    /// Reads a verifier key text; the key id written must be the key's own.
    fn from_str(text: &str) -> Result<Verifier, KeyError> {
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(key_id_text), Some(key_text)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(KeyError::NotThreeParts {
                text: shortened(text),
            });
        };
        check_key_name(name)?;
        let written_key_id =
            parse_key_id(key_id_text).ok_or_else(|| KeyError::KeyIdNotHexadecimal {
                name: name.to_string(),
                text: shortened(key_id_text),
            })?;
        // 33 bytes are 44 characters; a longer text is refused before it is decoded
        let key_bytes = (key_text.len() <= 64)
            .then(|| BASE64.decode(key_text).ok())
            .flatten()
            .ok_or_else(|| KeyError::KeyNotBase64 {
                name: name.to_string(),
            })?;
        let Some((&signature_type, public_key)) = key_bytes.split_first() else {
            return Err(KeyError::WrongKeyLength {
                name: name.to_string(),
                length: 0,
            });
        };
        if signature_type != ED25519_SIGNATURE_TYPE {
            return Err(KeyError::NotEd25519 {
                name: name.to_string(),
                signature_type,
            });
        }
        let public_key: &[u8; 32] =
            public_key
                .try_into()
                .map_err(|_| KeyError::WrongKeyLength {
                    name: name.to_string(),
                    length: public_key.len(),
                })?;
        let verifier = Verifier::from_public_key(name, public_key)?;
        if verifier.key_id != written_key_id {
            return Err(KeyError::KeyIdMismatch {
                name: name.to_string(),
                written: written_key_id,
                computed: verifier.key_id,
            });
        }
        Ok(verifier)
    }
}

/// Signs `text` (non-empty, ending in a newline, without control characters other than
/// newlines) and returns the signed note: the text, a blank line, one signature line.
pub fn sign_note(text: &str, signer: &Signer) -> Result<String, NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::TextNotEnded);
    }
    check_characters(text)?;
    let signature = signer.signing_key.sign(text.as_bytes());
    let mut signature_bytes = Vec::with_capacity(4 + 64);
    signature_bytes.extend_from_slice(&signer.key_id.to_be_bytes());
    signature_bytes.extend_from_slice(&signature.to_bytes());
    let note = format!(
        "{text}\n{SIGNATURE_LINE_START}{} {}\n",
        signer.name,
        BASE64.encode(signature_bytes)
    );
    if note.len() > MAX_NOTE_BYTES {
        return Err(NoteError::TooLarge {
            size: note.len(),
            limit: MAX_NOTE_BYTES,
        });
    }
    Ok(note)
}

/// Reads a signed note and checks it against `verifier`; returns its text (with the final
/// newline) when a signature of that key verifies.
///
/// As C2SP signed-note says, signatures of other keys are skipped (a witness's cosignature
/// may sit beside the log's), but a signature that claims the verifier's name and key id
/// and does not verify refuses the whole note.
pub fn open_note<'note>(note: &'note [u8], verifier: &Verifier) -> Result<&'note str, NoteError> {
    if note.len() > MAX_NOTE_BYTES {
        return Err(NoteError::TooLarge {
            size: note.len(),
            limit: MAX_NOTE_BYTES,
        });
    }
    let note = std::str::from_utf8(note).map_err(|error| NoteError::NotUtf8 {
        offset: error.valid_up_to(),
    })?;
    check_characters(note)?;
    let Some(blank_line) = note.rfind("\n\n") else {
        return Err(NoteError::NoSignatures);
    };
    let (text, signatures) = (&note[..=blank_line], &note[blank_line + 2..]);
    if signatures.is_empty() {
        return Err(NoteError::NoSignatures);
    }
    let Some(signatures) = signatures.strip_suffix('\n') else {
        return Err(NoteError::SignaturesNotEnded);
    };
    let count = signatures.split('\n').count();
    if count > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures {
            count,
            limit: MAX_SIGNATURES,
        });
    }
    // lines counted from 1: the text's lines, the blank line, then the signatures
    let first_signature_line = text.matches('\n').count() + 2;
    let mut verified = false;
    for (line, signature_line) in (first_signature_line..).zip(signatures.split('\n')) {
        let signature = parse_signature_line(signature_line, line)?;
        if signature.key_name != verifier.name || signature.key_id != verifier.key_id {
            continue;
        }
        let invalid = || NoteError::InvalidSignature {
            line,
            key: verifier.label(),
        };
        let signature_bytes: &[u8; 64] = signature
            .signature
            .as_slice()
            .try_into()
            .map_err(|_| invalid())?;
        verifier
            .verifying_key
            .verify_strict(text.as_bytes(), &Signature::from_bytes(signature_bytes))
            .map_err(|_| invalid())?;
        verified = true;
    }
    if !verified {
        return Err(NoteError::NotSignedByKey {
            key: verifier.label(),
        });
    }
    Ok(text)
}

/// The key id of C2SP signed-note for Ed25519: the first four bytes, big-endian, of
/// SHA-256(key name || 0x0A || 0x01 || public key).
pub fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut digest = Sha256::new();
    digest.update(name.as_bytes());
    digest.update([b'\n', ED25519_SIGNATURE_TYPE]);
    digest.update(public_key);
    let hash: [u8; 32] = digest.finalize().into();
    u32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]])
}

/// One signature line, read but not yet checked.
struct SignatureLine<'note> {
    key_name: &'note str,
    key_id: u32,
    signature: Vec<u8>,
}

fn parse_signature_line(text: &str, line: usize) -> Result<SignatureLine<'_>, NoteError> {
    let not_a_signature_line = || NoteError::NotASignatureLine { line };
    let rest = text
        .strip_prefix(SIGNATURE_LINE_START)
        .ok_or_else(not_a_signature_line)?;
    let (key_name, encoded) = rest.split_once(' ').ok_or_else(not_a_signature_line)?;
    if !is_key_name(key_name) {
        return Err(NoteError::BadKeyName {
            line,
            name: shortened(key_name),
        });
    }
    let bytes = BASE64
        .decode(encoded)
        .map_err(|_| NoteError::BadSignatureEncoding { line })?;
    if bytes.len() < 5 {
        return Err(NoteError::BadSignatureEncoding { line });
    }
    let key_id = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    Ok(SignatureLine {
        key_name,
        key_id,
        signature: bytes[4..].to_vec(),
    })
}

/// A signed note is UTF-8 without control characters other than newline (C2SP
/// signed-note): a carriage return or an escape could show one text and sign another.
fn check_characters(text: &str) -> Result<(), NoteError> {
    let mut line = 1;
    for character in text.chars() {
        if character == '\n' {
            line += 1;
        } else if character < ' ' {
            return Err(NoteError::ControlCharacter { line, character });
        }
    }
    Ok(())
}

/// Key names are non-empty, without Unicode spaces, plus signs (which separate the parts
/// of a verifier key) or control characters.
fn is_key_name(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().any(|character| {
            character.is_whitespace() || character == '+' || character.is_control()
        })
}

fn check_key_name(name: &str) -> Result<(), KeyError> {
    if is_key_name(name) {
        Ok(())
    } else {
        Err(KeyError::BadName {
            name: shortened(name),
        })
    }
}

/// Eight hexadecimal digits, as verifier keys write key ids.
fn parse_key_id(text: &str) -> Option<u32> {
    if text.len() != 8 || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}
