//! `danvan serve`: the local page (see [`crate::serve`]).

use super::{load_common, Fatal};
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs) -> Result<i32, Fatal> {
    // A bad plan or roster stops here, before a page that could only show errors.
    // The province's page lists districts: the district's own unit is no concern there.
    let (plan, roster) = if args.rollup {
        super::load_plan_and_roster(&args.common)?
    } else {
        load_common(&args.common)?
    };
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

/// What a start without a command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoCommand {
    /// Double-clicked: the page is the whole tool.
    Page,
    /// In a terminal: the help, exit 2.
    Help,
}

/// The decision for a start without a command, from how many processes share this
/// process's console (`None`: no console API, i.e. not Windows). A console made for this
/// process alone is a double-click; a shell sharing it is a terminal.
pub fn without_command(processes_on_console: Option<u32>) -> NoCommand {
    match processes_on_console {
        Some(1) => NoCommand::Page,
        _ => NoCommand::Help,
    }
}

/// How many processes share this process's console, where Windows tells it.
pub fn processes_on_console() -> Option<u32> {
    #[cfg(windows)]
    {
        #[link(name = "kernel32")]
        extern "system" {
            fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        }
        let mut ids = [0u32; 4];
        // SAFETY: the buffer is valid for `ids.len()` entries; the call writes at most that many.
        let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        Some(n)
    }
    #[cfg(not(windows))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_click_opens_the_page_and_a_terminal_gets_the_help() {
        assert_eq!(without_command(Some(1)), NoCommand::Page);
        assert_eq!(without_command(Some(2)), NoCommand::Help);
        assert_eq!(without_command(Some(0)), NoCommand::Help);
        assert_eq!(without_command(None), NoCommand::Help);
    }
}
