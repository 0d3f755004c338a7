//! Faults while the output is written: an unwritable folder, a full disk, a hard-linked copy
//! of the output. Whatever happens, the output folder holds the previous build or the new one.
//! (Interrupted builds are tried many times over by `tests/interrupt.py`, which `.ci/run` runs.)

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use crate::support::{Outcome, SiteTest, redact};

/// The user `nobody`, for whom file permissions hold (root may write anywhere).
const NOBODY: u32 = 65534;

fn is_root() -> bool {
    let probe = tempfile::tempfile().expect("temp file");
    probe.metadata().expect("metadata").uid() == 0
}

/// Runs `tradeoff <args>` in the site's folder as a user whom permissions bind: as `nobody`
/// (owning the whole temporary folder) when the tests run as root, else as the tests' user.
fn run_unprivileged(site: &SiteTest, args: &[&str]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
    command
        .args(args)
        .current_dir(&site.root)
        .env("NO_COLOR", "1");
    if is_root() {
        let top = site
            .root
            .parent()
            .expect("the site is in a temporary folder");
        for entry in walkdir::WalkDir::new(top) {
            let entry = entry.expect("readable");
            std::os::unix::fs::lchown(entry.path(), Some(NOBODY), Some(NOBODY)).expect("chown");
        }
        command.uid(NOBODY).gid(NOBODY);
    }
    let output = command.output().expect("the tradeoff binary runs");
    let root = site.root.display().to_string();
    let clean = |bytes: &[u8]| redact(&String::from_utf8_lossy(bytes), &root);
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: clean(&output.stdout),
        stderr: clean(&output.stderr),
    }
}

/// Every file under `dir` with its bytes and identity (device, inode), sorted by path.
fn files_with_inodes(dir: &Path) -> Vec<(String, Vec<u8>, (u64, u64))> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().expect("metadata");
            let relative = e.path().strip_prefix(dir).expect("inside");
            (
                relative.to_string_lossy().into_owned(),
                fs::read(e.path()).expect("readable"),
                (meta.dev(), meta.ino()),
            )
        })
        .collect();
    files.sort();
    files
}

/// Edits both options of the `minimal` fixture, so that a build changes most pages.
fn edit_both_options(site: &SiteTest) {
    for (file, title) in [("postgres", "PostgreSQL 17"), ("sqlite", "SQLite 3")] {
        site.write(
            &format!("content/{file}.md"),
            format!("+++\ntitle = \"{title}\"\nlicense = \"GPL\"\n+++\nA new body.\n"),
        );
    }
}

#[test]
fn a_rebuild_without_changes_leaves_every_file_as_it_was() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    let before = files_with_inodes(&site.root.join("public"));
    let mtimes: Vec<i64> = before
        .iter()
        .map(|(path, _, _)| {
            let meta = fs::metadata(site.root.join("public").join(path)).expect("metadata");
            meta.mtime_nsec() + meta.mtime() * 1_000_000_000
        })
        .collect();
    site.build_ok();
    let after = files_with_inodes(&site.root.join("public"));
    assert_eq!(after, before, "same files, same contents, not replaced");
    let mtimes_after: Vec<i64> = after
        .iter()
        .map(|(path, _, _)| {
            let meta = fs::metadata(site.root.join("public").join(path)).expect("metadata");
            meta.mtime_nsec() + meta.mtime() * 1_000_000_000
        })
        .collect();
    assert_eq!(mtimes_after, mtimes, "nothing was written");
}

#[test]
fn a_hard_linked_backup_of_the_output_is_not_changed_by_a_build() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    let public = site.root.join("public");
    let backup = site.root.parent().expect("temporary folder").join("backup");
    // `cp -al public backup`
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("readable");
        let target = backup.join(entry.path().strip_prefix(&public).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("folder");
        } else {
            fs::hard_link(entry.path(), &target).expect("hard link");
        }
    }
    let saved = site.tree("public");
    edit_both_options(&site);
    site.remove("content/sqlite.md");
    site.build_ok();
    assert_ne!(site.tree("public"), saved, "the build changed the output");
    assert!(
        site.read("public/options/postgres/index.html")
            .contains("A new body.")
    );
    let backup_tree: Vec<(String, Vec<u8>)> = files_with_inodes(&backup)
        .into_iter()
        .map(|(path, bytes, _)| (path, bytes))
        .collect();
    assert_eq!(backup_tree, saved, "the backup still holds the first build");
}

#[test]
fn an_unwritable_folder_stops_the_build_and_the_previous_output_stays() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    let before = site.tree("public");
    edit_both_options(&site);
    let locked = site.root.join("public/options/sqlite");
    let mode = |m: u32| std::os::unix::fs::PermissionsExt::from_mode(m);
    fs::set_permissions(&locked, mode(0o555)).expect("chmod");
    let out = run_unprivileged(&site, &["build"]);
    fs::set_permissions(&locked, mode(0o755)).expect("chmod back");
    assert_eq!(out.code, 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr, @r"
    error: cannot write public/options/sqlite/index.html: Permission denied (os error 13)
      |
      = note: public was left as it was before this build

    failed: 1 error
    ");
    assert_eq!(
        site.tree("public"),
        before,
        "every file as the first build left it"
    );
    // Once the folder can be written, the next build goes through.
    let out = run_unprivileged(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        site.read("public/options/sqlite/index.html")
            .contains("SQLite 3")
    );
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts one of `size` (as `mount -o size=`), or says why not.
    fn mount(size: &str) -> Result<Self, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| e.to_string())?;
        if !mounted.status.success() {
            return Err(String::from_utf8_lossy(&mounted.stderr).into_owned());
        }
        Ok(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills it with a file, leaving about `left` bytes free.
    fn fill_leaving(&self, left: u64) {
        let free = Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(self.path())
            .output()
            .expect("df runs");
        let free: u64 = String::from_utf8_lossy(&free.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .expect("df prints the free bytes");
        let filler = vec![0u8; free.saturating_sub(left) as usize];
        fs::write(self.path().join("filler"), filler).expect("fill");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_refused_before_anything_is_written() {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    }
    let disk = match SmallDisk::mount("4m") {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: cannot mount a tmpfs here: {why}");
            return;
        }
    };
    let site = SiteTest::fixture("minimal");
    let output = disk.path().join("public");
    let output_arg = output.display().to_string();
    let out = site.run(&["build", "--output", &output_arg]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = files_with_inodes(&output);
    disk.fill_leaving(8 * 1024);
    edit_both_options(&site);
    site.write(
        "content/big.md",
        format!(
            "+++\ntitle = \"Big\"\nlicense = \"GPL\"\n+++\n{}\n",
            "A long page. ".repeat(5000)
        ),
    );
    let out = site.run(&["build", "--output", &output_arg]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let shown = regex::Regex::new(r"\d+(\.\d+)? (kB|MB|bytes)")
        .expect("valid regex")
        .replace_all(&out.stderr.replace(&output_arg, "[DISK]/public"), "[SIZE]")
        .into_owned();
    insta::assert_snapshot!(shown, @r"
    error: not enough space to write [DISK]/public
      |
      = note: [SIZE] are free on its disk, and the build writes [SIZE] in 21 files; nothing was written
    help: free some space, or choose another folder with --output

    failed: 1 error
    ");
    assert_eq!(
        files_with_inodes(&output),
        before,
        "the previous output, untouched"
    );
    // With room again, the same build goes through.
    fs::remove_file(disk.path().join("filler")).expect("make room");
    let out = site.run(&["build", "--output", &output_arg]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        fs::read_to_string(output.join("options/big/index.html"))
            .expect("written")
            .contains("A long page.")
    );
}
