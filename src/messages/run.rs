//! Run-level findings and the sheets of a return: resends, lateness, `--as-of`, plan and period, report date, missing sheets, formulas, legacy text.

use chrono::NaiveDate;

use crate::issue::{Code, Issue};
use crate::parse::date::fmt_vn;
use crate::plan::Plan;

// duplicate-submission, late-submission, after-as-of, date-invalid (receipt log) --------

/// `source`: where the dates that decided came from (`Ngày báo cáo`…).
#[allow(clippy::too_many_arguments)]
pub fn superseded(
    file: &str,
    unit: &str,
    kept: &str,
    source: &str,
    kept_at: &str,
    this_at: &str,
    rows: usize,
) -> Issue {
    Issue::new(
        file,
        Code::DuplicateSubmission,
        format!(
            "Đơn vị {unit} đã nộp nhiều tệp: tệp \"{kept}\" mới hơn theo {} ({kept_at} so với {this_at}); {rows} dòng của tệp này không được tính (bị thay thế).",
            source.to_lowercase()
        ),
    )
}

pub fn superseded_tie(file: &str, unit: &str, kept: &str, rows: usize) -> Issue {
    Issue::new(
        file,
        Code::DuplicateSubmission,
        format!(
            "Đơn vị {unit} đã nộp nhiều tệp: không nguồn nào (sổ nhận tệp, ngày báo cáo, thời điểm lưu, ngày sửa tệp) cho biết tệp nào mới hơn; đã giữ \"{kept}\" vì có ít lỗi hơn hoặc nhiều dòng được tính hơn — hãy hỏi đơn vị tệp nào là bản cuối; {rows} dòng của tệp này không được tính (bị thay thế)."
        ),
    )
    .found(format!("{file} / {kept}"))
}

pub fn late_submission(
    file: &str,
    d: NaiveDate,
    source: &str,
    days: i64,
    deadline_before: NaiveDate,
) -> Issue {
    Issue::new(
        file,
        Code::LateSubmission,
        format!(
            "Nộp ngày {} (theo {}), trễ {days} ngày so với hạn (trước {}).",
            fmt_vn(d),
            source.to_lowercase(),
            fmt_vn(deadline_before)
        ),
    )
    .found(fmt_vn(d))
}

pub fn after_as_of(file: &str, d: NaiveDate, source: &str, as_of: NaiveDate) -> Issue {
    Issue::new(
        file,
        Code::AfterAsOf,
        format!(
            "Tệp nộp ngày {} (theo {}), sau ngày tính số liệu {}; chưa được tính.",
            fmt_vn(d),
            source.to_lowercase(),
            fmt_vn(as_of)
        ),
    )
}

pub fn receipt_day_implausible(d: NaiveDate) -> String {
    format!("ngày nhận {} không hợp lý cho đợt này", fmt_vn(d))
}

pub fn receipt_day_unreadable(found: &str) -> String {
    format!("ngày nhận \"{found}\" không đọc được (cần dd/mm/yyyy)")
}

/// A row of the receipt log that could not be used: a warning, the run goes on.
pub fn receipt_date_unusable(
    log: &str,
    row: u32,
    problem: &str,
    file: &str,
    unit: &str,
    found: String,
) -> Issue {
    let then = if file.is_empty() {
        format!("báo cáo bản giấy của đơn vị \"{unit}\" chưa được ghi nhận")
    } else {
        format!(
            "tệp \"{file}\" được xét ngày nộp theo nguồn khác (ngày báo cáo, thời điểm lưu tệp)"
        )
    };
    let mut i = Issue::new(
        log,
        Code::DateInvalid,
        format!("Sổ nhận tệp, dòng {row}: {problem}; {then}."),
    )
    .found(found)
    .hint("Sửa ngày nhận trong sổ thành dạng dd/mm/yyyy rồi tổng hợp lại.");
    i.severity = crate::issue::Severity::Warning;
    i
}

// unit-not-in-roster (receipt log) ----------------------------------------------------

/// A paper receipt naming no roster unit: it credits nobody.
pub fn receipt_unit_unknown(log: &str, row: u32, unit: &str) -> Issue {
    Issue::new(
        log,
        Code::UnitNotInRoster,
        format!(
            "Sổ nhận tệp, dòng {row}: đơn vị \"{unit}\" không có trong danh sách đơn vị; báo cáo bản giấy này chưa được ghi nhận cho đơn vị nào."
        ),
    )
    .found(unit)
    .hint("Ghi ở cột \"Đơn vị\" mã đơn vị (ví dụ CD07) hoặc tên đúng như trong danh sách rồi tổng hợp lại.")
}

// receipt-unmatched -----------------------------------------------------------------------

