#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the catalogue tests, installing the server from the
# distribution's packages when missing. Idempotent: creates the cluster once, starts it unless running (a leftover
# folder that is no cluster, or a cluster that will not start, is replaced by a new one), creates the database
# unless present. Prints the Npgsql connection string on stdout (everything else goes to stderr or logs).
# Settings: PG_PORT (55432), PG_DIR (/tmp/plankton-pg), PG_DB (plankton), PG_PASSWORD (plankton).
set -euo pipefail
PG_PORT="${PG_PORT:-55432}"
PG_DIR="${PG_DIR:-/tmp/plankton-pg}"
PG_DB="${PG_DB:-plankton}"
PG_PASSWORD="${PG_PASSWORD:-plankton}"
PG_BIN=/usr/lib/postgresql/15/bin

if [ ! -x "$PG_BIN/pg_ctl" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql-15 >&2
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres

# initdb refuses to run as root: run the server tools as 'postgres' when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DATA="$PG_DIR/data"
mkdir -p "$PG_DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; fi

# A folder without PG_VERSION is no cluster (an initdb or a removal cut short): initdb refuses a non-empty folder,
# so it goes. A cluster that exists but will not start is replaced below, once.
if [ -e "$DATA" ] && ! as_pg test -s "$DATA/PG_VERSION"; then rm -rf "$DATA"; fi

init_cluster() {
  PWFILE="$PG_DIR/.pw"
  as_pg bash -c "umask 077; printf '%s\n' '$PG_PASSWORD' > '$PWFILE'"
  as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --pwfile="$PWFILE" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
  rm -f "$PWFILE"
  cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
# a throwaway test cluster: durability off for speed (the library's own durability is tested on SQLite)
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}
# -p: the port asked for now, whatever an earlier run wrote into postgresql.conf
start_cluster() { as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null; }

if ! as_pg test -s "$DATA/PG_VERSION"; then
  init_cluster
  start_cluster
elif ! as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 && ! start_cluster; then
  echo "start-postgres.sh: the cluster in $DATA did not start; making a new one" >&2
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
  init_cluster
  start_cluster
fi

if ! as_pg "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
  as_pg "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U postgres "$PG_DB"
fi

echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=$PG_DB"
