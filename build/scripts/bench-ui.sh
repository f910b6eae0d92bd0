#!/usr/bin/env bash
# bench-ui.sh measures issue 6's speed goals in the e2e harness: it runs
# frontend/e2e/bench.mjs through e2e.sh (the built frontend, the e2e bridge
# over the real backend, Debian's Chromium), which seeds the bridge's store in
# phases (10k, 20k, then E2E_BENCH_NOTES notes, 100k by default; a 100k import
# takes minutes) and prints the numbers as JSON (also build/bin/e2e/bench.json).
# Not part of make test.
#
#   BENCH_DATA_DIR=DIR   keep the store in DIR: a later run reuses its notes
#   E2E_BENCH_NOTES=N    the last phase's note count (default 100000)
#   E2E_BENCH_ONLY=list  comma-separated: interactive,open,tabs,keys,switcher,livepreview,graph,big
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -n "${BENCH_DATA_DIR:-}" ]; then
	mkdir -p "$BENCH_DATA_DIR"
	export E2E_DATA_DIR=$(cd "$BENCH_DATA_DIR" && pwd)
fi
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$root/build/bin/bench}
E2E_SCRIPT=frontend/e2e/bench.mjs exec "$root/build/scripts/e2e.sh"
