//! The tree against published vectors: the 8-leaf tree of RFC 6962's reference tests (node
//! hashes, roots, inclusion and consistency proofs, as the Go reference implementation
//! transparency-dev/merkle lists them in `testonly/constants.go` and in the golden proofs
//! of `proof/verify_test.go` before they moved to files), and that implementation's
//! verification probes (`testdata/inclusion`, `testdata/consistency`, copied into
//! `tests/fixtures/transparency_dev_probes.json`): right proofs that must pass and
//! corrupted ones that must fail.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use gatecheck_evidence::{
    leaf_hash, path_from_bytes, prove_consistency, prove_inclusion, tree_root, ConsistencyProof,
    Frontier, Hash, InclusionProof, MemoryNodes, NodePosition, NodeStore, EMPTY_TREE_HASH,
};

/// The leaves of the reference tree, in hexadecimal.
const LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// The hashes of every perfect node of the 8-leaf tree, by level.
const NODE_HASHES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// The roots of the trees of the first 1 to 8 leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (leaf index, tree size, path): the golden inclusion proofs.
const INCLUSION_PROOFS: [(u64, u64, &[&str]); 5] = [
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// (old size, new size, path): the golden consistency proofs.
const CONSISTENCY_PROOFS: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn hash(hexadecimal: &str) -> Hash {
    hexadecimal.parse().unwrap()
}

fn hashes(hexadecimals: &[&str]) -> Vec<Hash> {
    hexadecimals.iter().map(|text| hash(text)).collect()
}

fn bytes_of_hexadecimal(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
        .collect()
}

fn reference_log() -> (Frontier, MemoryNodes) {
    let mut frontier = Frontier::new();
    let mut store = MemoryNodes::new();
    for leaf in LEAVES {
        store
            .keep(&frontier.append(leaf_hash(&bytes_of_hexadecimal(leaf))))
            .unwrap();
    }
    (frontier, store)
}

#[test]
fn every_perfect_node_has_its_published_hash() {
    let (_, store) = reference_log();
    for (level, level_hashes) in NODE_HASHES.iter().enumerate() {
        for (index, expected) in level_hashes.iter().enumerate() {
            let position = NodePosition {
                level: level as u8,
                index: index as u64,
            };
            assert_eq!(
                store.node(position).unwrap(),
                hash(expected),
                "{position:?}"
            );
        }
    }
}

#[test]
fn every_root_is_the_published_one() {
    let mut frontier = Frontier::new();
    assert_eq!(frontier.root(), EMPTY_TREE_HASH);
    let (_, store) = reference_log();
    for (size, (leaf, expected)) in (1u64..).zip(LEAVES.iter().zip(ROOTS)) {
        frontier.append(leaf_hash(&bytes_of_hexadecimal(leaf)));
        assert_eq!(frontier.root(), hash(expected), "frontier at size {size}");
        assert_eq!(
            tree_root(&store, size).unwrap(),
            hash(expected),
            "store at size {size}"
        );
    }
}

#[test]
fn inclusion_proofs_are_the_published_ones_and_verify() {
    let (_, store) = reference_log();
    for (leaf_index, tree_size, path) in INCLUSION_PROOFS {
        let proof = prove_inclusion(&store, leaf_index, tree_size).unwrap();
        assert_eq!(proof.path, hashes(path), "leaf {leaf_index} of {tree_size}");
        let leaf = hash(NODE_HASHES[0][leaf_index as usize]);
        let root = hash(ROOTS[tree_size as usize - 1]);
        assert_eq!(proof.verify(&leaf, &root), Ok(()));
        let other_leaf = hash(NODE_HASHES[0][(leaf_index as usize + 1) % 8]);
        assert!(proof.verify(&other_leaf, &root).is_err());
    }
}

#[test]
fn consistency_proofs_are_the_published_ones_and_verify() {
    let (_, store) = reference_log();
    for (old_size, new_size, path) in CONSISTENCY_PROOFS {
        let proof = prove_consistency(&store, old_size, new_size).unwrap();
        assert_eq!(proof.path, hashes(path), "from {old_size} to {new_size}");
        let old_root = hash(ROOTS[old_size as usize - 1]);
        let new_root = hash(ROOTS[new_size as usize - 1]);
        assert_eq!(proof.verify(&old_root, &new_root), Ok(()));
        assert!(proof.verify(&new_root, &old_root).is_err() || old_size == new_size);
    }
}

/// The probes in which transparency-dev/merkle accepts hashes that are not 32 bytes long
/// (it checks equal roots of equal sizes as bytes, whatever their length). This crate
/// reads every hash as 32 bytes first, so it refuses them.
const REFUSED_HERE_FOR_HASH_LENGTH: [&str; 1] =
    ["testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"];

fn probes(kind: &str) -> Vec<serde_json::Value> {
    let text = include_str!("fixtures/transparency_dev_probes.json");
    let document: serde_json::Value = serde_json::from_str(text).unwrap();
    document[kind].as_array().unwrap().clone()
}

fn probe_bytes(value: &serde_json::Value) -> Vec<u8> {
    BASE64.decode(value.as_str().unwrap()).unwrap()
}

fn probe_path(value: &serde_json::Value) -> Vec<Vec<u8>> {
    value
        .as_array()
        .map_or_else(Vec::new, |items| items.iter().map(probe_bytes).collect())
}

/// Runs every probe of a kind; returns the files of those whose outcome was not the one
/// the reference expects.
fn disagreements(kind: &str, verify: impl Fn(&serde_json::Value) -> bool) -> Vec<String> {
    let mut disagreeing = Vec::new();
    let all = probes(kind);
    assert!(all.len() >= 98, "{kind}: {} probes", all.len());
    for probe in all {
        let refused = !verify(&probe);
        if refused != probe["wantErr"].as_bool().unwrap() {
            disagreeing.push(probe["file"].as_str().unwrap().to_string());
        }
    }
    disagreeing
}

#[test]
fn the_reference_inclusion_probes_pass_or_fail_as_expected() {
    let disagreeing = disagreements("inclusion", |probe| {
        let (Ok(leaf), Ok(root), Ok(path)) = (
            Hash::from_slice(&probe_bytes(&probe["leafHash"])),
            Hash::from_slice(&probe_bytes(&probe["root"])),
            path_from_bytes(&probe_path(&probe["proof"])),
        ) else {
            return false;
        };
        let proof = InclusionProof {
            leaf_index: probe["leafIdx"].as_u64().unwrap(),
            tree_size: probe["treeSize"].as_u64().unwrap(),
            path,
        };
        proof.verify(&leaf, &root).is_ok()
    });
    assert_eq!(disagreeing, Vec::<String>::new());
}

#[test]
fn the_reference_consistency_probes_pass_or_fail_as_expected() {
    let disagreeing = disagreements("consistency", |probe| {
        let (Ok(old_root), Ok(new_root), Ok(path)) = (
            Hash::from_slice(&probe_bytes(&probe["root1"])),
            Hash::from_slice(&probe_bytes(&probe["root2"])),
            path_from_bytes(&probe_path(&probe["proof"])),
        ) else {
            return false;
        };
        let proof = ConsistencyProof {
            old_size: probe["size1"].as_u64().unwrap(),
            new_size: probe["size2"].as_u64().unwrap(),
            path,
        };
        proof.verify(&old_root, &new_root).is_ok()
    });
    assert_eq!(disagreeing, REFUSED_HERE_FOR_HASH_LENGTH);
}
