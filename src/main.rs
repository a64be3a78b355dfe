//! danvan: parse the command line, dispatch, map the outcome to an exit code.

use clap::{CommandFactory, Parser};

use danvan::cli::{Cli, Command};
use danvan::cmd;

/// Keeps peak memory flat over many files (see the note on `mimalloc` in Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process and the workers it starts (the flag is
/// inherited): freed memory goes back to the system (at once in large runs), and with huge pages every
/// region faulted in again was zeroed 2 MiB at a time — a quarter of a re-run's time at
/// 2,000 returns, and 75 MiB peak instead of 53 MiB. Linux only; elsewhere nothing to do.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; failure changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

fn main() {
    no_huge_pages();
    // A worker process reading untrusted files for its parent (see `danvan::worker`).
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == danvan::worker::WORKER_COMMAND)
    {
        // Its heap is reused file after file and ends with it: pages given back to the
        // system would only be faulted in and zeroed again for the next file (measured:
        // page zeroing fell from 10 % to 4 % of a 2,000-return run's CPU).
        danvan::memory::keep_freed_memory();
        danvan::submission::install_panic_hook();
        std::process::exit(danvan::worker::serve_requests());
    }
    danvan::worker::serves_workers();
    danvan::submission::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        // A value our own parsers refused (a date that is no date): their message is
        // Vietnamese already; clap's frame around it is not.
        Err(e) if e.kind() == clap::error::ErrorKind::ValueValidation => {
            let arg = e.get(clap::error::ContextKind::InvalidArg);
            let why = std::error::Error::source(&e).map(|s| s.to_string());
            match (arg, why) {
                (Some(arg), Some(why)) => eprintln!("Lỗi: {arg}: {why}"),
                _ => {
                    let _ = e.print();
                }
            }
            std::process::exit(cmd::USAGE);
        }
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { cmd::USAGE } else { cmd::OK });
        }
    };
    let Some(command) = &cli.command else {
        // Double-clicked on Windows: the page is the whole tool. In a terminal: the help.
        let console = cmd::serve::processes_on_console();
        if cmd::serve::without_command(console) == cmd::serve::NoCommand::Page {
            if let Ok(Cli {
                command: Some(Command::Serve(args)),
            }) = Cli::try_parse_from(["danvan", "serve"])
            {
                let result = cmd::serve::run(&args);
                if let Err(e) = &result {
                    // The window closes with the process: let the message be read first.
                    eprintln!("Lỗi: {e}\nNhấn Enter để đóng cửa sổ.");
                    let _ = std::io::stdin().read_line(&mut String::new());
                }
                finish(result);
            }
        }
        let _ = Cli::command().print_long_help();
        std::process::exit(cmd::USAGE);
    };
    finish(match command {
        Command::Plan(args) => cmd::plan::run(args),
        Command::Template {
            common,
            per_unit,
            district,
            out,
        } if *district => cmd::template::run_district(common, out),
        Command::Template {
            common,
            per_unit,
            out,
            ..
        } => cmd::template::run(common, *per_unit, out),
        Command::Check {
            inputs,
            common,
            limits,
            json,
        } => cmd::check::run(inputs, common, limits, *json),
        Command::Consolidate(args) => cmd::consolidate::run(args),
        Command::Report(args) => cmd::consolidate::run_report(args),
        Command::Rollup(args) => cmd::consolidate::run_rollup(args),
        Command::Demo { out } => cmd::demo::run(out),
        Command::Sample {
            plan,
            units,
            seed,
            out,
        } => cmd::sample::run(plan.as_deref(), *units, *seed, out),
        Command::Serve(args) => cmd::serve::run(args),
    });
}

fn finish(result: Result<i32, cmd::Fatal>) -> ! {
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("Lỗi: {e}");
            std::process::exit(cmd::USAGE);
        }
    }
}
