//! Signed notes and checkpoints: byte for byte against the published examples (Go's
//! `golang.org/x/mod/sumdb/note` test key and note, the C2SP signed-note example), round
//! trips of our own checkpoints, and refusal of every change.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use gatecheck_evidence::{
    leaf_hash, open_checkpoint, open_note, prove_consistency, prove_inclusion, sign_note,
    Checkpoint, CheckpointError, Frontier, KeyError, MemoryNodes, NoteError, ProofError, Signer,
    Verifier,
};
use proptest::prelude::*;

/// The example key of Go's note package, as its private-key text
/// `PRIVATE+KEY+<name>+<key id>+base64(0x01 || seed)` and its verifier key.
const GO_PRIVATE_KEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VERIFIER_KEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                       then you don't know what your problem is.\n";
const GO_SIGNATURE_LINE: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
/// A second key of Go's tests and its signature of the same text.
const GO_OTHER_VERIFIER_KEY: &str =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const GO_OTHER_SIGNATURE_LINE: &str = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

/// The example of C2SP signed-note.
const C2SP_VERIFIER_KEY: &str =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const C2SP_NOTE: &str = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

const ORIGIN: &str = "gatecheck.example/audit";

fn go_signer() -> Signer {
    // the base64 holds a plus sign of its own
    let encoded = GO_PRIVATE_KEY.splitn(5, '+').nth(4).unwrap();
    let key = BASE64.decode(encoded).unwrap();
    assert_eq!(key[0], 0x01, "an Ed25519 key");
    Signer::from_seed("PeterNeumann", &key[1..].try_into().unwrap()).unwrap()
}

fn go_note() -> String {
    format!("{GO_TEXT}\n{GO_SIGNATURE_LINE}")
}

fn hub_signer() -> Signer {
    Signer::from_seed(ORIGIN, &[7; 32]).unwrap()
}

fn checkpoint_of_size(size: u64) -> Checkpoint {
    let mut frontier = Frontier::new();
    for entry in 0..size {
        frontier.append(leaf_hash(&entry.to_be_bytes()));
    }
    Checkpoint::new(ORIGIN, size, frontier.root()).unwrap()
}

#[test]
fn a_seed_gives_the_go_example_key_and_signature_byte_for_byte() {
    let signer = go_signer();
    assert_eq!(signer.key_id(), 0xc74f20a3);
    assert_eq!(signer.verifier().to_string(), GO_VERIFIER_KEY);
    assert_eq!(sign_note(GO_TEXT, &signer).unwrap(), go_note());
}

#[test]
fn the_go_and_c2sp_example_notes_verify() {
    let verifier: Verifier = GO_VERIFIER_KEY.parse().unwrap();
    assert_eq!(open_note(go_note().as_bytes(), &verifier), Ok(GO_TEXT));
    let c2sp_verifier: Verifier = C2SP_VERIFIER_KEY.parse().unwrap();
    assert_eq!(
        open_note(C2SP_NOTE.as_bytes(), &c2sp_verifier),
        Ok("This is an example message.\n")
    );
    assert_eq!(c2sp_verifier.to_string(), C2SP_VERIFIER_KEY);
}

#[test]
fn signatures_of_other_keys_are_skipped() {
    let cosigned = format!("{GO_TEXT}\n{GO_SIGNATURE_LINE}{GO_OTHER_SIGNATURE_LINE}");
    let peter: Verifier = GO_VERIFIER_KEY.parse().unwrap();
    let enoch: Verifier = GO_OTHER_VERIFIER_KEY.parse().unwrap();
    assert_eq!(open_note(cosigned.as_bytes(), &peter), Ok(GO_TEXT));
    assert_eq!(open_note(cosigned.as_bytes(), &enoch), Ok(GO_TEXT));
    let only_enoch = format!("{GO_TEXT}\n{GO_OTHER_SIGNATURE_LINE}");
    assert_eq!(
        open_note(only_enoch.as_bytes(), &peter),
        Err(NoteError::NotSignedByKey {
            key: "PeterNeumann+c74f20a3".to_string()
        })
    );
}

