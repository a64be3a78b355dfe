//! Rows and columns of the tables: missing columns, incomplete and duplicate rows, total rows, descriptions, required values, outliers.

use crate::issue::{Code, Issue};

/// An error that keeps its row out of the totals says so, once.
pub fn row_not_counted(issue: &mut Issue) {
    if issue.message.contains("không được tính") {
        return;
    }
    let base = issue.message.trim_end().trim_end_matches('.');
    issue.message = format!("{base}; dòng này không được tính.");
}
use crate::parse::number::fmt_vn as num;

// column-missing ------------------------------------------------------------------------

pub fn header_not_found(file: &str, headers: &[&str]) -> Issue {
    Issue::new(
        file,
        Code::ColumnMissing,
        format!(
            "Không tìm thấy dòng tiêu đề của bảng (cần các cột: {}); số liệu trang này không được tính.",
            headers.join(" · ")
        ),
    )
}

pub fn columns_missing(file: &str, missing: &[&str], header_row: u32) -> Issue {
    Issue::new(
        file,
        Code::ColumnMissing,
        format!(
            "Thiếu cột bắt buộc \"{}\" ở dòng tiêu đề (dòng {header_row}); số liệu trang này không được tính.",
            missing.join("\", \"")
        ),
    )
    .hint("Dùng đúng tệp mẫu, không xóa hoặc đổi tên các cột có sẵn.")
}

// row-incomplete, row-duplicate ---------------------------------------------------------

pub fn row_incomplete(file: &str, row: u32, has: &[String], found: String) -> Issue {
    Issue::new(
        file,
        Code::RowIncomplete,
        format!(
            "Dòng {row} chỉ có {}, không có ngày, nội dung hay số liệu; dòng này không được tính.",
            has.join(", ")
        ),
    )
    .found(found)
    .hint("Nếu là số liệu, hãy ghi đủ ngày, nội dung và số liệu trên cùng dòng; nếu chỉ là ghi chú, hãy xóa dòng hoặc chuyển vào trang Tình hình.")
}

// total-row, total-mismatch ------------------------------------------------------------

/// The unit's own total row: not an activity, not counted.
pub fn total_row(file: &str, row: u32, found: String) -> Issue {
    Issue::new(
        file,
        Code::TotalRow,
        format!("Dòng {row} là dòng cộng của đơn vị, không phải một hoạt động: không tính vào tổng hợp (đã đối chiếu với các dòng phía trên)."),
    )
    .found(found)
}

/// A total row whose figure differs from the sum of the rows counted above it.
pub fn total_mismatch(file: &str, row: u32, what: &str, written: i64, sum: i64) -> Issue {
    Issue::new(
        file,
        Code::TotalMismatch,
        format!(
            "Dòng cộng {row} ghi \"{what}\" = {}, nhưng cộng các dòng được tính phía trên được {}; tổng hợp dùng số của từng dòng ({}).",
            crate::parse::number::fmt_vn(written),
            crate::parse::number::fmt_vn(sum),
            crate::parse::number::fmt_vn(sum)
        ),
    )
    .found(crate::parse::number::fmt_vn(written))
    .hint("Kiểm tra dòng cộng và các dòng có lỗi phía trên (dòng có lỗi không được tính).")
}

const DUPLICATE_HINT: &str = "Nếu nhập trùng, hãy xóa một dòng rồi gửi lại.";

pub fn propaganda_row_duplicate(file: &str, row: u32) -> Issue {
    Issue::new(
        file,
        Code::RowDuplicate,
        format!("Dòng {row} giống hệt một dòng phía trên (cùng ngày, nội dung, đối tượng, số liệu); vẫn được tính."),
    )
    .hint(DUPLICATE_HINT)
}

pub fn activity_row_duplicate(file: &str, row: u32) -> Issue {
    Issue::new(
        file,
        Code::RowDuplicate,
        format!("Dòng {row} giống hệt một dòng phía trên; vẫn được tính."),
    )
    .hint(DUPLICATE_HINT)
}

// description-required, value-required --------------------------------------------------

pub fn topic_description_required(file: &str) -> Issue {
    Issue::new(
        file,
        Code::DescriptionRequired,
        "Nội dung \"khác\" cần ghi rõ là nội dung gì trong cột \"Ghi chú\".",
    )
    .hint("Ghi ngắn gọn nội dung đã tuyên truyền vào cột Ghi chú.")
}

pub fn activity_description_required(file: &str) -> Issue {
    Issue::new(
        file,
        Code::DescriptionRequired,
        "Hoạt động \"khác\" cần ghi rõ là hoạt động gì trong cột \"Nội dung cụ thể\".",
    )
}

pub fn value_required(file: &str, code: &str, label: &str) -> Issue {
    Issue::new(
        file,
        Code::ValueRequired,
        format!(
            "Hoạt động {code} \"{label}\" phải ghi giá trị bằng tiền (đồng) nhưng ô đang trống."
        ),
    )
    .hint("Ghi số tiền, ví dụ 1.500.000.")
}

// value-outlier -------------------------------------------------------------------------

/// A count above `bound`; `by_members` (factor, membership) when the bound came from the
/// unit's membership rather than the plan's per-row limit.
pub fn count_outlier(
    file: &str,
    what: &str,
    value: i64,
    bound: i64,
    by_members: Option<(f64, i64)>,
    found: String,
) -> Issue {
    let why = match by_members {
        Some((factor, m)) => format!(
            "gấp hơn {factor} lần tổng số đoàn viên ({}), tức trên {}",
            num(m),
            num(bound)
        ),
        None => format!("vượt giới hạn {} một dòng", num(bound)),
    };
    Issue::new(
        file,
        Code::ValueOutlier,
        format!("{what} {} là bất thường: {why}; vẫn được tính, hãy kiểm tra lại.", num(value)),
    )
    .found(found)
    .hint("Kiểm tra lại số liệu (gõ thừa số 0, gõ nhầm cột, hay ghi \"tỷ/triệu/nghìn\" vào cột số đếm?).")
}

pub fn value_below_thousand(file: &str, value: i64, found: String) -> Issue {
    Issue::new(
        file,
        Code::ValueOutlier,
        format!(
            "Giá trị {} đồng là bất thường (dưới 1.000 đồng): có thể thiếu chữ \"nghìn\" hoặc \"triệu\"; vẫn được tính đúng {} đồng, hãy kiểm tra lại.",
            num(value),
            num(value)
        ),
    )
    .found(found)
    .hint("Ghi đủ số tiền, ví dụ 500.000 hoặc 500 nghìn.")
}

pub fn value_above_limit(file: &str, value: i64, limit: i64) -> Issue {
    Issue::new(
        file,
        Code::ValueOutlier,
        format!(
            "Giá trị {} đồng trong một dòng là bất thường (giới hạn {} đồng); vẫn được tính.",
            num(value),
            num(limit)
        ),
    )
    .found(value.to_string())
    .hint("Kiểm tra lại có gõ thừa số 0 không.")
}
