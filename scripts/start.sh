#!/usr/bin/env bash
# `npm start`: build the guard's wasm package and start the Openbravo simulator on the demo
# scenario (default: mixed). Extra arguments go to the simulator, e.g.
#   npm start -- --scenario different-pending
#   npm start -- --scenario same-version --central-port 9610 --store-base-port 9611
#   npm start -- --postgres [--scenario NAME]   every service from an openbravo-version-agent
#                                              per server on PostgreSQL (scripts/start-postgres.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
bash scripts/build-wasm.sh
for arg in "$@"; do
  if [ "$arg" = --postgres ]; then
    exec bash scripts/start-postgres.sh "$@"
  fi
done
cargo build --locked --quiet -p openbravo-sim
has_scenario=no
for arg in "$@"; do
  case "$arg" in --scenario | --scenario=*) has_scenario=yes ;; esac
done
if [ "$has_scenario" = no ]; then
  set -- --scenario mixed "$@"
fi
echo "Starting the Openbravo simulator (Ctrl+C to stop). Scenarios: $(cd scenarios && ls [!_]*.json | sed 's/\.json$//' | tr '\n' ' ')"
exec target/debug/openbravo-sim --root . "$@"