#[test]
fn a_bad_signature_of_the_known_key_refuses_the_note() {
    let verifier: Verifier = GO_VERIFIER_KEY.parse().unwrap();
    let line = format!(
        "{}ABCD{}",
        &GO_SIGNATURE_LINE[..60],
        &GO_SIGNATURE_LINE[60..]
    );
    let note = format!("{GO_TEXT}\n{line}{GO_SIGNATURE_LINE}");
    let error = open_note(note.as_bytes(), &verifier).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 4: the signature of PeterNeumann+c74f20a3 does not verify"
    );
}

#[test]
fn malformed_notes_are_refused_with_the_reason() {
    let verifier: Verifier = GO_VERIFIER_KEY.parse().unwrap();
    let unended = &GO_SIGNATURE_LINE[..GO_SIGNATURE_LINE.len() - 1];
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (GO_TEXT.into(), "no blank line separates the note text from its signatures"),
        (format!("{GO_TEXT}\n").into(), "no blank line separates the note text from its signatures"),
        (format!("{GO_TEXT}\n{unended}").into(), "the last signature line does not end with a newline"),
        (format!("\u{1}{}", go_note()).into(), "line 1: control character '\\u{1}', only newlines are allowed"),
        (format!("{GO_TEXT}\r\n{GO_SIGNATURE_LINE}").into(), "line 3: control character '\\r', only newlines are allowed"),
        ([b"\xff".as_slice(), go_note().as_bytes()].concat(), "byte 0: the note is not UTF-8"),
        (
            format!("{GO_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n").into(),
            "line 4: the signature is not base64 of a key id and at least one byte",
        ),
        (format!("{}Unexpected line.\n", go_note()).into(), "line 5: a signature line is \"— <key name> <base64 signature>\""),
        (format!("{GO_TEXT}\n- PeterNeumann x08g\n").into(), "line 4: a signature line is \"— <key name> <base64 signature>\""),
        (format!("{GO_TEXT}\n— Peter+Neumann x08go/ZJk=\n").into(), "line 4: key name \"Peter+Neumann\" is empty or holds a space, a plus or a control character"),
        (format!("{GO_TEXT}\n— PeterNeumann x08g\n").into(), "line 4: the signature is not base64 of a key id and at least one byte"),
    ];
    for (note, expected) in cases {
        let error = open_note(&note, &verifier).unwrap_err();
        assert_eq!(
            error.to_string(),
            expected,
            "{:?}",
            String::from_utf8_lossy(&note)
        );
    }
}

#[test]
fn at_most_16_signatures_are_read() {
    let verifier: Verifier = GO_VERIFIER_KEY.parse().unwrap();
    let sixteen = format!("{GO_TEXT}\n{}", GO_SIGNATURE_LINE.repeat(16));
    assert_eq!(open_note(sixteen.as_bytes(), &verifier), Ok(GO_TEXT));
    let seventeen = format!("{GO_TEXT}\n{}", GO_SIGNATURE_LINE.repeat(17));
    assert_eq!(
        open_note(seventeen.as_bytes(), &verifier),
        Err(NoteError::TooManySignatures {
            count: 17,
            limit: 16
        })
    );
}

#[test]
fn a_note_over_64_kib_is_refused_before_it_is_read() {
    let verifier: Verifier = GO_VERIFIER_KEY.parse().unwrap();
    let long_text = "a".repeat(64 * 1024);
    let note = format!("{long_text}\n\n{GO_SIGNATURE_LINE}");
    assert!(matches!(
        open_note(note.as_bytes(), &verifier),
        Err(NoteError::TooLarge { limit: 65536, .. })
    ));
    assert!(matches!(
        sign_note(&format!("{long_text}\n"), &go_signer()),
        Err(NoteError::TooLarge { .. })
    ));
}

#[test]
fn verifier_keys_cut_or_changed_anywhere_are_refused() {
    let bytes = GO_VERIFIER_KEY.as_bytes();
    for start in 0..bytes.len() {
        for end in start + 1..=bytes.len() {
            if (start, end) != (0, bytes.len()) {
                let cut = std::str::from_utf8(&bytes[start..end]).unwrap();
                assert!(cut.parse::<Verifier>().is_err(), "{cut:?}");
            }
        }
    }
    for position in 0..bytes.len() {
        let mut changed = bytes.to_vec();
        changed[position] += 1;
        let changed = String::from_utf8(changed).unwrap();
        assert!(changed.parse::<Verifier>().is_err(), "{changed:?}");
    }
}

