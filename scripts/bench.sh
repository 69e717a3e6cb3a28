#!/usr/bin/env bash
# `npm run bench`: builds the release packages and the release simulator, runs the native
# criterion benchmarks and the browser measurements, prints one table and rewrites the
# measured part of docs/BENCHMARKS.md. Installs whatever is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh
echo "== build: release wasm packages and the release simulator"
bash scripts/build-wasm.sh
# The start baseline: an empty wasm-bindgen module, served next to the guard (pkg/bench-empty/).
(export PATH="$PWD/node_modules/.bin:$PATH"
  CARGO_TARGET_DIR="$PWD/target/bench-empty" wasm-pack --quiet build --release --target web \
    --no-pack --out-dir ../../../pkg/bench-empty --out-name empty tests/bench/empty
  wasm-opt -Oz --converge --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue \
    pkg/bench-empty/empty_bg.wasm -o pkg/bench-empty/empty_bg.wasm)
# The simulator as the servers are built (its collector is the shipped one's code).
cargo build --locked --profile server --quiet -p openbravo-sim
# The collector as its package ships it (the server profile: optimized for speed), and the
# bench's store farm (the chain's stores, cheap to answer) for the collector's pass.
cargo build --locked --profile server --quiet -p openbravo-version-overview \
  --bin openbravo-version-overview --example store-farm
echo "== core: criterion benchmarks (native)"
cargo bench --locked -p webpos-version-guard --bench core -- --noplot
echo "== agent: StoreStatus and VersionInformation on PostgreSQL (500 modules, 100,000 batches)"
cargo run --locked --release --quiet -p openbravo-version-agent --example agent-bench
echo "== browser: start, time to verdict, dead store, overview at scale (headless Chromium)"
mkdir -p test-output
node tests/bench/bench.mjs
