//! Finds an installed PostgreSQL: one directory holding `initdb`, `postgres` and `createdb`
//! of the same version.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::HarnessError;

/// Where Debian's packages put each major version (`/usr/lib/postgresql/15/bin`); only the
/// client programs reach PATH there, through a wrapper that needs a configured cluster.
const DEBIAN_VERSIONS_DIR: &str = "/usr/lib/postgresql";

/// The programs a cluster needs, all from one installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresBinaries {
    bin_dir: PathBuf,
}

impl PostgresBinaries {
    /// PATH first, so that a developer's own build or a `bin` directory put on PATH wins;
    /// then Debian's layout, newest version first.
    pub fn find() -> Result<Self, HarnessError> {
        find_in(
            std::env::var_os("PATH").as_deref(),
            Path::new(DEBIAN_VERSIONS_DIR),
        )
        .ok_or(HarnessError::NotInstalled)
    }

    /// The binaries, or `None` after one line on stderr saying that `test_name` is skipped.
    ///
    /// # Panics
    /// When PostgreSQL is not found and `GATECHECK_REQUIRE_POSTGRES` is set (to anything but
    /// `0`): CI sets it, so that a broken install fails instead of passing by skipping.
    pub fn find_or_skip(test_name: &str) -> Option<Self> {
        match Self::find() {
            Ok(binaries) => Some(binaries),
            Err(error) => {
                let required = std::env::var_os("GATECHECK_REQUIRE_POSTGRES")
                    .is_some_and(|value| !value.is_empty() && value != "0");
                assert!(
                    !required,
                    "{test_name}: GATECHECK_REQUIRE_POSTGRES is set, but {error}"
                );
                // straight to the process's stderr: the test harness captures `eprintln!`
                // and shows nothing of a passing test, so the skip would go unseen
                let notice = format!("skipping {test_name}: PostgreSQL not installed\n");
                let _ = std::io::stderr().lock().write_all(notice.as_bytes());
                None
            }
        }
    }

    /// The directory the programs are in, e.g. `/usr/lib/postgresql/15/bin`.
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    pub(crate) fn program(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }
}

fn find_in(path_var: Option<&OsStr>, versions_dir: &Path) -> Option<PostgresBinaries> {
    let on_path = path_var
        .into_iter()
        .flat_map(std::env::split_paths)
        .filter_map(|dir| {
            // `/usr/local/bin/initdb` may be a link into the real directory, where the
            // other programs are; a link farm need not hold them all
            let initdb = std::fs::canonicalize(dir.join("initdb")).ok()?;
            Some(initdb.parent()?.to_path_buf())
        });
    on_path
        .chain(debian_bin_dirs_newest_first(versions_dir))
        .find(|dir| is_complete_installation(dir))
        .map(|bin_dir| PostgresBinaries { bin_dir })
}

fn is_complete_installation(bin_dir: &Path) -> bool {
    ["initdb", "postgres", "createdb"]
        .iter()
        .all(|program| bin_dir.join(program).is_file())
}

fn debian_bin_dirs_newest_first(versions_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(versions_dir) else {
        return Vec::new();
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = parse_version(entry.file_name().to_str()?)?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    // numerically, so that 10 is newer than 9.6
    versions.sort_by(|(newer, _), (older, _)| older.cmp(newer));
    versions.into_iter().map(|(_, bin_dir)| bin_dir).collect()
}

fn parse_version(name: &str) -> Option<Vec<u32>> {
    name.split('.').map(|part| part.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_installation(bin_dir: &Path, programs: &[&str]) {
        std::fs::create_dir_all(bin_dir).unwrap();
        for program in programs {
            std::fs::write(bin_dir.join(program), "").unwrap();
        }
    }

    const ALL: &[&str] = &["initdb", "postgres", "createdb"];

    #[test]
    fn the_newest_debian_version_is_taken_numerically() {
        let root = tempfile::tempdir().unwrap();
        for version in ["9.6", "10", "15", "not-a-version"] {
            fake_installation(&root.path().join(version).join("bin"), ALL);
        }
        let found = find_in(None, root.path()).unwrap();
        assert_eq!(found.bin_dir(), root.path().join("15").join("bin"));
    }

    #[test]
    fn an_incomplete_installation_is_passed_over() {
        let root = tempfile::tempdir().unwrap();
        fake_installation(&root.path().join("16").join("bin"), &["initdb", "postgres"]);
        fake_installation(&root.path().join("15").join("bin"), ALL);
        let found = find_in(None, root.path()).unwrap();
        assert_eq!(found.bin_dir(), root.path().join("15").join("bin"));
    }

    #[test]
    fn path_wins_and_a_link_to_initdb_is_followed_to_its_directory() {
        let root = tempfile::tempdir().unwrap();
        let real_bin = root.path().join("build").join("bin");
        fake_installation(&real_bin, ALL);
        let link_farm = root.path().join("local-bin");
        std::fs::create_dir(&link_farm).unwrap();
        std::os::unix::fs::symlink(real_bin.join("initdb"), link_farm.join("initdb")).unwrap();
        let versions = root.path().join("versions");
        fake_installation(&versions.join("15").join("bin"), ALL);

        let path_var = std::env::join_paths([root.path().join("empty"), link_farm]).unwrap();
        let found = find_in(Some(&path_var), &versions).unwrap();
        assert_eq!(found.bin_dir(), std::fs::canonicalize(real_bin).unwrap());
    }

    #[test]
    fn nothing_installed_is_none() {
        let root = tempfile::tempdir().unwrap();
        let path_var = std::env::join_paths([root.path()]).unwrap();
        assert_eq!(find_in(Some(&path_var), &root.path().join("absent")), None);
    }
}
