//! Raw cell → meaning: text (NFC, folding, legacy encodings), dates, numbers, categories.

pub mod category;
pub mod date;
pub mod names;
pub mod number;
pub mod text;
