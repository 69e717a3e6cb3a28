//! The base every other folder stands on: the limits every answer is held to, and the text
//! helpers that keep error texts honest (quoting, truncation). Imports nothing of the crate.

pub mod limits;
pub mod text;
