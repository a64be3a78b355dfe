//! Folders and files given on the command line → the files to read as returns. Lock files,
//! hidden files, non-spreadsheets, pipes, links to folders and danvan's own outputs are
//! listed as skipped (never silently), used by `check` and `consolidate` alike.

use std::path::{Path, PathBuf};

use crate::issue::Issue;
use crate::messages::{self, Skip};

use crate::read::archive::{Member, Scratch};
use crate::read::formats::{ARCHIVE_EXTS, RETURN_EXTS};
use crate::submission::Context;
use crate::worker::Isolation;

/// How deep folders are followed below an input folder.
const MAX_DEPTH: usize = 8;

/// A file found under the inputs, with the name users see.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub display: String,
    /// A `.zip` whose spreadsheets are read ([`expand_archives`]).
    pub archive: bool,
}

/// Walks inputs. Lock files, hidden files and non-spreadsheets are listed as skipped.
pub fn collect_files(inputs: &[PathBuf], exclude: &[PathBuf]) -> (Vec<Found>, Vec<Issue>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    for input in inputs {
        let meta = std::fs::metadata(input);
        match meta {
            Ok(m) if m.is_dir() => walk(input, input, &mut found, &mut skipped, &excluded, 0),
            Ok(m) if !m.is_file() => skipped.push(messages::skipped(
                &input.display().to_string(),
                Skip::NotAFile,
            )),
            Ok(_) => found.push(Found {
                path: input.clone(),
                display: input
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
                archive: is_zip(input),
            }),
            Err(e) => skipped.push(messages::cannot_open(&input.display().to_string(), &e)),
        }
    }
    found.sort_by(|a, b| a.display.cmp(&b.display));
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    (found, skipped)
}

fn walk(
    root: &Path,
    dir: &Path,
    found: &mut Vec<Found>,
    skipped: &mut Vec<Issue>,
    excluded: &[PathBuf],
    depth: usize,
) {
    let display = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            skipped.push(messages::cannot_open_folder(&display(dir), &e));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    // The folder's own real path, once: a plain file's is that and its name (resolving
    // each of 100,000 paths anew took a second of a province's run).
    let real_dir = std::fs::canonicalize(dir).ok();
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        let shown = display(&path);
        if name.starts_with("~$") || name.starts_with(".~lock") {
            skipped.push(messages::skipped(&shown, Skip::LockFile));
            continue;
        }
        if name.starts_with('.') {
            skipped.push(messages::skipped(&shown, Skip::Hidden));
            continue;
        }
        let ft = match e.file_type() {
            Ok(ft) => ft,
            Err(err) => {
                skipped.push(messages::cannot_stat(&shown, &err));
                continue;
            }
        };
        if ft.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => {}
                Ok(_) => {
                    skipped.push(messages::skipped(&shown, Skip::LinkToFolder));
                    continue;
                }
                Err(err) => {
                    skipped.push(messages::broken_link(&shown, &err));
                    continue;
                }
            }
        } else if ft.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &path, found, skipped, excluded, depth + 1);
            } else {
                skipped.push(messages::skipped(&shown, Skip::TooDeep(MAX_DEPTH)));
            }
            continue;
        } else if !ft.is_file() {
            skipped.push(messages::skipped(&shown, Skip::NotAFile));
            continue;
        }
        // Our own outputs (the summary, the JSON, files in the feedback folder).
        let real = match (&real_dir, ft.is_symlink()) {
            (Some(d), false) => Some(d.join(e.file_name())),
            _ => std::fs::canonicalize(&path).ok(),
        };
        if real.is_some_and(|c| excluded.iter().any(|e| c.starts_with(e))) {
            continue;
        }
        let ext = path
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        if ARCHIVE_EXTS.contains(&ext.as_str()) {
            found.push(Found {
                path,
                display: shown,
                archive: true,
            });
            continue;
        }
        if !RETURN_EXTS.contains(&ext.as_str()) {
            skipped.push(
                messages::not_template(&shown, &ext)
                    .unwrap_or_else(|| messages::skipped(&shown, Skip::NotASpreadsheet(&ext))),
            );
            continue;
        }
        found.push(Found {
            path,
            display: shown,
            archive: false,
        });
    }
}

fn is_zip(path: &Path) -> bool {
    ARCHIVE_EXTS.contains(&crate::read::formats::extension(path).as_str())
}

/// Replaces each archive among `found` by the spreadsheets inside it, unpacked (in worker
/// processes, as `isolation` says) into a scratch folder that must outlive the reading:
/// it is returned with them. Members that are not read are listed with the reason.
pub fn expand_archives(
    found: Vec<Found>,
    ctx: &Context<'_>,
    isolation: &Isolation,
) -> (Vec<Found>, Vec<Issue>, Option<Scratch>) {
    let (archives, mut files): (Vec<Found>, Vec<Found>) =
        found.into_iter().partition(|f| f.archive);
    if archives.is_empty() {
        return (files, Vec::new(), None);
    }
    let mut issues = Vec::new();
    let scratch = match Scratch::new() {
        Ok(s) => s,
        Err(e) => {
            for a in &archives {
                issues.push(messages::archive_unreadable(
                    &a.display,
                    &format!(
                        "không tạo được thư mục tạm ({})",
                        crate::messages::io_error_vn(&e)
                    ),
                ));
            }
            return (files, issues, None);
        }
    };
    let asked: Vec<(PathBuf, String)> = archives
        .iter()
        .map(|a| (a.path.clone(), a.display.clone()))
        .collect();
    let unpacked = crate::worker::unpack_all(&asked, &scratch.dir, ctx, isolation);
    for (a, result) in archives.iter().zip(unpacked) {
        match result {
            Err(why) => issues.push(messages::archive_unreadable(&a.display, &why)),
            Ok(members) => {
                for m in members {
                    member(m, &mut files, &mut issues);
                }
            }
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    (files, issues, Some(scratch))
}

/// One member of an archive: a file to read, or an issue saying why it is not read.
fn member(m: Member, files: &mut Vec<Found>, issues: &mut Vec<Issue>) {
    match (m.path, m.skip) {
        (Some(path), None) => files.push(Found {
            path,
            display: m.display,
            archive: false,
        }),
        (_, Some(why)) => issues.push(messages::archive_unreadable(&m.display, &why)),
        (None, None) => issues.push(
            messages::not_template(&m.display, &m.ext)
                .unwrap_or_else(|| messages::skipped(&m.display, Skip::NotASpreadsheet(&m.ext))),
        ),
    }
}
