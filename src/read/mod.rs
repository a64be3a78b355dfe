//! Returned workbook → raw cells: sniff the format, pre-flight, open, read sheets sparsely.

pub mod archive;
pub mod cell;
pub mod cfb;
pub mod ods;
pub mod preflight;
pub mod sniff;
pub mod workbook;
pub mod xls;
pub mod xlsx;
mod zipped;

pub use cell::{col_letters, Pos, Raw};
pub use open::saved_time;
pub use preflight::Limits;
pub use sniff::Kind;
pub use workbook::{Grid, OpenError, SheetInfo, Workbook};
pub use xls::SKIP_XLS_CHECK;
pub mod open;
pub mod table;

pub use open::{open_bytes, open_path, read_file, Refused};

/// Extensions tried as returns; anything else in a folder is listed as skipped.
/// `.xlsb` is among them so that it is refused with advice, not skipped as a non-spreadsheet.
pub const SPREADSHEET_EXTS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "xlsb"];
