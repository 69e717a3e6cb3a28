#!/usr/bin/env bash
# Builds the release wasm package into pkg/ (wasm-pack --target web: an ES module + .d.ts).
# Uses the wasm-bindgen-cli that scripts/setup.sh installed and the wasm-opt of npm's binaryen
# (node_modules/.bin, first on PATH); wasm-pack downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/wasm-opt ] || { echo "build-wasm: node_modules/.bin/wasm-opt missing; run npm ci" >&2; exit 1; }
wasm-pack --quiet build --release --target web --out-dir pkg --no-pack "$@"
wasm="pkg/webpos_version_guard_bg.wasm"
[ -f "$wasm" ] || { echo "build-wasm: $wasm was not produced" >&2; exit 1; }
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "build-wasm: $wasm: $raw bytes, $gz bytes gzip -9"
