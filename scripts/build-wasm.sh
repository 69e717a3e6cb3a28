#!/usr/bin/env bash
# Builds the release wasm packages (wasm-bindgen --target web: an ES module + .wasm + .d.ts):
#   pkg/webpos_version_guard*        the login guard, what every till downloads at every login;
#   pkg/webpos_version_guard_block*  the block message (feature `block`), which the guard loads
#                                    only when a verdict blocks;
#   pkg-admin/                       the guard plus the admin overview's engine (feature
#                                    `admin`), for central's overview page.
#
# Built for size (docs/BENCHMARKS.md says what each step bought): the pinned nightly toolchain
# in scripts/wasm-toolchain (installed by scripts/setup.sh, with rust-src) rebuilds `std` with
# the crate (-Zbuild-std, optimize_for_size) and with immediate-abort panics. Panics already
# abort the module (panic = "abort"); immediate-abort also drops the panic messages and the
# formatting they pull in. Then wasm-bindgen (the CLI setup.sh installed, Cargo.lock's version),
# wasm-opt -Oz from npm's binaryen (node_modules/.bin), and short names for the imports and
# exports that join the .wasm and its glue (scripts/minify-wasm-names.mjs). Nothing is
# downloaded here.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/wasm-opt ] || { echo "build-wasm: node_modules/.bin/wasm-opt missing; run npm ci" >&2; exit 1; }
toolchain=$(cat scripts/wasm-toolchain)
target_dir=target/wasm-size
wasm_features=(--enable-sign-ext --enable-mutable-globals --enable-bulk-memory
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue)

# build OUT_DIR OUT_NAME [cargo feature args...]
build() {
  local dir="$1" name="$2"
  shift 2
  # --no-default-features: no serde_json in the wasm; bodies are parsed by the browser's JSON.parse.
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none" \
    cargo "+$toolchain" build --locked --quiet --release --lib --target wasm32-unknown-unknown \
    --target-dir "$target_dir" --no-default-features "$@" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
  wasm-bindgen --target web --out-dir "$dir" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/release/webpos_version_guard.wasm"
  # The producers and target-features sections are for toolchains; browsers ignore them.
  wasm-opt -Oz --strip-producers --strip-target-features "${wasm_features[@]}" \
    "$dir/${name}_bg.wasm" -o "$dir/${name}_bg.wasm"
  node scripts/minify-wasm-names.mjs "$dir" "$name" >/dev/null
  # Once more with the short names (the code moves, so -Oz finds a little more), with GUFA
  # (whole-program type and value flow) until nothing changes.
  wasm-opt --gufa -Oz --converge "${wasm_features[@]}" "$dir/${name}_bg.wasm" -o "$dir/${name}_bg.wasm"
  local wasm="$dir/${name}_bg.wasm" js="$dir/${name}.js"
  echo "build-wasm: $wasm: $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip -9; JS glue $(wc -c <"$js") bytes, $(gzip -9 -c "$js" | wc -c) gzip -9"
}

rm -rf pkg pkg-admin
build pkg webpos_version_guard
build pkg webpos_version_guard_block --features block
build pkg-admin webpos_version_guard --features admin
