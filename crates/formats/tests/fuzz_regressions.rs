//! Every input that once crashed a reader, kept in `tests/fuzz_regressions/<target>/`
//! (found by the fuzz targets of `fuzz/` or reported as a bug), fed through the reader
//! again as the fuzz target feeds it: no panic, and either a result or a reason a person
//! can read. The target is the folder's name (see `exercise::Target::name`).

use gatecheck_formats::exercise::Target;
use std::path::Path;

#[test]
fn every_input_that_once_crashed_a_reader_is_read_or_refused_with_a_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut cases = 0;
    for folder in std::fs::read_dir(&root).expect("tests/fuzz_regressions is committed") {
        let folder = folder.unwrap().path();
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let target = Target::from_name(&name)
            .unwrap_or_else(|| panic!("{}: not the name of a fuzz target", folder.display()));
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| target.run(&data))
                .unwrap_or_else(|_| panic!("{} panicked on {}", name, file.display()));
            let text = match &outcome {
                Ok(summary) => summary,
                Err(reason) => reason,
            };
            assert!(!text.trim().is_empty(), "{}: {outcome:?}", file.display());
            cases += 1;
        }
    }
    assert!(cases > 0, "no regression case in {}", root.display());
}

/// The DTM reader's panic of issue 13 is refused as a problem with the date named.
#[test]
fn the_paxlst_date_with_a_multi_byte_character_is_read_with_a_problem() {
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz_regressions/paxlst/dtm_date_with_a_multi_byte_character"),
    )
    .unwrap();
    let summary = Target::Paxlst.run(&data).unwrap();
    assert!(
        summary.starts_with("1 manifests, 1 travellers"),
        "{summary}"
    );
    assert!(summary.ends_with("2 message problems"), "{summary}");
}
