//! The plan from a file and back (docs/ke-hoach.md): TOML, or the workbook the office edits
//! in Excel. Above the plan model (which knows no files) and the readers it uses.

use std::path::Path;

use crate::plan::{Plan, PlanError};

mod read;
mod setting;
mod write;

pub use setting::{
    Setting, SHEET_ACTIVITIES, SHEET_AUDIENCES, SHEET_FORMS, SHEET_GUIDE, SHEET_SETTINGS,
    SHEET_TOPICS,
};
pub use write::write;

/// The plan workbook's file name: `ke-hoach-<short name>.xlsx`.
pub fn file_name(plan: &Plan) -> String {
    format!(
        "ke-hoach-{}.xlsx",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

/// The settings of the next đợt's workbook the office fills in itself (highlighted).
pub const NEXT_TO_FILL: [Setting; 2] = [Setting::Basis, Setting::PlanIssued];

impl Plan {
    /// Loads `--plan FILE`: a plan workbook (`.xlsx`, `.xls`, `.ods`) or TOML.
    pub fn load(path: &Path) -> Result<Plan, PlanError> {
        let name = path.display().to_string();
        let ext = crate::read::formats::extension(path);
        if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
            return read::read(path, &name);
        }
        let bytes = std::fs::read(path).map_err(|e| PlanError {
            source_name: name.clone(),
            message: format!("không đọc được tệp ({}).", crate::messages::io_error_vn(&e)),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| PlanError {
            source_name: name.clone(),
            message: "tệp không phải văn bản UTF-8. Hãy lưu lại tệp TOML với mã hóa UTF-8.".into(),
        })?;
        Plan::from_toml(&text, &name)
    }
}
