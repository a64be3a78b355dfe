//! danvan: a campaign plan → an Excel template; returned workbooks → one consolidated summary.
//!
//! The data path: [`plan`] → [`template`]; returned workbook → [`read`] (raw cells) →
//! [`submission`] (parsed rows + [`issue`]s) → [`consolidate`] (statuses, totals) →
//! [`summary`] (workbook) and [`report_json`].

pub mod cache;
pub mod cli;
pub mod cmd;
pub mod consolidate;
pub mod contract;
pub mod error;
pub mod feedback;
pub mod inputs;
pub mod issue;
pub mod job;
pub mod messages;
pub mod model;
pub mod output;
pub mod parse;
pub mod plan;
pub mod read;
pub mod reconcile;
pub mod report;
pub mod report_json;
pub mod roster;
pub mod sample;
pub mod serve;
pub mod state;
pub mod status;
pub mod submission;
pub mod summary;
pub mod template;
pub mod worker;
