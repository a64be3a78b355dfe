//! Returned workbook → raw cells: sniff the format, pre-flight, open, read sheets sparsely.

pub mod against;
pub mod archive;
pub mod cell;
pub mod cfb;
pub mod formats;
pub mod hidden;
pub mod ods;
pub mod ooxml;
pub mod preflight;
pub mod sniff;
pub mod workbook;
pub mod xls;
pub mod xlsx;
mod zipped;

pub use crate::pos::{col_letters, Pos};
pub use cell::Raw;
pub use open::saved_time;
pub use preflight::Limits;
pub use sniff::Kind;
pub use workbook::{Grid, OpenError, SheetInfo, Workbook};
pub use xls::SKIP_XLS_CHECK;
pub mod open;
pub mod table;

pub use open::{open_bytes, open_path, read_file, read_file_timed, Refused};
