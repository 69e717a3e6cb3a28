//! What people read: the verdict handed to the host, the cashier's message in English and
//! Spanish, and the helpers that keep error texts honest (quoting, truncation).

pub mod messages;
pub mod overview_labels;
pub mod report;
pub mod text;
pub mod time;
