#!/usr/bin/env bash
# .ci/stop-ceph-rgw.sh - stop what start-ceph-rgw.sh started (by recorded PID); CEPH_PURGE=1 deletes the data
set -uo pipefail
RUN="${CEPH_RUN:-/tmp/plankton-ceph}"
for n in rgw osd mon; do
  f="$RUN/run/$n.pid"; [ -s "$f" ] || continue
  pid=$(cat "$f")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$f"
done
if [ "${CEPH_PURGE:-0}" = 1 ]; then rm -rf "$RUN"; fi
exit 0
