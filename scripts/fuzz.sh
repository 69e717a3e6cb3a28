#!/usr/bin/env bash
# `npm run fuzz [-- SECONDS]`: every cargo-fuzz target for SECONDS each (default 60, or
# $FUZZ_SECONDS). Installs the nightly toolchain and cargo-fuzz when missing, rewrites the seed
# corpora from the simulator's scenarios, fails on any crash, time-out (10 s per input) or
# memory blow-up (2 GiB), and writes the figures to docs/ROBUSTNESS.md and test-output/fuzz/fuzz.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-${FUZZ_SECONDS:-60}}
targets=(version server_version payload preference decision store_mode_url)

# Only cargo, rustup and node are needed here (not the browser toolchain of scripts/setup.sh).
for cmd in cargo rustup node; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "fuzz: $cmd not found; install it first (README: The two commands)" >&2; exit 1; }
done
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain (cargo-fuzz needs it for the sanitizer flags)"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz (about 1 minute, once)"
  cargo install --quiet cargo-fuzz
fi

echo "== seeds: the simulator's scenarios' answers (scripts/fuzz-seeds.mjs)"
cargo build --locked --quiet -p openbravo-sim
node scripts/fuzz-seeds.mjs

echo "== build the targets (nightly, address sanitizer)"
(cd fuzz && cargo +nightly fuzz build --release)

mkdir -p test-output/fuzz
summary=test-output/fuzz/summary.tsv
: >"$summary"
failed=()
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds} s"
  mkdir -p "fuzz/corpus/$target"
  log="test-output/fuzz/$target.log"
  status=0
  (cd fuzz && cargo +nightly fuzz run --release "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1 ||
    status=$?
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$log" | tail -n 1)
  final=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$final")
  rss=$(sed -n 's/.* rss: \([0-9]*\)Mb.*/\1/p' <<<"$final")
  crashes=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "${runs#* }" "${runs%% *}" "$corpus" \
    "${cov:-?}" "${rss:-?}" "$crashes" "$status" >>"$summary"
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "fuzz: $target FAILED (exit $status); see $log and fuzz/artifacts/$target/" >&2
    grep -E 'ERROR|panicked|Test unit written' "$log" | head -n 5 >&2 || true
  else
    echo "fuzz: $target: ${runs%% *} runs in ${runs#* } s, corpus $corpus, cov ${cov:-?}, rss ${rss:-?} MB"
  fi
done

node scripts/fuzz-report.mjs "$summary" "$seconds"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in ${failed[*]}. Copy each input from fuzz/artifacts/<target>/ to" >&2
  echo "fuzz/regressions/<target>/ (npm test then replays it), fix, and run again." >&2
  exit 1
fi
