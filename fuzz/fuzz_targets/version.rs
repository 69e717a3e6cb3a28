//! Fuzz target `version`: see `webpos_version_guard_fuzz::checks::version`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webpos_version_guard_fuzz::checks::version(data));
