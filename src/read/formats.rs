//! What danvan reads, by file extension (docs/doc-tep.md), and the one loader for the tables
//! the office keeps (roster, receipt log, plan workbook): CSV text or a workbook, found by its
//! header. The folder walk, archives, uploads and the page's file pickers take their lists here.

use std::path::Path;

use super::table::{find_header, grid_from_csv, HeaderMap, Headers};
use super::{open_path, Grid, Limits};

/// Extensions tried as returns; anything else in a folder is listed as skipped. `.xlsb` is
/// among them so that it is refused with advice, not skipped as a non-spreadsheet.
pub const RETURN_EXTS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "xlsb"];
/// Extensions of archives whose returns are read (the "download all" of email and Zalo).
pub const ARCHIVE_EXTS: [&str; 1] = ["zip"];
/// What the page takes as an upload: a return, or an archive of returns.
pub const UPLOAD_EXTS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "xlsb", "zip"];
/// Extensions of the tables the office keeps: a workbook, or CSV text (also saved as `.txt`).
pub const TABLE_EXTS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "csv", "txt"];
/// Tables kept as CSV text.
const TEXT_EXTS: [&str; 2] = ["csv", "txt"];

/// The extension of `name`, lowercased (`""` when it has none).
pub fn extension(name: &Path) -> String {
    name.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Whether `path` names CSV text (by its extension).
pub fn is_text_table(path: &Path) -> bool {
    TEXT_EXTS.contains(&extension(path).as_str())
}

/// The `accept` attribute of a file picker offering `exts`: `.xlsx,.xls`.
pub fn accept(exts: &[&str]) -> String {
    exts.iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A table the office keeps, as read: its grid, the header row found in it, and whether it
/// came from CSV text (which has no sheets for messages to name).
pub struct KeptTable {
    pub grid: Grid,
    pub header: Option<HeaderMap>,
    pub is_text: bool,
}

/// Reads `path` as a table with (some of) `headers`: CSV text (UTF-8, `,` or `;`), or the
/// first sheet of a workbook whose header row `accepts`. Without such a sheet, the first
/// sheet and no header: the caller says what was missing. Errors are Vietnamese clauses.
pub fn load_table(
    path: &Path,
    headers: &[&str],
    accepts: impl Fn(&HeaderMap) -> bool,
) -> Result<KeptTable, String> {
    let wanted = Headers::new(headers);
    let find = |g: &Grid| find_header(g, &wanted, 2, 20).filter(|h| accepts(h));
    if is_text_table(path) {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("không đọc được tệp ({}).", crate::messages::io_error_vn(&e)))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            "tệp CSV không phải UTF-8; trong Excel hãy chọn \"CSV UTF-8\" khi lưu.".to_string()
        })?;
        let grid = grid_from_csv(&path.display().to_string(), &text)?;
        let header = find(&grid);
        return Ok(KeptTable {
            grid,
            header,
            is_text: true,
        });
    }
    let (mut wb, _) = open_path(path, &Limits::default()).map_err(|r| format!("{}.", r.message))?;
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.clone()).collect();
    let mut first = None;
    for name in names {
        let grid = wb
            .grid(&name)
            .map_err(|e| format!("trang \"{name}\": {e}."))?;
        if let Some(header) = find(&grid) {
            return Ok(KeptTable {
                grid,
                header: Some(header),
                is_text: false,
            });
        }
        first.get_or_insert(grid);
    }
    let grid = first.ok_or_else(|| "tệp không có trang nào.".to_string())?;
    Ok(KeptTable {
        grid,
        header: None,
        is_text: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_takes_the_returns_and_the_archives_the_folder_reads() {
        let both: Vec<&str> = RETURN_EXTS.iter().chain(&ARCHIVE_EXTS).copied().collect();
        assert_eq!(UPLOAD_EXTS.to_vec(), both);
    }
}
