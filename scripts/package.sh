#!/usr/bin/env bash
# `npm run package`: everything a retailer installs, in dist/, the same bytes from the same
# sources (fixed dates, sorted entries, stable ids):
# - org.example.versionguard-<version>.obx: the Openbravo module (Module Management on central
#   and every store): its database rows, the component provider and the application-cache
#   provider (Java), the adapter and the guard's release package under web/;
# - org.example.versionguard.es_ES-<version>.obx: its Spanish translation module;
# - openbravo-version-agent_<version>_amd64.deb: the agent beside every server (systemd unit,
#   /etc configuration, the read-only role's SQL, the proxy rules for nginx and Apache httpd);
# - openbravo-version-overview_<version>_amd64.deb: the overview's collector on central.
# PACKAGE_SKIP_WASM=1 reuses pkg/ as it is (npm test builds it just before).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "package: crate version $version is not three numbers" >&2; exit 1; }
module=org.example.versionguard
# Every file's date: the last commit's (or a fixed one outside git), so that a rebuild matches.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)}

[ "${PACKAGE_SKIP_WASM:-}" = 1 ] || bash scripts/build-wasm.sh
for f in pkg/webpos_version_guard.js pkg/webpos_version_guard_bg.wasm; do
  [ -s "$f" ] || { echo "package: $f is missing: run npm run build" >&2; exit 1; }
done
echo "package: the servers' binaries (cargo build --profile server)"
cargo build --locked --quiet --profile server -p openbravo-version-agent -p openbravo-version-overview

rm -rf dist
build=dist/build
mkdir -p "$build"

# The module's files.
cargo run --locked --quiet --example module-sourcedata -- "$build"
mkdir -p "$build/$module/src/org/example/versionguard" "$build/$module/web/$module/js/pkg"
cp scripts/module/java/org/example/versionguard/*.java "$build/$module/src/org/example/versionguard/"
cp www/pos/openbravo-version-guard.js "$build/$module/web/$module/js/"
cp pkg/webpos_version_guard.js pkg/webpos_version_guard_bg.wasm "$build/$module/web/$module/js/pkg/"
cp LICENSE "$build/$module/"
cp LICENSE "$build/$module.es_ES/"
for root in "$module" "$module.es_ES"; do
  python3 scripts/module/zip.py "$build" "$root" "dist/$root-$version.obx"
done

# deb NAME: dist/build/deb/NAME staged, then dist/NAME_<version>_amd64.deb.
deb() {
  local name=$1 tree="$build/deb/$1"
  chmod -R u+rwX,go+rX,go-w "$tree"
  # Secrets: readable by root and the service's group alone (postinst sets the group).
  find "$tree/etc" -type f \( -name database-url -o -name central-token \) -exec chmod 0640 {} +
  find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  dpkg-deb --root-owner-group -Zxz --build "$tree" "dist/${name}_${version}_amd64.deb" >/dev/null
  echo "package: dist/${name}_${version}_amd64.deb: $(wc -c <"dist/${name}_${version}_amd64.deb") bytes"
}
glibc=$(objdump -T target/server/openbravo-version-agent target/server/openbravo-version-overview 2>/dev/null |
  grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n1 | cut -d_ -f2)
depends="libc6 (>= ${glibc:-2.31}), adduser"
control() {
  local name=$1 description=$2
  cat <<CONTROL
Package: $name
Version: $version
Architecture: amd64
Maintainer: webpos-version-guard <noreply@example.org>
Depends: $depends
Section: net
Priority: optional
Homepage: https://example.org/webpos-version-guard
Description: $description
CONTROL
}

# The agent.
a="$build/deb/openbravo-version-agent"
mkdir -p "$a/DEBIAN" "$a/usr/bin" "$a/lib/systemd/system" "$a/etc/openbravo-version-agent" \
  "$a/usr/share/openbravo-version-agent/nginx" "$a/usr/share/openbravo-version-agent/apache" \
  "$a/usr/share/doc/openbravo-version-agent"
control openbravo-version-agent "the WebPOS version guard's services from one Openbravo server's database
 Beside central and every store server: answers the version guard's protocol (versions,
 pending batches to central, the hot-fix preference, sessions) from that server's own
 PostgreSQL database, read-only, behind the proxy rules shipped here." >"$a/DEBIAN/control"
printf '%s\n' /etc/openbravo-version-agent/agent.conf /etc/openbravo-version-agent/database-url \
  /etc/openbravo-version-agent/central-token >"$a/DEBIAN/conffiles"
install -m 0755 scripts/module/debian/agent/postinst scripts/module/debian/agent/prerm "$a/DEBIAN/"
install -m 0755 target/server/openbravo-version-agent "$a/usr/bin/"
install -m 0644 scripts/module/debian/agent/openbravo-version-agent.service "$a/lib/systemd/system/"
install -m 0644 scripts/module/debian/agent/agent.conf "$a/etc/openbravo-version-agent/"
install -m 0640 /dev/null "$a/etc/openbravo-version-agent/database-url"
install -m 0640 /dev/null "$a/etc/openbravo-version-agent/central-token"
install -m 0644 agent/sql/version-agent-role.sql "$a/usr/share/openbravo-version-agent/"
install -m 0644 docs/nginx/agent.conf "$a/usr/share/openbravo-version-agent/nginx/agent.conf"
install -m 0644 docs/apache/agent.conf "$a/usr/share/openbravo-version-agent/apache/agent.conf"
install -m 0644 LICENSE "$a/usr/share/doc/openbravo-version-agent/copyright"
install -m 0644 docs/INTEGRATION.md "$a/usr/share/doc/openbravo-version-agent/README"
deb openbravo-version-agent

# The overview's collector (central).
o="$build/deb/openbravo-version-overview"
mkdir -p "$o/DEBIAN" "$o/usr/bin" "$o/lib/systemd/system" "$o/etc/openbravo-version-overview" \
  "$o/usr/share/openbravo-version-overview/www" "$o/usr/share/openbravo-version-overview/nginx" \
  "$o/usr/share/openbravo-version-overview/apache" "$o/usr/share/doc/openbravo-version-overview"
control openbravo-version-overview "the Store Server Version Overview's collector, on Openbravo's central server
 Asks every store server's agent for its version status and pending data, once a pass
 however many admins watch, and streams the rows to the admin's page on central's origin." \
  >"$o/DEBIAN/control"
printf '%s\n' /etc/openbravo-version-overview/overview.conf \
  /etc/openbravo-version-overview/central-token >"$o/DEBIAN/conffiles"
install -m 0755 scripts/module/debian/overview/postinst scripts/module/debian/overview/prerm "$o/DEBIAN/"
install -m 0755 target/server/openbravo-version-overview "$o/usr/bin/"
install -m 0644 scripts/module/debian/overview/openbravo-version-overview.service "$o/lib/systemd/system/"
install -m 0644 scripts/module/debian/overview/overview.conf "$o/etc/openbravo-version-overview/"
install -m 0640 /dev/null "$o/etc/openbravo-version-overview/central-token"
cp -R www/admin "$o/usr/share/openbravo-version-overview/www/admin"
install -m 0644 docs/nginx/central.conf "$o/usr/share/openbravo-version-overview/nginx/central.conf"
install -m 0644 docs/apache/central.conf "$o/usr/share/openbravo-version-overview/apache/central.conf"
install -m 0644 LICENSE "$o/usr/share/doc/openbravo-version-overview/copyright"
install -m 0644 docs/INTEGRATION.md "$o/usr/share/doc/openbravo-version-overview/README"
deb openbravo-version-overview

rm -rf "$build"
ls -l dist
