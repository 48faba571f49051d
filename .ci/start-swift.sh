#!/usr/bin/env bash
# start-swift.sh - single-node OpenStack Swift ("SAIO") from Debian 12 packages,
# with the s3api middleware (S3 API) and tempauth (static credentials), on 127.0.0.1.
# Idempotent: installs packages if missing, writes config + rings once, starts only
# what is not running, waits until an authenticated request succeeds, prints settings.
# Env knobs: SWIFT_RUN (/tmp/plankton-swift) SWIFT_PORT (8080) SWIFT_MEMCACHED_PORT (11211)
#            SWIFT_BACKEND_BASE (6200 -> object 6200, container 6201, account 6202)
set -euo pipefail
RUN="${SWIFT_RUN:-/tmp/plankton-swift}"
PORT="${SWIFT_PORT:-8080}"
MC_PORT="${SWIFT_MEMCACHED_PORT:-11211}"
BASE="${SWIFT_BACKEND_BASE:-6200}"
OBJ_PORT=$BASE; CONT_PORT=$((BASE+1)); ACCT_PORT=$((BASE+2))

[ "$(id -u)" = 0 ] || { echo "start-swift.sh must run as root (it drops to user 'swift')" >&2; exit 1; }

if [ ! -x /usr/bin/swift-proxy-server ] || [ ! -x /usr/bin/swift-object-server ] || \
   [ ! -x /usr/bin/swift-container-server ] || [ ! -x /usr/bin/swift-account-server ] || \
   [ ! -x /usr/bin/memcached ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
      swift swift-proxy swift-object swift-container swift-account python3-swift memcached >/dev/null
fi
id swift >/dev/null 2>&1 || useradd --system --home-dir /var/lib/swift --shell /usr/sbin/nologin swift

# swift.conf is only read from /etc/swift (hard-coded); the hash prefix/suffix must never
# change while data exists under $RUN.
mkdir -p /etc/swift
cat >/etc/swift/swift.conf <<CONF
[swift-hash]
swift_hash_path_suffix = plankton-ci-suffix
swift_hash_path_prefix = plankton-ci-prefix

[storage-policy:0]
name = Policy-0
default = yes

CONF

mkdir -p "$RUN"/{conf,node/d1,run,log,cache}
chown -R swift:swift "$RUN"/node "$RUN"/cache "$RUN"/run

# ---- server configs ----------------------------------------------------------
common() { # $1 = port, $2 = workers
cat <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = $2
user = swift
swift_dir = $RUN/conf
devices = $RUN/node
mount_check = false
disable_fallocate = true
log_level = WARNING
recon_cache_path = $RUN/cache
CONF
}
{ common "$ACCT_PORT" 1; cat <<CONF
[pipeline:main]
pipeline = account-server
[app:account-server]
use = egg:swift#account
CONF
} >"$RUN/conf/account-server.conf"
{ common "$CONT_PORT" 1; cat <<CONF
[pipeline:main]
pipeline = container-server
[app:container-server]
use = egg:swift#container
CONF
} >"$RUN/conf/container-server.conf"
{ common "$OBJ_PORT" 2; cat <<CONF
# default 1s is too short on a busy 2-core box: a late container update leaves the
# object out of listings until an object-updater runs (none runs here)
container_update_timeout = 10
[pipeline:main]
pipeline = object-server
[app:object-server]
use = egg:swift#object
CONF
} >"$RUN/conf/object-server.conf"
cat >"$RUN/conf/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PORT
workers = 2
user = swift
swift_dir = $RUN/conf
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
node_timeout = 30
recoverable_node_timeout = 30

[filter:tempauth]
use = egg:swift#tempauth
# user_<account>_<user> = <key> <groups>  -> S3 access key "test:tester", secret "testing";
# Swift: GET /auth/v1.0 with X-Auth-User test:tester, X-Auth-Key testing
user_admin_admin = admin .admin .reseller_admin
user_test_tester = testing .admin
storage_url_scheme = http

[filter:s3api]
use = egg:swift#s3api
# the region clients must sign SigV4 requests for
location = us-east-1

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MC_PORT
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_object_versioning = true
[filter:symlink]
use = egg:swift#symlink
CONF

# ---- rings (1 replica, 1 device; part power 8 is plenty for tests) -----------
# one /usr/bin/python3 process instead of 9 swift-ring-builder calls (saves ~5 s);
# /usr/bin/python3 explicitly: a python3 earlier on PATH (pyenv, venv) lacks the swift module
if [ ! -s "$RUN/conf/object.ring.gz" ] || [ ! -s "$RUN/conf/container.ring.gz" ] || [ ! -s "$RUN/conf/account.ring.gz" ]; then
  /usr/bin/python3 - "$RUN/conf" "$OBJ_PORT" "$CONT_PORT" "$ACCT_PORT" <<'PY'
import sys
from swift.common.ring import RingBuilder
d, ports = sys.argv[1], dict(zip(("object", "container", "account"), map(int, sys.argv[2:5])))
for name, port in ports.items():
    b = RingBuilder(8, 1, 1)  # part_power, replicas, min_part_hours
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
               "replication_ip": "127.0.0.1", "replication_port": port,
               "device": "d1", "weight": 100, "meta": ""})
    b.rebalance()
    b.save(f"{d}/{name}.builder")
    b.get_ring().save(f"{d}/{name}.ring.gz")
