#!/usr/bin/env bash
# Builds the release wasm package with wasm-pack (`--target web`: an ES module, the .wasm and
# the TypeScript types generated from the Rust types), on the stable toolchain: pkg/, the login
# guard, block message included, what every till loads. (The admin overview needs no wasm: central's
# collector computes its rows with the same core, natively.)
# wasm-pack's own wasm-opt download is off (Cargo.toml); npm's binaryen (node_modules/.bin,
# pinned in package-lock.json) optimizes the .wasm afterwards. Nothing is downloaded here.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/wasm-opt ] || { echo "build-wasm: node_modules/.bin/wasm-opt missing; run npm ci" >&2; exit 1; }

# build OUT_DIR [cargo feature args...]
build() {
  local dir="$1"
  shift
  wasm-pack --quiet build --release --target web --no-pack --out-dir "$dir" --out-name webpos_version_guard . "$@"
  local wasm="$dir/webpos_version_guard_bg.wasm" js="$dir/webpos_version_guard.js"
  # The features are exactly those rustc's wasm32 target emits. `--converge` repeats -Oz's
  # passes while they still shrink the module (about 1 KB gzip more than one round).
  wasm-opt -Oz --converge --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue "$wasm" -o "$wasm"
  rm -f "$dir/.gitignore"
  echo "build-wasm: $wasm: $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip -9; JS glue $(wc -c <"$js") bytes, $(gzip -9 -c "$js" | wc -c) gzip -9"
}

rm -rf pkg pkg-admin
build pkg