/// A receipt-log line naming a file that is not among the returns.
pub fn receipt_file_not_found(log: &str, row: u32, name: &str, nearest: Option<&str>) -> Issue {
    let issue = Issue::new(
        log,
        Code::ReceiptUnmatched,
        format!(
            "Sổ nhận tệp, dòng {row}: không có tệp nào tên \"{name}\" trong thư mục báo cáo; ngày nhận ở dòng này chưa được dùng cho tệp nào."
        ),
    )
    .found(name);
    match nearest {
        Some(n) => issue.hint(format!(
            "Tệp có tên gần giống nhất là \"{n}\": nếu đúng là tệp này, sửa tên trong sổ cho khớp rồi tổng hợp lại."
        )),
        None => issue.hint("Kiểm tra tên tệp trong sổ (chép đúng tên tệp trong thư mục), hoặc chép tệp đó vào thư mục báo cáo rồi tổng hợp lại."),
    }
}

/// A receipt-log line naming a unit (in the file column) that has no file yet.
pub fn receipt_unit_without_file(
    log: &str,
    row: u32,
    found: &str,
    code: &str,
    name: &str,
) -> Issue {
    Issue::new(
        log,
        Code::ReceiptUnmatched,
        format!(
            "Sổ nhận tệp, dòng {row}: ghi đơn vị {code} ({name}) nhưng thư mục báo cáo chưa có tệp nào của đơn vị này; ngày nhận ở dòng này chưa được dùng."
        ),
    )
    .found(found)
    .hint("Chép tệp của đơn vị vào thư mục báo cáo; nếu đơn vị nộp bản giấy, ghi mã vào cột \"Đơn vị\" và để trống cột \"Tên tệp\".")
}

// after-as-of (receipt log) -----------------------------------------------------------

/// A paper return received after the as-of day: not yet reported on that day.
pub fn receipt_after_as_of(
    log: &str,
    row: u32,
    unit: &str,
    day: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
) -> Issue {
    Issue::new(
        log,
        Code::AfterAsOf,
        format!(
            "Sổ nhận tệp, dòng {row}: báo cáo bản giấy của đơn vị \"{unit}\" nhận ngày {}, sau ngày tính số liệu {}; chưa được tính là đã nộp trong lần tổng hợp này.",
            fmt_vn(day),
            fmt_vn(as_of)
        ),
    )
}

// template-mismatch ---------------------------------------------------------------------

/// A return of another plan or period (`found`: what the file names).
pub fn other_period(file: &str, found: &str, plan: &Plan) -> Issue {
    Issue::new(
        file,
        Code::OtherPeriod,
        format!(
            "Tệp là báo cáo của kế hoạch hoặc đợt khác (\"{found}\"), không phải {} ({}): không số liệu nào của tệp được tính; đơn vị vẫn được coi là chưa nộp báo cáo đợt này.",
            plan.code, plan.title
        ),
    )
    .found(found.to_string())
    .hint("Đơn vị điền báo cáo đợt này vào mẫu mới của LĐLĐ huyện rồi gửi lại.")
}

pub fn template_other_version(file: &str, found: String, current: &str) -> Issue {
    Issue::new(
        file,
        Code::TemplateMismatch,
        format!("Tệp dùng mẫu phiên bản \"{found}\", mẫu hiện hành là \"{current}\"."),
    )
    .found(found)
}

// report-date-missing -------------------------------------------------------------------

pub fn report_date_missing(file: &str) -> Issue {
    Issue::new(
        file,
        Code::ReportDateMissing,
        "Chưa ghi \"Ngày báo cáo\"; ngày nộp sẽ lấy theo sổ nhận tệp, thời điểm lưu tệp hoặc ngày sửa tệp.",
    )
    .hint("Ghi ngày báo cáo dạng dd/mm/yyyy, ví dụ 30/12/2024.")
}

// sheet-missing -------------------------------------------------------------------------

pub fn sheet_missing(file: &str, name: &str) -> Issue {
    Issue::new(
        file,
        Code::SheetMissing,
        format!("Không có trang \"{name}\" trong tệp; phần này không có số liệu."),
    )
}

// formula-no-value ----------------------------------------------------------------------

pub fn formula_no_value(file: &str, formula: String) -> Issue {
    Issue::new(
        file,
        Code::FormulaNoValue,
        "Ô chứa công thức nhưng tệp không lưu kết quả (tệp chưa được tính lại); ô được coi như để trống.",
    )
    .found(formula)
    .hint("Mở tệp bằng Excel, nhấn F9 rồi lưu lại, hoặc gõ thẳng con số thay cho công thức.")
}

// text-legacy-encoding ------------------------------------------------------------------

pub fn text_legacy_encoding(
    file: &str,
    cells: usize,
    encoding: &str,
    before: String,
    after: &str,
) -> Issue {
    Issue::new(
        file,
        Code::TextLegacyEncoding,
        format!("{cells} ô chữ gõ bằng bảng mã cũ {encoding} đã được chuyển sang Unicode, ví dụ \"{before}\" → \"{after}\"."),
    )
    .found(before)
    .hint("Lần sau hãy gõ bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode) và phông chữ Times New Roman.")
}
