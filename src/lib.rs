//! danvan: a campaign plan → an Excel template; returned workbooks → one consolidated summary.
//!
//! The data path: [`plan`] → [`template`]; returned workbooks → [`reading`] (the read
//! phase: [`inputs`], [`read`] raw cells in [`worker`]s, [`submission`] parsed rows and
//! [`issue`]s) → [`consolidate`] (an [`model::Outcome`]: verdicts, statuses by [`arrival`],
//! totals) → the views: [`summary`] (workbook), [`report`] (Word and JSON), [`feedback`],
//! [`state`] (run record, changes) — written by [`job`].

pub mod arrival;
pub mod cache;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod compare;
pub mod consolidate;
pub mod contract;
pub mod error;
pub mod feedback;
pub mod inputs;
pub mod issue;
pub mod job;
pub mod memory;
pub mod messages;
pub mod model;
pub mod output;
pub mod parse;
pub mod plan;
pub mod plan_file;
pub mod pos;
pub mod read;
pub mod reading;
pub mod report;
pub mod rollup;
pub mod roster;
pub mod sample;
pub mod serve;
pub mod state;
pub mod submission;
pub mod summary;
pub mod template;
pub mod unit;
pub mod worker;
