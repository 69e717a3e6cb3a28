#!/usr/bin/env bash
# `npm start`: the main job. Today that is building the guard's wasm package; the simulator
# and the demo WebPOS it will serve are the next issues on the tracker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
cat <<'MSG'

Built the guard's wasm package in pkg/ (ES module webpos_version_guard.js + .wasm + .d.ts).

Not yet here: the Openbravo simulator and the demo WebPOS that `npm start` will serve. Until
they land there is nothing to open in a browser; `npm test` runs the core's test suites.
MSG
