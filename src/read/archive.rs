//! A `.zip` of returns (what "download all" gives in mail and chat apps): its workbooks are
//! unpacked into a folder of ours and read like any other file, each through the same
//! limits. Untrusted like any input: [`unpack`] runs in a worker process.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Limits;

/// Archives inside archives are followed this deep (a zip in a zip is common; deeper is not).
pub const MAX_DEPTH: usize = 2;

/// Members one archive may hold before it is refused.
const MAX_MEMBERS: usize = 2_000;

/// One member of an archive, as found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    /// `CD21.zip › CD21.xlsx` (nested: `a.zip › b.zip › c.xlsx`), relative to the input.
    pub display: String,
    /// Where it was unpacked; `None` for a member that is not read (its reason in `skip`).
    pub path: Option<PathBuf>,
    /// Why the member is not read: a Word file, another archive too deep, too large…
    pub skip: Option<String>,
    /// Its extension, lower case.
    pub ext: String,
}

/// Unpacks the spreadsheets of the archive at `path` (shown as `display`) into `into`,
/// which must exist; members are named by their index there, never by the names inside.
/// Each unpacked file keeps the member's own time as its modified time.
pub fn unpack(
    path: &Path,
    display: &str,
    into: &Path,
    limits: &Limits,
) -> Result<Vec<Member>, String> {
    let bytes = super::read_file(path, limits).map_err(|r| r.message)?;
    let mut out = Vec::new();
    let mut counter = 0usize;
    unpack_bytes(bytes, display, into, limits, 1, &mut counter, &mut out)?;
    Ok(out)
}

fn unpack_bytes(
    bytes: Vec<u8>,
    display: &str,
    into: &Path,
    limits: &Limits,
    depth: usize,
    counter: &mut usize,
    out: &mut Vec<Member>,
) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "tệp nén bị hỏng hoặc không phải tệp .zip ({})",
            crate::messages::zip_error_vn(&e)
        )
    })?;
    if zip.len() > MAX_MEMBERS {
        return Err(format!(
            "tệp nén chứa {} thành phần, vượt giới hạn {MAX_MEMBERS}",
            zip.len()
        ));
    }
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| {
            format!(
                "thành phần thứ {} bị hỏng ({})",
                i + 1,
                crate::messages::zip_error_vn(&e)
            )
        })?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().map(|n| n.replace('\\', "/")).unwrap_or_default();
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        // Mac archivers add `__MACOSX/._x.xlsx` shadows; hidden and lock files are no returns.
        if name.starts_with("__MACOSX/") || base.starts_with('.') || base.starts_with("~$") {
            continue;
        }
        let shown = format!("{display} › {name}");
        let ext = base
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        let mut member = Member {
            display: shown.clone(),
            path: None,
            skip: None,
            ext: ext.clone(),
        };
        let spreadsheet = super::formats::RETURN_EXTS.contains(&ext.as_str());
        let archive = ext == "zip";
        if !spreadsheet && !archive {
            out.push(member);
            continue;
        }
        if archive && depth >= MAX_DEPTH {
            member.skip = Some(format!(
                "tệp nén lồng quá {MAX_DEPTH} cấp, không mở bên trong; hãy giải nén rồi chép tệp Excel vào thư mục"
            ));
            out.push(member);
            continue;
        }
        if let Some(why) = size_refusal(f.size(), f.compressed_size(), limits) {
            member.skip = Some(why);
            out.push(member);
            continue;
        }
        let mut data = Vec::new();
        if let Err(e) = (&mut f)
            .take(limits.max_file_bytes + 1)
            .read_to_end(&mut data)
        {
            member.skip = Some(format!(
                "không giải nén được ({})",
                crate::messages::io_error_vn(&e)
            ));
            out.push(member);
            continue;
        }
        let modified = f.last_modified().and_then(zip_time);
        drop(f);
        if archive {
            if let Err(why) = unpack_bytes(data, &shown, into, limits, depth + 1, counter, out) {
                member.skip = Some(why);
                out.push(member);
            }
            continue;
        }
        *counter += 1;
        let file = into.join(format!("{:05}.{ext}", *counter));
        write_member(&file, &data, modified)?;
        member.path = Some(file);
        out.push(member);
    }
    Ok(())
}

/// Why a member is not unpacked: larger than a file may be, or compressed past the limit's
/// ratio (a zip bomb).
fn size_refusal(size: u64, compressed: u64, limits: &Limits) -> Option<String> {
    let ratio = size / compressed.max(1);
    let too_big = size > limits.max_file_bytes;
    let bomb = size > super::preflight::RATIO_FROM_BYTES && ratio > limits.max_ratio;
    (too_big || bomb).then(|| {
        format!(
            "giải nén ra {} MiB (tỉ lệ nén {ratio}:1), vượt giới hạn {} MiB một tệp",
            size >> 20,
            limits.max_file_bytes >> 20
        )
    })
}

/// Writes an unpacked member to the scratch folder, with the time the archive gives it.
fn write_member(
    file: &Path,
    data: &[u8],
    modified: Option<std::time::SystemTime>,
) -> Result<(), String> {
    std::fs::write(file, data).map_err(|e| {
        format!(
            "không ghi được tệp tạm ({})",
            crate::messages::io_error_vn(&e)
        )
    })?;
    if let Some(t) = modified {
        if let Ok(f) = std::fs::File::options().write(true).open(file) {
            let _ = f.set_modified(t);
        }
    }
    Ok(())
}

/// A member's time (local, as zip keeps it) as a system time.
fn zip_time(t: zip::DateTime) -> Option<std::time::SystemTime> {
    use chrono::TimeZone;
    let d = chrono::NaiveDate::from_ymd_opt(t.year().into(), t.month().into(), t.day().into())?;
    let dt = d.and_hms_opt(t.hour().into(), t.minute().into(), t.second().into())?;
    let local = chrono::Local.from_local_datetime(&dt).earliest()?;
    Some(local.into())
}

/// A folder for the members unpacked during one run, removed when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    /// A new empty folder in the system's temporary folder.
    pub fn new() -> std::io::Result<Scratch> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("danvan-nen-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch { dir })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
