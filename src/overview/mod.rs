//! The Store Server Version Overview, pure: the glue and the collector fetch, this computes.
//! One row per store server (`row`), the pending trend (`trend`), the summary line and the
//! stores per version (`summary`), the CSV export (`csv`), Modules by Server and the view by
//! module (`modules`), the rules of the collector's pass (`pass`), and the words the page
//! shares with the rows and the CSV (`page_texts`), and what the tills went through (`tills`). Within the folder: trend ← row ← summary,
//! csv; trend ← page_texts; tills ← row; modules and pass stand alone.

pub mod csv;
pub mod modules;
pub mod page_texts;
pub mod pass;
pub mod row;
pub mod summary;
pub mod tills;
pub mod trend;