#[test]
fn verifier_key_errors_say_what_was_wrong() {
    let cases = [
        (
            "PeterNeumann",
            "verifier key \"PeterNeumann\" is not <name>+<key id>+<key>",
        ),
        (
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key \"PeterNeumann\": key id c74f20a4 is not the key's id c74f20a3",
        ),
        (
            "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key \"PeterNeumann\": key id \"c74f20a\" is not 8 hexadecimal digits",
        ),
        (
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key \"PeterNeumann\": signature type 0x65 is not Ed25519 (0x01)",
        ),
        (
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
            "verifier key \"PeterNeumann\": the key is not base64",
        ),
        (
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWAA==",
            "verifier key \"PeterNeumann\": an Ed25519 public key is 32 bytes, this one is 33",
        ),
        (
            "Peter Neumann+c74f20a3+AR==",
            "key name \"Peter Neumann\" is empty or holds a space, a plus or a control character",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            text.parse::<Verifier>().unwrap_err().to_string(),
            expected,
            "{text}"
        );
    }
    // the identity point is of small order: one signature would pass for many messages
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(
        Verifier::from_public_key("weak", &identity),
        Err(KeyError::UnusableKey {
            name: "weak".to_string()
        })
    );
}

#[test]
fn a_signed_checkpoint_reads_back() {
    let signer = hub_signer();
    let checkpoint = checkpoint_of_size(1234);
    let signed = checkpoint.sign(&signer);
    assert!(signed.starts_with(&format!(
        "{ORIGIN}\n1234\n{}\n\n— {ORIGIN} ",
        checkpoint.root().to_base64()
    )));
    assert_eq!(
        open_checkpoint(signed.as_bytes(), &signer.verifier()),
        Ok(checkpoint.clone())
    );
    // and through the verifier key's text, as a verifier elsewhere holds it
    let verifier: Verifier = signer.verifier().to_string().parse().unwrap();
    assert_eq!(
        open_checkpoint(signed.as_bytes(), &verifier),
        Ok(checkpoint)
    );
}

#[test]
fn the_empty_log_has_a_checkpoint_too() {
    let signer = hub_signer();
    let checkpoint = checkpoint_of_size(0);
    let signed = checkpoint.sign(&signer);
    assert!(signed.starts_with(&format!(
        "{ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
    )));
    assert_eq!(
        open_checkpoint(signed.as_bytes(), &signer.verifier()),
        Ok(checkpoint)
    );
}

#[test]
fn a_changed_size_root_origin_or_signature_is_refused() {
    let signer = hub_signer();
    let verifier = signer.verifier();
    let checkpoint = checkpoint_of_size(1234);
    let signed = checkpoint.sign(&signer);
    let other_root = checkpoint_of_size(1233).root().to_base64();
    let signature_at = signed.rfind(' ').unwrap() + 1;
    let mut changed_signature = signed.clone().into_bytes();
    changed_signature[signature_at + 10] ^= 0x01;
    let changes: [(String, &str); 4] = [
        (signed.replacen("\n1234\n", "\n1235\n", 1), "size"),
        (
            signed.replacen(&checkpoint.root().to_base64(), &other_root, 1),
            "root",
        ),
        (
            signed.replacen("gatecheck.example/audit\n", "gatecheck.example/audit2\n", 1),
            "origin",
        ),
        (String::from_utf8(changed_signature).unwrap(), "signature"),
    ];
    for (changed, what) in changes {
        let error = open_checkpoint(changed.as_bytes(), &verifier).unwrap_err();
        assert!(
            matches!(
                error,
                CheckpointError::Note(NoteError::InvalidSignature { line: 5, .. })
            ),
            "{what}: {error}"
        );
    }
}

