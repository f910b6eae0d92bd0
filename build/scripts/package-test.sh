#!/usr/bin/env bash
# Tests what build/scripts/package.sh left in build/bin, on this Debian machine, as root:
#   - SHA256SUMS verify; the binaries carry the version from git;
#   - the .deb and .rpm declare the GTK/WebKitGTK and PostgreSQL dependencies and hold
#     the binary, the desktop entry and the icons, and no maintainer scripts;
#   - the .deb installs (dpkg -i, apt-get install -f for missing dependencies); the installed
#     /usr/bin/secondbrain answers --version and `version --json`, saves a note and
#     `doctor --json` reports the embedded PostgreSQL up, in a temporary data folder;
#   - a copy of the binary with a pgsql/bin folder beside it uses that folder first;
#   - dpkg -r and then dpkg -P leave the data folder and its notes alone;
#   - the Windows installer and app are PE executables;
#   - actionlint (pinned, from the Go module proxy) passes on .github/workflows.
# It removes the package again at the end, also when a check fails. SKIP_WINDOWS=1 (as for
# package.sh) leaves out the Windows checks.
# Prints "package-test: N passed, N failed" and exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

ACTIONLINT_VERSION=v1.7.12
GOBIN="$(go env GOPATH)/bin"
BIN=build/bin
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

