//! Every message a user reads about a return, one function per message, grouped by issue
//! code: what was expected, what was found, what to do — in Vietnamese. Callers add where
//! (`Issue::at`); the wording lives here, so a reviewer reads it in one file.

use chrono::NaiveDate;

use crate::issue::{Code, Issue};
use crate::parse::date::fmt_vn;
use crate::parse::number::fmt_vn as num;
use crate::plan::Plan;
use crate::roster::Unit;

/// `… ; dòng này không được tính.`: the consequence for a table row.
pub const ROW_NOT_COUNTED: &str = "; dòng này không được tính.";

// file-skipped, file-unreadable (while finding the files) -------------------------------

/// Why a file found under the inputs is not read.
pub enum Skip<'a> {
    /// Pipes, sockets and devices would block or never end when read.
    NotAFile,
    LockFile,
    Hidden,
    LinkToFolder,
    TooDeep(usize),
    NotASpreadsheet(&'a str),
}

/// What a unit sent instead of the Excel template, by the file's extension.
fn sent_instead(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "doc" | "docx" | "odt" | "rtf" => "tệp Word",
        "pdf" => "tệp PDF",
        "jpg" | "jpeg" | "png" | "heic" | "heif" | "gif" | "bmp" | "webp" | "tif" | "tiff" => "ảnh",
        "rar" | "7z" => "tệp nén",
        _ => return None,
    })
}

/// An archive (or a member of one) that could not be opened or read.
pub fn archive_unreadable(file: &str, why: &str) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Không đọc được: {why}."),
    )
    .hint("Giải nén bằng máy tính rồi chép các tệp Excel vào thư mục báo cáo.")
}

/// A zip library error in Vietnamese (its own text is English and technical).
pub fn zip_error_vn(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::Io(e) => format!("lỗi đọc tệp: {e}"),
        ZipError::InvalidArchive(_) => "cấu trúc tệp nén không hợp lệ hoặc tệp bị cắt cụt".into(),
        ZipError::UnsupportedArchive(_) => "kiểu nén không được hỗ trợ".into(),
        ZipError::FileNotFound => "thiếu thành phần cần có".into(),
        ZipError::InvalidPassword => "tệp nén có mật khẩu".into(),
        _ => "tệp nén bị hỏng".into(),
    }
}

/// A Word/PDF/photo/archive among the returns: listed, and its unit chased for the template.
pub fn not_template(file: &str, ext: &str) -> Option<Issue> {
    let what = sent_instead(ext)?;
    let message = if what == "tệp nén" {
        format!("Tệp nén (.{ext}): danvan không mở tệp nén; hãy giải nén rồi chép tệp Excel vào thư mục báo cáo.")
    } else {
        format!("Đơn vị gửi {what} (.{ext}), không phải mẫu Excel: không đọc được số liệu.")
    };
    Some(
        Issue::new(file, Code::FileNotTemplate, message)
            .hint("Đề nghị đơn vị điền số liệu vào mẫu Excel của LĐLĐ huyện và gửi lại tệp .xlsx."),
    )
}

/// The reason a unit that sent `file` instead of the template stands as `Không hợp lệ`.
pub fn not_template_kind(file: &str) -> String {
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    match sent_instead(&ext) {
        Some("tệp nén") => "là tệp nén, chưa giải nén".to_string(),
        Some(what) => format!("là {what}, không phải mẫu Excel"),
        None => "không phải mẫu Excel".to_string(),
    }
}

pub fn skipped(file: &str, why: Skip<'_>) -> Issue {
    let message = match why {
        Skip::NotAFile => "Không phải tệp thường (ống dẫn, thiết bị…), bỏ qua.".to_string(),
        Skip::LockFile => {
            "Tệp khóa tạm của Excel/LibreOffice (tệp đang mở), không phải báo cáo.".to_string()
        }
        Skip::Hidden => {
            "Tệp hoặc thư mục ẩn (tên bắt đầu bằng dấu chấm, thường do máy Mac/USB tạo ra), bỏ qua."
                .to_string()
        }
        Skip::LinkToFolder => {
            "Lối tắt (liên kết) tới thư mục: bỏ qua để tránh đọc vòng lặp.".to_string()
        }
        Skip::TooDeep(depth) => format!("Thư mục lồng quá {depth} cấp, không đọc bên trong."),
        Skip::NotASpreadsheet(ext) => {
            format!("Không phải tệp bảng tính (đuôi \".{ext}\"), bỏ qua.")
        }
    };
    Issue::new(file, Code::FileSkipped, message)
}

