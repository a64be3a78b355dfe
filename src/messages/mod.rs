//! Every message a user reads about a return, one function per message, grouped by issue
//! code: what was expected, what was found, what to do — in Vietnamese. Callers add where
//! (`Issue::at`); the wording lives here, so a reviewer reads it in one file.

/// `… ; dòng này không được tính.`: the consequence for a table row.
pub const ROW_NOT_COUNTED: &str = "; dòng này không được tính.";

mod cells;
mod files;
mod rows;
mod run;
mod units;

pub use cells::*;
pub use files::*;
pub use rows::*;
pub use run::*;
pub use units::*;
