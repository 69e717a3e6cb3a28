#!/usr/bin/env bash
# Builds the release wasm package into pkg/ (wasm-pack --target web: an ES module + .d.ts).
# Uses the wasm-bindgen-cli and wasm-opt that scripts/setup.sh put on PATH; downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
wasm-pack --quiet build --release --target web --out-dir pkg --no-pack "$@"
wasm="pkg/webpos_version_guard_bg.wasm"
[ -f "$wasm" ] || { echo "build-wasm: $wasm was not produced" >&2; exit 1; }
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "build-wasm: $wasm: $raw bytes, $gz bytes gzip -9"