PY
fi
chown -R swift:swift "$RUN/conf"

# ---- processes -----------------------------------------------------------------
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
start_bg() { # $1 = name, rest = command; records the PID of the foreground server
  local name=$1; shift
  if ! alive "$RUN/run/$name.pid"; then
    setsid "$@" >>"$RUN/log/$name.log" 2>&1 < /dev/null &
    echo $! >"$RUN/run/$name.pid"
  fi
}
start_bg memcached /usr/bin/memcached -u memcache -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 64
start_bg account   /usr/bin/swift-account-server   "$RUN/conf/account-server.conf" -v
start_bg container /usr/bin/swift-container-server "$RUN/conf/container-server.conf" -v
start_bg object    /usr/bin/swift-object-server    "$RUN/conf/object-server.conf" -v
start_bg proxy     /usr/bin/swift-proxy-server     "$RUN/conf/proxy-server.conf" -v

# ---- wait until an authenticated round trip works --------------------------------
ok=0
for _ in $(seq 1 150); do
  if tok=$(curl -fsS -o /dev/null -D - -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' \
             "http://127.0.0.1:$PORT/auth/v1.0" 2>/dev/null | tr -d '\r' | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}') \
     && [ -n "$tok" ] \
     && curl -fsS -o /dev/null -X PUT -H "X-Auth-Token: $tok" "http://127.0.0.1:$PORT/v1/AUTH_test/_ready" 2>/dev/null \
     && curl -fsS -o /dev/null -X DELETE -H "X-Auth-Token: $tok" "http://127.0.0.1:$PORT/v1/AUTH_test/_ready" 2>/dev/null; then
    ok=1; break
  fi
  sleep 0.2
done
# a server that could not bind its port (port taken) has exited by now
for n in memcached account container object proxy; do alive "$RUN/run/$n.pid" || ok=0; done
if [ $ok != 1 ]; then
  echo "swift did not become ready (port in use? see SWIFT_PORT etc.); logs in $RUN/log" >&2
  tail -n 20 "$RUN"/log/*.log >&2
  exit 1
fi
cat <<OUT
S3_SERVICE_URL=http://127.0.0.1:$PORT
S3_ACCESS_KEY=test:tester
S3_SECRET_KEY=testing
S3_REGION=us-east-1
SWIFT_AUTH_URL=http://127.0.0.1:$PORT/auth/v1.0
SWIFT_USER=test:tester
SWIFT_KEY=testing
SWIFT_STORAGE_URL=http://127.0.0.1:$PORT/v1/AUTH_test
OUT
