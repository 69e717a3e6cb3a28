//! Fuzz target `decision`: see `webpos_version_guard_fuzz::checks::decision`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webpos_version_guard_fuzz::checks::decision(data));
