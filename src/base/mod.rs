//! The base every other folder stands on: the limits every answer is held to, the JSON reader
//! every answer goes through, the text helpers that keep error texts honest (quoting,
//! truncation), and the one sort every list goes through. Imports nothing of the crate's other folders.

pub mod json;
pub mod limits;
pub mod sort;
pub mod text;
