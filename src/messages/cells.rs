//! One cell: dates, categories, numbers and money.

use chrono::NaiveDate;

use super::ROW_NOT_COUNTED;
use crate::issue::{Code, Issue};
use crate::parse::date::fmt_vn;
use crate::plan::Plan;

// date-invalid, date-missing, date-outside-window ---------------------------------------

pub fn date_unreadable(file: &str, what: &str, found: String) -> Issue {
    Issue::new(
        file,
        Code::DateInvalid,
        format!("{what} \"{found}\" không đọc được là ngày; cần dạng ngày/tháng/năm (dd/mm/yyyy)."),
    )
    .found(found)
    .hint("Gõ ngày như 17/12/2024.")
}

pub fn date_impossible(file: &str, what: &str, found: String) -> Issue {
    Issue::new(
        file,
        Code::DateInvalid,
        format!("{what} \"{found}\" không phải ngày có thật (ngày hoặc tháng không hợp lệ); cần dạng dd/mm/yyyy."),
    )
    .found(found)
    .hint("Gõ ngày như 17/12/2024.")
}

/// A report date that reads, but not for this campaign (`30/12/1024`).
pub fn report_date_implausible(file: &str, d: NaiveDate, plan: &Plan, found: String) -> Issue {
    Issue::new(
        file,
        Code::DateInvalid,
        format!(
            "Ngày báo cáo {} không hợp lý cho đợt {} – {} (hạn nộp trước {}).{}",
            fmt_vn(d),
            fmt_vn(plan.window_start),
            fmt_vn(plan.window_end),
            fmt_vn(plan.deadline_before),
            REPORT_DATE_NOT_USED
        ),
    )
    .found(found)
    .hint("Kiểm tra năm đã gõ, ví dụ 30/12/2024.")
}

/// What a bad `Ngày báo cáo` does, and does not do, to the figures.
pub const REPORT_DATE_NOT_USED: &str = " Ngày nộp được lấy theo nguồn khác (sổ nhận tệp, thời điểm lưu tệp); các dòng số liệu của tệp vẫn được tính.";

pub fn date_formula_empty(file: &str, what: &str) -> Issue {
    Issue::new(
        file,
        Code::DateMissing,
        format!("{what} trống (công thức chưa có kết quả)."),
    )
}

pub fn row_date_missing(file: &str, plan: &Plan) -> Issue {
    Issue::new(
        file,
        Code::DateMissing,
        "Chưa ghi ngày thực hiện; dòng này không được tính.",
    )
    .hint(format!(
        "Ghi ngày trong đợt, từ {} đến {}.",
        fmt_vn(plan.window_start),
        fmt_vn(plan.window_end)
    ))
}

/// A span of days in one cell that crosses the campaign window's edge.
pub fn date_span_outside_window(
    file: &str,
    (first, last): (NaiveDate, NaiveDate),
    plan: &Plan,
    found: String,
) -> Issue {
    Issue::new(
        file,
        Code::DateOutsideWindow,
        format!(
            "Ngày thực hiện ghi khoảng {} – {}, vượt ra ngoài thời gian đợt ({} – {}); dòng này không được tính.",
            fmt_vn(first),
            fmt_vn(last),
            fmt_vn(plan.window_start),
            fmt_vn(plan.window_end)
        ),
    )
    .found(found)
    .hint("Chỉ ghi phần việc làm trong thời gian đợt, mỗi dòng một ngày (ngày bắt đầu).")
}

/// A report date later than the moment the workbook itself was last saved.
pub fn report_date_after_saved(
    file: &str,
    d: NaiveDate,
    saved: chrono::NaiveDateTime,
    found: String,
) -> Issue {
    Issue {
        severity: crate::issue::Severity::Warning,
        ..Issue::new(
            file,
            Code::DateInvalid,
            format!(
                "Ngày báo cáo {} muộn hơn lúc tệp được lưu lần cuối ({}) hơn một tuần: văn bản có thể ghi trước ngày gửi vài ngày, nhưng không xa đến thế, nên đây là lỗi gõ; ngày nộp lấy theo nguồn kế tiếp (thời điểm lưu tệp). Số liệu vẫn được tính.",
                fmt_vn(d),
                saved.format("%H:%M %d/%m/%Y")
            ),
        )
    }
    .found(found)
    .hint("Sửa ô Ngày báo cáo đúng ngày lập báo cáo.")
}

pub fn date_outside_window(
    file: &str,
    d: NaiveDate,
    plan: &Plan,
    found: String,
    typo: Option<(NaiveDate, &str)>,
) -> Issue {
    let i = Issue::new(
        file,
        Code::DateOutsideWindow,
        format!(
            "Ngày thực hiện {} nằm ngoài thời gian đợt ({} – {}); dòng này không được tính.",
            fmt_vn(d),
            fmt_vn(plan.window_start),
            fmt_vn(plan.window_end)
        ),
    )
    .found(found);
    match typo {
        Some((meant, slip)) => i.hint(format!(
            "Có thể đã gõ {slip}: {} mới nằm trong đợt.",
            fmt_vn(meant)
        )),
        None => i.hint(format!(
            "Ghi ngày thực hiện trong đợt, từ {} đến {}.",
            fmt_vn(plan.window_start),
            fmt_vn(plan.window_end)
        )),
    }
}

// category-unknown, category-normalized, category-approximate ----------------------------

const PICK_FROM_LIST: &str = "Chọn một mục trong danh sách thả xuống của ô.";

pub fn category_empty(file: &str, what: &str) -> Issue {
    Issue::new(
        file,
        Code::CategoryUnknown,
        format!("Chưa chọn \"{what}\"; dòng này không được tính."),
    )
    .hint(PICK_FROM_LIST)
}

