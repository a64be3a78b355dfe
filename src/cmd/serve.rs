//! `danvan serve`: the local page (see [`crate::serve`]).

use super::{load_common, Fatal};
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs) -> Result<i32, Fatal> {
    // A bad plan or roster stops here, before a page that could only show errors.
    let (plan, roster) = load_common(&args.common)?;
    if same_folder(&args.dir, &args.out) {
        return Err(Fatal(format!(
            "Thư mục báo cáo \"{}\" và thư mục kết quả \"{}\" phải khác nhau (kết quả không được lẫn với báo cáo của đơn vị).",
            args.dir.display(),
            args.out.display()
        )));
    }
    crate::serve::run(args, plan, roster)
}

/// True when one folder is the other or inside it.
fn same_folder(a: &std::path::Path, b: &std::path::Path) -> bool {
    let abs = |p: &std::path::Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (a, b) = (abs(a), abs(b));
    a.starts_with(&b) || b.starts_with(&a)
}

/// True when this process was started by a double-click on Windows: the console window
/// was made for it alone (no shell shares it). Elsewhere, never.
pub fn started_without_terminal() -> bool {
    #[cfg(windows)]
    {
        #[link(name = "kernel32")]
        extern "system" {
            fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        }
        let mut ids = [0u32; 4];
        // SAFETY: the buffer is valid for `ids.len()` entries; the call writes at most that many.
        let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        n == 1
    }
    #[cfg(not(windows))]
    {
        false
    }
}
