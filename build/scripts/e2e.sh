#!/usr/bin/env bash
# e2e.sh runs the end-to-end tests: it builds the frontend and the test-only
# bridge (build/e2ebridge, build tag e2e), starts the bridge on 127.0.0.1 with
# a fresh data dir and the embedded PostgreSQL, runs frontend/e2e with
# playwright-core driving Debian's Chromium, and stops everything. It exits
# non-zero when a flow fails. E2E_PERF=0 skips the speed measurements;
# E2E_ONLY=<substring> runs matching flows only. E2E_SCRIPT picks another
# script to run (build/scripts/bench-ui.sh runs frontend/e2e/bench.mjs);
# E2E_DATA_DIR keeps the bridge's data in that dir instead of a fresh one.
# The flows get the bridge's binary as E2E_BRIDGE, to start a second one on
# a fresh data dir (the first-run screen needs an empty vault).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
artifacts=${E2E_ARTIFACTS:-$root/build/bin/e2e}
work=$(mktemp -d "${TMPDIR:-/tmp}/secondbrain-e2e-run-XXXXXX")
bridge_pid=""

cleanup() {
	if [ -n "$bridge_pid" ] && kill -0 "$bridge_pid" 2>/dev/null; then
		kill -TERM "$bridge_pid"
		wait "$bridge_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v chromium >/dev/null; then
	echo "e2e: chromium not found on PATH (Debian: apt-get install chromium)" >&2
	exit 1
fi
mkdir -p "$artifacts"

echo "e2e: building the frontend"
(
	cd frontend
	[ -d node_modules/playwright-core ] || npm ci
	npm run build
)

echo "e2e: building the bridge"
go build -tags e2e -o "$work/e2ebridge" ./build/e2ebridge

"$work/e2ebridge" -addr 127.0.0.1:0 -dist frontend/dist -url-file "$work/url" ${E2E_DATA_DIR:+-data-dir "$E2E_DATA_DIR"} >"$artifacts/bridge.log" 2>&1 &
bridge_pid=$!
for _ in $(seq 240); do
	[ -s "$work/url" ] && break
	if ! kill -0 "$bridge_pid" 2>/dev/null; then
		echo "e2e: the bridge exited before serving:" >&2
		cat "$artifacts/bridge.log" >&2
		exit 1
	fi
	sleep 0.25
done
if [ ! -s "$work/url" ]; then
	echo "e2e: the bridge did not start within 60 s:" >&2
	cat "$artifacts/bridge.log" >&2
	exit 1
fi
url=$(cat "$work/url")
echo "e2e: bridge at $url (log: $artifacts/bridge.log)"

status=0
E2E_URL="$url" E2E_ARTIFACTS="$artifacts" E2E_BRIDGE="$work/e2ebridge" node "${E2E_SCRIPT:-frontend/e2e/run.mjs}" || status=$?
if [ "$status" -ne 0 ]; then
	echo "e2e: failed; the bridge's log ends:" >&2
	tail -n 40 "$artifacts/bridge.log" >&2
fi
exit "$status"
