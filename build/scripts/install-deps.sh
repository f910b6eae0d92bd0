#!/usr/bin/env bash
# Installs what building and testing Second Brain needs on a Debian/Ubuntu
# machine, skipping whatever is already there: the GTK/WebKit headers Wails
# links against, PostgreSQL server binaries, Xvfb and Chromium for the UI
# tests, Java 17 and Maven for the Neo4j test server, the Wails CLI (pinned), the frontend's npm packages
# and the optional onnx embedder's models and runtime (build/onnx, for its tests).
set -euo pipefail
cd "$(dirname "$0")/../.."

WAILS_VERSION=v2.14.0
DEB_PACKAGES=(libgtk-3-dev libwebkit2gtk-4.0-dev pkg-config build-essential
  postgresql-15 postgresql-contrib xvfb xauth dbus dbus-x11 chromium imagemagick xdotool ripgrep
  openjdk-17-jdk-headless maven)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# postgresql-15 may come from another source (pg_config + initdb are what matter).
if [[ " ${missing[*]} " == *" postgresql-15 "* ]] && command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
  missing=("${missing[@]/postgresql-15}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  # A mirror can briefly miss a .deb: retry once after a fresh update.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; }
fi

GOBIN="$(go env GOPATH)/bin"
if ! "$GOBIN/wails" version 2>/dev/null | grep -q "${WAILS_VERSION}"; then
  echo "install-deps: installing the Wails CLI ${WAILS_VERSION}"
  go install "github.com/wailsapp/wails/v2/cmd/wails@${WAILS_VERSION}"
fi

# npm packages, when the lock file changed since the last install.
if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  echo "install-deps: installing npm packages"
  (cd frontend && npm ci --no-audit --no-fund)
fi
if [ ! -f build/mcp-e2e/node_modules/.package-lock.json ] || [ build/mcp-e2e/package-lock.json -nt build/mcp-e2e/node_modules/.package-lock.json ]; then
  echo "install-deps: installing the MCP end-to-end test's npm packages"
  (cd build/mcp-e2e && npm ci --no-audit --no-fund)
fi
go mod download
build/scripts/onnx-model.sh
build/scripts/e5-model.sh
