//! Fuzz target `server_version`: see `webpos_version_guard_fuzz::checks::server_version`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| webpos_version_guard_fuzz::checks::server_version(data));
