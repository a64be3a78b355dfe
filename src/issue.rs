//! Findings about returned files: stable codes, severities, cell positions, Vietnamese text.

use serde::{Deserialize, Serialize};

use crate::pos::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The word users read.
    pub fn vn(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
            Severity::Info => "ghi chú",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $code:literal, $sev:ident, $title:literal;)*) => {
        /// Every issue code of docs/ma-loi.md, with its default severity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];
            pub fn as_str(self) -> &'static str { match self { $(Code::$variant => $code),* } }
            pub fn severity(self) -> Severity { match self { $(Code::$variant => Severity::$sev),* } }
            /// Added by the consolidation over all files, not by reading one file.
            pub fn is_run_level(self) -> bool {
                matches!(self, Code::LateSubmission | Code::DuplicateSubmission | Code::AfterAsOf | Code::FileSkipped)
            }
            /// A short Vietnamese title, for the summary's legend.
            pub fn title(self) -> &'static str { match self { $(Code::$variant => $title),* } }
        }
    };
}

codes! {
    FileUnreadable => "file-unreadable", Error, "Tệp không đọc được";
    FileEncrypted => "file-encrypted", Error, "Tệp có mật khẩu";
    NotAReturn => "not-a-return", Error, "Không phải tệp báo cáo";
    FileSkipped => "file-skipped", Info, "Bỏ qua tệp không phải bảng tính";
    FileNotTemplate => "file-not-template", Warning, "Tệp Word/PDF/ảnh/nén thay cho mẫu Excel";
    TemplateMismatch => "template-mismatch", Warning, "Mẫu phiên bản khác";
    OtherPeriod => "other-period", Error, "Tệp của kế hoạch hoặc đợt khác";
    SheetMissing => "sheet-missing", Warning, "Thiếu trang";
    ColumnMissing => "column-missing", Error, "Thiếu cột bắt buộc";
    ColumnUnknown => "column-unknown", Warning, "Cột không có trong mẫu";
    MoneyScaled => "money-scaled", Info, "Cột tiền ghi theo nghìn hoặc triệu đồng";
    SheetCopy => "sheet-copy", Warning, "Trang chép thêm của bảng";
    SheetUnknown => "sheet-unknown", Warning, "Trang không thuộc mẫu";
    UnitUnidentified => "unit-unidentified", Error, "Không xác định được đơn vị";
    UnitNotInRoster => "unit-not-in-roster", Warning, "Đơn vị không có trong danh sách";
    UnitNameApproximate => "unit-name-approximate", Warning, "Tên đơn vị chỉ khớp gần đúng";
    UnitConflict => "unit-conflict", Warning, "Mã và tên đơn vị không khớp nhau";
    DuplicateSubmission => "duplicate-submission", Warning, "Đơn vị nộp nhiều tệp";
    ReportDateMissing => "report-date-missing", Warning, "Thiếu ngày báo cáo";
    LateSubmission => "late-submission", Warning, "Nộp trễ hạn";
    AfterAsOf => "after-as-of", Warning, "Nộp sau ngày tính số liệu (--as-of)";
    ReceiptUnmatched => "receipt-unmatched", Warning, "Dòng sổ nhận không khớp tệp hay đơn vị nào";
    DateMissing => "date-missing", Error, "Thiếu ngày thực hiện";
    DateInvalid => "date-invalid", Error, "Ngày không đọc được";
    DateOutsideWindow => "date-outside-window", Error, "Ngày ngoài thời gian đợt";
    CategoryUnknown => "category-unknown", Error, "Danh mục không có trong kế hoạch";
    CategoryNormalized => "category-normalized", Info, "Danh mục khớp sau khi chuẩn hóa";
    CategoryApproximate => "category-approximate", Warning, "Danh mục chỉ khớp gần đúng";
    DescriptionRequired => "description-required", Error, "Thiếu mô tả cho mục \"khác\"";
    NumberInvalid => "number-invalid", Error, "Số không hợp lệ";
    NumberNegative => "number-negative", Error, "Số âm";
    CountNotWhole => "count-not-whole", Error, "Số đếm không phải số nguyên";
    ValueRequired => "value-required", Error, "Thiếu giá trị tiền";
    ValueOutlier => "value-outlier", Warning, "Số liệu bất thường";
    RowDuplicate => "row-duplicate", Warning, "Dòng trùng lặp";
    RowIncomplete => "row-incomplete", Error, "Dòng không có số liệu";
    TotalRow => "total-row", Info, "Dòng cộng của đơn vị (không tính)";
    RowNote => "row-note", Info, "Dòng ghi chú, chữ ký ngoài bảng (không tính)";
    RowHidden => "row-hidden", Warning, "Dòng bị ẩn hoặc bị lọc";
    TotalMismatch => "total-mismatch", Warning, "Dòng cộng khác tổng các dòng";
    NumberMerged => "number-merged", Warning, "Ô số liệu gộp nhiều dòng";
    FormulaNoValue => "formula-no-value", Warning, "Công thức chưa có kết quả";
    TextLegacyEncoding => "text-legacy-encoding", Warning, "Chữ mã cũ (TCVN3/VNI) đã chuyển sang Unicode";
    SummaryEdited => "summary-edited", Warning, "Số ở trang Tổng hợp khác bản ghi của danvan";
}

