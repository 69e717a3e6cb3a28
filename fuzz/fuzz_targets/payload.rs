//! Fuzz target `payload`: see `webpos_version_guard_fuzz::checks::payload`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webpos_version_guard_fuzz::checks::payload(data));
