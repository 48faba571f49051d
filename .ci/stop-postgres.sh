#!/usr/bin/env bash
# Stops the throwaway PostgreSQL cluster of start-postgres.sh and removes its folder.
set -uo pipefail
PG_DIR="${PG_DIR:-/tmp/plankton-pg}"
PG_BIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -s "$PG_DIR/data/PG_VERSION" ]; then
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
fi
rm -rf "$PG_DIR"
