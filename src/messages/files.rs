//! Files: skipped while looking, unreadable, encrypted, not a return, stopped workers, archives.

use crate::issue::{Code, Issue};

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

/// An error that says another program holds the file: Excel keeps a workbook it has open
/// locked on Windows (access denied, or a sharing violation: error 32 or 33).
pub fn file_in_use(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)))
}

/// A system error in Vietnamese: what happened, never the system's own English text.
pub fn io_error_vn(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if file_in_use(e) {
        return "không có quyền mở, hoặc tệp đang mở trong Excel (chương trình khác)".into();
    }
    match e.kind() {
        ErrorKind::NotFound => "không tìm thấy tệp hoặc thư mục".into(),
        ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".into(),
        ErrorKind::NotADirectory => "đây là tệp, không phải thư mục".into(),
        ErrorKind::UnexpectedEof => "tệp bị cắt cụt".into(),
        ErrorKind::InvalidData | ErrorKind::InvalidInput => "dữ liệu trong tệp bị hỏng".into(),
        ErrorKind::OutOfMemory => "không đủ bộ nhớ".into(),
        ErrorKind::StorageFull => "ổ đĩa đã đầy".into(),
        ErrorKind::TimedOut => "quá thời gian chờ".into(),
        ErrorKind::ResourceBusy => "tệp đang được chương trình khác dùng (Excel?)".into(),
        _ => match e.raw_os_error() {
            Some(n) => format!("lỗi hệ thống mã {n}"),
            None => "lỗi hệ thống khi đọc tệp".into(),
        },
    }
}

/// A zip library error in Vietnamese (its own text is English and technical).
pub fn zip_error_vn(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::Io(e) => format!("lỗi đọc tệp: {}", io_error_vn(e)),
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
        ..Issue::new(
            file,
            Code::FileUnreadable,
            format!("Không mở được ({}).", io_error_vn(e)),
        )
    }
}

pub fn cannot_open_folder(folder: &str, e: &std::io::Error) -> Issue {
    Issue::new(
        folder,
        Code::FileUnreadable,
        format!("Không mở được thư mục ({}).", io_error_vn(e)),
    )
}

pub fn cannot_stat(file: &str, e: &std::io::Error) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Không đọc được thông tin tệp ({}).", io_error_vn(e)),
    )
}

pub fn broken_link(file: &str, e: &std::io::Error) -> Issue {
    Issue::new(
        file,
        Code::FileUnreadable,
        format!("Lối tắt hỏng hoặc vòng lặp ({}).", io_error_vn(e)),
    )
}

// file-unreadable, file-encrypted, not-a-return ----------------------------------------

/// A file refused before or while opening (`message` says why, from the reader).
pub fn refused(file: &str, code: Code, message: &str) -> Issue {
    // The readers say why in a clause; users read a sentence.
    let mut chars = message.chars();
    let sentence = match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => "Không đọc được tệp.".to_string(),
    };
    let hint = match code {
        Code::FileEncrypted => {
            "Đề nghị đơn vị bỏ mật khẩu của tệp (Excel: Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại."
        }
        _ => "Đề nghị đơn vị mở tệp bằng Excel, lưu lại thành .xlsx rồi gửi lại.",
    };
    Issue::new(file, code, sentence).hint(hint)
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

// sheet-copy, sheet-unknown --------------------------------------------------------------

/// A sheet with the header of one of the tables besides that table's own sheet: read with it.
pub fn sheet_copy(file: &str, sheet: &str, of: &str, rows: usize) -> Issue {
    Issue::new(
        file,
        Code::SheetCopy,
        format!(
            "Trang \"{sheet}\" có cùng tiêu đề với trang \"{of}\" (trang chép thêm để có thêm dòng): {rows} dòng của trang này được đọc và tính cùng trang \"{of}\"."
        ),
    )
    .hint(format!("Nếu trang \"{sheet}\" chỉ là bản nháp hoặc bản chép trùng, hãy xóa nó rồi gửi lại; lần sau ghi tiếp vào trang \"{of}\" (mẫu có sẵn 200 dòng)."))
}

/// A sheet holding data that is none of the template's: not read, but named.
pub fn sheet_unknown(file: &str, sheet: &str, found: String) -> Issue {
    Issue::new(
        file,
        Code::SheetUnknown,
        format!(
            "Trang \"{sheet}\" có dữ liệu nhưng không phải trang nào của mẫu báo cáo: nội dung trang này không được đọc, không được tính."
        ),
    )
    .found(found)
    .hint("Nếu trang có số liệu cần báo cáo, hãy chép vào đúng trang của mẫu (Tuyên truyền, Hoạt động, Tình hình) rồi gửi lại.")
}
