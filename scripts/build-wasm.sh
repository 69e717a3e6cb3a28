#!/usr/bin/env bash
# Builds the release wasm packages (wasm-pack --target web: an ES module + .wasm + .d.ts):
#   pkg/        the login guard, what every till downloads;
#   pkg-admin/  the same crate with the admin overview's engine (feature `admin`), for central.
# Uses the wasm-bindgen-cli that scripts/setup.sh installed and the wasm-opt of npm's binaryen
# (node_modules/.bin, first on PATH); wasm-pack downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/wasm-opt ] || { echo "build-wasm: node_modules/.bin/wasm-opt missing; run npm ci" >&2; exit 1; }
report() {
  local wasm="$1/webpos_version_guard_bg.wasm" js="$1/webpos_version_guard.js"
  [ -f "$wasm" ] || { echo "build-wasm: $wasm was not produced" >&2; exit 1; }
  echo "build-wasm: $wasm: $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip -9; JS glue $(wc -c <"$js") bytes, $(gzip -9 -c "$js" | wc -c) gzip -9"
}
# --no-default-features: no serde_json in the wasm; bodies are parsed by the browser's JSON.parse.
wasm-pack --quiet build --release --target web --out-dir pkg --no-pack -- --no-default-features
report pkg
wasm-pack --quiet build --release --target web --out-dir pkg-admin --no-pack -- --no-default-features --features admin
report pkg-admin
