#!/usr/bin/env bash
# `npm test`: every suite. Installs whatever is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh

echo "== lint: rustfmt, clippy (native and wasm32)"
cargo fmt --all --check
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --lib --target wasm32-unknown-unknown -- -D warnings

echo "== build: release wasm package"
bash scripts/build-wasm.sh

echo "== native tests (cargo test)"
cargo test --locked
