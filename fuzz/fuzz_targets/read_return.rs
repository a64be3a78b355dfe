//! Any bytes as a returned file: the reader must never panic, hang or abort; whatever it
//! finds becomes issues. Seeds: the committed fixtures (see fuzz/README.md).
#![no_main]

use std::sync::OnceLock;

use danvan::plan::Plan;
use danvan::read::Limits;
use danvan::roster::Roster;
use danvan::submission::{read_return_bytes, Context, Matchers};
use libfuzzer_sys::fuzz_target;

struct Fixed {
    plan: Plan,
    roster: Roster,
    matchers: Matchers,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        // As in the program: a panic inside a spreadsheet library while reading a file is
        // caught and becomes an issue (libFuzzer's own hook would abort on it). What the
        // fuzzer still finds: aborts, hangs, memory blow-ups, panics outside the reader.
        danvan::submission::install_panic_hook();
        let plan = Plan::default_plan();
        Fixed {
            matchers: Matchers::new(&plan),
            plan,
            roster: Roster::sample(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixed();
    let ctx = Context {
        plan: &f.plan,
        roster: &f.roster,
        matchers: &f.matchers,
        limits: Limits {
            seconds_per_file: 5,
            ..Limits::default()
        },
    };
    let sub = read_return_bytes(data.to_vec(), "fuzz.xlsx", &ctx);
    // Every row read is counted or has an issue saying why not.
    assert!(sub.rows_counted() <= sub.rows_read());
    if sub.rows_counted() < sub.rows_read() {
        assert!(!sub.issues.is_empty());
    }
});
