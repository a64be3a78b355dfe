//! The limits of reading one file, and the refusal a pre-flight gives. Each format checks
//! its file before calamine sees it (`xlsx`, `xls`, `ods`), so that a hostile file is
//! refused in milliseconds with the reason; the worker processes catch what slips past.

/// Limits real returns never reach; raised with `--max-file-mb` and friends.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Uncompressed / compressed, for entries above [`RATIO_FROM_BYTES`] (Apache POI's bar:
    /// real spreadsheet parts inflate 5–30 times).
    pub max_ratio: u64,
    pub max_rows_per_sheet: u32,
    pub max_cells_per_sheet: u64,
    /// Seconds one file may take before it is abandoned.
    pub seconds_per_file: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_entries: 10_000,
            max_entry_bytes: 512 << 20,
            max_total_bytes: 1 << 30,
            max_ratio: 100,
            max_rows_per_sheet: 100_000,
            max_cells_per_sheet: 3_000_000,
            seconds_per_file: 60,
        }
    }
}

/// Parts smaller than this are not held to the ratio (small parts of repeated markup inflate
/// far more than 100 times and cost nothing).
pub const RATIO_FROM_BYTES: u64 = 4 << 20;

/// Why a zip-based file was refused, as a Vietnamese sentence.
pub type Refusal = String;

pub(super) fn mib(n: u64) -> String {
    format!("{} MiB", n >> 20)
}
