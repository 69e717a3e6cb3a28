#!/usr/bin/env bash
# Browser unit tests of the glue (wasm-bindgen-test in headless Chromium), against a simulator
# on ports 17810+ that lets the test runner's origin (127.0.0.1:17700) read its services.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo build --locked --quiet -p openbravo-sim
target/debug/openbravo-sim --root . --scenario _browser-tests --central-port 17810 \
  --store-base-port 17811 --allow-origin http://127.0.0.1:17700 >/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>/dev/tcp/127.0.0.1/17810) 2>/dev/null && break
  sleep 0.1
done
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_ADDRESS=127.0.0.1:17700 \
  WASM_BINDGEN_TEST_TIMEOUT=60 wasm-pack test --headless --chrome --test web --test store_mode_urls
