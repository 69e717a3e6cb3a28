//! Fuzz target `store_mode_url`: see `webpos_version_guard_fuzz::checks::store_mode_url`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webpos_version_guard_fuzz::checks::store_mode_url(data));
