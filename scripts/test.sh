#!/usr/bin/env bash
# `npm test`: every suite. Installs whatever is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh

echo "== lint: rustfmt, clippy (native and wasm32)"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked -p webpos-version-guard --all-targets --target wasm32-unknown-unknown -- -D warnings

echo "== build: the release wasm package (the guard), then what a retailer installs (npm run package: dist/)"
bash scripts/build-wasm.sh
PACKAGE_SKIP_WASM=1 bash scripts/package.sh

echo "== the package instantiates in V8 (node --test)"
node --test tests/node/

echo "== native tests: the core, the simulator over real HTTP, the agent on PostgreSQL, the packages as Openbravo and Debian take them (cargo test)"
cargo test --locked --workspace

echo "== browser unit tests of the glue: wasm-bindgen-test in headless Chromium"
bash scripts/test-browser.sh

echo "== end to end: the demo WebPOS in headless Chromium against the simulator (Playwright)"
cargo build --locked --quiet -p openbravo-sim -p openbravo-version-overview
npx playwright test
