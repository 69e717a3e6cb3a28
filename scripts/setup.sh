#!/usr/bin/env bash
# Idempotent setup, run first by `npm start` and `npm test`.
# Installs only what is missing; takes a few seconds when everything is already there.
# Works as root on a fresh machine (Debian + rustup + node/npm). When it cannot install
# something it says exactly what to install and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
fail() {
  printf 'setup: ERROR: %s\n' "$*" >&2
  exit 1
}
need_cmd() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PATH"

need_cmd cargo || fail "cargo not found. Install Rust with rustup (https://rustup.rs), then re-run."
need_cmd rustup || fail "rustup not found; it is needed to add the wasm32-unknown-unknown target."
need_cmd npm || fail "npm not found. Install Node.js 20+ and npm, then re-run."

# 1. Rust components and the wasm target.
installed_targets=$(rustup target list --installed)
if ! grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown ||
    fail "could not add the target; run: rustup target add wasm32-unknown-unknown"
fi
installed_components=$(rustup component list --installed)
for comp in clippy rustfmt; do
  if ! grep -q "^$comp" <<<"$installed_components"; then
    say "adding Rust component $comp"
    rustup component add "$comp" || fail "could not add $comp; run: rustup component add $comp"
  fi
done

# 2. Debian packages: headless Chromium + ChromeDriver for browser tests, PostgreSQL for the
#    agent's. (wasm-opt comes from
#    npm's binaryen package, pinned in package-lock.json: Debian's binaryen 108 breaks
#    wasm-bindgen's externref table, so the module would not instantiate.)
apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
# PostgreSQL's server, for the agent's tests on a real database (a throwaway cluster each run).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_missing+=(postgresql)
# promtool (Prometheus' own checker of the metrics text; the collector's tests run it).
need_cmd promtool || apt_missing+=(prometheus)
# nginx, for the test of the documented reverse proxy in front of the overview.
[ -x /usr/sbin/nginx ] || need_cmd nginx || apt_missing+=(nginx)
# The module's Java is compiled against Openbravo's signatures (javac), the servers' packages
# are built and unpacked with dpkg-deb, their units checked with systemd-analyze, the module
# file zipped and read with Python's zipfile.
need_cmd javac || apt_missing+=(openjdk-17-jdk-headless)
need_cmd dpkg-deb || apt_missing+=(dpkg)
need_cmd systemd-analyze || apt_missing+=(systemd)
need_cmd objdump || apt_missing+=(binutils)
need_cmd python3 || apt_missing+=(python3)
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && need_cmd apt-get; then
    say "installing Debian packages: ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null ||
      fail "apt-get install failed; run as root: apt-get update && apt-get install -y ${apt_missing[*]}"
  else
    fail "missing ${apt_missing[*]}; run as root: apt-get update && apt-get install -y ${apt_missing[*]}"
  fi
fi

# 3. wasm-pack, and wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version (wasm-pack
#    finds it on PATH, ~/.cargo/bin, instead of downloading one; its wasm-opt step is off in
#    Cargo.toml, so `wasm-pack build --target web` needs nothing from outside the registries).
if ! need_cmd wasm-pack; then
  say "installing wasm-pack (about 1.5 minutes, once)"
  cargo install --quiet wasm-pack || fail "could not install wasm-pack; run: cargo install wasm-pack"
fi
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$bindgen_version" ] || fail "wasm-bindgen is not in Cargo.lock; run: cargo generate-lockfile"
have_bindgen=$( (wasm-bindgen --version 2>/dev/null || true) | awk '{ print $2 }')
if [ "$have_bindgen" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (about 2 minutes, once; found '${have_bindgen:-none}')"
  # No --locked: the registry mirror lacks some of the locked versions of its dependencies.
  cargo install --quiet --force wasm-bindgen-cli --version "$bindgen_version" ||
    fail "could not install wasm-bindgen-cli; run: cargo install wasm-bindgen-cli --version $bindgen_version"
fi

# 4. npm dependencies, exactly as package-lock.json pins them.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed; run: npm ci"
fi

say "ready (rust $(rustc --version | awk '{ print $2 }'), wasm-bindgen $bindgen_version, $(wasm-pack --version), $(/usr/bin/chromium --version 2>/dev/null | head -n 1))"
