//! What people read: the cashier's message in English and Spanish, the overview's words, a
//! failed request's words, and times as the pages show them.

pub mod failure_words;
pub mod messages;
pub mod overview_labels;
pub mod time;
