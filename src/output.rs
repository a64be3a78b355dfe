//! Writing outputs safely: temp file then rename, never over an input, clear messages.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("Không ghi được tệp {path}: {message}")]
pub struct WriteError {
    pub path: String,
    pub message: String,
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    stage(path, bytes)?.commit()
}

/// Like [`write_atomic`], for writers that stream into the file (large workbooks need
/// not be held in memory whole).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), WriteError> {
    stage_with(path, write)?.commit()
}

/// An output written to its temporary file beside `path`, not yet in place: [`Staged::commit`]
/// renames it over `path`; dropped uncommitted, the temporary file is removed. Outputs that
/// must change together (the summary and the papers made from the same run) are staged,
/// then committed once all were written.
#[must_use = "a staged output is removed unless committed"]
pub struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

/// Writes the temporary file of `path` (creating its folder); see [`Staged`].
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<Staged, WriteError> {
    let err = |message: String| WriteError {
        path: path.display().to_string(),
        message,
    };
    let vn = crate::messages::io_error_vn;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            err(format!(
                "không tạo được thư mục {} ({}).",
                dir.display(),
                vn(&e)
            ))
        })?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .map_err(|e| vn(&e))
        .and_then(|mut f| {
            write(&mut f)?;
            f.sync_all().map_err(|e| vn(&e))
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(format!("không ghi được tệp tạm ({e}).")));
    }
    Ok(Staged {
        path: path.to_path_buf(),
        tmp,
        committed: false,
    })
}

/// [`stage_with`] for bytes in memory.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_with(path, |file| {
        std::io::Write::write_all(file, bytes).map_err(|e| crate::messages::io_error_vn(&e))
    })
}

impl Staged {
    /// Puts the output in place (a rename: whole or not at all).
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&self.tmp);
            let hint = if crate::messages::file_in_use(&e) {
                " Có thể tệp đang mở trong Excel: hãy đóng tệp rồi chạy lại."
            } else {
                ""
            };
            WriteError {
                path: self.path.display().to_string(),
                message: format!("{}.{hint}", crate::messages::io_error_vn(&e)),
            }
        })
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Refuses an output path that is one of the inputs (or inside an input file's place).
pub fn ensure_not_input(out: &Path, inputs: &[PathBuf]) -> Result<(), WriteError> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let out_c = canon(out);
    for i in inputs {
        if canon(i) == out_c {
            return Err(WriteError {
                path: out.display().to_string(),
                message: "đây là một tệp đầu vào; hãy chọn tên khác cho tệp kết quả.".into(),
            });
        }
    }
    Ok(())
}

// Names of what a run writes, in one place.

/// The summary's file name for `plan`: `tong-hop-<plan>.xlsx`.
pub fn summary_name(plan: &crate::plan::Plan) -> String {
    format!(
        "tong-hop-{}.xlsx",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

/// The level above's summary file name for `plan` (`rollup`): `tong-hop-cap-tren-<plan>.xlsx`.
pub fn rollup_name(plan: &crate::plan::Plan) -> String {
    format!(
        "tong-hop-cap-tren-{}.xlsx",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

/// The JSON summary's file name for `plan`: `tong-hop-<plan>.json`.
pub fn json_name(plan: &crate::plan::Plan) -> String {
    format!(
        "tong-hop-{}.json",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

/// One unit's feedback workbook: `Phản hồi - <code> - <name>.xlsx`.
pub fn feedback_name(code: &str, name: &str) -> String {
    use crate::parse::text::ascii_slug;
    format!(
        "Phản hồi - {} - {}.xlsx",
        ascii_slug(code, 20),
        ascii_slug(name, 80)
    )
}

/// Where the state of the run writing `summary` is kept: a hidden folder beside it.
pub fn state_path(summary: &Path) -> PathBuf {
    let stem = summary
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    summary
        .parent()
        .unwrap_or(Path::new(""))
        .join(".danvan")
        .join(format!("{stem}.json"))
}

/// The run record's path: `<summary>-ban-ghi.csv` beside the summary.
pub fn record_path(summary: &Path) -> PathBuf {
    let stem = summary
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    summary.with_file_name(format!("{stem}-ban-ghi.csv"))
}

/// Where the cache of parsed returns of the run writing `summary` is kept.
pub fn cache_path(summary: &Path) -> PathBuf {
    state_path(summary).with_extension("cache")
}

/// Where the compressed rows of the row-level sheets of the summary `summary` are kept for
/// the next run.
pub fn pieces_path(summary: &Path) -> PathBuf {
    state_path(summary).with_extension("pieces")
}
