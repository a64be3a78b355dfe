//! Exit codes and the fatal error every command and the page report the same way.

/// Exit codes.
pub const OK: i32 = 0;
pub const FOUND_ERRORS: i32 = 1;
pub const USAGE: i32 = 2;

/// A fatal problem, already worded for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);

impl From<crate::plan::PlanError> for Fatal {
    fn from(e: crate::plan::PlanError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<crate::roster::RosterError> for Fatal {
    fn from(e: crate::roster::RosterError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<crate::output::WriteError> for Fatal {
    fn from(e: crate::output::WriteError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<crate::arrival::ReceiptsError> for Fatal {
    fn from(e: crate::arrival::ReceiptsError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<rust_xlsxwriter::XlsxError> for Fatal {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Fatal(format!("Lỗi khi lập tệp Excel: {e}"))
    }
}
