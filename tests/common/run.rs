//! A consolidation in its own folder: returns in `bao-cao/`, outputs in `out/`, run through
//! `consolidate` with the JSON read back.

use std::path::PathBuf;

use danvan::cmd::consolidate::{execute, Written};
use danvan::issue::{Code, Issue};
use serde_json::Value;

use super::book::Book;

pub struct Run {
    pub dir: tempfile::TempDir,
}

impl Run {
    pub fn new() -> Run {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("bao-cao")).unwrap();
        Run { dir }
    }

    pub fn inputs(&self) -> PathBuf {
        self.dir.path().join("bao-cao")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn put(&self, name: &str, book: &Book) -> PathBuf {
        let p = self.inputs().join(name);
        std::fs::write(&p, book.bytes()).unwrap();
        p
    }

    pub fn put_bytes(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.inputs().join(name), bytes).unwrap();
    }

    pub fn args(&self) -> danvan::cli::ConsolidateArgs {
        super::consolidate_args(&self.inputs(), &self.out())
    }

    pub fn go(&self) -> (Written, Value) {
        self.go_with(self.args())
    }

    pub fn go_with(&self, args: danvan::cli::ConsolidateArgs) -> (Written, Value) {
        let w = execute(&args).expect("consolidate runs");
        assert!(w.summary.exists(), "the summary is written");
        let json: Value =
            serde_json::from_slice(&std::fs::read(args.json.as_ref().unwrap()).unwrap()).unwrap();
        (w, json)
    }
}

/// The run's issues of `code`.
pub fn issues(w: &Written, code: Code) -> Vec<&Issue> {
    w.outcome.all_issues().filter(|i| i.code == code).collect()
}

/// A unit's entry in the JSON's `per_unit`.
pub fn unit<'a>(j: &'a Value, code: &str) -> &'a Value {
    &j["per_unit"][code]
}