/// An input given on the command line that cannot be opened.
pub fn cannot_open(file: &str, e: &std::io::Error) -> Issue {
    Issue {
        severity: crate::issue::Severity::Error,
        ..Issue::new(file, Code::FileUnreadable, format!("Không mở được ({e})."))
    }
}

pub fn cannot_open_folder(folder: &str, e: &std::io::Error) -> Issue {
    Issue::new(
        folder,
        Code::FileUnreadable,
        format!("Không mở được thư mục ({e})."),
    )
}

pub fn cannot_stat(file: &str, e: &std::io::Error) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Không đọc được thông tin tệp ({e})."),
    )
}

pub fn broken_link(file: &str, e: &std::io::Error) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Lối tắt hỏng hoặc vòng lặp ({e})."),
    )
}

// file-unreadable, file-encrypted, not-a-return ----------------------------------------

/// A file refused before or while opening (`message` says why, from the reader).
pub fn refused(file: &str, code: Code, message: &str) -> Issue {
    Issue::new(file, code, format!("{message}."))
}

/// A worker reading this file ran out of its memory limit.
pub fn reader_out_of_memory(file: &str, mb: u64) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Tệp làm chương trình đọc cần quá nhiều bộ nhớ (hơn {mb} MiB): tệp hỏng hoặc bị sửa có chủ ý; không đọc được. Các tệp khác vẫn được tổng hợp."),
    )
    .hint("Đề nghị đơn vị mở tệp bằng Excel, lưu lại thành .xlsx rồi gửi lại.")
}

/// A worker that took longer than the limit on this file, and was stopped.
pub fn reader_timed_out(file: &str, secs: u64) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Đọc quá {secs} giây (quá thời gian): tệp quá lớn hoặc hỏng, việc đọc bị dừng; các tệp khác vẫn được tổng hợp."),
    )
    .hint("Nếu tệp thật sự lớn, chạy lại với --max-seconds lớn hơn; nếu không, đề nghị đơn vị lưu lại tệp rồi gửi lại.")
}

/// A worker that stopped while reading this file.
pub fn reader_died(file: &str, detail: &str) -> Issue {
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Trình đọc dừng bất thường khi đọc tệp này{detail}: tệp hỏng; không đọc được. Các tệp khác vẫn được tổng hợp."),
    )
    .hint("Đề nghị đơn vị mở tệp bằng Excel, lưu lại thành .xlsx rồi gửi lại.")
}

pub fn reader_crashed(file: &str) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        "Tệp hỏng đến mức làm lỗi bộ đọc bảng tính; tệp bị bỏ qua, các tệp khác vẫn được xử lý. Hãy mở tệp bằng Excel, lưu lại thành .xlsx rồi gửi lại.",
    )
}

pub fn sheet_unreadable(file: &str, sheet: &str, why: &str) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Không đọc được trang \"{sheet}\": {why}."),
    )
}

pub fn our_own_summary(file: &str) -> Issue {
    Issue::new(
        file,
        Code::NotAReturn,
        "Đây là tệp tổng hợp do danvan lập (có trang \"Tổng hợp\" và \"Đối soát\"), không phải báo cáo của một đơn vị; không được tính.",
    )
}