#[test]
fn an_unknown_key_is_refused() {
    let signed = checkpoint_of_size(10).sign(&hub_signer());
    let other_key = Signer::from_seed(ORIGIN, &[8; 32]).unwrap().verifier();
    let other_name = Signer::from_seed("gatecheck.example/other", &[7; 32])
        .unwrap()
        .verifier();
    for verifier in [other_key, other_name] {
        let error = open_checkpoint(signed.as_bytes(), &verifier).unwrap_err();
        assert!(
            matches!(
                error,
                CheckpointError::Note(NoteError::NotSignedByKey { .. })
            ),
            "{error}"
        );
    }
}

#[test]
fn a_witness_cosignature_beside_the_hub_signature_is_skipped() {
    let hub = hub_signer();
    let witness = Signer::from_seed("witness.example/w1", &[9; 32]).unwrap();
    let checkpoint = checkpoint_of_size(99);
    let witness_line = sign_note(&checkpoint.note_text(), &witness).unwrap();
    let witness_line = witness_line.rsplit_once("\n\n").unwrap().1;
    let cosigned = format!("{}{witness_line}", checkpoint.sign(&hub));
    assert_eq!(
        open_checkpoint(cosigned.as_bytes(), &hub.verifier()),
        Ok(checkpoint.clone())
    );
    assert_eq!(
        open_checkpoint(cosigned.as_bytes(), &witness.verifier()),
        Ok(checkpoint)
    );
}

#[test]
fn proofs_are_checked_against_the_checkpoint_size_and_origin() {
    let mut frontier = Frontier::new();
    let mut store = MemoryNodes::new();
    for entry in 0..4u64 {
        store
            .keep(&frontier.append(leaf_hash(&entry.to_be_bytes())))
            .unwrap();
    }
    let at_three =
        Checkpoint::new(ORIGIN, 3, gatecheck_evidence::tree_root(&store, 3).unwrap()).unwrap();
    let at_four = Checkpoint::new(ORIGIN, 4, frontier.root()).unwrap();
    let leaf = leaf_hash(&0u64.to_be_bytes());

    let proof = prove_inclusion(&store, 0, 3).unwrap();
    assert_eq!(at_three.verify_inclusion(&leaf, &proof), Ok(()));
    // the same hashes would lead to the size-3 root as a proof in a tree of 4: only the
    // checkpoint's size tells them apart
    let mut as_of_four = proof.clone();
    as_of_four.tree_size = 4;
    assert_eq!(as_of_four.verify(&leaf, &at_three.root()), Ok(()));
    assert_eq!(
        at_three.verify_inclusion(&leaf, &as_of_four),
        Err(ProofError::SizeIsNotCheckpoints {
            proof_size: 4,
            checkpoint_size: 3
        })
    );

    let consistency = prove_consistency(&store, 3, 4).unwrap();
    assert_eq!(at_four.verify_extends(&at_three, &consistency), Ok(()));
    assert!(at_three.verify_extends(&at_four, &consistency).is_err());
    let elsewhere = Checkpoint::new("other.example/log", 3, at_three.root()).unwrap();
    assert!(matches!(
        at_four.verify_extends(&elsewhere, &consistency),
        Err(ProofError::DifferentLogs { .. })
    ));
}

proptest! {
    #[test]
    fn any_changed_byte_of_a_signed_checkpoint_is_refused(
        size in 0u64..1000,
        position in any::<prop::sample::Index>(),
        replacement in any::<u8>(),
    ) {
        let signer = hub_signer();
        let signed = checkpoint_of_size(size).sign(&signer).into_bytes();
        let position = position.index(signed.len());
        prop_assume!(signed[position] != replacement);
        let mut changed = signed.clone();
        changed[position] = replacement;
        prop_assert!(open_checkpoint(&changed, &signer.verifier()).is_err());
    }

    #[test]
    fn arbitrary_bytes_are_refused_without_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let verifier = hub_signer().verifier();
        prop_assert!(open_checkpoint(&bytes, &verifier).is_err());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = text.parse::<Verifier>();
            let _ = Checkpoint::from_note_text(text);
        }
    }

    #[test]
    fn arbitrary_text_shaped_like_a_note_is_refused_without_panic(
        lines in proptest::collection::vec("[a-z0-9+/= —\n]{0,60}", 0..8),
    ) {
        let verifier = hub_signer().verifier();
        let text = lines.join("\n");
        prop_assert!(open_checkpoint(text.as_bytes(), &verifier).is_err());
    }
}
