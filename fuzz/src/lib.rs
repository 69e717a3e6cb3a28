//! The fuzz targets' bodies, shared with the native replay test (tests/fuzz_regressions.rs).
#[path = "checks.rs"]
pub mod checks;
