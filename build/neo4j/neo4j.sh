#!/usr/bin/env bash
# Test/dev Neo4j 5.26 Community server for Second Brain (see README.md beside this file).
#
#   build/neo4j/neo4j.sh start    build if needed, start in the background, wait for Bolt,
#                                 print SECONDBRAIN_TEST_NEO4J_URI=bolt://127.0.0.1:PORT
#                                 (already running: just prints the URI)
#   build/neo4j/neo4j.sh stop     SIGTERM via the pid file, wait for a clean shutdown
#   build/neo4j/neo4j.sh status   exit 0 when up and Bolt accepts connections, 3 when not
#   build/neo4j/neo4j.sh wait     wait (SECONDBRAIN_TEST_NEO4J_WAIT s) until Bolt accepts connections
#   build/neo4j/neo4j.sh build    (re)build target/ with Maven
#   build/neo4j/neo4j.sh uri      print SECONDBRAIN_TEST_NEO4J_URI=... (no check)
#
# Environment (all optional):
#   SECONDBRAIN_TEST_NEO4J_PORT       Bolt port on 127.0.0.1 (7687)
#   SECONDBRAIN_TEST_NEO4J_DATA       data folder (build/neo4j/data; data-PORT for another port)
#   SECONDBRAIN_TEST_NEO4J_PAGECACHE  page cache size (128m)
#   SECONDBRAIN_TEST_NEO4J_WAIT       seconds to wait for readiness (90)
#   SECONDBRAIN_TEST_NEO4J_JAVA_OPTS  JVM options replacing the default -Xms128m -Xmx512m
#   JAVA_HOME / JAVA                  which java (17 or newer)
#   MVN                               which mvn (mvn)
# No authentication, no TLS, loopback only: a test server, never a real one.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOST=127.0.0.1
PORT="${SECONDBRAIN_TEST_NEO4J_PORT:-7687}"
# One instance per port: a port other than 7687 gets its own pid file, log and data folder.
SUFFIX=""
[[ "$PORT" == 7687 ]] || SUFFIX="-$PORT"
DATA="${SECONDBRAIN_TEST_NEO4J_DATA:-$DIR/data$SUFFIX}"
PAGECACHE="${SECONDBRAIN_TEST_NEO4J_PAGECACHE:-128m}"
WAIT="${SECONDBRAIN_TEST_NEO4J_WAIT:-90}"
PIDFILE="$DIR/neo4j$SUFFIX.pid"
LOG="$DIR/neo4j$SUFFIX.log"
JAR="$DIR/target/neo4j-launcher.jar"
MVN="${MVN:-mvn}"
if [[ -n "${JAVA:-}" ]]; then :
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"
else JAVA=java; fi
URI="bolt://$HOST:$PORT"

# Neo4j's own flags on Java 17 (from its neo4j.conf): without them the page cache falls back
# to a slower mode and native file advice fails (WARNs in data/logs/debug.log).
DEFAULT_JAVA_OPTS="-Xms128m -Xmx512m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
  -Dfile.encoding=UTF-8"
JAVA_OPTS="${SECONDBRAIN_TEST_NEO4J_JAVA_OPTS:-$DEFAULT_JAVA_OPTS}"

log() { echo "neo4j.sh: $*" >&2; }

bolt_open() { # true when something accepts TCP connections on HOST:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$PORT" 2>/dev/null
}

our_pid() { # prints the launcher's pid when the pid file names a live launcher
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(tr -dc 0-9 < "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'secondbrain.neo4j.Neo4jLauncher' || return 1
  echo "$pid"
}

needs_build() {
  [[ -f "$JAR" && -d "$DIR/target/lib" ]] || return 0
  [[ -n "$(find "$DIR/pom.xml" "$DIR/src" -newer "$JAR" -type f 2>/dev/null | head -1)" ]]
}

build() {
  command -v "$MVN" >/dev/null || { log "maven ($MVN) not found: apt-get install maven"; exit 1; }
  log "building launcher (mvn package)"
  # Offline first: after the first build every jar is in ~/.m2 and this takes seconds.
  if ! (cd "$DIR" && "$MVN" -o -q -B package >"$DIR/mvn-build.log" 2>&1); then
    if ! (cd "$DIR" && "$MVN" -q -B package >"$DIR/mvn-build.log" 2>&1); then
      tail -40 "$DIR/mvn-build.log" >&2
      log "build failed (full log: $DIR/mvn-build.log)"
      exit 1
    fi
  fi
}

check_java() {
  command -v "$JAVA" >/dev/null || { log "java not found: apt-get install openjdk-17-jre-headless"; exit 1; }
  local v
  v="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  if [[ -z "$v" || "$v" -lt 17 ]]; then log "Neo4j 5.26 needs Java 17 or newer, $JAVA is ${v:-unknown}"; exit 1; fi
}

print_uri() { echo "SECONDBRAIN_TEST_NEO4J_URI=$URI"; }

wait_ready() { # $1 = pid to watch (may be empty)
  local pid="${1:-}" deadline=$((SECONDS + WAIT))
  while ((SECONDS < deadline)); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null && ! pid="$(our_pid)"; then
      log "the server exited during start; last lines of $LOG:"
      tail -30 "$LOG" >&2 || true
      return 1
    fi
    if { [[ -z "$pid" ]] || grep -q '^neo4j ready ' "$LOG" 2>/dev/null; } && bolt_open; then
      return 0
    fi
    sleep 0.5
  done
  log "Bolt not ready on $HOST:$PORT after ${WAIT}s (log: $LOG)"
  return 1
}

start() {
  local pid
  # Serialise concurrent starts (make -j, two test runs): the second one finds the first running.
  if command -v flock >/dev/null; then
    exec 9>"$DIR/.start$SUFFIX.lock"
    flock -w $((WAIT + 120)) 9 || { log "timed out waiting for another start"; exit 1; }
  fi
  if pid="$(our_pid)" && bolt_open; then
    log "already running (pid $pid)"
    print_uri
    return 0
  fi
  if pid="$(our_pid)"; then
    log "pid $pid is starting; waiting"
    wait_ready "$pid" || exit 1
    print_uri
    return 0
  fi
  rm -f "$PIDFILE"
  if bolt_open; then
    log "port $PORT on $HOST is taken by another process; set SECONDBRAIN_TEST_NEO4J_PORT"
    exit 1
  fi
  check_java
  if needs_build; then build; fi
  mkdir -p "$DATA"
  local started=$SECONDS
  # shellcheck disable=SC2086  # JAVA_OPTS is a word list on purpose
  (cd "$DIR" && exec setsid nohup "$JAVA" $JAVA_OPTS -cp "$JAR" secondbrain.neo4j.Neo4jLauncher \
      --host "$HOST" --port "$PORT" --data-dir "$DATA" --pid-file "$PIDFILE" \
      --pagecache "$PAGECACHE" </dev/null >"$LOG" 2>&1 9>&-) &
  pid=$!
  if ! wait_ready "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    exit 1
  fi
  log "started pid $pid in $((SECONDS - started))s, data $DATA, log $LOG"
  print_uri
}

stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; log "stopped (pid $pid)"; return 0; }
    sleep 0.5
  done
  log "pid $pid still running after 60s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

status() {
  local pid
  if pid="$(our_pid)" && bolt_open; then
    echo "running pid $pid $URI"
    return 0
  fi
  echo "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  wait) if wait_ready ""; then print_uri; else exit 1; fi ;;
  build) check_java; build ;;
  uri) print_uri ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|status|wait|build|uri|restart" >&2; exit 2 ;;
esac
