//! Fuzz target `preference`: see `webpos_version_guard_fuzz::checks::preference`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webpos_version_guard_fuzz::checks::preference(data));