/// One finding, pointing at a cell where there is one. Data only: the terminal, the JSON,
/// the workbooks and the page each render it (`A1` references are made when shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<Pos>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub found: Option<String>,
    pub hint: Option<String>,
}

impl Issue {
    pub fn new(file: &str, code: Code, message: impl Into<String>) -> Issue {
        Issue {
            file: file.to_string(),
            sheet: None,
            cell: None,
            code,
            severity: code.severity(),
            message: message.into(),
            found: None,
            hint: None,
        }
    }

    pub fn at(mut self, sheet: &str, cell: Option<Pos>) -> Issue {
        self.sheet = Some(sheet.to_string());
        self.cell = cell;
        self
    }

    /// Points at `(sheet, cell)` when known; otherwise at the `Thông tin đơn vị` sheet.
    pub fn at_cell(self, at: Option<(String, Pos)>) -> Issue {
        match at {
            Some((sheet, cell)) => self.at(&sheet, Some(cell)),
            None => self.at(crate::contract::SHEET_INFO, None),
        }
    }

    pub fn found(mut self, v: impl Into<String>) -> Issue {
        let v = v.into();
        if !v.is_empty() {
            self.found = Some(v);
        }
        self
    }

    pub fn hint(mut self, h: impl Into<String>) -> Issue {
        self.hint = Some(h.into());
        self
    }

    /// The cell as users read it (`C7`).
    pub fn cell_a1(&self) -> Option<String> {
        self.cell.map(Pos::a1)
    }

    /// `Sheet!C7`, `Sheet`, or empty.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell_a1()) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            // A file without sheets (a CSV): the cell alone.
            (None, Some(c)) => c.clone(),
            _ => String::new(),
        }
    }

    /// Where, for people: `trang "Tuyên truyền", dòng 7, cột B`; `trang "…"`; or empty.
    pub fn location_words(&self) -> String {
        match (&self.sheet, self.cell) {
            (Some(s), Some(p)) => format!(
                "trang \"{s}\", dòng {}, cột {}",
                p.line(),
                crate::pos::col_letters(p.col)
            ),
            (Some(s), None) => format!("trang \"{s}\""),
            (None, Some(p)) => format!("dòng {}, cột {}", p.line(), crate::pos::col_letters(p.col)),
            _ => String::new(),
        }
    }

    /// `BC CD06.xlsx:Tuyên truyền!B7: lỗi[date-outside-window] …`
    pub fn line(&self) -> String {
        let loc = self.location();
        let mut s = if loc.is_empty() {
            format!(
                "{}: {}[{}] {}",
                self.file,
                self.severity.vn(),
                self.code.as_str(),
                self.message
            )
        } else {
            format!(
                "{}:{}: {}[{}] {}",
                self.file,
                loc,
                self.severity.vn(),
                self.code.as_str(),
                self.message
            )
        };
        if let Some(h) = &self.hint {
            s.push_str(" — Gợi ý: ");
            s.push_str(h);
        }
        s
    }
}

/// The one JSON shape of an issue: `check --json`, the page and anything else that sends
/// issues as data.
#[derive(Serialize)]
pub struct IssueJson<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub cell: Option<String>,
    /// `Tuyên truyền!C7`.
    pub location: String,
    /// `trang "Tuyên truyền", dòng 7, cột C`.
    pub location_words: String,
    pub code: &'static str,
    /// `error`, `warning`, `info`.
    pub severity: &'static str,
    /// `lỗi`, `cảnh báo`, `ghi chú`.
    pub severity_label: &'static str,
    pub message: &'a str,
    pub found: Option<&'a str>,
    pub hint: Option<&'a str>,
}

impl Issue {
    pub fn json(&self) -> IssueJson<'_> {
        IssueJson {
            file: &self.file,
            sheet: self.sheet.as_deref(),
            cell: self.cell_a1(),
            location: self.location(),
            location_words: self.location_words(),
            code: self.code.as_str(),
            severity: self.severity.as_str(),
            severity_label: self.severity.vn(),
            message: &self.message,
            found: self.found.as_deref(),
            hint: self.hint.as_deref(),
        }
    }
}
