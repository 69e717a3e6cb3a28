//! Replays every kept fuzz input (fuzz/seeds/<target>/ and fuzz/regressions/<target>/) through
//! the fuzz targets' own bodies, natively on stable: what was fuzzed, and every input that
//! once crashed, stays checked by `npm test`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::fs;
use std::path::Path;

fn inputs(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = fs::read_dir(folder) else { return Vec::new() };
    let mut files: Vec<_> = entries.map(|e| e.expect("a readable folder").path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), fs::read(&p).expect("a readable input")))
        .collect()
}

#[test]
fn every_kept_fuzz_input_replays_without_a_failure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, check) in checks::TARGETS {
        let seeds = inputs(&root.join("seeds").join(target));
        let regressions = inputs(&root.join("regressions").join(target));
        assert!(!seeds.is_empty(), "fuzz/seeds/{target} is empty: run scripts/fuzz-seeds.sh");
        for (path, data) in seeds.iter().chain(&regressions) {
            let outcome = std::panic::catch_unwind(|| check(data));
            assert!(outcome.is_ok(), "{path} fails the {target} target");
        }
    }
}