passed=0 failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
# check NAME CMD...: runs CMD quietly, reporting NAME; its output is shown on failure.
check() {
  local name=$1 out; shift
  if out=$("$@" 2>&1); then ok "$name"; else bad "$name"; printf '%s\n' "$out" | tail -20 | sed 's/^/     /'; fi
}
finish() {
  echo "package-test: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

deb=$(ls "$BIN"/secondbrain_*_amd64.deb 2>/dev/null | tail -1)
rpm=$(ls "$BIN"/secondbrain-*.x86_64.rpm 2>/dev/null | tail -1)
setup=$(ls "$BIN"/secondbrain-*-windows-amd64-installer.exe 2>/dev/null | tail -1)
if [ -z "$deb" ] || [ ! -x "$BIN/secondbrain" ]; then
  bad "packages present in $BIN (run build/scripts/package.sh first)"
  finish
fi
want_version=$("$BIN/secondbrain" --version | awk '{print $2}')
echo "package-test: $deb, version $want_version"

work=$(mktemp -d /tmp/secondbrain-pkgtest-XXXX)
chmod 755 "$work" # as root the embedded cluster runs as an unprivileged user, which must reach it
data="$work/data"
installed=""
cleanup() {
  if [ -n "$installed" ]; then $SUDO dpkg -P secondbrain >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- checksums and version stamps ---
check "SHA256SUMS verify" bash -c "cd $BIN && sha256sum --check --strict SHA256SUMS"
want_sums=4; [ -n "${SKIP_WINDOWS:-}" ] && want_sums=3
check "SHA256SUMS lists the binary, .deb, .rpm and installer" bash -c \
  "cd $BIN && n=\$(grep -cE ' (secondbrain|secondbrain_.*\.deb|secondbrain-.*\.rpm|secondbrain-.*-installer\.exe)\$' SHA256SUMS) && [ \$n -eq $want_sums ]"
[ "$want_version" != "dev" ] && ok "version is not 'dev' ($want_version)" || bad "version is not 'dev'"

# --- package metadata ---
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libgtk-3-0 libwebkit2gtk-4.0-37 "postgresql-15 | postgresql-16"; do
  [[ $depends == *"$dep"* ]] && ok "deb depends on $dep" || bad "deb depends on $dep (Depends: $depends)"
done
debfiles=$(dpkg-deb -c "$deb")
for f in ./usr/bin/secondbrain ./usr/share/applications/secondbrain.desktop ./usr/share/icons/hicolor/256x256/apps/secondbrain.png; do
  [[ $debfiles == *" $f"* ]] && ok "deb holds ${f#.}" || bad "deb holds ${f#.}"
done
scripts=$(dpkg-deb -I "$deb" | grep -E '^ +[0-9]+ bytes, +[0-9]+ lines? +\*? *(pre|post)(inst|rm)' || true)
[ -z "$scripts" ] && ok "deb has no maintainer scripts (removal cannot touch user data)" || bad "deb has no maintainer scripts: $scripts"
if command -v desktop-file-validate >/dev/null; then
  check "desktop entry valid" desktop-file-validate build/linux/secondbrain.desktop
fi
if [ -n "$rpm" ] && command -v rpm >/dev/null; then
  requires=$(rpm -qpR "$rpm" 2>/dev/null)
  for dep in "postgresql-server >= 15" "libgtk-3.so.0()(64bit)" "libwebkit2gtk-4.0.so.37()(64bit)"; do
    grep -qxF "$dep" <<<"$requires" && ok "rpm requires $dep" || bad "rpm requires $dep"
  done
  check "rpm holds /usr/bin/secondbrain" bash -c "rpm -qpl '$rpm' 2>/dev/null | grep -qx /usr/bin/secondbrain"
  [ -z "$(rpm -qp --scripts "$rpm" 2>/dev/null)" ] && ok "rpm has no scriptlets" || bad "rpm has no scriptlets"
elif [ -n "$rpm" ]; then
  ok "rpm present ($(basename "$rpm")); rpm(8) missing, metadata not checked"
else
  bad "rpm present"
fi

# --- install the .deb ---
if dpkg-query -W -f='${Status}' secondbrain 2>/dev/null | grep -q "install ok installed"; then
  bad "secondbrain was already installed on this machine: not touching it"
  finish
fi
install_deb() {
  $SUDO dpkg -i "$deb" >/dev/null 2>&1 ||
    { $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -f -y -q >/dev/null; }
}
if install_deb && [ -x /usr/bin/secondbrain ]; then
  installed=yes
  ok "dpkg -i $(basename "$deb")"
else
  bad "dpkg -i $(basename "$deb")"
  finish
fi
check "desktop entry and icon installed" test -f /usr/share/applications/secondbrain.desktop -a -f /usr/share/icons/hicolor/512x512/apps/secondbrain.png
got=$(/usr/bin/secondbrain --version 2>&1)
[ "$got" = "secondbrain $want_version" ] && ok "/usr/bin/secondbrain --version: $got" || bad "/usr/bin/secondbrain --version: got '$got'; want 'secondbrain $want_version'"
got=$(/usr/bin/secondbrain version --json 2>&1 | jq -r .version 2>&1)
[ "$got" = "$want_version" ] && ok "secondbrain version --json: $got" || bad "secondbrain version --json: got '$got'"

printf '# Kept\n\nThis note must survive uninstalling.\n' > "$work/kept.md"
check "installed binary saves a note" /usr/bin/secondbrain note new --title "Kept" --body-file "$work/kept.md" --data-dir "$data" --json
# Commands leave the embedded cluster up for SECONDBRAIN_PG_IDLE after the
# last one; a reaper started by the installed binary then stops it.
doctor=$(SECONDBRAIN_PG_IDLE=2s /usr/bin/secondbrain doctor --json --data-dir "$data" 2>&1)
if [ "$(jq -r .postgres.ok <<<"$doctor" 2>/dev/null)" = true ]; then
  ok "doctor --json: postgres.ok true ($(jq -r '.postgres.mode + " " + .postgres.version' <<<"$doctor"))"
else
  bad "doctor --json: postgres.ok true"; echo "$doctor" | tail -5 | sed 's/^/     /'
fi
check "embedded PostgreSQL kept up after the command for the idle time" test -e "$data/pg/postmaster.pid"
stopped_after_idle() {
  for _ in $(seq 1 100); do [ -e "$data/pg/postmaster.pid" ] || return 0; sleep 0.3; done
  cat "$data/pg.clients/reaper.log" 2>/dev/null; return 1
}
check "embedded PostgreSQL stopped by the idle reaper (no postmaster.pid)" stopped_after_idle
export SECONDBRAIN_PG_IDLE=0 # the remaining commands stop it as they end

# --- bundled PostgreSQL beside the executable comes first ---
# A copy of the app with pgsql/bin beside it, whose programs log and exec the system ones.
sysbin=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$work/app/pgsql/bin"
cp /usr/bin/secondbrain "$work/app/secondbrain"
: > "$work/bundled.log"; chmod 666 "$work/bundled.log"
for p in postgres initdb pg_ctl; do
  printf '#!/bin/sh\necho %s >> %s\nexec %s/%s "$@"\n' "$p" "$work/bundled.log" "$sysbin" "$p" > "$work/app/pgsql/bin/$p"
  chmod 755 "$work/app/pgsql/bin/$p"
done
chmod -R a+rX "$work/app"
if env -u SECONDBRAIN_PG_BIN "$work/app/secondbrain" doctor --json --data-dir "$work/data-bundled" >/dev/null 2>&1 &&
  grep -q initdb "$work/bundled.log"; then
  ok "pgsql/bin beside the executable is used first ($(sort -u "$work/bundled.log" | tr '\n' ' '))"
else
  bad "pgsql/bin beside the executable is used first (log: $(tr '\n' ' ' < "$work/bundled.log"))"
fi

# --- remove, purge: the data stays ---
data_intact() {
  [ -f "$data/pg/PG_VERSION" ] &&
    "$BIN/secondbrain" note show Kept --data-dir "$data" --json 2>/dev/null | jq -e '.body | contains("must survive")' >/dev/null
}
if $SUDO dpkg -r secondbrain >/dev/null 2>&1 && [ ! -e /usr/bin/secondbrain ]; then ok "dpkg -r secondbrain"; else bad "dpkg -r secondbrain"; fi
check "data folder and note kept after dpkg -r" data_intact
install_deb >/dev/null 2>&1
if $SUDO dpkg -P secondbrain >/dev/null 2>&1 && [ ! -e /usr/bin/secondbrain ] && ! dpkg-query -W secondbrain >/dev/null 2>&1; then
  installed=""
  ok "dpkg -P secondbrain (purge)"
else
  bad "dpkg -P secondbrain (purge)"
fi
check "data folder and note kept after purge" data_intact

# --- Windows ---
pe_check() { # FILE: an MZ header whose e_lfanew points at "PE\0\0"
  local f=$1 off
  [ "$(head -c 2 "$f")" = MZ ] || return 1
  off=$(od -An -tu4 -j 60 -N 4 "$f" | tr -d ' ')
  [ "$(od -An -c -j "$off" -N 4 "$f" | tr -d ' ')" = 'PE\0\0' ]
}
if [ -n "${SKIP_WINDOWS:-}" ]; then
  ok "windows installer not checked (SKIP_WINDOWS set)"
elif [ -n "$setup" ]; then
  check "windows installer is a PE executable ($(basename "$setup"), $(du -h "$setup" | cut -f1))" pe_check "$setup"
  check "windows installer is an NSIS installer" bash -c "file -b '$setup' | grep -q 'Nullsoft Installer'"
  if [ -f "$BIN/pgsql-windows/bin/postgres.exe" ] && command -v 7z >/dev/null; then
    check "windows installer bundles the staged PostgreSQL as pgsql\\bin" bash -c "7z l '$setup' | grep -q 'pgsql/bin/postgres.exe'"
  elif [ -f "$BIN/pgsql-windows/bin/postgres.exe" ]; then
    ok "PostgreSQL staged in $BIN/pgsql-windows (7z missing: installer contents not listed)"
  else
    ok "no PostgreSQL staged in $BIN/pgsql-windows: installer holds the app alone (release builds bundle it)"
  fi
  check "windows app is a PE32+ x86-64 GUI executable" bash -c "file -b $BIN/secondbrain.exe | grep -q 'PE32+ executable (GUI) x86-64'"
  # Wails builds with -trimpath, which keeps -ldflags out of the build info: look for the string.
  check "windows app stamped with version $want_version" grep -qaF "$want_version" "$BIN/secondbrain.exe"
else
  bad "windows installer present in $BIN"
fi

# --- the release workflow ---
if ! "$GOBIN/actionlint" -version 2>/dev/null | grep -q "${ACTIONLINT_VERSION#v}"; then
  go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >/dev/null 2>&1
fi
check "actionlint $ACTIONLINT_VERSION .github/workflows/*.yml" "$GOBIN/actionlint" .github/workflows/*.yml

finish