pub fn category_normalized(file: &str, text: &str, choice: &str) -> Issue {
    Issue::new(
        file,
        Code::CategoryNormalized,
        format!("\"{text}\" được hiểu là {choice}."),
    )
    .found(text.to_string())
}

pub fn category_approximate(file: &str, what: &str, text: &str, choice: &str) -> Issue {
    Issue::new(
        file,
        Code::CategoryApproximate,
        format!("{what} \"{text}\" không đúng tên trong danh mục; được hiểu gần đúng là \"{choice}\" và vẫn được tính."),
    )
    .found(text.to_string())
    .hint(format!("Nếu đúng là \"{choice}\", lần sau hãy chọn trong danh sách thả xuống; nếu không, hãy sửa và gửi lại."))
}

pub fn category_conflict(
    file: &str,
    what: &str,
    text: &str,
    code: &str,
    label_choice: &str,
    label_code: &str,
) -> Issue {
    Issue::new(
        file,
        Code::CategoryUnknown,
        format!("{what} \"{text}\" ghi mã {code} nhưng nội dung lại là \"{label_choice}\" ({label_code}); không rõ là mục nào nên dòng này không được tính."),
    )
    .found(text.to_string())
    .hint("Chọn lại đúng một mục trong danh sách thả xuống của ô.")
}

pub fn category_unknown(file: &str, what: &str, text: &str, nearest: Option<&str>) -> Issue {
    let i = Issue::new(
        file,
        Code::CategoryUnknown,
        format!(
            "{what} \"{text}\" không có trong danh mục của kế hoạch; dòng này không được tính."
        ),
    )
    .found(text.to_string());
    match nearest {
        Some(n) => i.hint(format!(
            "Có phải là \"{n}\"? Hãy chọn trong danh sách thả xuống."
        )),
        None => i.hint(PICK_FROM_LIST),
    }
}

// count-not-whole, number-invalid, number-negative, number-merged ------------------------

pub fn count_not_whole(file: &str, what: &str, v: f64, found: String) -> Issue {
    Issue::new(
        file,
        Code::CountNotWhole,
        format!("{what} phải là số nguyên nhưng ô ghi {v}."),
    )
    .found(found)
    .hint("Ghi số nguyên, ví dụ 3.")
}

pub fn number_too_large(file: &str, what: &str, found: String) -> Issue {
    Issue::new(
        file,
        Code::NumberInvalid,
        format!("{what} quá lớn để là số liệu thật."),
    )
    .found(found)
}

pub fn number_ambiguous(file: &str, what: &str, found: String, why: &str) -> Issue {
    Issue::new(
        file,
        Code::NumberInvalid,
        format!(
            "{what} \"{}\" không rõ là bao nhiêu: {why}; dòng này không được tính.",
            found.trim()
        ),
    )
    .found(found)
    .hint("Ghi đủ con số, ví dụ 1.500.000, hoặc ghi rõ như \"1,5 triệu\", \"1 triệu 500 nghìn\".")
}

pub fn not_a_number(file: &str, what: &str, found: &str, money: bool) -> Issue {
    Issue::new(
        file,
        Code::NumberInvalid,
        format!(
            "{what} \"{}\" không phải là số; dòng này không được tính.",
            found.trim()
        ),
    )
    .found(found.to_string())
    .hint(if money {
        "Chỉ ghi số tiền, ví dụ 1.500.000 hoặc 1,5 triệu."
    } else {
        "Chỉ ghi con số, ví dụ 25 (có thể kèm chữ như \"25 người\")."
    })
}

pub fn not_a_number_cell(file: &str, what: &str, found: String) -> Issue {
    Issue::new(
        file,
        Code::NumberInvalid,
        format!("{what} phải là số nhưng ô chứa \"{found}\"."),
    )
    .found(found)
}

pub fn number_required(file: &str, what: &str) -> Issue {
    Issue::new(
        file,
        Code::NumberInvalid,
        format!(
            "Chưa ghi {}; dòng này không được tính.",
            what.to_lowercase()
        ),
    )
    .hint("Ghi con số, 0 nếu không có.")
}

pub fn number_negative(file: &str, what: &str, found: String) -> Issue {
    Issue::new(
        file,
        Code::NumberNegative,
        format!("{what} không được âm (ô ghi {found})."),
    )
    .found(found)
}

pub fn number_merged(
    file: &str,
    what: &str,
    row: u32,
    origin: &str,
    origin_row: u32,
    value: String,
) -> Issue {
    Issue::new(
        file,
        Code::NumberMerged,
        format!(
            "Ô {what} của dòng {row} được gộp với ô {origin} ở trên: con số \"{value}\" chỉ được tính một lần, cho dòng {origin_row}; dòng {row} tính 0."
        ),
    )
    .found(value)
    .hint("Không gộp ô số liệu: ghi số riêng cho từng dòng (có thể ghi 0).")
}

/// An issue about a value on a label/value sheet says what it did to the totals, not to
/// "this row" (a table row's message ends with that).
pub fn on_label_sheet(mut i: Issue, consequence: &str) -> Issue {
    if let Some(stem) = i.message.strip_suffix(ROW_NOT_COUNTED) {
        i.message = format!("{stem}. {consequence}");
    } else {
        i.message = format!("{} {consequence}", i.message);
    }
    i
}

pub const MEMBERS_NOT_USED: &str =
    "Tổng số đoàn viên không được dùng; các dòng số liệu của tệp vẫn được tính.";
pub const STRIKES_NOT_COUNTED: &str = "Số vụ đình công của đơn vị này không được cộng vào tổng; các số liệu khác của tệp vẫn được tính.";
