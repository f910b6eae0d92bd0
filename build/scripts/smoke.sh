#!/usr/bin/env bash
# Smoke test of the real desktop window: seeds a data dir through the CLI,
# starts build/bin/secondbrain under Xvfb, waits until the backend is ready,
# saves a screenshot (build/bin/screenshot-main.png, or $SMOKE_SCREENSHOT), then sends SIGTERM and
# checks that the app quit cleanly and stopped its embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/bin/secondbrain
work=$(mktemp -d /tmp/secondbrain-smoke-XXXX)
data="$work/data"
log="$work/app.log"
shot=${SMOKE_SCREENSHOT:-build/bin/screenshot-main.png}
mkdir -p "$(dirname "$shot")"

printf '# Welcome\n\nThis is **Second Brain**. Notes link with [[wikilinks]].\n\n- [ ] try the history panel\n' > "$work/welcome.md"
"$bin" note new --title "Welcome" --body-file "$work/welcome.md" --data-dir "$data" >/dev/null
for t in "Reading list" "Project Atlas" "Ideas" "Meeting 2026-11-23"; do
  printf 'Notes about %s.\n' "$t" > "$work/b.md"
  "$bin" note new --title "$t" --body-file "$work/b.md" --data-dir "$data" >/dev/null
done

export SMOKE_BIN="$bin" SMOKE_DATA="$data" SMOKE_LOG="$log" SMOKE_SHOT="$shot"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  "$SMOKE_BIN" --data-dir "$SMOKE_DATA" >"$SMOKE_LOG" 2>&1 &
  pid=$!
  for i in $(seq 1 120); do
    grep -q "backend ready" "$SMOKE_LOG" && break
    kill -0 $pid 2>/dev/null || { echo "smoke: the app exited early"; cat "$SMOKE_LOG"; exit 1; }
    sleep 0.5
  done
  grep -q "backend ready" "$SMOKE_LOG" || { echo "smoke: backend never became ready"; cat "$SMOKE_LOG"; kill $pid; exit 1; }
  sleep 4
  # Open the oldest note (the welcome note, last in the list) as a person would.
  xdotool mousemove 60 280 click 1
  sleep 2
  import -window root "$SMOKE_SHOT"
  kill -TERM $pid
  for i in $(seq 1 60); do kill -0 $pid 2>/dev/null || break; sleep 0.5; done
  if kill -0 $pid 2>/dev/null; then echo "smoke: the app ignored SIGTERM"; kill -9 $pid; exit 1; fi
  wait $pid || true
'
if [ -f "$data/pg/postmaster.pid" ]; then
  echo "smoke: embedded PostgreSQL still running after the app quit"; cat "$log"; exit 1
fi
grep -q "backend ready" "$log"
echo "smoke: window started, backend ready, screenshot at $shot, clean shutdown"
rm -rf "$work"