/// `sheets`: the file's sheet names, already quoted.
pub fn no_data_sheet(file: &str, sheets: &[String]) -> Issue {
    Issue::new(
        file,
        Code::NotAReturn,
        format!(
            "Không tìm thấy trang dữ liệu nào của mẫu báo cáo (\"{}\", \"{}\", \"{}\"); tệp có các trang: {}.",
            crate::contract::SHEET_INFO,
            crate::contract::SHEET_PROPAGANDA,
            crate::contract::SHEET_ACTIVITIES,
            sheets.join(", ")
        ),
    )
}

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
    found: String,
) -> Issue {
    let mut i = Issue::new(
        log,
        Code::DateInvalid,
        format!("Sổ nhận tệp, dòng {row}: {problem}; tệp \"{file}\" được xét ngày nộp theo nguồn khác (ngày báo cáo, thời điểm lưu tệp)."),
    )
    .found(found)
    .hint("Sửa ngày nhận trong sổ thành dạng dd/mm/yyyy rồi tổng hợp lại.");
    i.severity = crate::issue::Severity::Warning;
    i
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
                "Ngày báo cáo {} muộn hơn lúc tệp được lưu lần cuối ({}): không ai báo cáo trước ngày ghi, nên đây là lỗi gõ; ngày nộp lấy theo nguồn kế tiếp (thời điểm lưu tệp). Số liệu vẫn được tính.",
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
    swapped: Option<NaiveDate>,
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
    match swapped {
        Some(s) => i.hint(format!(
            "Có thể đã gõ đảo ngày và tháng: {} mới nằm trong đợt.",
            fmt_vn(s)
        )),
        None => i,
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

// unit-unidentified, unit-not-in-roster, unit-name-approximate, unit-conflict -----------

pub fn unit_unidentified(file: &str) -> Issue {
    Issue::new(
        file,
        Code::UnitUnidentified,
        "Không xác định được đơn vị: chưa ghi \"Mã đơn vị\" và \"Tên công đoàn cơ sở\"; số liệu của tệp không được tính.",
    )
    .hint("Ghi mã và tên đơn vị ở trang \"Thông tin đơn vị\" rồi gửi lại.")
}

pub fn unit_name_tied(file: &str, name: &str, a: &Unit, b: &Unit) -> Issue {
    Issue::new(
        file,
        Code::UnitUnidentified,
        format!(
            "Không xác định được đơn vị: tên \"{name}\" gần giống ngang nhau hai đơn vị trong danh sách, {} ({}) và {} ({}); số liệu của tệp không được tính.",
            a.name, a.code, b.name, b.code
        ),
    )
    .found(name.to_string())
    .hint("Đơn vị ghi mã đơn vị của mình (theo danh sách của LĐLĐ huyện) ở trang \"Thông tin đơn vị\" rồi gửi lại.")
}

pub fn unit_not_in_roster(file: &str, name: &str, code: &str, roster: &str) -> Issue {
    Issue::new(
        file,
        Code::UnitNotInRoster,
        format!("Đơn vị \"{name}\" (mã \"{code}\") không có trong {roster}; được tính là đơn vị ngoài danh sách."),
    )
    .found(format!("{code} {name}").trim().to_string())
}

pub fn unit_name_approximate(file: &str, name: &str, unit: &Unit, score: f64) -> Issue {
    Issue::new(
        file,
        Code::UnitNameApproximate,
        format!(
            "Tên \"{name}\" chỉ gần giống \"{}\" ({}) trong danh sách (độ giống {:.0}%).",
            unit.name,
            unit.code,
            score * 100.0
        ),
    )
    .found(name.to_string())
    .hint("Nếu đúng là đơn vị này thì số liệu được tính; để chắc chắn, đơn vị ghi mã đơn vị của mình (theo danh sách của LĐLĐ huyện) vào ô \"Mã đơn vị\".")
}

/// Two marks of one file (`_meta`, the code typed, the name typed) name two units.
pub fn unit_marks_disagree(file: &str, a: (&str, &Unit), b: (&str, &Unit)) -> Issue {
    let ((source_a, a), (source_b, b)) = (a, b);
    Issue::new(
        file,
        Code::UnitUnidentified,
        format!(
            "Không xác định được đơn vị: {source_a} chỉ {} ({}), còn {source_b} chỉ {} ({}); số liệu của tệp không được tính cho đơn vị nào.",
            a.name, a.code, b.name, b.code
        ),
    )
    .hint("Văn phòng hỏi lại đơn vị đã gửi tệp; đơn vị ghi đúng mã và tên của chính mình ở trang \"Thông tin đơn vị\" rồi gửi lại.")
}

/// A file pre-filled for `meta_unit` whose typed code and name are `unit`'s.
pub fn unit_forwarded(file: &str, meta_unit: &Unit, unit: &Unit, code: &str, name: &str) -> Issue {
    Issue::new(
        file,
        Code::UnitConflict,
        format!(
            "Tệp mẫu được lập sẵn cho {} ({}), nhưng mã và tên ghi trong tệp là của {} ({}): tệp được tính cho {}.",
            meta_unit.code, meta_unit.name, unit.code, unit.name, unit.code
        ),
    )
    .found(format!("{code} / {name}"))
    .hint("Nếu đơn vị dùng lại tệp mẫu của đơn vị khác thì không sao; nếu không, hãy kiểm tra tệp này là của ai.")
}

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
