#!/usr/bin/env bash
# Builds the release packages of Second Brain into build/bin:
#   secondbrain                                  the Linux desktop binary (Wails, version stamped)
#   secondbrain_<v>-1_amd64.deb, secondbrain-<v>-1.x86_64.rpm   Linux packages (nfpm, build/linux/nfpm.yaml)
#   secondbrain-<v>-windows-amd64-installer.exe  the Windows installer (NSIS, cross-built)
#   SHA256SUMS                                   checksums of the four files above
# The version comes from git tags (git describe), as in the Makefile; set VERSION to override.
# The Windows installer bundles PostgreSQL when build/bin/pgsql-windows holds it (the release
# workflow stages it there); otherwise it holds the app alone.
# SKIP_FRONTEND=1 reuses frontend/dist; SKIP_WINDOWS=1 skips the installer.
set -euo pipefail
cd "$(dirname "$0")/../.."

NFPM_VERSION=v2.45.2
GOBIN="$(go env GOPATH)/bin"
WAILS="$GOBIN/wails"
NFPM="$GOBIN/nfpm"
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
LDFLAGS="-X main.version=$VERSION"

# pkg_version turns a git describe string into a version dpkg and rpm both order
# correctly: v1.2.3 → 1.2.3, v1.2.3-4-gabc → 1.2.3+4.gabc, abc (no tag) → 0.0.0+git.abc,
# with +dirty (or .dirty) appended for a dirty tree.
pkg_version() {
  local v=$1 dirty=""
  if [[ $v == *-dirty ]]; then dirty=.dirty; v=${v%-dirty}; fi
  if [[ $v =~ ^v?([0-9]+(\.[0-9]+)*)(-(rc|beta|alpha)\.?([0-9]+))?(-([0-9]+)-g([0-9a-f]+))?$ ]]; then
    local out=${BASH_REMATCH[1]}
    [ -n "${BASH_REMATCH[4]}" ] && out+="~${BASH_REMATCH[4]}${BASH_REMATCH[5]}"
    [ -n "${BASH_REMATCH[7]}" ] && out+="+${BASH_REMATCH[7]}.g${BASH_REMATCH[8]}"
    [ -n "$dirty" ] && [[ $out != *+* ]] && dirty=+dirty
    echo "$out$dirty"
  else
    echo "0.0.0+git.$(printf '%s' "$v" | tr -c 'A-Za-z0-9.\n' '.')$dirty"
  fi
}
PKG_VERSION=${PKG_VERSION:-$(pkg_version "$VERSION")}
export PKG_VERSION

step() { printf '\npackage: %s\n' "$*"; }
SECONDS=0

# Tools: the Wails CLI (install-deps.sh pins it), nfpm (pinned, from the Go module proxy),
# makensis (Debian's nsis) for the Windows installer.
[ -x "$WAILS" ] || build/scripts/install-deps.sh
if ! go version -m "$NFPM" 2>/dev/null | grep -qE "^\s+mod\s+github.com/goreleaser/nfpm/v2\s+$NFPM_VERSION\s"; then
  step "installing nfpm $NFPM_VERSION"
  go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
fi
if [ -z "${SKIP_WINDOWS:-}" ] && ! command -v makensis >/dev/null; then
  step "installing nsis"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nsis
fi

mkdir -p build/bin
rm -f build/bin/secondbrain_*.deb build/bin/secondbrain-*.rpm build/bin/secondbrain-*installer.exe build/bin/SHA256SUMS

if [ -z "${SKIP_FRONTEND:-}" ]; then
  step "frontend"
  (cd frontend && npm run build)
  touch frontend/dist/.keep
fi

# Bindings are committed (make generate); packaging never rewrites them.
step "linux binary ($VERSION)"
"$WAILS" build -s -skipbindings -ldflags "$LDFLAGS" -o secondbrain
touch frontend/dist/.keep

step "deb and rpm ($PKG_VERSION)"
"$NFPM" package -f build/linux/nfpm.yaml -p deb -t build/bin/
"$NFPM" package -f build/linux/nfpm.yaml -p rpm -t build/bin/
files=(secondbrain)
for f in build/bin/secondbrain_*.deb build/bin/secondbrain-*.rpm; do files+=("${f#build/bin/}"); done

if [ -z "${SKIP_WINDOWS:-}" ]; then
  step "windows installer"
  # Wails on Windows needs no cgo, so this cross-builds with the Go toolchain alone.
  CGO_ENABLED=0 "$WAILS" build -s -skipbindings -platform windows/amd64 -nsis \
    -ldflags "$LDFLAGS" -o secondbrain.exe
  touch frontend/dist/.keep
  # Wails rewrites these on every build: keep the tree clean.
  rm -rf build/windows/installer/wails_tools.nsh build/windows/installer/tmp
  mv build/bin/secondbrain-amd64-installer.exe "build/bin/secondbrain-${PKG_VERSION}-windows-amd64-installer.exe"
  files+=("secondbrain-${PKG_VERSION}-windows-amd64-installer.exe")
fi

step "checksums"
(cd build/bin && sha256sum "${files[@]}" > SHA256SUMS && cat SHA256SUMS)
(cd build/bin && ls -lh "${files[@]}" SHA256SUMS)
echo "package: done in ${SECONDS}s"
