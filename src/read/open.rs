//! From a path to an opened workbook: size check, sniff, pre-flight, open — with the reason
//! in Vietnamese when any step refuses.

use std::io::Cursor;
use std::path::Path;

use super::preflight::Limits;
use super::sniff::{sniff, Kind};
use super::workbook::{OpenError, Workbook};
use super::zipped::{Parts, SharedBytes};
use crate::issue::Code;

/// Why a file is not a readable workbook.
#[derive(Debug, Clone)]
pub struct Refused {
    pub code: Code,
    pub message: String,
}

fn refused(code: Code, message: impl Into<String>) -> Refused {
    Refused {
        code,
        message: message.into(),
    }
}

/// Reads and opens a spreadsheet file of any supported kind.
pub fn open_path(path: &Path, limits: &Limits) -> Result<(Workbook, Kind), Refused> {
    open_bytes(read_file(path, limits)?, limits)
}

/// A file's bytes, refused when larger than the limit (checked before reading it).
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Refused> {
    read_file_timed(path, limits).map(|(bytes, _)| bytes)
}

/// [`read_file`], with the file's modified time (local) from the same look at the file: a
/// re-run takes most returns from its cache, and every further look at a file's metadata
/// was a path walked again.
pub fn read_file_timed(
    path: &Path,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<chrono::NaiveDateTime>), Refused> {
    let unreadable = |e: &std::io::Error| {
        let why = if crate::messages::file_in_use(e) {
            "tệp đang mở trong Excel (hoặc chương trình khác): đóng tệp rồi chạy lại".to_string()
        } else {
            format!("không đọc được tệp ({})", crate::messages::io_error_vn(e))
        };
        refused(Code::FileUnreadable, why)
    };
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let meta = file.metadata().map_err(|e| {
        refused(
            Code::FileUnreadable,
            format!("không mở được tệp ({})", crate::messages::io_error_vn(&e)),
        )
    })?;
    if meta.len() > limits.max_file_bytes {
        return Err(refused(
            Code::FileUnreadable,
            format!(
                "tệp nặng {} MiB, vượt giới hạn {} MiB một tệp",
                meta.len() >> 20,
                limits.max_file_bytes >> 20
            ),
        ));
    }
    // Room for the whole file and one byte more: the read ends without growing the buffer.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| unreadable(&e))?;
    let modified = meta.modified().ok().map(|t| {
        let local: chrono::DateTime<chrono::Local> = t.into();
        local.naive_local()
    });
    Ok((bytes, modified))
}

pub fn open_bytes(bytes: Vec<u8>, limits: &Limits) -> Result<(Workbook, Kind), Refused> {
    let kind = sniff(&bytes);
    let mut ods_merges = Default::default();
    let mut hidden = Default::default();
    let mut xls_hidden = Vec::new();
    match kind {
        Kind::Empty => return Err(refused(Code::FileUnreadable, "tệp rỗng (0 byte)")),
        Kind::EncryptedOoxml => {
            return Err(refused(Code::FileEncrypted, "tệp được đặt mật khẩu nên không đọc được"));
        }
        Kind::Html => {
            return Err(refused(
                Code::FileUnreadable,
                "tệp là trang web (HTML) mang đuôi bảng tính; hãy mở bằng Excel rồi \"Lưu thành\" Excel Workbook (.xlsx)",
            ))
        }
        Kind::Text => {
            return Err(refused(
                Code::FileUnreadable,
                "tệp là văn bản thuần (CSV/TXT) chứ không phải bảng tính; hãy dùng đúng tệp mẫu Excel",
            ))
        }
        Kind::OtherZip(what) => {
            return Err(refused(Code::FileUnreadable, format!("tệp là {what}, không phải bảng tính")))
        }
        Kind::Xlsb => {
            return Err(refused(
                Code::FileUnreadable,
                "tệp là bảng tính Excel dạng nhị phân (.xlsb), danvan không đọc dạng này; hãy mở tệp bằng Excel, chọn \"Lưu thành\" (Save As) kiểu Excel Workbook (.xlsx) rồi gửi lại",
            ))
        }
        Kind::Unknown => {
            return Err(refused(Code::FileUnreadable, "không nhận ra định dạng tệp (không phải .xlsx, .xls hay .ods)"))
        }
        Kind::Xlsx => return open_xlsx(bytes, limits),
        Kind::Ods => {
            (ods_merges, hidden) = super::ods::preflight(&bytes, limits)
                .map_err(|m| refused(Code::FileUnreadable, m))?;
        }
        Kind::Xls => {
            xls_hidden = super::xls::preflight(&bytes, limits)
                .map_err(|m| refused(Code::FileUnreadable, m))?;
        }
    }
    let saved = saved_time(&bytes, kind);
    let mut wb = Workbook::open(bytes, kind, *limits).map_err(open_refused)?;
    wb.ods_merges = ods_merges;
    // An `.xls`'s sheets in the order of the workbook's own list.
    if xls_hidden.len() == wb.all_names.len() {
        hidden = wb.all_names.iter().cloned().zip(xls_hidden).collect();
    }
    wb.hidden = hidden;
    wb.saved = saved;
    Ok((wb, kind))
}

/// An `.xlsx`: its zip directory read once, for the pre-flight, its saved time and the
/// sheets (`ooxml`).
fn open_xlsx(bytes: Vec<u8>, limits: &Limits) -> Result<(Workbook, Kind), Refused> {
    let unreadable = |m| refused(Code::FileUnreadable, m);
    let zip = super::zipped::open_zip(Cursor::new(SharedBytes::from(bytes))).map_err(unreadable)?;
    let mut parts = Parts::new(zip);
    super::xlsx::preflight(&mut parts, limits).map_err(unreadable)?;
    let saved = super::xlsx::saved_time_in(&mut parts);
    let mut wb = Workbook::open_xlsx(parts, *limits).map_err(open_refused)?;
    wb.saved = saved;
    Ok((wb, Kind::Xlsx))
}

fn open_refused(e: OpenError) -> Refused {
    match e {
        OpenError::Encrypted => refused(
            Code::FileEncrypted,
            "tệp được đặt mật khẩu nên không đọc được",
        ),
        OpenError::Unreadable(m) => refused(
            Code::FileUnreadable,
            format!("tệp bảng tính bị hỏng hoặc bị cắt cụt ({m})"),
        ),
    }
}

/// When the unit last saved the workbook, from its own document properties: what Excel,
/// LibreOffice or WPS wrote on saving (docs/trang-thai.md: trusted after the receipt log and
/// `Ngày báo cáo`, before the file's modified time, which copying and downloading reset).
pub fn saved_time(bytes: &[u8], kind: Kind) -> Option<chrono::NaiveDateTime> {
    match kind {
        Kind::Xlsx => super::xlsx::saved_time(bytes),
        Kind::Ods => super::ods::saved_time(bytes),
        Kind::Xls => super::xls::saved_time(bytes),
        _ => None,
    }
}
