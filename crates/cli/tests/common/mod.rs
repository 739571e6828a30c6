//! Finds the development data in `../shared/data` beside the repository, for the tests that
//! check it in addition to the project's own fixtures, and decides what such a test does
//! when it is absent: it skips with a notice on the terminal, or fails when
//! `GATECHECK_REQUIRE_SHARED` is set (`.ci/run` sets it when the data is there), so that CI
//! cannot pass by skipping.
//!
//! The same file is in each crate's `tests/common/` (tests of one crate cannot use another's).

use std::io::Write;
use std::path::{Path, PathBuf};

/// `../shared/data/<relative>`, or `None` after a one-line notice when it is absent and not
/// required.
///
/// # Panics
/// When the path is absent and `GATECHECK_REQUIRE_SHARED` is set.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(
        std::env::var_os("GATECHECK_REQUIRE_SHARED").is_none(),
        "{test}: ../shared/data/{relative} is required (GATECHECK_REQUIRE_SHARED is set) but not found"
    );
    // straight to the process's stderr: the harness captures `eprintln!` and shows nothing of
    // a test that passes, so a skip would go unseen; one write, so that the line is not
    // split by the harness's own lines
    let notice = format!(
        "warning: {test} skipped its ../shared check: ../shared/data/{relative} not found\n"
    );
    let _ = std::io::stderr().lock().write_all(notice.as_bytes());
    None
}
