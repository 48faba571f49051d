#!/usr/bin/env bash
# stop-swift.sh - stop the servers started by start-swift.sh (by recorded PID);
# SWIFT_PURGE=1 also deletes the data directory.
set -uo pipefail
RUN="${SWIFT_RUN:-/tmp/plankton-swift}"
for n in proxy object container account memcached; do
  f="$RUN/run/$n.pid"
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  # the server was started with setsid, so its PID is also its process-group id:
  # signal the group to take the forked workers down with it
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$f"
done
if [ "${SWIFT_PURGE:-0}" = 1 ]; then rm -rf "$RUN"; fi
