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

// column-unknown, money-scaled -----------------------------------------------------------

/// A column of the table whose header is none of ours, with cells filled in data rows.
pub fn column_unknown(
    file: &str,
    header: &str,
    column: &str,
    cells: usize,
    found: String,
) -> Issue {
    Issue::new(
        file,
        Code::ColumnUnknown,
        format!(
            "Cột {column} \"{header}\" không phải cột nào của mẫu: {cells} ô có nội dung ở cột này không được đọc, không được tính vào tổng hợp."
        ),
    )
    .found(found)
    .hint("Nếu là số liệu của mẫu, hãy chuyển vào đúng cột của mẫu (giá trị bằng tiền ghi vào cột \"Giá trị (đồng)\") rồi gửi lại.")
}

/// A money column whose header names a unit we do not know (`Giá trị (USD)`).
pub fn money_column_unknown(
    file: &str,
    header: &str,
    column: &str,
    cells: usize,
    found: String,
) -> Issue {
    Issue::new(
        file,
        Code::ColumnUnknown,
        format!(
            "Cột {column} \"{header}\" ghi giá trị theo đơn vị không rõ (không phải đồng, nghìn đồng hay triệu đồng): {cells} ô ở cột này không được tính vào tổng hợp."
        ),
    )
    .found(found)
    .hint("Ghi giá trị bằng đồng vào cột \"Giá trị (đồng)\" rồi gửi lại.")
}

/// The value column's header says thousands or millions of đồng: its numbers are scaled.
pub fn money_scaled(file: &str, header: &str, unit: &str, factor: i64) -> Issue {
    Issue::new(
        file,
        Code::MoneyScaled,
        format!(
            "Cột \"{header}\" ghi tiền theo {unit}: các số trong cột được nhân với {} để ra đồng (ô ghi kèm chữ, như \"500 nghìn\", được đọc theo chữ).",
            num(factor)
        ),
    )
    .found(header.to_string())
}

/// A required value whose column could not be placed: the number is there, the column is not.
pub fn value_in_unknown_column(file: &str, code: &str, label: &str, header: &str) -> Issue {
    Issue::new(
        file,
        Code::ValueRequired,
        format!(
            "Hoạt động {code} \"{label}\" phải ghi giá trị bằng tiền (đồng); số ghi ở cột \"{header}\" không đọc được vì không rõ đơn vị tiền của cột."
        ),
    )
    .hint("Ghi giá trị bằng đồng vào cột \"Giá trị (đồng)\" của mẫu.")
}

// row-note, row-hidden -------------------------------------------------------------------

/// Lines around a table that are no rows of it (notes, headings, the signature block), once
/// per sheet: `lines` are (row number, text).
pub fn note_lines(file: &str, lines: &[(u32, String)]) -> Issue {
    let shown: Vec<String> = lines
        .iter()
        .take(8)
        .map(|(r, t)| format!("dòng {r} \"{}\"", short(t)))
        .collect();
    let more = if lines.len() > 8 {
        format!(" và {} dòng khác", lines.len() - 8)
    } else {
        String::new()
    };
    Issue::new(
        file,
        Code::RowNote,
        format!(
            "{} dòng ghi chú, tiêu đề mục hoặc chữ ký (không có số liệu) không được tính: {}{more}.",
            lines.len(),
            shown.join(", ")
        ),
    )
}

/// Rows hidden by hand or by a filter left on, that hold data: counted, but said.
pub fn rows_hidden(file: &str, rows: &[u32], by_filter: bool) -> Issue {
    let list: Vec<String> = rows.iter().take(12).map(|r| r.to_string()).collect();
    let more = if rows.len() > 12 { ", …" } else { "" };
    let how = if by_filter {
        "bị bộ lọc ẩn đi (bộ lọc còn bật)"
    } else {
        "bị ẩn"
    };
    Issue::new(
        file,
        Code::RowHidden,
        format!(
            "{} dòng có số liệu {how}: dòng {}{more}. Các dòng này vẫn được tính, nhưng trên màn hình đơn vị không thấy chúng.",
            rows.len(),
            list.join(", ")
        ),
    )
    .hint("Đơn vị bỏ ẩn (hoặc tắt bộ lọc) để xem lại: nếu các dòng đó không phải số liệu thật, hãy xóa rồi gửi lại.")
}

/// A long text cut for a message.
fn short(t: &str) -> String {
    let t = t.trim();
    if t.chars().count() > 40 {
        let cut: String = t.chars().take(38).collect();
        format!("{cut}…")
    } else {
        t.to_string()
    }
}
